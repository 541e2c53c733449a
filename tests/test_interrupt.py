"""Ctrl-C or SIGTERM at any moment leaves only complete workbooks and no temporary files."""

import signal
import subprocess
import sys
import time

import geothai
import pytest
from openpyxl import Workbook, load_workbook

from kbo_cli.engine.tuning import PARALLEL_FROM
from tests.conftest import HEADER, row


@pytest.fixture(scope="module")
def big_registry(tmp_path_factory):
    """A national registry with nominees in 600 districts: 600 workbooks to write, and enough
    records that a second process writes the summary beside the district workbooks."""
    path = tmp_path_factory.mktemp("big") / "national.xlsx"
    book = Workbook(write_only=True)
    ws = book.create_sheet("ทะเบียน")
    ws.append(["จังหวัด", *HEADER])
    places = [
        (p.name_th, d.name_th) for p in geothai.provinces() for d in geothai.districts(p.code)
    ]
    for n in range(PARALLEL_FROM):
        province, district = places[n % 600]
        ws.append([province, *row(district=district, producer=f"กลุ่มที่ {n}", seq=n + 1)])
    book.save(path)
    return path


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_run_leaves_only_complete_workbooks(big_registry, tmp_path, sig):
    # The run writes fast; on a busy machine it can finish between seeing its files and the
    # signal landing. Such a run is tried again: only an interrupted one is checked.
    for attempt in range(5):
        out = tmp_path / f"out{attempt}"
        proc = subprocess.Popen(
            [sys.executable, "-m", "kbo_cli", "select", str(big_registry), "--out", str(out)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            if out.exists() and len(list(out.rglob("*.xlsx"))) >= 20:
                break
            time.sleep(0.01)
        if proc.poll() is None:
            proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
        if proc.returncode != 0:
            break
    else:
        pytest.fail("the run always ended before it could be interrupted")
    assert proc.returncode == 130
    assert "หยุดแล้ว" in err and "Traceback" not in err
    assert not [p for p in out.rglob("*") if p.name.startswith(".kbo-")]
    written = list(out.rglob("*.xlsx"))
    assert len(written) >= 20
    for path in written:
        book = load_workbook(path)  # opens: complete
        assert book.sheetnames[0] in ("รายชื่อผู้ได้รับการคัดเลือก", "สรุปรายอำเภอ")  # or the summary


@pytest.mark.parametrize("who", ["this process (the summary)", "the helper (a district)"])
def test_a_workbook_that_cannot_be_written_is_one_line(big_registry, tmp_path, who):
    out = tmp_path / "out"
    province, district = next(
        (p.name_th, d.name_th) for p in geothai.provinces() for d in geothai.districts(p.code)
    )  # the first district of the registry
    blocked = (
        out / "สรุปผลการคัดเลือก.xlsx" if "summary" in who else out / province / f"{district}.xlsx"
    )
    blocked.mkdir(parents=True)  # a workbook cannot replace a folder
    proc = subprocess.run(
        [sys.executable, "-m", "kbo_cli", "select", str(big_registry), "--out", str(out),
         "--force", "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip
    assert proc.returncode == 1
    # one line, naming the workbook and the reason, whichever process failed to write it
    assert proc.stderr.splitlines() == [
        f"error: {blocked}: cannot write (Is a directory). "
        "Check the folder is writable and has space, or give another --out folder."
    ]
    assert not [p for p in out.rglob("*") if p.name.startswith(".kbo-")]

"""File names every system takes: a workbook's name fits the file system's 255 bytes, cut
between letters and never between a letter and its marks; Windows' device names are never a
name; and a name the file system refuses still does not stop a run."""

import json
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from openpyxl import load_workbook
from typer.testing import CliRunner

from kbo_cli import select
from kbo_cli.cli import app
from kbo_cli.engine.executors import Here
from kbo_cli.engine.helper import Helper
from kbo_cli.output import workbooks
from kbo_cli.output.files import MANIFEST
from kbo_cli.output.paths import NAME_BYTES, plan_paths, safe_filename
from kbo_cli.output.workbooks import write_workbooks
from tests.conftest import HEADER, row, table_records, write_xlsx

# A note pasted into the district column: 300 characters, 900 bytes, marks throughout.
NOTE = (
    "หมายเหตุ ผู้ประกอบการแจ้งย้ายที่ตั้งไปอยู่ตำบลใหม่แล้วเมื่อต้นปี ให้ติดต่อสำนักงานพัฒนาชุมชนอำเภอ"
    "ก่อนส่งรายชื่อเข้าคัดสรรทุกครั้ง "
) * 3
NOTE = NOTE[:300].strip()
# Thai vowel and tone marks, written above or below the letter before them.
MARKS = "".join(map(chr, [0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F)]))
UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
DEVICES = {"CON", "PRN", "AUX", "NUL"} | {f"{d}{n}" for d in ("COM", "LPT") for n in "123456789"}


def fits(name: str) -> bool:
    return len(name.encode("utf-8")) <= NAME_BYTES


def test_a_long_thai_name_is_cut_to_255_bytes_with_its_suffix():
    assert len(NOTE) == 300 and len(NOTE.encode("utf-8")) > 3 * NAME_BYTES
    for suffix in (".xlsx", " (2).xlsx", " (12).xlsx", ""):
        name = safe_filename(NOTE, suffix)
        assert fits(name + suffix), suffix
        assert NOTE.startswith(name)
        assert len((name + suffix).encode("utf-8")) > NAME_BYTES - 12  # cut, not emptied


def test_the_cut_never_parts_a_letter_from_its_marks():
    """Wherever the limit falls, in a run of letters with one, two or three marks each."""
    for marks in ("\u0e34", "\u0e35\u0e48", "\u0e38\u0e49\u0e4c"):
        for pad in range(6):
            text = "ก" * pad + ("ป" + marks) * 120
            name = safe_filename(text, ".xlsx")
            assert fits(name + ".xlsx") and text.startswith(name)
            assert len(name.encode("utf-8")) > NAME_BYTES - 5 - 3 * (1 + len(marks))
            assert text[len(name)] not in MARKS  # what is left off starts with a letter
            assert name.endswith(marks) or pad * 3 > NAME_BYTES - 5
    # A leading vowel stays with the letter it is written before.
    name = safe_filename("ก" + "เก" * 200, ".xlsx")
    assert not name.endswith("เ")
    # A mark dangling at the start, left by a space or dot removed, goes with it.
    assert safe_filename(" .\u0e48\u0e34บางคล้า") == "บางคล้า"


def test_windows_device_names_are_never_a_name():
    """Whatever their case, and with an extension or spaces after them: Windows opens the
    device (`con.xlsx` is the console), so an underscore follows the device's name."""
    devices = {
        "CON": "CON_",
        "con": "con_",
        "Nul.txt": "Nul_.txt",
        "aux .tar.gz": "aux_ .tar.gz",
        "PRN  ": "PRN_",
        "com1": "com1_",
        "LPT9...": "LPT9_",
        "COM\u00b9": "COM\u00b9_",
    }
    assert {name: safe_filename(name, ".xlsx") for name in devices} == devices
    for name in ["CONSOLE", "COM10", "ICON", "con_", "ขอนแก่น"]:
        assert safe_filename(name, ".xlsx") == name


def test_a_cut_that_ends_at_a_device_name_is_not_one():
    assert safe_filename("NUL" + " " * 300 + "ท้ายชื่อ", ".xlsx") == "NUL_"


@given(
    st.text(
        st.characters(exclude_categories=("Cs",), include_characters=MARKS + "เก CON.\u0e33"),
        max_size=400,
    ),
    st.sampled_from(["", ".xlsx", " (2).xlsx", " (123).xlsx"]),
)
@example(NOTE, ".xlsx")
@example("con", ".xlsx")
@example(" .\u0e48ก", "")
def test_a_safe_name_stays_as_it_is(text, suffix):
    """And any text gives one: fitting its suffix, no character a file system refuses, no
    mark dangling at its start, and no space or dot at its end (Windows drops them)."""
    name = safe_filename(text, suffix)
    assert safe_filename(name, suffix) == name
    assert name and fits(name + suffix)
    assert not UNSAFE.search(name) and name[0] not in MARKS and name[-1] not in " ."
    assert unicodedata.is_normalized("NFC", name)
    assert name.split(".")[0].rstrip(" ").upper() not in DEVICES


def test_a_name_that_fits_is_kept_and_one_letter_more_is_cut():
    at_limit = "ก" * 81 + "ข้"  # 249 bytes, and ".xlsx"
    assert len((at_limit + ".xlsx").encode("utf-8")) == NAME_BYTES - 1
    for name in ["บ้านโพธิ์", "เมืองฉะเชิงเทรา", "Bang Pakong", at_limit]:
        assert safe_filename(name, ".xlsx") == name
    assert safe_filename(at_limit + "ค่", ".xlsx") == at_limit


def _places(tmp_path, places) -> Path:
    header = ["จังหวัด", *HEADER]
    rows = [[p, *row(district=d, producer=f"กลุ่ม {n}")] for n, (p, d) in enumerate(places)]
    return write_xlsx(tmp_path / "r.xlsx", {"S": [header, *rows]})


def test_names_cut_alike_are_still_told_apart(tmp_path):
    """Two notes alike for their first 255 bytes, in a province of a long name too."""
    province = "ฉะเชิงเทรา" + NOTE
    places = [(province, NOTE + " ก"), (province, NOTE + " ข"), ("ชลบุรี", "พนัสนิคม")]
    selection = select([_places(tmp_path, places)])
    paths = plan_paths(selection, tmp_path / "out")
    assert len(set(paths.values())) == 3
    for path in paths.values():
        assert all(fits(part) for part in path.relative_to(tmp_path / "out").parts), path
    long = [p for (_, d), p in paths.items() if d.startswith(NOTE[:20])]
    assert sorted(p.name[-9:] for p in long)[0] == " (2).xlsx"
    assert long[0].parent == long[1].parent != tmp_path / "out"


def test_a_note_and_con_as_districts_make_their_workbooks(registry, tmp_path):
    """A 300-character note in the district column and a district written `CON`: the run ends,
    every workbook is written under a name every system takes, and the note's holds its
    nominee."""
    path = registry(
        [
            row(),
            row(district=NOTE, producer="กลุ่มหมายเหตุ", product="ข้าวเกรียบ"),
            row(district="CON", producer="กลุ่มคอน", product="ผ้าขาวม้า"),
        ]
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["select", str(path), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    told = json.loads(result.output)
    files = [Path(f) for f in told["files"]]
    assert sorted(p.name for p in out.glob("*.xlsx")) == sorted(
        [p.name for p in files] + ["สรุปผลการคัดเลือก.xlsx"]
    )
    assert len(files) == 3 and all(fits(p.name) for p in files)
    assert (out / "CON_.xlsx").is_file() and (out / "บางคล้า.xlsx").is_file()
    (noted,) = [p for p in files if p.name.startswith(NOTE[:40])]
    assert [(n["ชื่อกลุ่ม/ผู้ประกอบการ"], n["ชื่อผลิตภัณฑ์"]) for n in table_records(noted)] == [
        ("กลุ่มหมายเหตุ", "ข้าวเกรียบ")
    ]
    assert NOTE[:40] in load_workbook(noted).active.cell(3, 1).value
    # Which file is whose is said, the note's in full.
    whose = {r["district"]: Path(r["file"]) for r in told["renamed"]}
    assert whose == {"CON": out / "CON_.xlsx", NOTE: noted}


def _too_long(monkeypatch):
    """Every workbook planned under a name of 300 bytes, more than any file system takes."""
    planned = workbooks.plan_paths

    def plan(selection, out_dir):
        paths = planned(selection, out_dir)
        return {
            k: p.with_name(f"{n:03d}" + "ก" * 99 + ".xlsx")
            for n, (k, p) in enumerate(paths.items())
        }

    monkeypatch.setattr(workbooks, "plan_paths", plan)


@pytest.mark.parametrize("executor", [Here, Helper.start])
def test_a_name_the_file_system_refuses_is_replaced(registry, tmp_path, monkeypatch, executor):
    """Written here or by a second process: the workbook is written as อำเภอ-<n>, recorded
    under that name, and said to be that district's."""
    _too_long(monkeypatch)
    selection = select([registry([row(), row(district="แปลงยาว"), row(district="บ้านโพธิ์")])])
    written = write_workbooks(selection, tmp_path / "out", executor=executor())
    names = [p.name for p in written.districts]
    assert names == ["อำเภอ-1.xlsx", "อำเภอ-2.xlsx", "อำเภอ-3.xlsx"]
    assert all(p.is_file() for p in written.districts)
    assert dict(written.renamed) == {
        (p, d): tmp_path / "out" / f"อำเภอ-{n}.xlsx"
        for n, (p, d) in enumerate(
            [(c.province, c.district) for c in selection.by_district()], start=1
        )
    }
    manifest = json.loads((tmp_path / "out" / MANIFEST).read_text("utf-8"))
    assert sorted(manifest) == sorted([*names, "สรุปผลการคัดเลือก.xlsx"])
    assert not list((tmp_path / "out").glob(".kbo-*"))


def test_the_terminal_says_whose_file_a_replaced_name_is(registry, tmp_path, monkeypatch):
    _too_long(monkeypatch)
    path = registry([row(), row(district="แปลงยาว")])
    result = CliRunner().invoke(
        app, ["select", str(path), "--out", str(tmp_path / "out")], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    assert "บางคล้า → อำเภอ-1.xlsx" in result.output
    assert "แปลงยาว → อำเภอ-2.xlsx" in result.output

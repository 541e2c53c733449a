"""Bad input gets one line naming the file (sheet, row, column) and what to do; exit 1."""

import io
import zipfile

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from kbo_cli.cli import app
from tests.conftest import FIXTURES, HEADER, row, write_xlsx


def fails(*args) -> str:
    result = CliRunner().invoke(app, ["select", *map(str, args), "--lang", "en"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


@pytest.fixture
def out(tmp_path):
    return tmp_path / "out"


def test_messages_are_thai_by_default(tmp_path):
    out = str(tmp_path / "out")  # not the working folder's kbo-output: it may hold workbooks
    result = CliRunner().invoke(app, ["select", str(tmp_path / "nope.xlsx"), "--out", out])
    assert result.exit_code == 1
    assert (
        result.output.strip()
        == f"ผิดพลาด: {tmp_path / 'nope.xlsx'}: ไม่พบไฟล์นี้ ตรวจสอบชื่อและที่อยู่ไฟล์แล้วลองใหม่"
    )


def test_missing_path(tmp_path, out):
    assert "nope.xlsx: no such file" in fails(tmp_path / "nope.xlsx", "--out", out)


def test_folder(tmp_path, out):
    said = fails(tmp_path, "--out", out)
    assert f"is a folder. Give the registry files inside it, e.g. {tmp_path / '*.xlsx'}." in said


def test_random_bytes(tmp_path, out):
    path = tmp_path / "registry.xlsx"
    path.write_bytes(bytes(range(256)) * 20)
    assert "registry.xlsx: is not a spreadsheet" in fails(path, "--out", out)


def test_zip_that_is_not_a_workbook(tmp_path, out):
    path = tmp_path / "registry.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("photo.txt", "not a sheet")
    assert "is a zip archive, not a workbook" in fails(path, "--out", out)


def test_truncated_workbook(tmp_path, out):
    whole = write_xlsx(tmp_path / "whole.xlsx", {"S": [HEADER, row()]}).read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    assert "cut.xlsx: is damaged or incomplete" in fails(path, "--out", out)


def test_password_protected(out):
    line = fails(FIXTURES / "protected.xlsx", "--out", out)
    assert "protected.xlsx: is password-protected" in line and "without" in line


def test_empty_file(tmp_path, out):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    assert "empty.xlsx: is empty (0 bytes)" in fails(path, "--out", out)


def test_empty_workbook(tmp_path, out):
    path = tmp_path / "blank.xlsx"
    Workbook().save(path)
    assert "blank.xlsx: has no data; every sheet is empty" in fails(path, "--out", out)


def test_web_page_named_xls(tmp_path, out):
    path = tmp_path / "export.xls"
    path.write_text("<html><table><tr><td>อำเภอ</td></tr></table></html>", encoding="utf-8")
    assert "is a web page (HTML)" in fails(path, "--out", out)


def test_no_recognisable_header_lists_fields_seen_and_closest(tmp_path, out):
    header = ["ที่", "ชื่อ", "รายการสินค้า", "ชนิดผู้ผลิต", "Quadrnt", "ระดบดว", "ปีที่ลงทะเบยน"]
    path = write_xlsx(tmp_path / "r.xlsx", {"ทะเบียน": [["ทะเบียน"], header, [1] * 7]})
    line = fails(path, "--out", out)
    assert "no sheet has a registry header row" in line
    assert "Looked for ชื่อกลุ่ม/ผู้ประกอบการ, ผลิตภัณฑ์, ประเภทผู้ผลิต/ผู้ประกอบการ, Quadrant" in line
    assert "sheet 'ทะเบียน' row 2" in line
    assert "'Quadrnt' looks like Quadrant" in line
    assert "'ระดบดว' looks like ระดับดาว" in line
    assert "'ปีที่ลงทะเบยน' looks like ปีที่ลงทะเบียน" in line


def test_another_table_names_the_missing_fields(tmp_path, out):
    revenue = [["ปีงบประมาณ", "อำเภอ", "ผลิตภัณฑ์", "รายได้ (บาท)"], [2562, "บางคล้า", "น้ำพริก", 12000]]
    line = fails(write_xlsx(tmp_path / "revenue.xlsx", {"รายได้": revenue}), "--out", out)
    assert "revenue.xlsx: no sheet has a registry header row" in line
    assert "has ผลิตภัณฑ์, อำเภอ but no ชื่อกลุ่ม/ผู้ประกอบการ, ประเภทผู้ผลิต" in line
    assert "looks like another table" in line


def test_header_missing_a_rule_column_names_sheet_and_row(tmp_path, out):
    header = [h if h != "ระดับดาว" else "ระดบดว" for h in HEADER]
    line = fails(
        write_xlsx(tmp_path / "r.xlsx", {"ทะเบียน": [["ชื่อเรื่อง"], header, row()]}), "--out", out
    )
    assert "r.xlsx, sheet 'ทะเบียน', header row 2: no column for ระดับดาว" in line
    assert "'ระดบดว' looks like ระดับดาว" in line
    result = CliRunner().invoke(app, ["select", str(tmp_path / "r.xlsx"), "--out", str(out)])
    assert "ชีต 'ทะเบียน' หัวตารางแถวที่ 2: ไม่มีคอลัมน์ ระดับดาว" in result.output
    assert "'ระดบดว' น่าจะหมายถึง ระดับดาว" in result.output  # all Thai, as officers write
    assert "looks like" not in result.output


def test_unknown_sheet(registry, out):
    line = fails(registry([row()]), "--sheet", "บางคล้า", "--out", out)
    assert "no sheet named 'บางคล้า'. Its sheets are: 'ทะเบียน'" in line


def test_known_sheet_reads_only_it(tmp_path, out):
    path = write_xlsx(tmp_path / "r.xlsx", {"ก": [HEADER, row()], "ข": [HEADER, row(producer="ข")]})
    result = CliRunner().invoke(
        app, ["select", str(path), "--sheet", "ข", "--out", str(out), "--json"]
    )
    assert result.exit_code == 0
    assert '"records": 1' in result.output


def test_unknown_province(registry, out):
    assert "--province 'Atlantis': no such province" in fails(
        registry([row()]), "--province", "Atlantis", "--out", out
    )


def test_bad_rules_file(registry, tmp_path, out):
    rules = tmp_path / "rules.toml"
    rules.write_text("[criteria]\nquadrants = 'D'\n", encoding="utf-8")
    assert "rules.toml: missing key 'project'" in fails(
        registry([row()]), "--rules", rules, "--out", out
    )


def test_output_folder_is_a_file(registry, tmp_path):
    target = tmp_path / "taken"
    target.write_text("x")
    assert "taken: is a file, not a folder" in fails(registry([row()]), "--out", target)


def test_debug_shows_the_traceback(tmp_path):
    out = str(tmp_path / "out")
    result = CliRunner().invoke(
        app, ["select", str(tmp_path / "nope.xlsx"), "--out", out, "--debug"]
    )
    assert result.exit_code == 1 and isinstance(result.exception, Exception)
    assert "no such file" in str(result.exception)


def test_text_named_xls_is_read_as_csv(tmp_path, out):
    buffer = io.StringIO()
    buffer.write(",".join(HEADER) + "\n" + ",".join(map(str, row())) + "\n")
    path = tmp_path / "export.xls"
    path.write_text(buffer.getvalue(), encoding="utf-8-sig")
    result = CliRunner().invoke(app, ["select", str(path), "--out", str(out), "--json"])
    assert result.exit_code == 0 and '"eligible": 1' in result.output

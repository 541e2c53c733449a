"""Formula cells with no computed value: unreadable, never empty."""

import re
import zipfile

import pytest
from openpyxl import load_workbook

from kbo_cli import select
from kbo_cli.core.formulas import NoValue, no_values
from kbo_cli.core.read import read_registry
from kbo_cli.core.values import UNREADABLE
from kbo_cli.errors import NoValueError
from tests.conftest import FIXTURES, HEADER, row, write_xlsx

STARS = "=VLOOKUP(C2,Ratings!A:B,2,FALSE)"


def with_formulas(path, cells: dict[str, str]):
    """A registry of three records (a program's export: no formula ever calculated), then
    formulas put into the cells named."""
    write_xlsx(path, {"S": [HEADER, row(), row(producer="ข"), row(producer="ค")]})
    book = load_workbook(path)
    for at, formula in cells.items():
        book.active[at] = formula
    book.save(path)
    return path


def test_formulas_with_no_value_are_found_cell_by_cell(tmp_path):
    path = with_formulas(tmp_path / "r.xlsx", {"H3": STARS, "C4": '=CONCAT("กลุ่ม ", A4)'})
    assert no_values(path) == {
        "S": {(2, 7): NoValue(STARS), (3, 2): NoValue('=CONCAT("กลุ่ม ", A4)')}
    }


def test_a_formula_with_no_value_excludes_its_record_and_is_listed(tmp_path):
    path = with_formulas(tmp_path / "r.xlsx", {"H3": STARS, "C4": '=CONCAT("กลุ่ม ", A4)'})
    selection = select([path])
    assert list(selection.records["nominated"]) == [True, False, False]
    assert list(selection.records["reasons"])[1:] == [
        ("unreadable:stars",),
        ("missing:producer",),
    ]
    found = [(i.row, i.column, i.field, i.value, i.problem) for i in selection.issues]
    assert found == [
        (4, "C", "producer", '=CONCAT("กลุ่ม ", A4)', "formula"),
        (3, "H", "stars", STARS, "formula"),
    ]


def test_a_rule_column_of_formulas_never_calculated_is_one_line(tmp_path):
    path = with_formulas(tmp_path / "r.xlsx", {"H2": STARS, "H3": STARS, "H4": STARS})
    with pytest.raises(NoValueError) as raised:
        read_registry(path)
    assert str(raised.value) == (
        f"{path}, sheet 'S', column H (ระดับดาว): every cell is a formula with no computed value "
        f"(e.g. {STARS}), as a program writes them. Open the file in Excel or LibreOffice, "
        "save it, and run again."
    )


def test_a_formula_with_its_value_is_read_by_the_value(tmp_path):
    path = with_formulas(tmp_path / "r.xlsx", {"H3": STARS})
    with zipfile.ZipFile(path) as book:
        entries = {n: book.read(n) for n in book.namelist()}
    # openpyxl writes the empty value `<v />`, or `<v></v>` where lxml is installed
    sheet, n = re.subn(rb"<v\s*/>|<v></v>", b"<v>2</v>", entries["xl/worksheets/sheet1.xml"])
    assert n == 1
    entries["xl/worksheets/sheet1.xml"] = sheet
    with zipfile.ZipFile(path, "w") as book:
        for name, data in entries.items():
            book.writestr(name, data)
    assert no_values(path) == {}
    selection = select([path])
    assert list(selection.records["stars"]) == [3, 2, 3] and not selection.issues


def test_a_workbook_a_spreadsheet_program_saved_is_not_looked_through(tmp_path):
    """Excel and LibreOffice save every formula's value: a workbook without the request to
    calculate on opening is not read again for formulas."""
    path = with_formulas(tmp_path / "r.xlsx", {"H3": STARS})
    with zipfile.ZipFile(path) as book:
        entries = {n: book.read(n) for n in book.namelist()}
    entries["xl/workbook.xml"] = entries["xl/workbook.xml"].replace(b' fullCalcOnLoad="1"', b"")
    with zipfile.ZipFile(path, "w") as book:
        for name, data in entries.items():
            book.writestr(name, data)
    assert no_values(path) == {}


def test_the_formulas_are_looked_for_by_a_second_process_when_there_is_one(tmp_path):
    """The look through the sheets is handed to the executor at once, ready or not: a second
    process takes it while this one parses."""
    from tests.conftest import select_helped

    path = with_formulas(tmp_path / "r.xlsx", {"H3": STARS})
    helped, sent = select_helped([path], tmp_path)
    assert sent == ["no_values"]
    assert helped.issues == select([path]).issues and helped.issues[0].problem == "formula"


@pytest.mark.parametrize("suffix", ["xlsx", "ods", "xls"])
def test_an_error_value_is_unreadable_in_each_format_a_spreadsheet_program_saves(suffix):
    """#N/A where a lookup found nothing, #DIV/0!: saved by LibreOffice as the formulas' values
    (tests/fixtures/make_errors.py), given by calamine as empty cells. Never "not rated"."""
    path = FIXTURES / f"errors.{suffix}"
    selection = select([path])
    stars = list(selection.records["stars"])
    assert stars[0::2] == [2, 3] and all(s is UNREADABLE for s in stars[1::2])
    assert list(selection.records["nominated"]) == [True, False, True, False]
    assert list(selection.records["reasons"])[1::2] == [("unreadable:stars",)] * 2
    found = [(i.sheet, i.row, i.column, i.field, i.problem) for i in selection.issues]
    assert found == [("ทะเบียน", 3, "H", "stars", "error"), ("ทะเบียน", 5, "H", "stars", "error")]
    shown = [i.value for i in selection.issues]
    assert shown[0].startswith("#N/A") and shown[1].startswith("#DIV/0!")
    if suffix != "xls":  # an .xls keeps its formulas compiled: only the value is shown
        assert "VLOOKUP" in shown[0] and shown[1] == "#DIV/0! (=1/0)"


def test_a_rule_column_of_error_values_is_one_line_saying_what_to_fix(tmp_path):
    """A lookup into a sheet left empty: every star #N/A. Saving again would not help."""
    path = tmp_path / "r.xlsx"
    with zipfile.ZipFile(FIXTURES / "errors.xlsx") as book:
        entries = {n: book.read(n) for n in book.namelist()}
    # The two stars found, as LibreOffice saves them once the lookup finds nothing.
    sheet, n = re.subn(
        rb'(<c r="H[24]" s="0") t="n">(<f[^>]*>[^<]*</f>)<v>[0-9]</v>',
        rb'\1 t="e">\2<v>#N/A</v>',
        entries["xl/worksheets/sheet1.xml"],
    )
    assert n == 2
    entries["xl/worksheets/sheet1.xml"] = sheet
    with zipfile.ZipFile(path, "w") as book:
        for name, data in entries.items():
            book.writestr(name, data)
    with pytest.raises(NoValueError) as raised:
        read_registry(path)
    assert str(raised.value) == (
        f"{path}, sheet 'ทะเบียน', column H (ระดับดาว): every cell is an error value (e.g. "
        "#N/A (=VLOOKUP(C2,ผลการคัดสรร!A:B,2,FALSE()))): there is nothing to read. Correct the "
        "formula or the sheet it refers to, save the file, and run again."
    )

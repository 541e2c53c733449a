"""Cells that a spreadsheet reader gives as empty, though they are not: nothing in them can be read.

Two kinds (`NoValue.problem`):

- `formula`: a formula never calculated. A workbook written by a program (a database export,
  a script) can hold `=VLOOKUP(...)` for the stars with no value saved beside it. Excel and
  LibreOffice save every formula's value; the programs that do not ask a spreadsheet program
  to calculate on opening (`fullCalcOnLoad` in the workbook), so only those are looked at.
- `error`: an error value (`#N/A`, `#DIV/0!`, `#REF!` ...), most often a lookup that found
  nothing, saved by Excel or LibreOffice. python-calamine gives it as an empty cell.

Either way "not rated" would be read where nothing can be read at all: such a cell is shown as
what the spreadsheet shows, its record excluded and the cell listed.

`no_values(path)` finds them in .xlsx/.xlsm (the sheets' XML, read in chunks, never held whole)
and .xls (with xlrd, which tells error cells apart); in .ods, `read` finds error cells in its own
walk of the content, which it makes for merged cells anyway.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from xml.etree import ElementTree

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_CALCULATE_ON_LOAD = re.compile(rb'fullCalcOnLoad="(?:1|true)"')
# A cell holding a formula and no value: `<c r="H5"><f>VLOOKUP(...)</f></c>`, or an empty
# `<v/>` after it; a shared formula's other cells are `<f t="shared" si="0"/>`.
_UNCOMPUTED = re.compile(
    rb'<c r="([A-Z]+)([0-9]+)"[^>]*>\s*<f(?:\s[^>]*)?(?:/>|>([^<]*)</f>)\s*'
    rb"(?:<v\s*/>|<v>\s*</v>)?\s*</c>"
)
# A cell whose value is an error: `<c r="H5" s="1" t="e"><f>VLOOKUP(...)</f><v>#N/A</v></c>`.
_ERROR = re.compile(
    rb'<c r="([A-Z]+)([0-9]+)"[^>]*?\st="e"[^>]*>\s*'
    rb"(?:<f(?:\s[^>]*)?(?:/>|>([^<]*)</f>)\s*)?<v>([^<]*)</v>"
)
CHUNK = 1 << 22


@dataclass(frozen=True, slots=True)
class NoValue:
    """A cell with nothing to read: `problem` is `formula` (never calculated) or `error` (an
    error value); `shown` is what to show for it: the formula, or the error and its formula."""

    shown: str
    problem: str = "formula"

    @classmethod
    def error(cls, value: str, formula: str | None = None) -> NoValue:
        return cls(f"{value} ({formula})" if formula else value, "error")

    def __str__(self) -> str:
        return self.shown


Found = dict[str, dict[tuple[int, int], NoValue]]


def no_values(path: str | Path) -> Found:
    """The cells with nothing to read of each sheet of an .xlsx/.xlsm or .xls workbook, by sheet
    name, as {(row, column) from 0: the cell}; empty for any other file, or one that will not
    open (reading it says why)."""
    from kbo_cli.core.read import sniff  # which imports this module

    try:
        kind = sniff(Path(path))
    except OSError:
        return {}
    return _xlsx(path) if kind == "zip" else _xls(path) if kind == "ole" else {}


def _xlsx(path: str | Path) -> Found:
    try:
        with zipfile.ZipFile(path) as book:
            names = set(book.namelist())
            if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
                return {}  # an .ods, or not a workbook
            workbook = book.read("xl/workbook.xml")
            calculate = _CALCULATE_ON_LOAD.search(workbook) is not None
            found = {}
            for sheet, entry in _sheet_entries(workbook, book.read("xl/_rels/workbook.xml.rels")):
                if entry in names:
                    cells = _scan(book, entry, calculate)
                    if cells:
                        found[sheet] = cells
            return found
    except (OSError, zipfile.BadZipFile, ElementTree.ParseError, KeyError):
        return {}  # reading the file says what is wrong with it


def _sheet_entries(workbook: bytes, rels: bytes) -> list[tuple[str, str]]:
    """(sheet name, zip entry) of each sheet, as the workbook and its relations say."""
    targets = {
        r.get("Id"): r.get("Target", "")
        for r in ElementTree.fromstring(rels).iter(f"{_RELS}Relationship")
    }
    out = []
    for sheet in ElementTree.fromstring(workbook).iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(_R_ID), "")
        out.append(
            (sheet.get("name", ""), target[1:] if target.startswith("/") else f"xl/{target}")
        )
    return out


def _scan(book: zipfile.ZipFile, entry: str, calculate: bool) -> dict[tuple[int, int], NoValue]:
    """The cells with nothing to read of one sheet's XML, read a chunk at a time: a chunk is cut
    before its last cell, which goes with the next. Formulas with no value are looked for only
    where the workbook asks to be `calculate`d on opening."""
    cells: dict[tuple[int, int], NoValue] = {}
    pending = b""
    with book.open(entry) as stream:
        while True:
            chunk = stream.read(CHUNK)
            data = pending + chunk
            if not chunk:
                _collect(data, cells, calculate)
                return cells
            cut = data.rfind(b"<c ")
            cut = cut if cut > 0 else len(data)
            _collect(data[:cut], cells, calculate)
            pending = data[cut:]


def _collect(data: bytes, cells: dict[tuple[int, int], NoValue], calculate: bool) -> None:
    if calculate and b"<f" in data:
        for found in _UNCOMPUTED.finditer(data):
            letters, row, formula = found.groups()
            cells[_at(letters, row)] = NoValue(_formula(formula) or "=(สูตร)")
    if b't="e"' in data:
        for found in _ERROR.finditer(data):
            letters, row, formula, value = found.groups()
            text = unescape(value.decode("utf-8")).strip() or "#ERROR"
            cells[_at(letters, row)] = NoValue.error(text, _formula(formula))


def _at(letters: bytes, row: bytes) -> tuple[int, int]:
    column = 0
    for letter in letters:
        column = column * 26 + letter - 64
    return int(row) - 1, column - 1


def _formula(text: bytes | None) -> str | None:
    return "=" + unescape(text.decode("utf-8")) if text else None


def _xls(path: str | Path) -> Found:
    """Error cells of an .xls, read with xlrd (calamine gives them as empty). An .xls holds at
    most 65,536 rows a sheet, so reading it whole a second time is bounded."""
    import xlrd  # only for .xls files

    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except Exception:  # encrypted, damaged, or a text file named .xls: reading it says why
        return {}
    found: Found = {}
    errors = xlrd.error_text_from_code  # the file format's codes of the error values
    try:
        for name in book.sheet_names():
            sheet = book.sheet_by_name(name)
            cells = {
                (r, c): NoValue.error(errors.get(sheet.cell_value(r, c), "#ERROR"))
                for r in range(sheet.nrows)
                for c, kind in enumerate(sheet.row_types(r))
                if kind == xlrd.XL_CELL_ERROR
            }
            if cells:
                found[name] = cells
            book.unload_sheet(name)
    except Exception:
        return found
    finally:
        book.release_resources()
    return found

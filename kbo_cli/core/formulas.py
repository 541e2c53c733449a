"""Formula cells that hold no computed value.

A workbook written by a program (a database export, a script) can hold formulas that were never
calculated: `=VLOOKUP(...)` for the stars, with no value saved beside it. A spreadsheet reader
sees an empty cell, and "not rated" would be read where nothing can be read at all. Such a cell
is unreadable, never empty (`Uncomputed`).

Excel and LibreOffice save every formula's value; the programs that do not ask a spreadsheet
program to calculate on opening (`fullCalcOnLoad` in the workbook), so only those workbooks are
looked through. The sheets' XML is read in chunks, never held whole.
"""

from __future__ import annotations

import re
import zipfile
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
CHUNK = 1 << 22


class Uncomputed:
    """A formula cell with no computed value: unreadable, shown as its formula."""

    __slots__ = ("formula",)

    def __init__(self, formula: str) -> None:
        self.formula = formula

    def __str__(self) -> str:
        return self.formula

    def __repr__(self) -> str:
        return f"Uncomputed({self.formula!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Uncomputed) and other.formula == self.formula

    def __hash__(self) -> int:
        return hash(("Uncomputed", self.formula))


def uncomputed(path: str | Path) -> dict[str, dict[tuple[int, int], Uncomputed]]:
    """The formula cells with no computed value of each sheet of an .xlsx/.xlsm workbook, by
    sheet name, as {(row, column) from 0: the cell}; empty for a workbook a spreadsheet program
    saved (or any other file)."""
    try:
        with zipfile.ZipFile(path) as book:
            names = set(book.namelist())
            if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
                return {}
            workbook = book.read("xl/workbook.xml")
            if not _CALCULATE_ON_LOAD.search(workbook):
                return {}
            found = {}
            for sheet, entry in _sheet_entries(workbook, book.read("xl/_rels/workbook.xml.rels")):
                if entry in names:
                    cells = _scan(book, entry)
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


def _scan(book: zipfile.ZipFile, entry: str) -> dict[tuple[int, int], Uncomputed]:
    """The uncomputed formula cells of one sheet's XML, read a chunk at a time: a chunk is cut
    before its last cell, which goes with the next."""
    cells: dict[tuple[int, int], Uncomputed] = {}
    pending = b""
    with book.open(entry) as stream:
        while True:
            chunk = stream.read(CHUNK)
            data = pending + chunk
            if not chunk:
                _collect(data, cells)
                return cells
            cut = data.rfind(b"<c ")
            cut = cut if cut > 0 else len(data)
            _collect(data[:cut], cells)
            pending = data[cut:]


def _collect(data: bytes, cells: dict[tuple[int, int], Uncomputed]) -> None:
    if b"<f" not in data:
        return
    for found in _UNCOMPUTED.finditer(data):
        letters, row, formula = found.groups()
        column = 0
        for letter in letters:
            column = column * 26 + letter - 64
        text = "=" + unescape(formula.decode("utf-8")) if formula else "=(สูตร)"
        cells[(int(row) - 1, column - 1)] = Uncomputed(text)

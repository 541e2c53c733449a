"""The fast path for long tables: rows written as SpreadsheetML, put into a workbook the plain
writer laid out without them.

xlsxwriter writes a cell at a time, in Python, which would make the summary of a national
registry (its sheet of 180,000 excluded records) the slowest step of a run (bench/README.md,
"Choices, by measurement"). For such a table the plain writer
(`plain`) lays out the titles, the header and everything around the table (widths, formats,
filter, print setup) with no data rows; kbo writes the rows, each cell's XML made once per
distinct value of its column (`Cells`), and puts them in: into the sheet's `<sheetData>`, their
text into the shared-string table, the table's extent into the sheet's dimension and filter and
the workbook's filter range (`LaidOut`).

Every assumption about the writer's workbook is checked as it is used, and one that does not
hold raises `Declined`: the caller then has the plain writer write the rows, and says so. A
column's cells take the style that means the column's format (`styles.StyleSheet`), found by
meaning in the workbook's style sheet, never by position. `tests/test_writing_paths.py` reads
both paths back and compares every cell's value and style.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from xml.etree import ElementTree

import numpy as np

from kbo_cli.core.read import column_letter
from kbo_cli.engine import tuning
from kbo_cli.output.xlsx import package
from kbo_cli.output.xlsx.cells import Cells, cell_value, stored
from kbo_cli.output.xlsx.layout import LINE_HEIGHT, Layout
from kbo_cli.output.xlsx.styles import NOTE_STYLE, StyleSheet, data_style
from kbo_cli.output.xlsx.table import Table, note_cells

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
# Text Excel would read as an escaped character (`_x000D_`) is escaped itself.
_ESCAPED = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
# Characters XML 1.0 cannot hold at all (the control characters are removed before).
_NOT_XML = re.compile("[\ufffe\uffff\ud800-\udfff]")
_EPOCH = dt.date(1899, 12, 30)
_OPEN, _CLOSE = '<si><t xml:space="preserve">', "</t></si>"


class Declined(Exception):
    """A fast path cannot make this workbook as the plain writer would; the message says
    why, and the plain writer makes it instead."""


def found_once(pattern: bytes, xml: bytes, what: str) -> re.Match:
    """The one place `pattern` matches, or Declined."""
    found = list(re.finditer(pattern, xml))
    if len(found) != 1:
        raise Declined(f"{what}: found {len(found)} times, not once")
    return found[0]


class LaidOut:
    """A workbook the plain writer laid out, open for kbo's edits: its entries, where each
    sheet is, its styles by meaning and its shared strings. `bytes(changes)` makes the
    workbook with the entries changed."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.entries = package.read_entries(data)
        self.sheets = self._sheet_entries()
        self.styles = StyleSheet(self.entries["xl/styles.xml"])
        sst = self.entries.get("xl/sharedStrings.xml")
        if sst is None:
            raise Declined("the workbook has no shared strings")
        self.strings, self.string_cells = read_shared_strings(sst)

    def _sheet_entries(self) -> list[str]:
        """The zip entry of each sheet, in order, as the workbook and its relations say."""
        book = ElementTree.fromstring(self.entries["xl/workbook.xml"])
        rels = ElementTree.fromstring(self.entries["xl/_rels/workbook.xml.rels"])
        targets = {r.get("Id"): r.get("Target") for r in rels.iter(f"{_RELS}Relationship")}
        entries = []
        for sheet in book.iter(f"{_MAIN}sheet"):
            target = targets.get(sheet.get(_R_ID), "")
            entries.append(target.lstrip("/") if target.startswith("/") else f"xl/{target}")
        return entries

    def note_style(self) -> int:
        """The style index of the lines below a table, found by what it means."""
        index = self.styles.find(NOTE_STYLE)
        if index is None:
            raise Declined("no cell style for the notes below the table")
        return index

    def column_styles(self, table: Table) -> list[int]:
        """The style index of each column's cells, found by what the style means."""
        styles = []
        for column in table.columns:
            index = self.styles.find(data_style(column))
            if index is None:
                raise Declined(f"no cell style for the column {column.header!r}")
            styles.append(index)
        return styles


def read_shared_strings(xml: bytes) -> tuple[list[str], int]:
    """The texts of a shared-string table, in order, and how many cells it says show them."""
    root = ElementTree.fromstring(xml)
    texts = []
    for item in root.iter(f"{_MAIN}si"):
        parts = [t.text or "" for t in item.iter(f"{_MAIN}t")]
        texts.append(_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), "".join(parts)))
    count = root.get("count")
    if count is None or int(root.get("uniqueCount", len(texts))) != len(texts):
        raise Declined("the shared-string table does not count its items")
    return texts, int(count)


def shared_strings_xml(texts: list[str], cells: int) -> bytes:
    """A shared-string table of `texts`, in order, shown by `cells` cells."""
    head = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{cells}" uniqueCount="{len(texts)}">'
    )
    return (head + sst_items(texts) + "</sst>").encode("utf-8")


def _text(value: str) -> str:
    """Text as an `<si>` item holds it (the inverse of what `read_shared_strings` undoes)."""
    text = _NOT_XML.sub("", value)
    text = _ESCAPED.sub(r"_x005F_\1", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "_x000D_")


def sst_item(text: str) -> str:
    """A shared-string item holding `text`."""
    return f"{_OPEN}{_text(text)}{_CLOSE}"


def sst_items(texts: list[str]) -> str:
    """`sst_item` of each text, joined: escaped all at once, which takes a third of the time of
    one by one (the texts of 70,000 excluded records). A text holding the NUL that separates
    them (never, once `cell_value` has made it safe) is escaped on its own."""
    if not texts:
        return ""
    joined = "\x00".join(texts)
    if joined.count("\x00") != len(texts) - 1:
        return "".join(map(sst_item, texts))
    return _OPEN + _text(joined).replace("\x00", _CLOSE + _OPEN) + _CLOSE


def serial(value: dt.date) -> str | None:
    """Excel's serial day of a date (with the fraction of a day of a datetime); None before
    1900, which Excel cannot show."""
    day = value.date() if isinstance(value, dt.datetime) else value
    if day.year < 1900:
        return None
    days = (day - _EPOCH).days
    if day < dt.date(1900, 3, 1):
        days -= 1  # Excel counts a 29 February 1900 that never was
    if isinstance(value, dt.datetime):
        seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
        return repr(days + seconds / 86400)
    return str(days)


def _number(value: float | int) -> str:
    """A number as a cell's `<v>` holds it, as the plain writer writes it (`%.16G`)."""
    if isinstance(value, int):
        return str(value)
    return f"{value:.16G}"


class Strings:
    """A workbook's shared strings as kbo adds to them: the texts in order (a text may be
    there twice: a template's title lines), and the index a new cell of a text takes."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.texts = list(texts)
        self.index: dict[str, int] = {}
        for i, text in enumerate(self.texts):
            self.index.setdefault(text, i)

    def add(self, text: str) -> int:
        found = self.index.get(text)
        if found is None:
            found = self.index[text] = len(self.texts)
            self.texts.append(text)
        return found


def _cell(value: object, dates: bool, style: int, strings: Strings) -> tuple[str, bool]:
    """The XML of a cell after its `<c r="A1"`, and whether it is a shared string."""
    kind, shown = stored(value, dates)
    if kind == "s":
        return f' s="{style}" t="s"><v>{strings.add(shown)}</v></c>', True
    if kind == "n":
        if not math.isfinite(shown):
            raise Declined(f"a number a cell cannot hold: {shown!r}")
        return f' s="{style}"><v>{_number(shown)}</v></c>', False
    if kind == "b":
        return f' s="{style}" t="b"><v>{int(shown)}</v></c>', False
    if kind == "d":
        return f' s="{style}"><v>{serial(shown)}</v></c>', False
    return f' s="{style}"/>', False


def rows_xml(
    table: Table, first_row: int, heights: np.ndarray, styles: list[int], strings: Strings
) -> tuple[Iterator[bytes], int]:
    """`<row>` elements for the table's rows, numbered from `first_row` (1-based), each with
    its height, as chunks of UTF-8 made as they are asked for, and how many cells are shared
    strings. New text is added to `strings` before this returns.

    The rows come in chunks of CHUNK_ROWS, compressed as they come, so that a sheet is never
    held whole: the rows of a million excluded records are hundreds of megabytes of XML."""
    made_columns, string_cells = [], 0
    for column, style in zip(table.columns, styles, strict=True):
        cells: Cells = column.cells
        xml = np.empty(len(cells.values) + 1, dtype=object)
        xml[-1] = f' s="{style}"/>'  # code -1: an empty cell
        if cells.values.dtype == np.int64:  # whole numbers, made all at once
            xml[:-1] = [f' s="{style}"><v>{v}</v></c>' for v in cells.values.tolist()]
            made_columns.append((cells.codes, xml))
            continue
        dates = column.number_format is not None
        made = [_cell(v, dates, style, strings) for v in cells.values.tolist()]
        xml[:-1] = [m[0] for m in made]
        is_text = np.fromiter((m[1] for m in made), dtype=bool, count=len(made))
        string_cells += int(is_text[cells.codes[cells.codes >= 0]].sum())
        made_columns.append((cells.codes, xml))
    return _row_chunks(made_columns, first_row, heights), string_cells


def _row_chunks(columns: list[tuple[np.ndarray, np.ndarray]], first_row: int, heights):
    make = _row_maker(len(columns))
    # Numbers go in as text, made once a row: the f-string would make a row's number again for
    # each of its cells.
    heights = heights.tolist()
    height_text = {h: _number(float(h)) for h in set(heights)}
    step = tuning.CHUNK_ROWS
    for start in range(0, len(heights), step):
        end = min(start + step, len(heights))
        cells = [xml[codes[start:end]].tolist() for codes, xml in columns]
        numbers = map(str, range(first_row + start, first_row + end))
        shown = map(height_text.__getitem__, heights[start:end])
        yield "".join(map(make, numbers, shown, *cells)).encode("utf-8")


@lru_cache(maxsize=64)
def _row_maker(width: int) -> Callable[..., str]:
    """`make(number, height, *cells)`: a `<row>` of `width` cells, the number and height given
    as text, each cell as its XML after `<c r="A1"`. An f-string compiled once per width:
    `str.format` parses its template again for every row."""
    cells = [f"c{j}" for j in range(width)]
    body = "".join(f'<c r="{column_letter(j)}{{n}}"{{{c}}}' for j, c in enumerate(cells))
    head = f'<row r="{{n}}" spans="1:{width}" ht="{{h}}" customHeight="1">'
    # Only digits, letters and fixed markup go into the source; the values are arguments.
    return eval(f"lambda n, h, {', '.join(cells)}: f'{head}{body}</row>'")


def notes_xml(table: Table, style: int, layout: Layout, strings: Strings) -> tuple[bytes, int]:
    """The rows below the table as the plain writer writes them (`plain._notes`,
    `table.note_cells`), their text added to `strings`; and how many cells hold text."""
    width = max(len(table.columns), 1)
    out, texts_written = [], 0
    after = table.header_row + table.rows + 1
    for row, texts in note_cells(table, layout, after):
        n = row + 1  # 1-based
        cells = []
        for j, text in enumerate(texts):
            ref = f"{column_letter(j)}{n}"
            if text:
                index = strings.add(cell_value(text))
                cells.append(f'<c r="{ref}" s="{style}" t="s"><v>{index}</v></c>')
                texts_written += 1
            else:
                cells.append(f'<c r="{ref}" s="{style}"/>')
        head = f'<row r="{n}" spans="1:{width}" ht="{LINE_HEIGHT}" customHeight="1">'
        out.append(f"{head}{''.join(cells)}</row>")
    return "".join(out).encode("utf-8"), texts_written


def with_rows(sheet_xml: bytes, rows: Iterable[bytes]) -> Iterator[bytes]:
    """The sheet, in chunks, with `rows` added at the end of its data."""
    end = found_once(rb"</sheetData>", sheet_xml, "the end of the sheet's data").start()
    yield sheet_xml[:end]
    yield from rows
    yield sheet_xml[end:]


def with_extent(sheet_xml: bytes, last_row: int, width: int, used_last: int = 0) -> bytes:
    """The sheet with its filter reaching `last_row` (1-based), and its dimension that or
    `used_last`, the last row of its notes."""
    corner = f"{column_letter(width - 1)}{last_row}".encode()
    used = f"{column_letter(width - 1)}{max(last_row, used_last)}".encode()
    found = found_once(rb'<dimension ref="A1:[A-Z]+\d+"/>', sheet_xml, "the sheet's dimension")
    dimension = b'<dimension ref="A1:' + used + b'"/>'
    sheet_xml = sheet_xml[: found.start()] + dimension + sheet_xml[found.end() :]
    found = found_once(
        rb'<autoFilter ref="([A-Z]+\d+):[A-Z]+\d+"/>', sheet_xml, "the sheet's filter"
    )
    filtered = b'<autoFilter ref="' + found.group(1) + b":" + corner + b'"/>'
    return sheet_xml[: found.start()] + filtered + sheet_xml[found.end() :]


def with_filter_range(
    workbook_xml: bytes, sheet_index: int, last_row: int, name: str = "_FilterDatabase"
) -> bytes:
    """workbook.xml with the filter range (or another range `name`d: `Print_Area`) of sheet
    `sheet_index` (from 0) reaching `last_row`."""
    pattern = (
        rb'(<definedName name="_xlnm.'
        + name.encode()
        + rb'" localSheetId="'
        + str(sheet_index).encode()
        + rb'"[^>]*>[^<]*?\$[A-Z]+\$)\d+(</definedName>)'
    )
    found = found_once(pattern, workbook_xml, f"the sheet's range {name}")
    return (
        workbook_xml[: found.start()]
        + found.group(1)
        + str(last_row).encode()
        + found.group(2)
        + workbook_xml[found.end() :]
    )


def fill(
    laid: LaidOut,
    tables: list[tuple[int, Table, Layout]],
    entries: dict[str, bytes] | None = None,
    strings: list[str] | None = None,
) -> bytes:
    """The laid-out workbook with the rows of `tables` ((sheet index, table, its layout)) put
    in, and the notes below them. `entries`: sheet and workbook entries already changed (a
    template's), and `strings`: its shared strings, when they differ from the laid-out
    workbook's."""
    entries = dict(entries or {})
    known = Strings(strings if strings is not None else laid.strings)
    workbook = entries.pop("xl/workbook.xml", laid.entries["xl/workbook.xml"])
    added = 0
    out: dict[str, bytes | Iterable[bytes]] = {}
    for index, table, layout in tables:
        heights = layout.row_heights
        name = laid.sheets[index]
        sheet = entries.pop(name, laid.entries[name])
        first = table.header_row + 2  # 1-based: the titles, the header, then the data
        last = first + table.rows - 1  # the header's row when there is none
        rows, cells = rows_xml(table, first, heights, laid.column_styles(table), known)
        width = max(len(table.columns), 1)
        if table.notes:
            notes, texts = notes_xml(table, laid.note_style(), layout, known)
            rows = itertools.chain(rows, [notes])
            cells += texts
        printed_last = table.last_row + 1
        out[name] = with_rows(with_extent(sheet, last, width, printed_last), rows)
        workbook = with_filter_range(workbook, index, last)
        if table.printed_columns < width:
            workbook = with_filter_range(workbook, index, printed_last, "Print_Area")
        added += cells
    out.update(entries)
    out["xl/workbook.xml"] = workbook
    out["xl/sharedStrings.xml"] = shared_strings_xml(known.texts, laid.string_cells + added)
    return package.replaced(laid.data, out)

"""The rows of long sheets, written as SpreadsheetML and put into the writer's workbook.

rustpy-xlsxwriter takes about 1 µs a cell, which made the summary of a national registry (its
sheet of 180,000 excluded records) the slowest step of a run. For a long sheet the writer lays
out the titles, the header and everything around the table (widths, formats, filter, print
setup) with no data rows; kbo writes the rows itself, each cell's XML made once per distinct
value of its column, and puts them in: into the sheet's `<sheetData>`, their text into the
shared-string table, and the table's new extent into the sheet's dimension, its filter and the
workbook's filter range. Cells are written as the writer writes them: a column's cells take
its style, text is a shared string, numbers and dates (as Excel serial days) are values, an
empty cell is a styled blank. `tests/test_workbook.py` reads both back and compares them.

The district workbooks are filled the same way from one laid-out template (`workbook`): the
functions at the end of this module give each its own column widths (`<cols>`, as the writer
writes them), header height and title lines.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from html import unescape

import numpy as np

from kbo_cli.core.read import column_letter

_COLS = re.compile(rb"<col [^>]*?\bmin=\"(\d+)\" max=\"(\d+)\"[^>]*?\bstyle=\"(\d+)\"")
_SST_ITEM = re.compile(r"<si>(.*?)</si>", re.S)
_SST_TEXT = re.compile(r"<t(?: [^>]*)?>(.*?)</t>|<t(?: [^>]*)?/>", re.S)
_SST_COUNTS = re.compile(r'<sst ([^>]*?)count="(\d+)" uniqueCount="(\d+)"')
# Text Excel would read as an escaped character (`_x000D_`) is escaped itself.
_ESCAPED = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
# Characters XML 1.0 cannot hold at all (the control characters are removed before).
_NOT_XML = re.compile("[\ufffe\uffff\ud800-\udfff]")
_EPOCH = dt.date(1899, 12, 30)


def column_styles(sheet_xml: bytes, width: int) -> list[str]:
    """The style of each column, from the writer's `<col>` elements."""
    styles = ["0"] * width
    for first, last, style in _COLS.findall(sheet_xml):
        for i in range(int(first) - 1, min(int(last), width)):
            styles[i] = style.decode()
    return styles


class Unexpected(ValueError):
    """The writer's workbook is not as this module expects; the writer writes the rows."""


def shared_strings(sst_xml: str) -> dict[str, int]:
    """The writer's shared strings, text -> index. Raises `Unexpected` unless every item is
    read, each once: a string's index must be the writer's."""
    items = ["".join(_SST_TEXT.findall(item)) for item in _SST_ITEM.findall(sst_xml)]
    strings = {_read_text(text): i for i, text in enumerate(items)}
    counts = _SST_COUNTS.search(sst_xml)
    if counts is None or not len(strings) == len(items) == int(counts.group(3)):
        raise Unexpected("the shared strings are not one item per distinct text")
    return strings


def _read_text(xml_text: str) -> str:
    """The text an `<si>` item holds: XML entities and Excel's `_xHHHH_` escapes undone."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), unescape(xml_text))


def _text(value: str) -> str:
    """Text as an `<si>` item holds it (the inverse of `_read_text`)."""
    text = _NOT_XML.sub("", value)
    text = _ESCAPED.sub(r"_x005F_\1", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "_x000D_")


def _serial(value: dt.date) -> str | None:
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


def _cell(value: object, style: str, strings: dict[str, int]) -> tuple[str, bool]:
    """The XML of a cell after its `<c r="A1"`, and whether it is a shared string."""
    if value.__class__ is str:  # most cells
        return f' s="{style}" t="s"><v>{strings.setdefault(value, len(strings))}</v></c>', True
    if value is None:
        return f' s="{style}"/>', False
    if isinstance(value, bool | np.bool_):
        return f' s="{style}" t="b"><v>{int(value)}</v></c>', False
    if isinstance(value, int | np.integer):
        return f' s="{style}"><v>{int(value)}</v></c>', False
    if isinstance(value, float | np.floating) and math.isfinite(value):
        return f' s="{style}"><v>{float(value)!r}</v></c>', False
    if isinstance(value, dt.date):
        serial = _serial(value)
        if serial is not None:
            return f' s="{style}"><v>{serial}</v></c>', False
        value = value.isoformat()
    index = strings.setdefault(str(value), len(strings))
    return f' s="{style}" t="s"><v>{index}</v></c>', True


def rows_xml(
    columns: list[tuple[np.ndarray, np.ndarray]],
    first_row: int,
    heights: np.ndarray,
    styles: list[str],
    strings: dict[str, int],
    value=lambda v: v,
) -> tuple[Iterator[bytes], int]:
    """`<row>` elements for the table's rows, numbered from `first_row` (1-based), each with
    its height, as chunks of UTF-8 made as they are asked for, and how many cells are shared
    strings. `columns` are the columns' (codes, distinct values) (see
    `values.factorize_cells`). New text is added to `strings` before this returns. `value`
    makes a cell's value what the workbook stores.

    The rows come in chunks of CHUNK_ROWS, compressed as they come, so that a sheet is never
    held whole: the rows of 941,000 excluded records are 490 MB of XML. Made, joined and encoded
    at once they took 5.0 s, mostly the machine finding fresh memory for three copies; the
    summary they are part of took 10.9 s, and 6.5 s in chunks (bench/README.md)."""
    made_columns, string_cells = [], 0
    for (codes, uniques), style in zip(columns, styles, strict=True):
        xml = np.empty(len(uniques) + 1, dtype=object)
        xml[-1] = f' s="{style}"/>'  # code -1: an empty cell
        if uniques.dtype == np.int64:  # whole numbers, made all at once
            xml[:-1] = [f' s="{style}"><v>{v}</v></c>' for v in uniques.tolist()]
            made_columns.append((codes, xml))
            continue
        made = [_cell(value(u), style, strings) for u in uniques]
        xml[:-1] = [m[0] for m in made]
        is_text = np.fromiter((m[1] for m in made), dtype=bool, count=len(made))
        string_cells += int(is_text[codes[codes >= 0]].sum())
        made_columns.append((codes, xml))
    return _row_chunks(made_columns, first_row, heights), string_cells


# Rows made, joined and encoded at a time (about 5 MB of XML for 13 columns).
CHUNK_ROWS = 10_000


def _row_chunks(columns: list[tuple[np.ndarray, np.ndarray]], first_row: int, heights):
    make = _row_maker(len(columns))
    # Numbers go in as text, made once a row: the f-string would make a row's number again for
    # each of its cells (0.19 s against 0.30 s for 180,000 rows of 12 cells).
    heights = heights.tolist()
    height_text = {h: str(h) for h in set(heights)}
    for start in range(0, len(heights), CHUNK_ROWS):
        end = min(start + CHUNK_ROWS, len(heights))
        cells = [xml[codes[start:end]].tolist() for codes, xml in columns]
        numbers = map(str, range(first_row + start, first_row + end))
        shown = map(height_text.__getitem__, heights[start:end])
        yield "".join(map(make, numbers, shown, *cells)).encode("utf-8")


@lru_cache(maxsize=64)
def _row_maker(width: int) -> Callable[..., str]:
    """`make(number, height, *cells)`: a `<row>` of `width` cells, the number and height given
    as text, each cell as its XML after `<c r="A1"`. An f-string compiled once per width:
    `str.format` parses its template again for every row, which took 0.39 s against 0.28 s for
    180,000 rows of 13 cells."""
    cells = [f"c{j}" for j in range(width)]
    body = "".join(f'<c r="{column_letter(j)}{{n}}"{{{c}}}' for j, c in enumerate(cells))
    head = f'<row r="{{n}}" spans="1:{width}" ht="{{h}}" customHeight="1">'
    # Only digits, letters and fixed markup go into the source; the values are arguments.
    return eval(f"lambda n, h, {', '.join(cells)}: f'{head}{body}</row>'")


def splice_rows(
    sheet_xml: bytes, rows: Iterable[bytes], last_row: int, width: int
) -> Iterator[bytes]:
    """The sheet, in chunks, with `rows` added at the end of its data, and its dimension and
    filter reaching `last_row`."""
    end = sheet_xml.rindex(b"</sheetData>")
    head, tail = sheet_xml[:end], sheet_xml[end:]
    last = f"{column_letter(width - 1)}{last_row}".encode()
    start = head.index(b"<sheetData")  # the dimension is before the data, the filter after
    head = re.sub(rb'(<dimension ref="A1:)[A-Z]+\d+', rb"\g<1>" + last, head[:start]) + head[start:]
    tail = re.sub(rb'(<autoFilter ref="[A-Z]+\d+:)[A-Z]+\d+', rb"\g<1>" + last, tail, count=1)
    yield head
    yield from rows
    yield tail


def filter_range(workbook_xml: bytes, sheet_index: int, last_row: int) -> bytes:
    """workbook.xml with the filter range of sheet `sheet_index` reaching `last_row`."""
    pattern = (
        rb'(<definedName name="_xlnm._FilterDatabase" localSheetId="'
        + str(sheet_index).encode()
        + rb'"[^>]*>[^<]*?\$[A-Z]+\$)\d+(</definedName>)'
    )
    return re.sub(pattern, rb"\g<1>" + str(last_row).encode() + rb"\g<2>", workbook_xml, count=1)


def _sst_counts(before: str) -> re.Match:
    """Where a shared-string table gives its counts (the table's tag up to uniqueCount)."""
    counts = _SST_COUNTS.search(before)
    if counts is None:
        raise Unexpected("the shared-string table has no counts")
    return counts


def sst_xml(strings: dict[str, int], before: str, added_cells: int) -> bytes:
    """The shared-string table with the strings added after the writer's own, and its counts."""
    counts = _sst_counts(before)
    count = int(counts.group(2)) + added_cells
    known = int(counts.group(3))
    added = list(strings)[known:]
    head = before[: counts.start()] + (
        f'<sst {counts.group(1)}count="{count}" uniqueCount="{len(strings)}"'
    )
    body = before[counts.end() : before.rindex("</sst>")]
    return (head + body + sst_items(added) + "</sst>").encode("utf-8")


_OPEN, _CLOSE = '<si><t xml:space="preserve">', "</t></si>"


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


# The parts of a laid-out sheet that differ between workbooks laid out alike (`workbook`'s
# district template): the column widths, the header row's height and the title lines.
_COLS_ELEMENT = re.compile(rb"<cols>.*?</cols>", re.S)
_STRING_CELL = re.compile(rb' t="s"><v>(\d+)</v>')
_TITLE_CELL = re.compile(rb'<row r="(\d+)"[^>]*><c r="A\1" s="\d+" t="s"><v>(\d+)</v>')


def written_number(value: float) -> str:
    """A number as the writer writes it: `28`, not `28.0`."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


DEFAULT_WIDTH = 8.43  # Excel's column width when none is set, in characters


def excel_width(width: float) -> str:
    """A column width in characters as the writer stores it: whole pixels of Excel's 7-pixel
    digit and 5 pixels of padding, in 256ths of a character."""
    if width < 1:
        raise Unexpected("a column narrower than one character")
    pixels = math.floor(width * 7 + 0.5) + 5
    return written_number(math.floor(pixels / 7 * 256) / 256)


def cols_xml(widths: list[float], styles: list[str]) -> bytes:
    """The `<cols>` element the writer writes for these widths and column styles: neighbours
    alike share one `<col>`."""
    runs: list[list] = []
    for i, width in enumerate(widths, start=1):
        # The default style is not named, nor is Excel's default width custom.
        style = f' style="{styles[i - 1]}"' if styles[i - 1] != "0" else ""
        custom = ' customWidth="1"' if width != DEFAULT_WIDTH else ""
        attrs = f'width="{excel_width(width)}"{style}{custom}'
        if runs and runs[-1][2] == attrs:
            runs[-1][1] = i
        else:
            runs.append([i, i, attrs])
    cols = "".join(f'<col min="{a}" max="{b}" {attrs}/>' for a, b, attrs in runs)
    return f"<cols>{cols}</cols>".encode()


def cols_of(sheet_xml: bytes) -> bytes:
    found = _COLS_ELEMENT.search(sheet_xml)
    if found is None:
        raise Unexpected("a sheet without column widths")
    return found.group(0)


def with_cols(sheet_xml: bytes, cols: bytes) -> bytes:
    return _COLS_ELEMENT.sub(lambda _: cols, sheet_xml, count=1)


def row_height(sheet_xml: bytes, row: int) -> str:
    """The height the writer wrote for row `row` (1-based)."""
    found = re.search(rb'<row r="%d"[^>]*? ht="([^"]+)"' % row, sheet_xml)
    if found is None:
        raise Unexpected(f"no height for row {row}")
    return found.group(1).decode()


def with_row_height(sheet_xml: bytes, row: int, height: float) -> bytes:
    pattern = rb'(<row r="%d"[^>]*? ht=")[^"]+"' % row
    return re.sub(pattern, rb"\g<1>" + written_number(height).encode() + b'"', sheet_xml, count=1)


def string_cells(sheet_xml: bytes) -> Counter:
    """How many cells of the sheet show each shared string, by its index."""
    return Counter(int(i) for i in _STRING_CELL.findall(sheet_xml))


def title_strings(sheet_xml: bytes, lines: int) -> list[int]:
    """The shared-string index of each of the first `lines` rows' text (the title lines, each
    a cell merged across the table)."""
    found = {
        int(r): int(i) for r, i in _TITLE_CELL.findall(sheet_xml[: sheet_xml.find(b"</sheetData>")])
    }
    if any(r not in found for r in range(1, lines + 1)):
        raise Unexpected("a title line that is not one shared string")
    return [found[r] for r in range(1, lines + 1)]


def sst_item(text: str) -> str:
    """A shared-string item holding `text`."""
    return f'<si><t xml:space="preserve">{_text(text)}</t></si>'


def sst_of(items: list[str], before: str) -> bytes:
    """The shared-string table `before` with its items replaced by `items` (`sst_item`), in
    order; its count of string cells kept."""
    counts = _sst_counts(before)
    head = before[: counts.start()] + (
        f'<sst {counts.group(1)}count="{counts.group(2)}" uniqueCount="{len(items)}">'
    )
    return (head + "".join(items) + "</sst>").encode("utf-8")

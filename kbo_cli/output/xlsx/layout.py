"""How a table is laid out on the page: column widths, and the height of every row.

Official lists are printed: A4 landscape, one page wide. A spreadsheet program shrinks a sheet
to fit, so a table wider than the page prints small. Columns are sized to their content, short
values in narrow columns under headers that wrap, and when the table is still too wide for the
page at `FIT_SCALE` the widest text columns are narrowed and their text wrapped, never below
`TEXT_FLOOR`. Rows are as tall as their wrapped text.

Widths are in characters of the workbook's default font (Excel's unit: 7 pixels a character
and 5 of padding); Thai text at 16 pt takes about `CHAR_WIDTH` of them per character.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from kbo_cli.output.xlsx.cells import Cells, text_width
from kbo_cli.output.xlsx.styles import SIZE
from kbo_cli.output.xlsx.table import CENTER, Column, Table

# TH SarabunPSK 16 pt: about 1.2 default-font character widths per Thai character, 24 pt a line.
CHAR_WIDTH = 1.2
LINE_HEIGHT = 24
# Excel's tallest row is 409 points: a cell holding pages of text shows its first 17 lines.
MAX_LINES = 409 // LINE_HEIGHT
# A column is never wider than this (characters): longer text wraps.
MAX_WIDTH = 48
# Room beside the text: text is indented from the border; centred values need less.
PAD_TEXT = 5
PAD_CENTRED = 3
# Headers wrap: a column is widened for a header word up to this many characters (text
# columns) or this many (short values: numbers, codes, years).
HEADER_WORD_TEXT = 14
HEADER_WORD_SHORT = 8
# A text column narrowed to fit the page keeps at least this many characters a line.
TEXT_FLOOR = 10
# Thai is broken between words, not anywhere: a wrapped line holds less than a full width.
WRAP_FILL = 0.85
# The page: A4 landscape (11.69 in) less the left and right margins (0.4 in each), in pixels
# at 96 a inch. A sheet printed one page wide is shrunk by the page's width over the table's.
PAGE_PIXELS = (11.69 - 0.8) * 96
# The smallest a sheet may print, as a share of its font size (`print_scale`); the layout aims
# a little higher, as spreadsheet programs measure text their own way.
MIN_PRINT_SCALE = 0.6
FIT_SCALE = 0.65
# A chart beside its table: its size in pixels, and the default-width columns it spans.
CHART_WIDTH = 720
CHART_COLUMNS = 12


@dataclass(frozen=True)
class Layout:
    """A table laid out: each column's width (characters), the columns its title lines are
    merged across, the height (points) of each title line, of the header and of each row."""

    widths: tuple[float, ...]
    title_span: int
    title_heights: tuple[float, ...]
    header_height: float
    row_heights: np.ndarray

    def print_scale(self, chart: bool = False) -> float:
        """The share of its size the sheet prints at, one page wide."""
        pixels = sum(column_pixels(w) for w in self.widths)
        if chart:
            pixels += column_pixels(8.43) + CHART_WIDTH
        return min(1.0, PAGE_PIXELS / pixels) if pixels else 1.0


def whole_pixels(height: float) -> float:
    """A row height (points) as a workbook keeps it: whole pixels, 4 to 3 points."""
    return int(height * 4 / 3 + 0.5) * 0.75


def column_pixels(width: float) -> int:
    """A column's width in pixels, as Excel draws a width in characters."""
    return math.floor(width * 7 + 0.5) + 5


def lay_out(table: Table) -> Layout:
    """The layout of a table: see the module's docstring."""
    cell_widths = [c.cells.widths() for c in table.columns]
    wants, floors = [], []
    for column, widths in zip(table.columns, cell_widths, strict=True):
        want, floor = _width(column, int(widths.max()) if len(widths) else 0)
        wants.append(want)
        floors.append(floor)
    widths = _fitted(wants, floors, table)
    rows = np.full(table.rows, table.min_lines, dtype=np.int64)
    header = 1
    for column, width in zip(table.columns, widths, strict=True):
        per_line = _per_line(column, width)
        header = max(header, wrapped_lines(column.header, per_line))
        rows = np.maximum(rows, _lines(column.cells, per_line))
    rows = np.minimum(rows, MAX_LINES)
    span = len(table.columns) + (CHART_COLUMNS if table.chart else 0)
    span_chars = sum(widths) + (CHART_COLUMNS * 8.43 if table.chart else 0)
    title_heights = []
    for i, title in enumerate(table.titles):
        ratio = (SIZE + 2) / SIZE if i == 0 else 1.0  # the first line is larger
        per_line = max(1.0, (span_chars - 2) / CHAR_WIDTH / ratio)
        lines = min(wrapped_lines(title, per_line), MAX_LINES)
        title_heights.append(whole_pixels(round(LINE_HEIGHT * ratio) * lines + 4))
    return Layout(
        tuple(widths),
        max(span, 1),
        tuple(title_heights),
        whole_pixels(LINE_HEIGHT * header),
        rows * LINE_HEIGHT,  # whole pixels: LINE_HEIGHT is 32
    )


def _pad(column: Column) -> int:
    return PAD_CENTRED if column.align == CENTER else PAD_TEXT


def _width(column: Column, content: int) -> tuple[float, float]:
    """A column's width for its widest value and its header, and the least it may be
    narrowed to (characters)."""
    short = column.align == CENTER
    words = max((text_width(w) for w in column.header.split()), default=0)
    header = min(words, HEADER_WORD_SHORT if short else HEADER_WORD_TEXT)
    chars = max(content, header, column.min_width)
    want = min(_pad(column) + chars * CHAR_WIDTH, max(MAX_WIDTH, _pad(column) + column.min_width))
    if short or column.min_width:
        return want, want  # numbers do not wrap; room to write in stays
    floor = _pad(column) + min(chars, TEXT_FLOOR) * CHAR_WIDTH
    return want, min(floor, want)


def _fitted(wants: list[float], floors: list[float], table: Table) -> list[float]:
    """The widths narrowed, widest text columns first, until the table prints at FIT_SCALE
    one page wide, or every column is at its floor."""
    extra = column_pixels(8.43) + CHART_WIDTH if table.chart else 0
    budget = PAGE_PIXELS / FIT_SCALE - extra

    def pixels(widths):
        return sum(column_pixels(w) for w in widths)

    if pixels(wants) <= budget:
        return wants

    def capped(cap: float) -> list[float]:
        return [max(f, min(w, cap)) for w, f in zip(wants, floors, strict=True)]

    low, high = min(floors), max(wants)
    for _ in range(40):  # the widest cap that fits, to a hundredth of a character
        middle = (low + high) / 2
        low, high = (middle, high) if pixels(capped(middle)) <= budget else (low, middle)
        if high - low < 0.01:
            break
    return [round(w, 2) for w in capped(low)]


def _per_line(column: Column, width: float) -> float:
    """How many characters of text a line of the column holds."""
    return max(1.0, (width - _pad(column)) / CHAR_WIDTH)


def _lines(cells: Cells, per_line: float) -> np.ndarray:
    """The lines each cell's text takes, wrapped at `per_line` characters."""
    widths = cells.value_widths()
    lines = np.ones(len(widths) + 1, dtype=np.int64)  # the last: an empty cell's
    if cells.values.dtype == object:
        for k in np.flatnonzero(widths > per_line).tolist():
            value = cells.values[k]
            lines[k] = wrapped_lines(value if isinstance(value, str) else str(value), per_line)
    return lines[cells.codes]


def wrapped_lines(text: str, per_line: float) -> int:
    """The lines `text` takes wrapped at `per_line` characters: words go whole onto a line
    (a break in the text starts a new one); a run longer than a line (Thai is written without
    spaces) is broken between its words, filling lines less than full."""
    total = 0
    for paragraph in text.split("\n"):
        lines, used = 1, 0.0
        for word in paragraph.split(" "):
            width = text_width(word)
            if width > per_line:
                if used:
                    lines += 1
                pieces = math.ceil(width / (per_line * WRAP_FILL))
                lines += pieces - 1
                used = width - (pieces - 1) * per_line * WRAP_FILL
            elif used and used + 1 + width > per_line:
                lines += 1
                used = width
            else:
                used += width + (1 if used else 0)
        total += lines
    return total

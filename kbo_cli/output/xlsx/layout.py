"""How a table is laid out on the page: column widths, and the height of every row.

Official lists are printed: A4 landscape, one page wide. A spreadsheet program shrinks a sheet
to fit, so a table wider than the page prints small. Columns are sized to their content, short
values in narrow columns under headers that wrap, and when the table is still too wide for the
page at `FIT_SCALE` the widest text columns are narrowed and their text wrapped, never below
`TEXT_FLOOR`. Rows are as tall as their wrapped text.

Widths are in digits of the workbook's default font, Calibri 11 pt (Excel's unit: 7 pixels a
digit, and 5 of padding); text is measured in them as it prints (`cells.display_widths`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from kbo_cli.output.xlsx.cells import Cells, text_width
from kbo_cli.output.xlsx.styles import SIZE
from kbo_cli.output.xlsx.table import CENTER, Column, Table

# A row of one line of 16 pt text: 24 pt. Wrapped lines of TH SarabunPSK are further apart
# (its marks stack above and below): 26 pt each, as LibreOffice prints them (measured in its
# PDF: a three-line cell of 72 pt cut its last line).
LINE_HEIGHT = 24
WRAPPED_LINE = 26
# Excel's tallest row is 409 points: a cell holding pages of text shows its first 15 lines.
MAX_LINES = 409 // WRAPPED_LINE
# A column is never wider than this: longer text wraps.
MAX_WIDTH = 48
# Room beside the text, with some to spare: text is indented from the border (10 pixels, and
# 3 of margins, measured in LibreOffice's PDF); centred values need less.
PAD_TEXT = 3
PAD_CENTRED = 1.5
# Headers wrap: a column is widened for a header word up to this width (text columns: about 10
# Thai characters) or this (short values: numbers, codes, years: about 5).
HEADER_WORD_TEXT = 17
HEADER_WORD_SHORT = 9
# A text column narrowed to fit the page keeps at least this width a line (about 7 Thai
# characters); in a table too wide for the page even so, this (about 5). One of Latin letters
# and digits without spaces (phone numbers, codes) is not narrowed: it would be broken between
# any two characters.
TEXT_FLOOR = 12
TEXT_FLOOR_LAST = 8
# Thai is broken between words, not anywhere: a wrapped line holds less than a full width.
WRAP_FILL = 0.85
# The page: A4 landscape (11.69 in) less the left and right margins (0.4 in each), in pixels
# at 96 a inch. A sheet printed one page wide is shrunk by the page's width over the table's.
PAGE_PIXELS = (11.69 - 0.8) * 96
# The smallest a sheet may print, as a share of its font size (`print_scale`); the layout aims
# a little higher, as spreadsheet programs measure text their own way.
MIN_PRINT_SCALE = 0.6
FIT_SCALE = 0.67
# A chart beside its table: its size in pixels, and the default-width columns it spans.
CHART_WIDTH = 720
CHART_COLUMNS = 12


@dataclass(frozen=True)
class Layout:
    """A table laid out: each column's width, the columns its title lines are merged across,
    the height (points) of each title line, of the header (and of the group labels above it,
    for a table that has them) and of each row."""

    widths: tuple[float, ...]
    title_span: int
    title_heights: tuple[float, ...]
    header_height: float
    row_heights: np.ndarray
    group_height: float = 0.0

    def head_heights(self, table: Table) -> dict[int, float]:
        """The height of each row above the data, by row from 0."""
        heights = dict(enumerate(self.title_heights))
        if table.grouped:
            heights[table.header_row - 1] = self.group_height
        heights[table.header_row] = self.header_height
        return heights

    def print_scale(self, chart: bool = False) -> float:
        """The share of its size the sheet prints at, one page wide."""
        pixels = sum(column_pixels(w) for w in self.widths)
        if chart:
            pixels += column_pixels(8.43) + CHART_WIDTH
        return min(1.0, PAGE_PIXELS / pixels) if pixels else 1.0


def chart_height(bars: int) -> int:
    """A bar chart's height in pixels: room for each bar's label at 16 pt."""
    return max(300, 26 * bars + 100)


def whole_pixels(height: float) -> float:
    """A row height (points) as a workbook keeps it: whole pixels, 4 to 3 points."""
    return int(height * 4 / 3 + 0.5) * 0.75


def column_pixels(width: float) -> int:
    """A column's width in pixels, as Excel draws a width in characters."""
    return math.floor(width * 7 + 0.5) + 5


def lay_out(table: Table) -> Layout:
    """The layout of a table: see the module's docstring."""
    cell_widths = [c.cells.widths() for c in table.columns]
    wants, floors, last_floors = [], [], []
    for column, widths in zip(table.columns, cell_widths, strict=True):
        want, floor, last = _width(column, float(widths.max()) if len(widths) else 0.0)
        wants.append(want)
        floors.append(floor)
        last_floors.append(last)
    widths = _fitted(wants, floors, last_floors, table)
    rows = np.full(table.rows, table.min_lines, dtype=np.int64)
    header = group = 1
    for column, width in zip(table.columns, widths, strict=True):
        per_line = _per_line(column, width)
        lines = wrapped_lines(column.header, per_line, bold=True)
        if table.grouped and not column.group:
            lines -= 1  # its header is merged over the group labels' row too
        header = max(header, lines)
        rows = np.maximum(rows, _lines(column.cells, per_line))
    for label, first, last in table.groups() if table.grouped else ():
        if label:
            span = sum(widths[first : last + 1]) - PAD_TEXT
            group = max(group, wrapped_lines(label, max(span, 1.0), bold=True))
    rows = np.minimum(rows, MAX_LINES)
    span = len(table.columns) + (CHART_COLUMNS if table.chart else 0)
    span_width = sum(widths) + (CHART_COLUMNS * 8.43 if table.chart else 0)
    title_heights = []
    for i, title in enumerate(table.titles):
        ratio = (SIZE + 2) / SIZE if i == 0 else 1.0  # the first line is larger
        per_line = max(1.0, (span_width - PAD_TEXT) / ratio)
        lines = min(wrapped_lines(title, per_line, bold=True), MAX_LINES)
        title_heights.append(whole_pixels(row_height(lines) * ratio + 4))
    heights = np.where(rows > 1, rows * WRAPPED_LINE, LINE_HEIGHT).astype(float)
    heights = np.floor(heights * 4 / 3 + 0.5) * 0.75  # whole pixels, as `whole_pixels`
    return Layout(
        tuple(widths),
        max(span, 1),
        tuple(title_heights),
        whole_pixels(row_height(header)),
        heights,
        whole_pixels(row_height(group)) if table.grouped else 0.0,
    )


def row_height(lines: int) -> float:
    """The height (points) of a row of this many lines of 16 pt text."""
    return LINE_HEIGHT if lines <= 1 else WRAPPED_LINE * lines


def _pad(column: Column) -> int:
    return PAD_CENTRED if column.align == CENTER else PAD_TEXT


def _width(column: Column, content: float) -> tuple[float, float, float]:
    """A column's width for its widest value and its header, the least it may be narrowed
    to, and the least in a table too wide for the page even so."""
    short = column.align == CENTER
    text = max(content, _header_width(column.header, short), column.min_width)
    widest = max(MAX_WIDTH, _pad(column) + column.min_width)
    want = _hundredths(min(_pad(column) + text, widest))
    if short or column.min_width or _unbreakable(column.cells):
        return want, want, want  # numbers do not wrap; room to write in stays
    floor = min(_hundredths(_pad(column) + min(text, TEXT_FLOOR)), want)
    return want, floor, min(_hundredths(_pad(column) + min(text, TEXT_FLOOR_LAST)), floor)


@lru_cache(maxsize=1024)
def _header_width(header: str, short: bool) -> float:
    """The width a header asks of its column: its widest word, up to HEADER_WORD_TEXT (or
    HEADER_WORD_SHORT); a word in Latin letters (Quadrant) whole, as it does not break where a
    run of Thai does."""
    words = max((text_width(w, bold=True) for w in header.split()), default=0)
    latin = [text_width(w, bold=True) for w in header.split() if w.isascii()]
    return max(min(words, HEADER_WORD_SHORT if short else HEADER_WORD_TEXT), *latin, 0)


def _unbreakable(cells: Cells) -> bool:
    """True for text of Latin letters and digits without spaces: nowhere to break a line."""
    values = cells.values.tolist()
    return bool(values) and all(isinstance(v, str) and v.isascii() and " " not in v for v in values)


def _hundredths(width: float) -> float:
    """A width to the hundredth above: never narrower than the text it was measured for."""
    return math.ceil(round(width * 100, 6)) / 100


def _fitted(
    wants: list[float], floors: list[float], last_floors: list[float], table: Table
) -> list[float]:
    """The widths narrowed, widest text columns first, until the table prints at FIT_SCALE
    one page wide, or every column is at its floor (its last floor, for a table too wide for
    the page at its floors)."""
    extra = column_pixels(8.43) + CHART_WIDTH if table.chart else 0
    budget = PAGE_PIXELS / FIT_SCALE - extra

    want, floor = np.asarray(wants), np.asarray(floors)

    def pixels(widths: np.ndarray) -> float:
        return float(np.sum(np.floor(widths * 7 + 0.5) + 5))  # `column_pixels`, all at once

    if pixels(want) <= budget:
        return wants
    if pixels(floor) > budget:
        floor = np.asarray(last_floors)
    low, high = float(floor.min()), float(want.max())
    while high - low >= 0.01:  # the widest cap that fits, to a hundredth of a character
        middle = (low + high) / 2
        fits = pixels(np.maximum(floor, np.minimum(want, middle))) <= budget
        low, high = (middle, high) if fits else (low, middle)
    return [_hundredths(w) for w in np.maximum(floor, np.minimum(want, low)).tolist()]


def _per_line(column: Column, width: float) -> float:
    """How wide a text a line of the column holds."""
    return max(1.0, round(width - _pad(column), 6))


def _lines(cells: Cells, per_line: float) -> np.ndarray:
    """The lines each cell's text takes, wrapped at `per_line`."""
    widths = cells.value_widths()
    lines = np.ones(len(widths) + 1, dtype=np.int64)  # the last: an empty cell's
    wide = widths > per_line + 1e-6
    if cells.values.dtype == object and wide.any():
        spaced = cells.spaced()
        # One run of text (a Thai name): broken between its words, lines less than full.
        runs = wide & ~spaced
        lines[:-1][runs] = np.ceil(widths[runs] / (per_line * WRAP_FILL)).astype(np.int64)
        for k in np.flatnonzero(wide & spaced).tolist():
            lines[k] = wrapped_lines(cells.values[k], per_line)
    return lines[cells.codes]


@lru_cache(maxsize=4096)
def wrapped_lines(text: str, per_line: float, bold: bool = False) -> int:
    """The lines `text` takes wrapped at `per_line`: words go whole onto a line (a break in
    the text starts a new one); a run longer than a line (Thai is written without spaces) is
    broken between its words, filling lines less than full."""
    space = text_width(" ", bold)
    total = 0
    for paragraph in text.split("\n"):
        lines, used = 1, 0.0
        for word in paragraph.split(" "):
            width = text_width(word, bold)
            if width > per_line + 1e-6:
                if used:
                    lines += 1
                pieces = math.ceil(width / (per_line * WRAP_FILL))
                lines += pieces - 1
                used = width - (pieces - 1) * per_line * WRAP_FILL
            elif used and used + space + width > per_line + 1e-6:
                lines += 1
                used = width
            else:
                used += width + (space if used else 0)
        total += lines
    return total

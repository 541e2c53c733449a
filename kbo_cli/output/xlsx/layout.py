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
from itertools import pairwise

import numpy as np

from kbo_cli.output.xlsx.cells import Cells, text_width
from kbo_cli.output.xlsx.styles import SIZE
from kbo_cli.output.xlsx.table import CENTER, Column, Table

# A line of 16 pt TH SarabunPSK: 27 pt (36 pixels), and 3.75 pt more (5 pixels) for a row of
# wrapped lines. Its marks stack above and below the letters: in rows of 24 pt a line
# LibreOffice cut them at the border (a three-line cell of 72 pt lost its last line), and it
# sets wrapped lines 26.4 pt apart.
LINE_HEIGHT = 27
WRAPPED_EXTRA = 3.75
# Excel's tallest row is 409 points: a cell holding pages of text shows its first 15 lines.
MAX_LINES = 409 // LINE_HEIGHT
# A column is never wider than this: longer text wraps.
MAX_WIDTH = 48
# Room beside the text, with some to spare: text is indented from the border (10 pixels, and
# 3 of margins, measured in LibreOffice's PDF); centred values need less.
PAD_TEXT = 3
PAD_CENTRED = 1.5
# Headers wrap: a column is widened for a header word up to this width (text columns: about 10
# Thai characters) or this (short values: numbers, codes, years: about 7). A column of short
# values narrowed to fit the page keeps room for a header word this wide (about 5), or this in
# a table too wide for the page even so (about 3): a narrower one breaks its header's words.
HEADER_WORD_TEXT = 18
HEADER_WORD_SHORT = 12
HEADER_WORD_SHORT_FLOOR = 8
HEADER_WORD_SHORT_LAST = 5
# A text column narrowed to fit the page keeps at least this width a line (about 7 Thai
# characters); in a table too wide for the page even so, this (about 5). One of Latin letters
# and digits without spaces (phone numbers, codes) is not narrowed: it would be broken between
# any two characters.
TEXT_FLOOR = 12
TEXT_FLOOR_LAST = 8
# A value of one word up to this wide (a ตำบล, a village: about 11 Thai characters) keeps its
# column at least as wide: a spreadsheet program breaks a word wider than its column anywhere
# (a reader found `บางน้ำเปรี้ย` and `ว` on two lines). Longer runs of Thai wrap between words.
WHOLE_WORD = 20
# Thai is broken between words, not anywhere: a wrapped line of a run holds less than a full
# width.
WRAP_FILL = 0.9
# The page: A4 landscape (11.69 in) less the left and right margins (0.4 in each), in pixels
# at 96 a inch. A sheet printed one page wide is shrunk by the page's width over the table's.
PAGE_PIXELS = (11.69 - 0.8) * 96
# Its height, less the top and bottom margins (0.6 and 0.8 in), in points.
PAGE_HEIGHT = (8.27 - 1.4) * 72
# The smallest a sheet may print, as a share of its font size (`print_scale`); the layout aims
# a little higher, as spreadsheet programs measure text their own way.
MIN_PRINT_SCALE = 0.6
FIT_SCALE = 0.67
# A list with a sign-off below, too long for one page, prints at a set scale with its page
# breaks set (`page_breaks`): a program then breaks it nowhere else, and the sign-off stays with
# the table's last rows (this many). Fitted to the page's width, a program picks the scale
# itself, and each its own: LibreOffice drew the example's columns 4.6 to 6.3% wider than the
# pixels Excel counts (at a set 64% they spilled onto a second page; at 63% they fitted), and
# put two more rows on a page than the layout had counted. So the scale is set this much below
# the width's, and the pages filled to this share of their height.
KEEP_WITH_NOTES = 2
SCALE_MARGIN = 0.93
HEIGHT_MARGIN = 0.97
# A chart beside its table: its size in pixels, and the default-width columns it spans.
CHART_WIDTH = 720
CHART_COLUMNS = 12


@dataclass(frozen=True)
class Layout:
    """A table laid out: each column's width, the columns its title lines are merged across,
    the height (points) of each title line, of the header (and of the group labels above it,
    for a table that has them) and of each row."""

    widths: tuple[float, ...]  # of every column; the printed ones fit the page
    title_span: int
    title_heights: tuple[float, ...]
    header_height: float
    row_heights: np.ndarray
    group_height: float = 0.0
    # Printed one page tall as well as wide (0: as many pages tall as it takes): a table, or a
    # chart and its table, that fits a page at a legible size.
    pages_tall: int = 0
    # The column a note on the right starts in: the first from the middle of the printed width.
    note_column: int = 0
    # A long list with a sign-off: the scale it prints at (per cent; 0: fitted to the page's
    # width) and the data rows (from 0) that start a page (`page_breaks`).
    scale: int = 0
    breaks: tuple[int, ...] = ()

    def head_heights(self, table: Table) -> dict[int, float]:
        """The height of each row above the data, by row from 0."""
        heights = dict(enumerate(self.title_heights))
        if table.grouped:
            heights[table.header_row - 1] = self.group_height
        heights[table.header_row] = self.header_height
        return heights

    def print_scale(self, chart: bool = False) -> float:
        """The share of its size the sheet prints at, one page wide."""
        pixels = sum(column_pixels(w) for w in self.widths[: self.title_span])
        if chart:
            pixels += column_pixels(8.43) + CHART_WIDTH
        return min(1.0, PAGE_PIXELS / pixels) if pixels else 1.0


def chart_height(bars: int) -> int:
    """A bar chart's height in pixels: room for each bar's label. LibreOffice leaves out the
    labels that would touch, spacing all for the tallest: at 30 pixels a bar it named every
    other district of the example's 12, at 36 each one (its font, 14 pt, a label a line)."""
    return max(300, 36 * bars + 100)


def whole_pixels(height: float) -> float:
    """A row height (points) as a workbook keeps it: whole pixels, 4 to 3 points."""
    return int(height * 4 / 3 + 0.5) * 0.75


def column_pixels(width: float) -> int:
    """A column's width in pixels, as Excel draws a width in characters."""
    return math.floor(width * 7 + 0.5) + 5


def lay_out(table: Table) -> Layout:
    """The layout of a table: see the module's docstring."""
    cell_widths = [c.cells.widths() for c in table.columns]
    steps = [
        _width(column, float(widths.max()) if len(widths) else 0.0)
        for column, widths in zip(table.columns, cell_widths, strict=True)
    ]
    widths = _fitted(steps, table)
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
            span = sum(map(column_pixels, widths[first : last + 1])) / 7 - PAD_TEXT
            group = max(group, wrapped_lines(label, max(span, 1.0), bold=True))
    rows = np.minimum(rows, MAX_LINES)
    printed = table.printed_columns
    span = printed + (CHART_COLUMNS if table.chart else 0)
    # The title lines span the printed columns' pixels, their padding included, and the chart's.
    span_pixels = sum(map(column_pixels, widths[:printed])) + (
        CHART_COLUMNS * 64 if table.chart else 0
    )
    span_width = span_pixels / 7
    title_heights = []
    for i, title in enumerate(table.titles):
        ratio = (SIZE + 2) / SIZE if i == 0 else 1.0  # the first line is larger
        per_line = max(1.0, (span_width - PAD_TEXT) / ratio)
        lines = min(wrapped_lines(title, per_line, bold=True), MAX_LINES)
        title_heights.append(whole_pixels(row_height(lines) * ratio + 4))
    heights = rows * LINE_HEIGHT + np.where(rows > 1, WRAPPED_EXTRA, 0.0)  # whole pixels
    group_height = whole_pixels(row_height(group)) if table.grouped else 0.0
    header_height = whole_pixels(row_height(header))
    pages_tall, scale, breaks = 0, 0, ()
    head = group_height + header_height  # repeated at the top of every printed page
    above = sum(title_heights) + head  # the first page's, above the rows
    notes = (1 + len(table.notes)) * LINE_HEIGHT if table.notes else 0  # a blank row, then them
    if table.chart:
        below = max(float(heights.sum()) + notes, chart_height(table.rows) * 0.75 - header_height)
        pages_tall = 1 if PAGE_HEIGHT / (above + below) >= MIN_PRINT_SCALE else 0
    else:
        # A table prints on one page where it is legible so: a list's sign-off then never
        # parts from the table's end (a program breaks pages its own way), and a short table
        # leaves no page of its last row or two (a sign-in sheet's spare rows alone on one).
        tall = above + float(heights.sum()) + notes
        wide = sum(map(column_pixels, widths[:printed]))
        fits = min(PAGE_HEIGHT / tall, PAGE_PIXELS / wide if wide else 1.0)
        pages_tall = 1 if fits >= MIN_PRINT_SCALE else 0
        if not pages_tall and table.notes:
            scale = max(10, math.floor(100 * min(1.0, PAGE_PIXELS / wide) * SCALE_MARGIN))
            page = PAGE_HEIGHT * HEIGHT_MARGIN * 100 / scale
            breaks = page_breaks(above, head, heights.tolist(), notes, page)
    edges = np.cumsum([column_pixels(w) for w in widths[:printed]])
    middle = int(np.searchsorted(edges, edges[-1] / 2)) + 1 if printed else 0
    return Layout(
        tuple(widths),
        max(span, 1),
        tuple(title_heights),
        header_height,
        heights,
        group_height,
        pages_tall,
        min(middle, max(printed - 1, 0)),
        scale,
        breaks,
    )


def page_breaks(
    first: float, head: float, rows: list[float], notes: float, page: float
) -> tuple[int, ...]:
    """The rows (from 0) that start a page, all heights in points: `first` above the rows on
    the first page, `head` (the header, repeated) on every other, the rows, then `notes`, which
    start no page: they go with the last `KEEP_WITH_NOTES` rows. Each page holds what fits in
    `page`."""
    breaks: list[int] = []
    used, on_page = first, 0
    keep = max(len(rows) - KEEP_WITH_NOTES, 0)
    for i, height in enumerate(rows[:keep]):
        if on_page and used + height > page:
            breaks.append(i)
            used, on_page = head, 0
        used += height
        on_page += 1
    if on_page and used + sum(rows[keep:]) + notes > page:
        breaks.append(keep)
    return tuple(breaks)


def row_height(lines: int) -> float:
    """The height (points) of a row of this many lines of 16 pt text."""
    return LINE_HEIGHT * max(lines, 1) + (WRAPPED_EXTRA if lines > 1 else 0.0)


def _pad(column: Column) -> int:
    return PAD_CENTRED if column.align == CENTER else PAD_TEXT


def _width(column: Column, content: float) -> tuple[float, float, float, float]:
    """A column's widths, from the widest down: for its widest value and its header; for
    its values only (the header wrapping more); the least it may be narrowed to; and the least
    in a table too wide for the page even so."""
    short = column.align == CENTER
    pad = _pad(column)
    if short:  # numbers do not wrap: only the header can
        want, body, floor, last = (
            _hundredths(pad + max(content, _header_width(column.header, cap)))
            for cap in (HEADER_WORD_SHORT, 0.0, HEADER_WORD_SHORT_FLOOR, HEADER_WORD_SHORT_LAST)
        )
        floor = min(max(floor, body), want)
        return want, floor, floor, min(max(last, body), floor)
    text = max(content, _header_width(column.header, HEADER_WORD_TEXT), column.min_width)
    widest = max(MAX_WIDTH, pad + column.min_width)
    want = _hundredths(min(pad + text, widest))
    if column.min_width or _unbreakable(column.cells):
        return want, want, want, want  # room to write in stays; codes would break anywhere
    word = _hundredths(pad + _whole_word(column.cells))
    body = min(_hundredths(pad + max(content, min(text, TEXT_FLOOR))), want)
    floor = min(max(_hundredths(pad + min(text, TEXT_FLOOR)), word), body)
    return want, body, floor, min(max(_hundredths(pad + min(text, TEXT_FLOOR_LAST)), word), floor)


def _whole_word(cells: Cells) -> float:
    """The widest value of one word no wider than `WHOLE_WORD`, or 0."""
    if cells.values.dtype != object or not len(cells.values):
        return 0.0
    widths = cells.value_widths()
    short = (widths <= WHOLE_WORD) & ~cells.spaced()
    return float(widths[short].max()) if short.any() else 0.0


@lru_cache(maxsize=1024)
def _header_width(header: str, cap: float) -> float:
    """The width a header asks of its column: its widest word, up to `cap`; a word in Latin
    letters (Quadrant) whole, as it does not break where a run of Thai does."""
    words = max((text_width(w, bold=True) for w in header.split()), default=0)
    latin = [text_width(w, bold=True) for w in header.split() if w.isascii()]
    return max(min(words, cap), *latin, 0)


def _unbreakable(cells: Cells) -> bool:
    """True for text of Latin letters and digits without spaces: nowhere to break a line."""
    values = cells.values.tolist()
    return bool(values) and all(isinstance(v, str) and v.isascii() and " " not in v for v in values)


def _hundredths(width: float) -> float:
    """A width to the hundredth above: never narrower than the text it was measured for."""
    return math.ceil(round(width * 100, 6)) / 100


def _fitted(steps: list[tuple[float, ...]], table: Table) -> list[float]:
    """The widths narrowed until the table prints at FIT_SCALE one page wide. First the room
    the headers ask beyond the values (a header wraps once; a value would wrap on every row),
    then the values' own room down to each column's floor, then, for a table too wide for the
    page even so, down to the last floors: each step taking from every column the same share
    of what it can give (a column of long text keeps more of its width than one of short
    names). `steps`: each column's widths, from the widest down (`_width`)."""
    extra = column_pixels(8.43) + CHART_WIDTH if table.chart else 0
    budget = PAGE_PIXELS / FIT_SCALE - extra

    def pixels(widths: np.ndarray) -> float:
        return float(np.sum(np.floor(widths * 7 + 0.5) + 5))  # `column_pixels`, all at once

    # Only the printed columns are fitted to the page; the others keep their own widths.
    printed = table.printed_columns
    if printed < len(steps):
        return _fitted(steps[:printed], table) + [s[0] for s in steps[printed:]]
    levels = np.asarray(steps, dtype=float).T  # a row per step, a column per column
    if pixels(levels[0]) <= budget:
        return levels[0].tolist()
    for wider, narrower in pairwise(levels):
        if pixels(narrower) > budget:
            continue  # even this step's narrowest is too wide: the next step's
        low, high = 0.0, 1.0  # the share of (wider - narrower) each column keeps
        while high - low > 1e-4:
            middle = (low + high) / 2
            if pixels(narrower + middle * (wider - narrower)) <= budget:
                low = middle
            else:
                high = middle
        return [_hundredths(w) for w in (narrower + low * (wider - narrower)).tolist()]
    return levels[-1].tolist()


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
    full = per_line * WRAP_FILL  # a whole line of a run broken between its words
    total = 0
    for paragraph in text.split("\n"):
        lines, used = 1, 0.0
        for word in paragraph.split(" "):
            width = text_width(word, bold)
            gap = space if used else 0.0
            if used + gap + width <= per_line + 1e-6:
                used += gap + width
            elif width <= per_line + 1e-6:  # a word that fits a line goes to the next
                lines += 1
                used = width
            else:  # a longer run fills the rest of this line, then whole lines
                rest = width - max(per_line - used - gap, 0.0) * WRAP_FILL if used else width
                more = math.ceil(rest / full)
                lines += more if used else more - 1
                used = rest - (more - 1) * full
        total += lines
    return total

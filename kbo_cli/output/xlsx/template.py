"""The fast path for many workbooks of one shape: a template laid out once, filled for each.

A national run writes 928 district workbooks, each the same two sheets with other titles, widths
and rows. The plain writer spends most of each workbook on what they share. So it lays out the
first once, with no data rows and a placeholder for each title line (`Template`); each workbook
then takes that template with its own column widths (`<cols>`, as the plain writer writes
them, checked on the template), title and header row heights, title lines (in the shared
strings) and rows (as `rows` puts a long table's in).

Every edit is of an element the plain writer wrote once, and checked as it is made: one that
is not there, or there twice, raises `Declined` and the plain writer makes that workbook.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from kbo_cli.output.xlsx import plain
from kbo_cli.output.xlsx.layout import Layout, column_pixels, lay_out
from kbo_cli.output.xlsx.rows import Declined, LaidOut, fill, found_once
from kbo_cli.output.xlsx.table import Table

DEFAULT_COLUMN_PIXELS = 64  # Excel's default column width, 8.43 characters


def _placeholder(sheet: int, line: int) -> str:
    """A title line's text in the template: found once in its shared strings, in no cell."""
    return f"\ue000kbo {sheet}.{line}\ue000"


class Template:
    """A workbook laid out for tables of one shape (`Table.shape`); `book(tables)` fills it
    for other tables of that shape."""

    def __init__(self, tables: Sequence[Table]) -> None:
        if any(t.chart for t in tables):
            raise Declined("a chart's ranges would not follow the rows")
        self.shape = [t.shape() for t in tables]
        layouts = [lay_out(t) for t in tables]
        marked = [
            replace(t, titles=tuple(_placeholder(j, i) for i in range(len(t.titles))))
            for j, t in enumerate(tables)
        ]
        self.laid = LaidOut(plain.write(marked, layouts, [False] * len(tables)))
        where = {text: i for i, text in enumerate(self.laid.strings)}
        self.titles = []
        for t in marked:
            if any(self.laid.strings.count(title) != 1 for title in t.titles):
                raise Declined("a title line is not one shared string")
            self.titles.append([where[title] for title in t.titles])
        self.styles = [self.laid.column_styles(t) for t in tables]
        # Each sheet before and after its <cols>, which every workbook has its own of.
        self.around_cols: list[tuple[bytes, bytes]] = []
        for j, layout in enumerate(layouts):
            sheet = self.laid.entries[self.laid.sheets[j]]
            written = found_once(rb"<cols>.*?</cols>", sheet, "<cols>")
            if written.group(0) != cols_xml(layout.widths, self.styles[j]):
                raise Declined("the writer writes column widths otherwise")
            self.around_cols.append((sheet[: written.start()], sheet[written.end() :]))
            if with_page_setup(sheet, tables[j], layout) != sheet:
                raise Declined("the writer writes the page setup otherwise")

    def book(self, tables: Sequence[Table]) -> bytes:
        """The workbook of these tables, filled from the template."""
        if [t.shape() for t in tables] != self.shape:
            raise Declined("tables of another shape than the template's")
        strings = list(self.laid.strings)
        entries, filled = {}, []
        for j, table in enumerate(tables):
            layout = lay_out(table)
            name = self.laid.sheets[j]
            before, after = self.around_cols[j]
            sheet = before + cols_xml(layout.widths, self.styles[j]) + after
            heights = {row + 1: h for row, h in layout.head_heights(table).items()}
            sheet = with_page_setup(sheet, table, layout)
            entries[name] = with_row_heights(sheet, heights)
            for index, title in zip(self.titles[j], table.titles, strict=True):
                strings[index] = title
            filled.append((j, table, layout))
        return fill(self.laid, filled, entries, strings)


def _number(value: float) -> str:
    return f"{value:.16g}"


def cols_xml(widths: Sequence[float], styles: Sequence[int]) -> bytes:
    """The `<cols>` element the plain writer (xlsxwriter) writes for these widths and column
    styles: each width in whole pixels (`layout.column_pixels`), neighbours alike sharing one
    `<col>`."""
    runs: list[list] = []
    for i, (width, style) in enumerate(zip(widths, styles, strict=True), start=1):
        if width < 1:
            raise Declined("a column narrower than one character")
        pixels = column_pixels(width)
        attrs = f'width="{_number((pixels * 256 // 7) / 256)}"'
        attrs += f' style="{style}"' if style else ""
        attrs += ' customWidth="1"' if pixels != DEFAULT_COLUMN_PIXELS else ""
        if runs and runs[-1][2] == attrs:
            runs[-1][1] = i
        else:
            runs.append([i, i, attrs])
    cols = "".join(f'<col min="{a}" max="{b}" {attrs}/>' for a, b, attrs in runs)
    return f"<cols>{cols}</cols>".encode()


_FIT_TO_PAGE = b'<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'


def with_page_setup(sheet_xml: bytes, table: Table, layout: Layout) -> bytes:
    """The sheet printed as `layout` says: fitted to the page (one page tall, or as many as it
    takes) or at a set scale with its page breaks (`Layout.breaks`), as the plain writer
    (xlsxwriter) writes each: `<sheetPr>` asking to fit, the scale or the pages tall after the
    paper size, and `<rowBreaks>` after the footer."""
    sheet_xml = sheet_xml.replace(_FIT_TO_PAGE, b"", 1)
    sheet_xml = re.sub(rb"<rowBreaks [^>]*>.*?</rowBreaks>", b"", sheet_xml, count=1)
    tag = found_once(rb'<pageSetup paperSize="\d+"[^>]*>', sheet_xml, "the page setup")
    plain_tag = re.sub(rb' (scale="\d+"|fitToHeight="0")', b"", tag[0], count=1)
    paper = re.match(rb'<pageSetup paperSize="\d+"', plain_tag).end()
    if layout.scale:
        setting = b' scale="%d"' % layout.scale
    else:
        setting = b' fitToHeight="0"' if layout.pages_tall == 0 else b""
        if b"<sheetPr" in sheet_xml:
            raise Declined("the sheet has properties the writer did not write")
        dimension = found_once(rb"<dimension ", sheet_xml, "the sheet's dimension").start()
        sheet_xml = sheet_xml[:dimension] + _FIT_TO_PAGE + sheet_xml[dimension:]
    changed = plain_tag[:paper] + setting + plain_tag[paper:]
    tag = found_once(rb'<pageSetup paperSize="\d+"[^>]*>', sheet_xml, "the page setup")
    sheet_xml = sheet_xml[: tag.start()] + changed + sheet_xml[tag.end() :]
    if layout.breaks:
        first = table.header_row + 1
        brks = "".join(f'<brk id="{first + r}" max="16383" man="1"/>' for r in layout.breaks)
        n = len(layout.breaks)
        breaks = f'<rowBreaks count="{n}" manualBreakCount="{n}">{brks}</rowBreaks>'.encode()
        end = found_once(rb"</headerFooter>", sheet_xml, "the page footer").end()
        sheet_xml = sheet_xml[:end] + breaks + sheet_xml[end:]
    return sheet_xml


def with_row_heights(sheet_xml: bytes, heights: dict[int, float]) -> bytes:
    """The sheet with rows (1-based) given these heights (points, whole pixels)."""
    for row, height in heights.items():
        tag = found_once(rb'<row r="%d"[ >][^>]*>' % row, sheet_xml, f"row {row}")
        start, end = tag.span()
        changed, n = re.subn(rb' ht="[^"]*"', b' ht="%s"' % _number(height).encode(), tag[0])
        if n != 1:
            raise Declined(f"row {row} has no height")
        sheet_xml = sheet_xml[:start] + changed + sheet_xml[end:]
    return sheet_xml

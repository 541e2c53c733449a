"""The plain writer: xlsxwriter lays out every sheet and writes every cell.

It is the reference: what the fast paths (`rows`, `template`) write must read back as what
this writes, cell by cell, values and styles (`tests/test_writing_paths.py`). It also lays out
the workbooks those paths fill: given `rows=False` for a table, it writes the titles, header,
widths, formats, filter and print setup, and no data rows.

xlsxwriter (by John McNamara, since 2013) writes the same bytes for the same workbook, dated
`FIXED_TIME`; its choice, against rust_xlsxwriter's Python binding and openpyxl, is in
`bench/README.md`.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

import xlsxwriter

from kbo_cli.output.xlsx import package
from kbo_cli.output.xlsx.cells import stored
from kbo_cli.output.xlsx.layout import (
    CHART_WIDTH,
    LINE_HEIGHT,
    Layout,
    chart_height,
    column_pixels,
)
from kbo_cli.output.xlsx.styles import (
    FONT,
    HEADER_STYLE,
    NOTE_STYLE,
    Style,
    data_style,
    title_style,
)
from kbo_cli.output.xlsx.table import Table, note_cells

# The creation date every workbook states: the same input gives the same bytes.
FIXED_TIME = dt.datetime(2020, 1, 1)
# Text is text: never a formula, a link or a number, whatever it looks like (`=HYPERLINK(...)`
# typed into a registry stays those characters).
_OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}
# The footer in the document's font (a spreadsheet program draws it in its own otherwise).
# Pages are counted per sheet (each starts at 1): a workbook's sheets are filed apart.
PAGE_FOOTER = '&C&"TH SarabunPSK,Regular"&14หน้า &P'
CREDIT = '&R&"TH SarabunPSK,Regular"&10'

ZOOM = 90
CHART_FONT = 14
A4 = 9  # xlsxwriter's paper code


def write(tables: Sequence[Table], layouts: Sequence[Layout], rows: Sequence[bool]) -> bytes:
    """A workbook with a sheet per table as laid out; a table's data rows are written only
    where `rows` says so."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, _OPTIONS)
    book.set_properties({"created": FIXED_TIME})
    formats: dict[Style, object] = {}

    def fmt(style: Style):
        if style not in formats:
            formats[style] = book.add_format(style.xlsxwriter())
        return formats[style]

    for table, layout, with_rows in zip(tables, layouts, rows, strict=True):
        _sheet(book, fmt, table, layout, with_rows)
    book.close()
    data = buffer.getvalue()
    if any(t.chart for t in tables):
        data = _charts_in_thai(data)
    return data


def _charts_in_thai(data: bytes) -> bytes:
    """The charts' text in the document's font for Thai too. A chart names its font per
    script, and xlsxwriter names only the Latin one (`<a:latin>`): LibreOffice drew the Thai
    labels in its fallback font, taller, and left out every other district's as too crowded.
    The complex-script font (`<a:cs>`) is added beside it."""
    latin = f'<a:latin typeface="{FONT}"/>'.encode()
    charts = {
        name: xml.replace(latin, latin + f'<a:cs typeface="{FONT}"/>'.encode())
        for name, xml in package.read_entries(data, "xl/charts/chart").items()
    }
    return package.replaced(data, charts)


def _sheet(book, fmt, table: Table, layout: Layout, with_rows: bool) -> None:
    sheet = book.add_worksheet(table.name)
    head = table.header_row
    width = max(len(table.columns), 1)
    for i, (title, height) in enumerate(zip(table.titles, layout.title_heights, strict=True)):
        if layout.title_span > 1:
            sheet.merge_range(i, 0, i, layout.title_span - 1, title, fmt(title_style(i)))
        else:
            sheet.write_string(i, 0, title, fmt(title_style(i)))
        sheet.set_row(i, height)
    header = fmt(HEADER_STYLE)
    for label, first, last in table.groups() if table.grouped else ():
        if label and last > first:
            sheet.merge_range(head - 1, first, head - 1, last, label, header)
        elif label:
            sheet.write_string(head - 1, first, label, header)
        else:  # a column of no group: its header fills both rows
            sheet.merge_range(head - 1, first, head, first, table.columns[first].header, header)
    for j, column in enumerate(table.columns):
        if not table.grouped or column.group:
            sheet.write_string(head, j, column.header, header)
    for row, height in layout.head_heights(table).items():
        if row >= len(table.titles):
            sheet.set_row(row, height)
    for j, (column, column_width) in enumerate(zip(table.columns, layout.widths, strict=True)):
        # In whole pixels, as the layout counts them: the writer's own rounding of a width in
        # characters has changed between its releases.
        sheet.set_column_pixels(j, j, column_pixels(column_width), fmt(data_style(column)))
    if with_rows:
        _rows(sheet, fmt, table, layout)
        _notes(sheet, fmt, table, layout)
    elif table.notes:
        # The notes' style in the workbook, for the fast path that writes them (`rows.fill`)
        # to find by meaning: xlsxwriter keeps only the formats a cell has used.
        fmt(NOTE_STYLE)._get_xf_index()
    last = head + table.rows
    sheet.freeze_panes(head + 1, 0)
    sheet.autofilter(head, 0, last, width - 1)
    sheet.set_landscape()
    sheet.set_paper(A4)
    if layout.scale:  # a long list with a sign-off: its scale and page breaks set
        sheet.set_print_scale(layout.scale)
        sheet.set_h_pagebreaks([head + 1 + row for row in layout.breaks])
    else:
        sheet.fit_to_pages(1, layout.pages_tall)
    sheet.repeat_rows(len(table.titles), head)
    if table.printed_columns < len(table.columns):
        sheet.print_area(0, 0, table.last_row, table.printed_columns - 1)
    sheet.center_horizontally()
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.8)
    sheet.set_start_page(1)
    footer = PAGE_FOOTER + (CREDIT + table.footer if table.footer else "")
    sheet.set_footer(footer, {"margin": 0.3})
    sheet.set_zoom(ZOOM)
    if table.chart and table.rows:
        _chart(book, sheet, table, last)


def _rows(sheet, fmt, table: Table, layout: Layout) -> None:
    first = table.header_row + 1
    for r, height in enumerate(layout.row_heights.tolist()):
        sheet.set_row(first + r, height)
    for j, column in enumerate(table.columns):
        style = fmt(data_style(column))
        dates = column.number_format is not None
        made = [stored(v, dates) for v in column.cells.values.tolist()]
        made.append(("", None))  # code -1: an empty cell
        for r, code in enumerate(column.cells.codes.tolist()):
            kind, value = made[code]
            if kind == "s":
                sheet.write_string(first + r, j, value, style)
            elif kind == "n":
                sheet.write_number(first + r, j, value, style)
            elif kind == "b":
                sheet.write_boolean(first + r, j, value, style)
            elif kind == "d":
                sheet.write_datetime(first + r, j, value, style)
            else:
                sheet.write_blank(first + r, j, None, style)


def _notes(sheet, fmt, table: Table, layout: Layout) -> None:
    """The lines below the table, after a blank row. Every cell of those rows is in the
    notes' style (no border: the columns' own style would draw the table on), the texts in
    theirs."""
    style = fmt(NOTE_STYLE)
    after = table.header_row + table.rows + 1
    for row, texts in note_cells(table, layout, after):
        sheet.set_row(row, LINE_HEIGHT)
        for j, text in enumerate(texts):
            if text:
                sheet.write_string(row, j, text, style)
            else:
                sheet.write_blank(row, j, None, style)


def _chart(book, sheet, table: Table, last: int) -> None:
    chart_of = table.chart
    first = table.header_row + 1
    chart = book.add_chart({"type": "bar"})
    font = {"name": FONT, "size": CHART_FONT}
    chart.add_series(
        {
            "name": [table.name, table.header_row, chart_of.values],
            "categories": [table.name, first, chart_of.categories, last, chart_of.categories],
            "values": [table.name, first, chart_of.values, last, chart_of.values],
            "data_labels": {"value": True, "font": font},
        }
    )
    chart.set_title({"name": chart_of.title, "name_font": {**font, "bold": True}})
    chart.set_legend({"none": True})
    chart.set_x_axis({"num_font": font, "major_gridlines": {"visible": True}})
    # Every category named (a program may skip labels it finds crowded), the first on top.
    chart.set_y_axis({"num_font": font, "reverse": True, "interval_unit": 1})
    chart.set_size({"width": CHART_WIDTH, "height": chart_height(table.rows)})
    sheet.insert_chart(table.header_row, len(table.columns) + 1, chart)

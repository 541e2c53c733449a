"""The writers compared on the workbooks kbo writes, formatted as kbo formats them.

    pip install rustpy-xlsxwriter   # only for this comparison; kbo does not use it
    python bench/writers.py                                  # the example, and the national bench
    python bench/writers.py --national bench/data/national-200000.xlsx

Each writer writes the same tables, laid out by kbo (`xlsx.layout`): title lines merged across
the table, a bold grey header, every cell of a column in its font, border, alignment and number
format, the widths and heights of the layout, the header frozen and filtered, A4 landscape one
page wide with the header repeated. Three workloads:

- the example: its 11 district workbooks and its summary, written one after the other;
- the national bench's longest sheet: its 180,000 or so excluded records;
- the national bench's 928 district workbooks, one after the other.

For each, xlsxwriter as kbo's plain writer writes every cell (`Writer(fast=False)`); kbo's fast
paths on top of it (`Writer()`: a long table's rows as SpreadsheetML, the district workbooks
from a template) are timed beside. openpyxl writes in its write-only mode, rustpy-xlsxwriter
(rust_xlsxwriter under a Python binding) from a list of rows or a DataFrame.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import time
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from kbo_cli import select
from kbo_cli.output import sheets
from kbo_cli.output.paths import plan_paths
from kbo_cli.output.xlsx import Table, Writer, lay_out
from kbo_cli.output.xlsx.cells import stored
from kbo_cli.output.xlsx.styles import FONT, HEADER_STYLE, Style, data_style, title_style

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "registry.xlsx"


def kbo_plain(tables: list[Table]) -> bytes:
    return Writer(fast=False).book(tables)


def kbo_fast(tables: list[Table]) -> bytes:
    return Writer().book(tables)


def _openpyxl_style(style: Style) -> dict:
    thin = Side(style="thin") if style.border else Side()
    vertical = "center" if style.valign == "vcenter" else style.valign
    return {
        "font": Font(name=FONT, size=style.size, bold=style.bold),
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "alignment": Alignment(
            horizontal=style.align, vertical=vertical, wrap_text=style.wrap, indent=style.indent
        ),
        "fill": PatternFill("solid", fgColor=style.fill) if style.fill else PatternFill(),
        "number_format": style.num_format or "General",
    }


def openpyxl_write_only(tables: list[Table]) -> bytes:
    book = Workbook(write_only=True)
    for table in tables:
        layout = lay_out(table)
        ws = book.create_sheet(table.name)
        width = len(table.columns)
        for j, w in enumerate(layout.widths, start=1):
            ws.column_dimensions[get_column_letter(j)].width = w
        for i, h in enumerate(layout.title_heights, start=1):
            ws.row_dimensions[i].height = h
        ws.row_dimensions[table.header_row + 1].height = layout.header_height
        for r, h in enumerate(layout.row_heights.tolist(), start=table.header_row + 2):
            ws.row_dimensions[r].height = h
        head = table.header_row + 1
        ws.freeze_panes = f"A{head + 1}"
        ws.auto_filter.ref = f"A{head}:{get_column_letter(width)}{head + table.rows}"
        ws.print_title_rows = f"{head}:{head}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = 9
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        for i, title in enumerate(table.titles):
            cell = WriteOnlyCell(ws, title)
            for k, v in _openpyxl_style(title_style(i)).items():
                setattr(cell, k, v)
            ws.append([cell])
            ws.merged_cells.ranges.add(f"A{i + 1}:{get_column_letter(width)}{i + 1}")
        header = _openpyxl_style(HEADER_STYLE)
        cells = []
        for column in table.columns:
            cell = WriteOnlyCell(ws, column.header)
            for k, v in header.items():
                setattr(cell, k, v)
            cells.append(cell)
        ws.append(cells)
        styles = [_openpyxl_style(data_style(c)) for c in table.columns]
        columns = [c.cells.list() for c in table.columns]
        dates = [c.number_format is not None for c in table.columns]
        for values in zip(*columns, strict=True):
            row = []
            for value, style, is_date in zip(values, styles, dates, strict=True):
                cell = WriteOnlyCell(ws, stored(value, is_date)[1])
                for k, v in style.items():
                    setattr(cell, k, v)
                row.append(cell)
            ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rustpy_xlsxwriter(tables: list[Table]) -> bytes:
    import rustpy_xlsxwriter as rx

    def fmt(style: Style):
        f = rx.Format().set_font_name(FONT).set_font_size(style.size)
        if style.bold:
            f = f.set_bold()
        if style.border:
            f = f.set_border("thin")
        if style.align:
            f = f.set_align(style.align)
        if style.valign:
            f = f.set_align(style.valign)
        if style.wrap:
            f = f.set_text_wrap()
        if style.indent:
            f = f.set_indent(style.indent)
        if style.fill:
            f = f.set_background_color("#" + style.fill)
        if style.num_format:
            f = f.set_num_format(style.num_format)
        return f

    keys = (
        "header_row merge_ranges header_format column_formats column_widths row_heights "
        "freeze_panes autofilter page_setup dedupe_strings"
    ).split()
    options: dict[str, dict] = {k: {} for k in keys}
    sheets_ = []
    for table in tables:
        layout = lay_out(table)
        name, head, width = table.name, table.header_row, len(table.columns)
        options["header_row"][name] = head
        options["merge_ranges"][name] = [
            (i, 0, i, width - 1, t, fmt(title_style(i))) for i, t in enumerate(table.titles)
        ]
        options["header_format"][name] = fmt(HEADER_STYLE)
        options["column_formats"][name] = [fmt(data_style(c)) for c in table.columns]
        options["column_widths"][name] = list(layout.widths)
        heights = dict(enumerate(layout.title_heights))
        heights[head] = layout.header_height
        heights.update({head + 1 + r: h for r, h in enumerate(layout.row_heights.tolist())})
        options["row_heights"][name] = heights
        options["freeze_panes"][name] = {"row": head + 1, "col": 0}
        options["autofilter"][name] = True
        options["page_setup"][name] = {
            "landscape": True,
            "paper_size": 9,
            "fit_to_pages": (1, 0),
            "repeat_rows": (head, head),
        }
        options["dedupe_strings"][name] = True  # its streaming mode drops merged rows' heights
        dates = [c.number_format is not None for c in table.columns]
        # Its rows are keyed by header: headers repeated under group labels are told apart by
        # zero-width spaces (the count per district has four "อ่านค่าไม่ได้").
        columns = {
            c.header + "\u200b" * j: [stored(v, d)[1] for v in c.cells.list()]
            for j, (c, d) in enumerate(zip(table.columns, dates, strict=True))
        }
        if table.rows > 2000:
            data = pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in columns.items()})
        else:
            headers = list(columns)
            data = [dict(zip(headers, r, strict=True)) for r in zip(*columns.values(), strict=True)]
        sheets_.append((name, data))
    buffer = io.BytesIO()
    rx.write_worksheets(sheets_, buffer, datetime_format="dd/mm/yyyy", **options)
    return buffer.getvalue()


WRITERS = {
    "openpyxl 3.1 write-only": openpyxl_write_only,
    "rustpy-xlsxwriter": rustpy_xlsxwriter,
    "xlsxwriter (kbo's plain writer)": kbo_plain,
    "kbo: xlsxwriter + fast paths": kbo_fast,
}


def workloads(national: Path | None) -> dict[str, list[list[Table]]]:
    """Each workload: the workbooks to write, each a list of tables."""
    out = {}
    for label, path in [("example", EXAMPLE), ("national", national)]:
        if path is None:
            continue
        selection = select([path])
        job = sheets.district_job(selection, plan_paths(selection, Path("out")))
        summary = sheets.summary_tables(selection, job)
        districts = [tables for _, tables in sheets.district_tables(job)]
        if label == "example":
            out["example: 11 district workbooks and the summary"] = [*districts, summary]
        else:
            excluded = next(t for t in summary if t.name == sheets.EXCLUDED_SHEET)
            out[f"national: the excluded records, {excluded.rows} rows"] = [[excluded]]
            out[f"national: {len(districts)} district workbooks"] = districts
    return out


def timed(write, books: list[list[Table]], alike: bool) -> float:
    start = time.perf_counter()
    if alike and write is kbo_fast:
        writer = Writer()  # one template for every workbook of a shape, as a run makes them
        for tables in books:
            writer.alike(tables)
    else:
        for tables in books:
            write(tables)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parent / "data" / "national-200000.xlsx"
    parser.add_argument("--national", type=Path, default=default if default.exists() else None)
    args = parser.parse_args()
    print(f"{dt.date.today()}")
    for label, books in workloads(args.national).items():
        print(label)
        for name, write in WRITERS.items():
            try:
                seconds = timed(write, books, alike="district" in label)
            except ImportError:
                print(f"  {name:34} (not installed)")
                continue
            print(f"  {name:34} {seconds:8.2f} s")


if __name__ == "__main__":
    main()

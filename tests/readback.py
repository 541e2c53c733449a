"""Workbooks read back as a person sees them, for comparing two ways of writing one."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.utils import get_column_letter

STYLES = ("font", "border", "alignment", "fill", "number_format")


def laid_out(data: bytes | Path) -> dict:
    """Per sheet, its layout and every cell's value and style (an empty cell takes its
    column's style, as Excel draws it)."""
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    book = load_workbook(source)
    out: dict = {"names": book.sheetnames}
    for ws in book.worksheets:
        cells = []
        for row in ws.iter_rows():
            for c in row:
                shown = c
                if c.value is None and not c.has_style and not isinstance(c, MergedCell):
                    shown = ws.column_dimensions[get_column_letter(c.column)]
                cells.append((c.coordinate, c.value, *(repr(getattr(shown, s)) for s in STYLES)))
        out[ws.title] = {
            "dimensions": ws.dimensions,
            "filter": ws.auto_filter.ref,
            "print titles": ws.print_title_rows,
            "freeze": ws.freeze_panes,
            "merged": sorted(map(str, ws.merged_cells.ranges)),
            "widths": {k: (v.width, v.customWidth) for k, v in ws.column_dimensions.items()},
            "heights": {r: d.height for r, d in ws.row_dimensions.items()},
            "page": (
                ws.page_setup.orientation,
                ws.page_setup.paperSize,
                ws.page_setup.fitToWidth,
                ws.page_setup.fitToHeight,
                ws.page_setup.scale,
                ws.sheet_properties.pageSetUpPr.fitToPage
                if ws.sheet_properties.pageSetUpPr
                else None,
            ),
            "breaks": [b.id for b in ws.row_breaks.brk],
            "footer": (ws.oddFooter.center.text, ws.oddFooter.right.text),
            "view": (ws.sheet_view.zoomScale, ws.sheet_view.tabSelected),
            "cells": cells,
        }
    return out

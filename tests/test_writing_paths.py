"""Every workbook kbo writes, read back cell by cell: each filled cell below a header is in the
house style, each sheet prints on A4 one page wide at a legible size, no fast path declined,
and every fast path wrote what the plain writer writes.

Two runs are held to this: the bundled example, and a registry generated to take every way of
writing: a long sheet (the excluded records, past `tuning.LONG_TABLE` rows), hundreds of
district workbooks filled from a template, and a second process writing them.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import geothai
import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell

from kbo_cli import select
from kbo_cli.engine import tuning
from kbo_cli.engine.executors import Here
from kbo_cli.engine.helper import Helper
from kbo_cli.output.workbooks import write_workbooks
from kbo_cli.output.xlsx import layout
from kbo_cli.output.xlsx.styles import DATE_FORMAT, FONT, HEADER_FILL, SIZE
from tests.conftest import EXAMPLES, HEADER, row, write_xlsx
from tests.readback import laid_out

DISTRICTS = 200


def _generated(folder: Path) -> Path:
    """A registry over DISTRICTS districts of many provinces, two nominees in each, and more
    excluded records than a table the plain writer writes; carried columns of text, numbers
    and dates."""
    places = [
        (p.name_th, d.name_th) for p in geothai.provinces() for d in geothai.districts(p.code)
    ]
    header = ["จังหวัด", *HEADER, "เบอร์โทรศัพท์", "วันที่ตรวจ", "สมาชิก"]
    rows = []
    excluded = tuning.LONG_TABLE + 100
    for n in range(2 * DISTRICTS + excluded):
        province, district = places[n % DISTRICTS]
        fails = n >= 2 * DISTRICTS
        record = row(
            district=district,
            producer=f"กลุ่มแม่บ้านเกษตรกรที่ {n % 997}",
            product=f"ผลิตภัณฑ์ชุมชนชนิดที่ {n % 13}",
            quadrant="C" if fails else "Quadrant D",
            stars=["1", "๒ ดาว", "3"][n % 3],
            year=[2560, "12/03/2561", "พ.ศ. 2557"][n % 3],
            seq=n + 1,
        )
        extra = [f"08{n:08d}", dt.datetime(2019, 1 + n % 12, 1 + n % 28), n % 40]
        rows.append([province, *record, *extra])
    return write_xlsx(folder / "national.xlsx", {"ทะเบียน": [header, *rows]})


@pytest.fixture(scope="module", params=["example", "generated"])
def runs(request, tmp_path_factory):
    """The same selection written by the fast paths (the generated one with a second process)
    and by the plain writer alone."""
    folder = tmp_path_factory.mktemp(request.param)
    path = EXAMPLES / "registry.xlsx" if request.param == "example" else _generated(folder)
    selection = select([path])
    executor = Helper.start() if request.param == "generated" else Here()
    fast = write_workbooks(selection, folder / "fast", executor=executor)
    plain = write_workbooks(selection, folder / "plain", executor=Here(), fast=False)
    return request.param, fast, plain


def _books(written) -> list[Path]:
    return [written.summary, *written.districts]


def _has_notes(ws) -> bool:
    """Does the sheet have lines below its table (after the first empty row under it)?"""
    rows = list(ws.iter_rows(values_only=True))
    if not ws.print_title_rows:
        return False
    at = int(ws.print_title_rows.split(":")[-1].strip("$")) - 1  # the header's row, from 0
    end = next((i for i in range(at + 1, len(rows)) if all(v is None for v in rows[i])), None)
    return end is not None and any(v is not None for r in rows[end:] for v in r)


def _printed_columns(ws) -> int:
    """The number of the last column that prints (its print area's, else the sheet's)."""
    from openpyxl.utils import column_index_from_string

    found = re.search(r":\$([A-Z]+)\$\d+$", ws.print_area or "")
    return column_index_from_string(found.group(1)) if found else ws.max_column


def test_no_fast_path_declined(runs):
    name, fast, _ = runs
    assert fast.declined == ()
    if name == "generated":
        assert len(fast.districts) == DISTRICTS


def test_every_filled_cell_below_a_header_is_in_the_house_style(runs):
    """And every sheet prints legibly one page wide: the scale a spreadsheet program prints
    it at, A4 landscape one page wide, from its column widths as written, is at least
    MIN_PRINT_SCALE of the font's size."""
    _, fast, _ = runs
    for path in _books(fast):
        for ws in load_workbook(path).worksheets:
            _check_sheet(path, ws)
            # (neighbouring columns alike are one dimension, from min to max); only the
            # columns of the print area, where the sheet has one, print
            last = _printed_columns(ws)
            dimensions = [d for d in ws.column_dimensions.values() if d.min <= last]
            pixels = sum(
                layout.column_pixels(d.width) * (min(d.max, last) - d.min + 1) for d in dimensions
            )
            if ws._charts:
                pixels += layout.column_pixels(8.43) + layout.CHART_WIDTH
            scale = min(1.0, layout.PAGE_PIXELS / pixels)
            assert scale >= layout.MIN_PRINT_SCALE, (path.name, ws.title, scale)
            if not ws.sheet_properties.pageSetUpPr.fitToPage:
                # a set scale, below the width's (a width as written is its pixels over 7)
                exact = sum(round(d.width * 7) * (min(d.max, last) - d.min + 1) for d in dimensions)
                width_scale = layout.PAGE_PIXELS / exact
                assert int(ws.page_setup.scale) <= 100 * width_scale * layout.SCALE_MARGIN


def _check_sheet(path: Path, ws) -> None:
    where = f"{path.name} {ws.title}"
    setup = ws.page_setup
    assert (setup.paperSize, setup.orientation) in ((9, "landscape"), ("9", "landscape")), where
    signed = _has_notes(ws)
    if ws.sheet_properties.pageSetUpPr.fitToPage:
        assert setup.fitToWidth in (None, 1), where  # one page wide
        # and as many tall as it takes, or one page tall (an absent fitToHeight means 1)
        # where that is legible: its rows at least MIN_PRINT_SCALE of their size (a chart's
        # height is the layout's to count)
        tall = setup.fitToHeight
        assert tall in (0, None, 1), where
        if tall != 0 and not ws._charts:
            heights = sum(d.height or 15 for d in ws.row_dimensions.values())
            assert layout.PAGE_HEIGHT / heights >= layout.MIN_PRINT_SCALE, where
    else:  # a longer list with a sign-off: at a set scale, its page breaks set (`layout`)
        assert signed and int(setup.scale) >= 10, where
    first, last = (int(r.strip("$")) for r in ws.print_title_rows.split(":"))
    assert ws.freeze_panes == f"A{last + 1}", where  # the header repeated and frozen
    for header in ws.iter_rows(min_row=first, max_row=last):
        for c in header:
            if c.value is not None:
                assert c.font.b and c.font.name == FONT and c.font.sz == SIZE, (where, c)
                assert c.fill.fgColor.rgb.endswith(HEADER_FILL), (where, c.coordinate)
    data = 0
    below = False  # past the table's end: the notes (a total, a sign-off), unbordered
    for cells in ws.iter_rows(min_row=last + 1):
        below = below or all(c.value is None for c in cells)
        for c in cells:
            if c.value is None or isinstance(c, MergedCell):
                continue
            if below:
                at = f"{where} {c.coordinate}"
                assert (c.font.name, c.font.sz, c.font.b) == (FONT, SIZE, False), at
                assert c.border.bottom.style is None and not c.alignment.wrap_text, at
                continue
            data += 1
            at = f"{where} {c.coordinate}"
            assert (c.font.name, c.font.sz, c.font.b) == (FONT, SIZE, False), at
            sides = (c.border.left, c.border.right, c.border.top, c.border.bottom)
            assert all(side.style == "thin" for side in sides), at
            align = c.alignment
            assert align.vertical == "top" and align.wrap_text, at
            assert align.horizontal in ("left", "center"), at
            assert (align.indent == 1) == (align.horizontal == "left"), at
            if isinstance(c.value, dt.datetime):
                assert c.number_format == DATE_FORMAT, at
            else:
                assert c.number_format == "General", at
        assert ws.row_dimensions[cells[0].row].height, f"{where} row {cells[0].row}"
    assert data or ws.max_row == last, where


def test_the_fast_paths_write_what_the_plain_writer_writes(runs):
    """Every workbook, cell by cell, values and styles, and every sheet's layout."""
    _, fast, plain = runs
    assert [p.relative_to(fast.folder) for p in _books(fast)] == [
        p.relative_to(plain.folder) for p in _books(plain)
    ]
    for a, b in zip(_books(fast), _books(plain), strict=True):
        assert laid_out(a) == laid_out(b), a.name

"""The nomination workbooks, written and read back as the province would open them."""

import datetime as dt
import hashlib
import io
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from kbo_cli import select
from kbo_cli.errors import OutputExistsError
from kbo_cli.output.workbook import (
    CHART_SHEET,
    NOMINATION_SHEET,
    SIGNIN_SHEET,
    SUMMARY_NAME,
    safe_filename,
    write_workbooks,
)
from tests.conftest import HEADER, row, table_rows, write_xlsx


@pytest.fixture
def written(registry, tmp_path):
    path = registry(
        [
            row(producer="กลุ่มสตรีบางสวน", product="ขนมกง", year="๒๕๕๘"),
            row(producer="กลุ่มแม่บ้านบางคล้า", product="น้ำพริกเผา"),
            row(producer="กลุ่มแม่บ้านบางคล้า", product="กล้วยอบ", stars="1 ดาว"),
            row(producer="เกษตรกรก้าวหน้า", product="ข้าวหลาม"),
            row(district="อ.เมือง", producer="กลุ่มทอผ้า", product="ผ้าทอ"),
            row(district="พนมสารคาม", quadrant="C"),
            row(district="บ้านโพธิ์", producer='=HYPERLINK("http://x","y")', product="@SUM(1,1)"),
        ]
    )
    selection = select([path])
    return selection, write_workbooks(selection, tmp_path / "out")


def test_one_workbook_per_district_with_a_nominee(written):
    _, files = written
    names = sorted(p.name for p in files.districts)
    assert names == ["บางคล้า.xlsx", "บ้านโพธิ์.xlsx", "เมืองฉะเชิงเทรา.xlsx"]
    assert (files.folder / SUMMARY_NAME).exists()
    assert not list(files.folder.glob(".kbo-*"))  # no temporary files left


def test_nomination_sheet_content(written):
    _, files = written
    path = files.folder / "บางคล้า.xlsx"
    book = load_workbook(path)
    assert book.sheetnames[0] == NOMINATION_SHEET
    header, rows = table_rows(path)
    assert list(header) == [
        "ลำดับ",
        "ชื่อกลุ่ม/ผู้ประกอบการ",
        "ชื่อผลิตภัณฑ์",
        "ประเภทผลิตภัณฑ์",
        "ประเภทผู้ผลิต",
        "Quadrant",
        "ระดับดาว",
        "ปีที่ลงทะเบียน (พ.ศ.)",
        "ชีตต้นฉบับ",
        "แถวต้นฉบับ",
    ]
    # Sorted by producer then product, in Thai dictionary order (เ… files under ก).
    assert [(r[0], r[1], r[2]) for r in rows] == [
        (1, "กลุ่มแม่บ้านบางคล้า", "กล้วยอบ"),
        (2, "กลุ่มแม่บ้านบางคล้า", "น้ำพริกเผา"),
        (3, "กลุ่มสตรีบางสวน", "ขนมกง"),
        (4, "เกษตรกรก้าวหน้า", "ข้าวหลาม"),
    ]
    assert rows[0][3:] == ("อาหาร", "กลุ่มผู้ผลิตชุมชน", "D", 1, 2560, "ทะเบียน", 6)
    assert rows[2][7] == 2558
    titles = [r[0] for r in book.active.iter_rows(max_row=4, values_only=True)]
    assert "ปีงบประมาณ พ.ศ. 2563" in titles[1]
    assert titles[2] == "อำเภอบางคล้า จังหวัดฉะเชิงเทรา"
    assert "Quadrant D" in titles[3] and "2557–2562" in titles[3]


def test_laid_out_for_filing(written):
    _, files = written
    ws = load_workbook(files.folder / "บางคล้า.xlsx").active
    head = next(r for r in range(1, 10) if ws.cell(r, 1).value == "ลำดับ")
    header_cell = ws.cell(head, 2)
    assert header_cell.font.name == "TH SarabunPSK" and header_cell.font.sz == 16
    assert header_cell.font.b and header_cell.border.bottom.style == "thin"
    assert ws.cell(head + 1, 2).font.name == "TH SarabunPSK"
    assert ws.freeze_panes == f"A{head + 1}"
    assert ws.auto_filter.ref.startswith(f"A{head}:")
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    # fitToWidth absent means 1 in the file format
    assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == f"${head}:${head}"
    assert "&P" in ws.oddFooter.center.text
    assert ws.column_dimensions["B"].width > ws.column_dimensions["A"].width


def test_every_row_written_once_with_its_height(written):
    _, files = written
    for path in [*files.districts, files.summary]:
        with zipfile.ZipFile(path) as archive:
            sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
            for name in sheets:
                rows = re.findall(r'<row r="(\d+)"([^>]*)>', archive.read(name).decode())
                numbers = [int(r) for r, _ in rows]
                assert numbers == sorted(set(numbers)), (path.name, name)
                # Spreadsheet programs do not grow rows for 16 pt Thai text on their own.
                assert all("ht=" in attrs for _, attrs in rows), (path.name, name)


def test_registry_text_never_becomes_a_formula(written):
    _, files = written
    _, rows = table_rows(files.folder / "บ้านโพธิ์.xlsx")
    assert rows[0][1] == '=HYPERLINK("http://x","y")'
    assert rows[0][2] == "@SUM(1,1)"
    ws = load_workbook(files.folder / "บ้านโพธิ์.xlsx").active
    assert all(c.data_type != "f" for r in ws.iter_rows() for c in r)


def test_summary_workbook(written):
    _, files = written
    book = load_workbook(files.summary)
    assert book.sheetnames == [
        "สรุปรายอำเภอ",
        CHART_SHEET,
        NOMINATION_SHEET,
        "รายการที่ไม่ผ่านเกณฑ์",
        "ปัญหาข้อมูล",
        SIGNIN_SHEET,
    ]
    _, counts = table_rows(files.summary, 0, "จังหวัด")
    total = counts[-1]
    # records, nominated products, nominated producers, excluded
    assert total[0] == "รวม" and total[2:6] == (7, 6, 5, 1)
    assert sum(r[2] for r in counts[:-1]) == total[2] == total[3] + total[5]
    _, excluded = table_rows(files.summary, 3, "จังหวัด")
    assert [(r[1], r[8]) for r in excluded] == [("พนมสารคาม", "Quadrant ไม่ใช่ D")]


def test_carried_columns_keep_text_and_numbers(registry, tmp_path):
    path = registry(
        [[*row(), "0812345678", 12, "00123"], [*row(producer="ข"), None, 3.5, None]],
        header=[*HEADER, "โทรศัพท์", "สมาชิก", "รหัส"],
    )
    files = write_workbooks(select([path]), tmp_path / "out")
    header, rows = table_rows(files.districts[0])
    assert header[8:11] == ("โทรศัพท์", "สมาชิก", "รหัส")
    assert rows[0][8:11] == ("0812345678", 12, "00123")
    assert rows[1][8:11] == (None, 3.5, None)


def test_several_provinces_get_a_folder_each(tmp_path):
    header = ["จังหวัด", *HEADER]
    path = write_xlsx(
        tmp_path / "national.xlsx",
        {"all": [header, ["ชลบุรี", *row(district="เมือง")], ["ฉะเชิงเทรา", *row(district="เมือง")]]},
    )
    files = write_workbooks(select([path]), tmp_path / "out")
    assert sorted(p.relative_to(files.folder).as_posix() for p in files.districts) == [
        "ฉะเชิงเทรา/เมืองฉะเชิงเทรา.xlsx",
        "ชลบุรี/เมืองชลบุรี.xlsx",
    ]


def test_existing_output_is_not_overwritten(written):
    selection, files = written
    before = (files.folder / "บางคล้า.xlsx").read_bytes()
    with pytest.raises(OutputExistsError, match=r"already holds workbooks.*--force"):
        write_workbooks(selection, files.folder)
    assert (files.folder / "บางคล้า.xlsx").read_bytes() == before
    write_workbooks(selection, files.folder, force=True)


def test_same_input_same_bytes(written, tmp_path):
    selection, files = written
    again = write_workbooks(selection, tmp_path / "again")

    def digest(p):
        return hashlib.sha256(p.read_bytes()).hexdigest()

    for a, b in zip(files.districts, again.districts, strict=True):
        assert digest(a) == digest(b)
    assert digest(files.summary) == digest(again.summary)


def test_safe_filename_keeps_thai_marks():
    assert safe_filename("บ้านโพธิ์") == "บ้านโพธิ์"
    assert safe_filename("เมือง/ฉะเชิงเทรา?") == "เมืองฉะเชิงเทรา"
    assert safe_filename("  . ") == "ไม่ระบุชื่อ"


def test_signin_sheet_one_row_per_producer(written):
    _, files = written
    book = load_workbook(files.folder / "บางคล้า.xlsx")
    assert book.sheetnames == [NOMINATION_SHEET, SIGNIN_SHEET]
    ws = book[SIGNIN_SHEET]
    titles = [r[0] for r in ws.iter_rows(max_row=4, values_only=True)]
    assert titles[0].endswith("จังหวัดฉะเชิงเทรา")
    assert titles[1] == (
        "วันที่ ๘ มกราคม ๒๕๖๓ เวลา ๑๓.๓๐ น. ณ ห้องประชุมศูนย์ข้อมูลอาเซียน ชั้น ๑ ศาลากลางจังหวัดฉะเชิงเทรา"
    )
    assert titles[2] == "อำเภอบางคล้า จังหวัดฉะเชิงเทรา"
    header, rows = table_rows(files.folder / "บางคล้า.xlsx", 1)
    assert list(header) == [
        "ลำดับ",
        "ชื่อกลุ่ม/ผู้ประกอบการ",
        "ผลิตภัณฑ์ที่นำตัวอย่างมา",
        "ชื่อ-สกุล ผู้แทนที่มาประชุม",
        "เบอร์โทรศัพท์",
        "ลายมือชื่อ",
    ]
    # Three producers; the one with two products is one row listing both.
    assert [r[:3] for r in rows] == [
        (1, "กลุ่มแม่บ้านบางคล้า", "กล้วยอบ, น้ำพริกเผา"),
        (2, "กลุ่มสตรีบางสวน", "ขนมกง"),
        (3, "เกษตรกรก้าวหน้า", "ข้าวหลาม"),
    ]
    assert all(r[3:] == (None, None, None) for r in rows)
    assert ws.column_dimensions["F"].width >= 16  # room to sign


def test_province_summary_holds_the_combined_signin_sheet(written):
    _, files = written
    header, rows = table_rows(files.summary, 5)
    assert header[1:3] == ("จังหวัด", "อำเภอ")
    assert [r[2] for r in rows] == ["บางคล้า", "บางคล้า", "บางคล้า", "บ้านโพธิ์", "เมืองฉะเชิงเทรา"]


def test_summary_carries_a_native_bar_chart_of_nominees_per_district(written):
    _, files = written
    _, rows = table_rows(files.summary, 1, "อำเภอ")
    assert [r[:2] for r in rows] == [
        ("บางคล้า", 4),
        ("บ้านโพธิ์", 1),
        ("พนมสารคาม", 0),
        ("เมืองฉะเชิงเทรา", 1),
    ]
    with zipfile.ZipFile(files.summary) as archive:
        chart = archive.read("xl/charts/chart1.xml").decode()
    assert "<c:barChart>" in chart and '<c:barDir val="bar"/>' in chart
    assert "$B$" in chart  # the nominees column is the series


def test_fixed_times_copies_entries_and_fixes_only_the_creation_time():
    import rustpy_xlsxwriter as rx

    from kbo_cli.output.workbook import _fixed_times

    buffer = io.BytesIO()
    rx.write_worksheets([("a", pd.DataFrame({"x": ["ก", "ข"]}))], buffer)
    original = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    fixed = zipfile.ZipFile(io.BytesIO(_fixed_times(buffer.getvalue())))
    assert fixed.testzip() is None
    assert fixed.namelist() == original.namelist()
    for name in original.namelist():
        if name != "docProps/core.xml":
            assert fixed.read(name) == original.read(name)
    core = fixed.read("docProps/core.xml").decode()
    assert core.count("2020-01-01T00:00:00Z") == 2
    assert all(
        i.date_time == (2020, 1, 1, 0, 0, 0) and not i.flag_bits & 8 for i in fixed.infolist()
    )


def test_force_removes_workbooks_only_an_earlier_run_wrote(registry, tmp_path):
    out = tmp_path / "out"
    first = registry([row(), row(district="พนมสารคาม")], name="first.xlsx")
    write_workbooks(select([first]), out)
    assert (out / "พนมสารคาม.xlsx").exists()
    (out / "notes.xlsx").write_bytes(b"the officer's own file")
    # Corrected registry: พนมสารคาม has no nominee any more.
    second = registry([row(), row(district="พนมสารคาม", quadrant="C")], name="second.xlsx")
    files = write_workbooks(select([second]), out, force=True)
    assert [p.name for p in files.removed] == ["พนมสารคาม.xlsx"]
    assert not (out / "พนมสารคาม.xlsx").exists()
    assert (out / "notes.xlsx").read_bytes() == b"the officer's own file"
    assert (out / "บางคล้า.xlsx").exists()


def test_display_widths_leave_out_the_thai_marks():
    from kbo_cli.output.workbook import display_widths

    values = np.array(["", "กิ่ง", "ผู้ผลิต", "น้ำพริก", None, 3.0, 12, "ข\nค", "ABC"], dtype=object)
    # กิ่ง: ก + ิ + ่ + ง, two marks; 3.0 is written as 3; an empty cell takes no width
    expected = [0, 2, 4, 5, 0, 1, 2, 3, 3]
    assert display_widths(values).tolist() == expected
    # counted over all values at once, or one by one: the same
    assert [int(display_widths(values[i : i + 1])[0]) for i in range(len(values))] == expected
    # a value holding the separator the fast way uses: its control character takes no width
    with_nul = np.append(values, "a\x00b")
    assert display_widths(with_nul).tolist() == [*expected, 2]


TRICKY = [
    "กลุ่มแม่บ้าน & ผู้ผลิต <OTOP>",
    " นำหน้าด้วยช่องว่าง",
    "บรรทัด\nใหม่",
    "_x0041_ ไม่ใช่ตัว A",
    "=1+1",
    "0812345678",
    None,
    7,
    2.5,
    1e16,
    True,
    dt.date(2019, 7, 5),
    dt.date(2562, 7, 5),  # a Buddhist-Era year typed into a date cell
    dt.date(1900, 1, 15),
    dt.datetime(2020, 3, 4, 10, 30),
    float("nan"),
    "ข้อความยาว " * 12,
]


@pytest.mark.parametrize("short", [0, 10**6])  # columns by distinct value, or cell by cell
def test_long_tables_read_back_as_the_writer_writes_them(tmp_path, monkeypatch, short):
    """A long table's rows are written by kbo, not the writer; read back, every cell, height,
    style and the filter are the same as when the writer writes them all."""
    from kbo_cli.output import workbook

    monkeypatch.setattr(workbook, "SHORT_TABLE", short)

    def book(limit, path):
        monkeypatch.setattr(workbook, "LONG_TABLE", limit)
        n = len(TRICKY)
        columns = {
            "ค่า": np.array(TRICKY, dtype=object),
            "ชื่อ": np.array([f"กลุ่ม {i % 5}" for i in range(n)], dtype=object),
            "แถว": np.arange(n),  # numpy's own integers
            "แถวเดิม": np.array([(-1) ** i * 10**i for i in range(n)], dtype=object),
            "วันที่": np.array([dt.date(2020, 1, 1 + i) for i in range(n)], dtype=object),
        }
        tables = [
            workbook.Table(
                "สั้น", ["หัว"], {"ก": np.array(["กลุ่ม 1", "x"], dtype=object), "ข": np.ones(2)}
            ),
            workbook.Table("ยาว", ["หัว 1", "หัว 2"], columns, date_columns=frozenset({"วันที่"})),
        ]
        path.write_bytes(workbook.book_bytes(tables))
        return load_workbook(path)

    expected = book(10**9, tmp_path / "writer.xlsx")
    got = book(0, tmp_path / "kbo.xlsx")
    for name, header_row in (("สั้น", 2), ("ยาว", 3)):
        a, b = expected[name], got[name]
        assert a.dimensions == b.dimensions
        assert a.auto_filter.ref == b.auto_filter.ref
        assert a.print_title_rows == b.print_title_rows
        for row_a, row_b in zip(a.iter_rows(), b.iter_rows(), strict=True):
            for x, y in zip(row_a, row_b, strict=True):
                assert (x.coordinate, x.value) == (y.coordinate, y.value)
                # The writer leaves an empty cell out, to be drawn in its column's style;
                # kbo writes it as a blank in that style.
                if x.value is None and x.row > header_row and not x.has_style:
                    x = a.column_dimensions[x.column_letter]
                for style in ("font", "border", "alignment", "fill", "number_format"):
                    assert repr(getattr(x, style)) == repr(getattr(y, style)), y.coordinate
        heights = {r: d.height for r, d in a.row_dimensions.items()}
        assert heights == {r: d.height for r, d in b.row_dimensions.items()}
    names = [
        re.findall(r"<definedName [^>]*>[^<]*</definedName>", zipfile.ZipFile(p).read(
            "xl/workbook.xml").decode())
        for p in (tmp_path / "writer.xlsx", tmp_path / "kbo.xlsx")
    ]  # fmt: skip
    assert names[0] == names[1] and any("$E$20" in n for n in names[1])  # the filter's range


def test_shared_strings_are_read_item_by_item():
    from kbo_cli.output.sheetrows import Unexpected, shared_strings

    sst = (
        '<sst xmlns="x" count="9" uniqueCount="4"><si><t>ก &amp; ข</t></si>'
        '<si><t xml:space="preserve"> นำหน้า</t></si><si><t/></si>'
        "<si><r><t>ตัว</t></r><r><t>หนา</t></r></si></sst>"
    )
    assert shared_strings(sst) == {"ก & ข": 0, " นำหน้า": 1, "": 2, "ตัวหนา": 3}
    # Excel's own escapes are undone: `_x000D_` is a carriage return, `_x005F_` an underscore
    escaped = (
        '<sst count="2" uniqueCount="2"><si><t>ก_x000D_ข</t></si>'
        "<si><t>_x005F_x0041_</t></si></sst>"
    )
    assert shared_strings(escaped) == {"ก\rข": 0, "_x0041_": 1}
    with pytest.raises(Unexpected):  # an item twice: indexes would not be the writer's
        shared_strings(sst.replace("<t>ตัว</t>", "<t>ก &amp; ข</t>").replace("หนา", ""))


def test_long_table_falls_back_to_the_writer(tmp_path, monkeypatch):
    from kbo_cli.output import sheetrows, workbook

    def unexpected(_):
        raise sheetrows.Unexpected("test")

    monkeypatch.setattr(workbook, "LONG_TABLE", 0)
    monkeypatch.setattr(sheetrows, "shared_strings", unexpected)
    columns = {"ชื่อ": np.array(["ก", "ข", None], dtype=object), "แถว": np.arange(3)}
    path = tmp_path / "x.xlsx"
    path.write_bytes(workbook.book_bytes([workbook.Table("ยาว", ["หัว"], columns)]))
    rows = list(load_workbook(path)["ยาว"].iter_rows(values_only=True))
    assert rows[2:] == [("ก", 0), ("ข", 1), (None, 2)]


def test_no_row_is_taller_than_excel_allows(tmp_path):
    from kbo_cli.output import workbook

    columns = {"หมายเหตุ": np.array(["ข้อความยาวมาก " * 2000, "สั้น"], dtype=object)}
    columns["แถว"] = np.arange(2)
    path = tmp_path / "tall.xlsx"
    path.write_bytes(workbook.book_bytes([workbook.Table("x", ["หัว"], columns)]))
    heights = [d.height for d in load_workbook(path)["x"].row_dimensions.values()]
    assert max(heights) <= 409 and heights[-2] == 17 * 24 and heights[-1] == 24


def test_long_tables_same_input_same_bytes(monkeypatch):
    from kbo_cli.output import workbook

    monkeypatch.setattr(workbook, "LONG_TABLE", 0)
    columns = {"ค่า": np.array(TRICKY, dtype=object), "แถว": np.arange(len(TRICKY))}
    tables = [workbook.Table("ยาว", ["หัว"], columns)]
    assert workbook.book_bytes(tables) == workbook.book_bytes(tables)


def test_long_rows_in_chunks_make_the_same_sheet(monkeypatch):
    """The rows are made and compressed a chunk at a time; where the chunks end changes
    nothing in the sheet."""
    from kbo_cli.output import sheetrows, workbook

    monkeypatch.setattr(workbook, "LONG_TABLE", 0)
    columns = {"ค่า": np.array(TRICKY * 3, dtype=object), "แถว": np.arange(3 * len(TRICKY))}
    tables = [workbook.Table("ยาว", ["หัว"], columns)]

    def entries(chunk_rows):
        monkeypatch.setattr(sheetrows, "CHUNK_ROWS", chunk_rows)
        book = zipfile.ZipFile(io.BytesIO(workbook.book_bytes(tables)))
        return {name: book.read(name) for name in book.namelist()}

    whole = entries(10**6)
    for chunk_rows in (1, 7, len(TRICKY)):
        assert entries(chunk_rows) == whole
    assert whole["xl/worksheets/sheet1.xml"].count(b"<row ") == 2 + 3 * len(TRICKY)


def _laid_out(data: bytes) -> dict:
    """A workbook read back as a person sees it: per sheet, its layout and every cell's value
    and style (an empty cell takes its column's style, as Excel draws it)."""
    from openpyxl.cell.cell import MergedCell
    from openpyxl.utils import get_column_letter

    book = load_workbook(io.BytesIO(data))
    out = {"names": book.sheetnames}
    for ws in book.worksheets:
        cells = []
        for cells_of_row in ws.iter_rows():
            for c in cells_of_row:
                shown = c
                if c.value is None and not c.has_style and not isinstance(c, MergedCell):
                    shown = ws.column_dimensions[get_column_letter(c.column)]
                styles = [repr(getattr(shown, s)) for s in ("font", "border", "alignment", "fill")]
                cells.append((c.coordinate, c.value, shown.number_format, *styles))
        out[ws.title] = {
            "dimensions": ws.dimensions,
            "filter": ws.auto_filter.ref,
            "print titles": ws.print_title_rows,
            "freeze": ws.freeze_panes,
            "merged": sorted(map(str, ws.merged_cells.ranges)),
            "widths": {k: (v.width, v.customWidth) for k, v in ws.column_dimensions.items()},
            "heights": {r: d.height for r, d in ws.row_dimensions.items()},
            "page": (ws.page_setup.orientation, ws.page_setup.paperSize, ws.page_setup.fitToWidth),
            "footer": (ws.oddFooter.center.text, ws.oddFooter.right.text),
            "view": (ws.sheet_view.zoomScale, ws.sheet_view.tabSelected),
            "cells": cells,
        }
    return out


def test_district_workbooks_from_the_template_read_back_as_the_writers(registry, tmp_path):
    """Every district workbook but the writer's own first is filled from a template laid out
    once; read back, each is the workbook the writer writes for those tables."""
    from kbo_cli.output import workbook as W

    names = ["กลุ่ม & <OTOP>", " นำหน้าด้วยช่องว่าง", "_x0041_ ไม่ใช่ตัว A", "=1+1", "กลุ่มแม่บ้าน"]
    long_name = "ผลิตภัณฑ์ชื่อยาวมาก " * 9  # wraps: taller rows, other widths
    records = [
        row(
            district=district,
            # One district's long names widen its column: its header takes fewer lines.
            producer=f"{names[i % len(names)]} {i}"
            + ("ยาวมาก" * 8 if district == "บางคล้า" else ""),
            product=long_name if i % 4 == 0 else f"ผลิตภัณฑ์ {i}",
            stars=["1", "2 ดาว", "๓"][i % 3],
            year=[2560, "12/03/2561", "2557"][i % 3],
            seq=i + 1,
        )
        for i, district in enumerate(["บางคล้า", "พนมสารคาม", "คลองเขื่อน", "บางปะกง"] * 6)
    ]
    selection = select([registry(records)])
    job = W._district_job(selection, W.plan_paths(selection, Path("out")))
    parts = list(W._district_parts(job))
    assert len(parts) == 4
    template = W._Template(parts[0][1])
    for _, tables in parts:
        filled = template.book(tables)
        assert filled is not None
        assert _laid_out(filled) == _laid_out(W.book_bytes(tables))
    # Tables laid out otherwise (another column) are left to the writer.
    other = [replace(parts[1][1][0], columns={**parts[1][1][0].columns, "อื่น": np.ones(1)})]
    assert template.book(other + parts[1][1][1:]) is None


def test_column_widths_as_the_writer_writes_them():
    import rustpy_xlsxwriter as rx

    from kbo_cli.output import sheetrows

    widths = [5 + 1.2 * k for k in range(40)] + [1.0, 7.77, 8.43, 13.4, 29.99, 48.0]
    buffer = io.BytesIO()
    columns = {f"c{i}": [1] for i in range(len(widths))}
    formats = [rx.Format().set_bold() if i % 3 else rx.Format() for i in range(len(widths))]
    rx.write_worksheets(
        [("S", [columns])], buffer, column_widths={"S": widths}, column_formats={"S": formats}
    )
    sheet = zipfile.ZipFile(buffer).read("xl/worksheets/sheet1.xml")
    styles = sheetrows.column_styles(sheet, len(widths))
    assert sheetrows.cols_xml(widths, styles) == sheetrows.cols_of(sheet)


def test_a_template_takes_each_workbooks_widths_header_height_and_titles():
    from kbo_cli.output import workbook as W

    def tables(title: str, value: str) -> list:
        columns = {"หัวคอลัมน์ที่ยาวมากจนต้องขึ้นบรรทัดใหม่": np.array([value, "ข"], dtype=object)}
        columns["ลำดับ"] = np.arange(1, 3, dtype=object)
        return [W.Table("S", ["ชื่อเรื่อง", title], columns)]

    narrow, wide = tables("อำเภอหนึ่ง", "สั้น"), tables("อำเภอสอง", "ค่าที่ยาวมาก " * 5)
    lines = [W._layout(t[0], by_kbo=False).header_lines for t in (narrow, wide)]
    assert lines[0] > lines[1]  # the narrow column's header wraps
    template = W._Template(narrow)
    for t in (narrow, wide):
        assert _laid_out(template.book(t)) == _laid_out(W.book_bytes(t))
    # A title line the same as a header cannot share the template's string: the writer's job.
    assert template.book(tables("ลำดับ", "สั้น")) is None


@given(st.lists(st.text(alphabet=st.sampled_from("ก_x0D5F&<>\r\x00\ufffe A")), max_size=8))
def test_shared_string_items_escaped_together_as_one_by_one(texts):
    from kbo_cli.output.sheetrows import sst_item, sst_items

    assert sst_items(texts) == "".join(map(sst_item, texts))


def test_display_widths_of_whole_numbers_are_their_digits():
    from kbo_cli.output.workbook import _distinct_cells, display_widths

    numbers = np.array([0, 7, -7, 10, 99, 100, -12345, 10**14 + 3], dtype=object)
    distinct = _distinct_cells(numbers)
    assert distinct[1].dtype == np.int64  # taken whole, not one by one
    assert display_widths(numbers, distinct).tolist() == [len(str(n)) for n in numbers]


def test_no_template_from_a_title_that_shares_a_headers_string():
    """A title line the same as a header is one string in the writer's workbook: it could not
    take another workbook's title, so every workbook goes to the writer."""
    from kbo_cli.output import sheetrows
    from kbo_cli.output import workbook as W

    def tables(title: str) -> list:
        columns = {"ลำดับ": np.arange(1, 3, dtype=object), "ชื่อ": np.array(["ก", "ข"], dtype=object)}
        return [W.Table("S", ["ชื่อเรื่อง", title], columns)]

    with pytest.raises(sheetrows.Unexpected):
        W._Template(tables("ลำดับ"))
    books = list(W._district_books([("a", tables("ลำดับ")), ("b", tables("อำเภอสอง"))]))
    assert [_laid_out(data) for _, data in books] == [
        _laid_out(W.book_bytes(tables("ลำดับ"))),
        _laid_out(W.book_bytes(tables("อำเภอสอง"))),
    ]


def test_the_excluded_records_by_distinct_value_are_as_factorizing_gives_them(tmp_path):
    """The summary's sheet of excluded records takes its columns by distinct value from the
    codes normalising made (two files, three sheets, copies, narrowed to a province): exactly
    the codes and values that factorizing each column would give."""
    from kbo_cli.core.values import factorize_cells
    from kbo_cli.output import workbook as W
    from tests.conftest import HEADER, row, write_xlsx

    records = [
        row(
            district=["บางคล้า", "พนมสารคาม", "เมืองชลบุรี", "", "บางคล้"][i % 5],
            producer=f"กลุ่ม {i % 70}",
            product=f"ผลิตภัณฑ์ {i % 9}",
            stars=["1", "2", "๓", "4", "x"][i % 5],
            year=[2560, "12/03/2561", "2557", "ไม่ทราบ", 2545][i % 5],
            seq=i + 1,
        )
        for i in range(600)
    ]
    one = write_xlsx(
        tmp_path / "one.xlsx", {"ก": [HEADER, *records[:350]], "ข": [HEADER, *records[300:]]}
    )
    two = write_xlsx(tmp_path / "two.xlsx", {"ทะเบียน": [HEADER, *records[100:400]]})
    for selection in (select([one, two]), select([one, two], province="ฉะเชิงเทรา")):
        columns, distinct = W.excluded_frame(selection)
        assert set(distinct) == {*W.EXCLUDED_COLUMNS, W.REASONS_HEADER, W.SOURCE_HEADERS[0]}
        for header, (codes, values) in distinct.items():
            expected_codes, expected_values = factorize_cells(columns[header])
            assert codes.tolist() == expected_codes.tolist(), header
            assert values.tolist() == expected_values.tolist(), header
        assert any("ซ้ำกับชีต" in r for r in columns[W.REASONS_HEADER])  # copies noted

"""The writer layer: cells, layout, the plain writer and its fast paths, read back."""

import datetime as dt
import io
import zipfile
from dataclasses import replace

import numpy as np
import pytest
import xlsxwriter
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from kbo_cli.engine import tuning
from kbo_cli.output.xlsx import (
    CENTER,
    DATE_FORMAT,
    Cells,
    Column,
    Note,
    Table,
    Writer,
    cell_value,
    package,
    rows,
    styles,
)
from kbo_cli.output.xlsx import layout as L
from kbo_cli.output.xlsx.cells import display_widths, stored, text_width
from kbo_cli.output.xlsx.template import Template, cols_xml
from tests.readback import laid_out

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
    0.1 + 0.2,
    1e16,
    -(2**60),
    True,
    dt.date(2019, 7, 5),
    dt.date(2562, 7, 5),  # a Buddhist-Era year typed into a date cell
    dt.date(1900, 1, 15),
    dt.date(1899, 12, 31),
    dt.datetime(2020, 3, 4, 10, 30),
    float("nan"),
    float("inf"),
    "ข้อความยาว " * 12,
]


DATES = [dt.date(2019, 7, 5), None, dt.datetime(2020, 3, 4, 10, 30), "ไม่ทราบ", dt.date(1900, 1, 1)]
DATES += [dt.date(2562, 1, 1), dt.date(1900, 2, 28)]


def tricky_tables() -> list[Table]:
    n = len(TRICKY)
    long = Table(
        "ยาว",
        ("หัว 1", "หัว 2"),
        (
            Column("ค่า", Cells.of(TRICKY)),
            Column("ชื่อ", Cells.of([f"กลุ่ม {i % 5}" for i in range(n)])),
            Column("แถว", Cells.of(np.arange(n)), CENTER),  # numpy's own integers
            Column("แถวเดิม", Cells.of([(-1) ** i * 10**i for i in range(n)]), CENTER),
            Column("วันที่", Cells.of(DATES * 3), number_format=DATE_FORMAT),
            Column("ว่าง", Cells.blank(n), min_width=20),
        ),
        min_lines=2,
    )
    short = Table("สั้น", ("หัว",), (Column("ก", Cells.of(["กลุ่ม 1", "x"])),))
    return [short, long]


@pytest.fixture
def every_table_long(monkeypatch):
    monkeypatch.setattr(tuning, "LONG_TABLE", 0)


def test_cell_values_are_what_a_cell_can_hold():
    assert cell_value(np.int64(3)) == 3 and type(cell_value(np.int64(3))) is int
    assert cell_value(3.0) == 3 and type(cell_value(3.0)) is int
    assert cell_value(2.5) == 2.5
    assert cell_value(float("nan")) is None and cell_value(None) is None
    assert cell_value(float("inf")) == "inf"
    assert cell_value(2**60) == str(2**60)  # not held exactly as a number
    assert cell_value(np.bool_(True)) is True
    assert cell_value("ก\x0bข") == "กข"
    assert cell_value("ก" * 40000) == "ก" * 32767
    assert cell_value(dt.date(1899, 1, 2)) == "1899-01-02"
    zoned = dt.datetime(2020, 1, 2, 3, 4, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    assert cell_value(zoned) == dt.datetime(2020, 1, 2, 3, 4)
    assert cell_value(dt.time(13, 30)) == "13:30:00"


def test_a_date_is_a_date_only_in_a_date_column():
    day = dt.date(2019, 12, 21)
    assert stored(day, dates=True) == ("d", day)
    assert stored(day, dates=False) == ("s", "21/12/2019")
    assert stored(dt.datetime(2019, 12, 21, 13, 30), dates=False) == ("s", "21/12/2019 13:30")


def test_cells_by_distinct_value():
    cells = Cells.of(["ก", None, "ข", "ก", 3.0, 3])
    assert cells.list() == ["ก", None, "ข", "ก", 3, 3]
    part = cells.take(np.array([2, 0]))
    assert part.list() == ["ข", "ก"] and part.values is cells.values
    whole = Cells.of(range(5))
    assert whole.values.dtype == np.int64 and whole.take(np.array([4, 1])).list() == [4, 1]
    assert Cells.blank(3).list() == [None, None, None]


def test_text_is_measured_as_it_prints():
    values = np.array(["", "กิ่ง", "ผู้ผลิต", "น้ำพริก", "ABC", "ข\nค"], dtype=object)
    widths = display_widths(values)
    # Marks above and below take no width: กิ่ง is as wide as กง
    assert widths[1] == pytest.approx(text_width("กง"))
    assert widths[0] == 0 and widths[5] == pytest.approx(text_width("ขค"))
    # all at once, or one by one: the same
    assert widths.tolist() == pytest.approx([text_width(v) for v in values])
    numbers = np.array([0, 7, -7, 10, 12345], dtype=np.int64)
    assert display_widths(numbers).tolist() == pytest.approx(
        [text_width(str(n)) for n in numbers.tolist()]
    )
    assert text_width("ก", bold=True) > text_width("ก")


def test_wrapped_lines():
    assert L.wrapped_lines("", 10) == 1
    word = "ก" * 4
    width = text_width(word)
    assert L.wrapped_lines(f"{word} {word}", 2 * width + text_width(" ")) == 1
    assert L.wrapped_lines(f"{word} {word}", 2 * width) == 2
    assert L.wrapped_lines(f"{word}\n{word}", 10 * width) == 2  # a break in the text
    assert L.wrapped_lines("ก" * 40, width) >= 10  # a run of Thai broken between its words


def test_a_wide_table_is_narrowed_to_print_at_a_legible_size():
    names = [f"กลุ่มแม่บ้านเกษตรกร {i}" for i in range(5)]
    columns = tuple(Column(f"คอลัมน์ {j}", Cells.of(names)) for j in range(10))
    wide = Table("x", ("หัว",), (Column("ลำดับ", Cells.of(range(1, 6)), CENTER), *columns))
    lay = L.lay_out(wide)
    assert lay.print_scale() >= L.FIT_SCALE - 0.01
    assert lay.row_heights.min() > L.LINE_HEIGHT  # the names wrap instead
    alone = L.lay_out(Table("x", ("หัว",), columns[:1]))
    assert alone.print_scale() == 1 and alone.row_heights.max() == L.LINE_HEIGHT


def test_a_table_too_wide_even_at_its_floors_is_narrowed_further():
    names = Cells.of([f"กลุ่มแม่บ้านเกษตรกร {i}" for i in range(3)])
    many = tuple(Column(f"คอลัมน์ {j}", names) for j in range(20))
    lay = L.lay_out(Table("x", ("หัว",), many))
    assert min(lay.widths) < L.PAD_TEXT + L.TEXT_FLOOR
    assert lay.print_scale() >= L.MIN_PRINT_SCALE


def test_no_row_is_taller_than_excel_allows():
    table = Table("x", ("หัว",), (Column("หมายเหตุ", Cells.of(["ข้อความยาวมาก " * 2000, "สั้น"])),))
    heights = L.lay_out(table).row_heights.tolist()
    assert heights == [L.MAX_LINES * L.LINE_HEIGHT + L.WRAPPED_EXTRA, L.LINE_HEIGHT]
    assert max(heights) <= 409


@pytest.mark.usefixtures("every_table_long")
def test_rows_written_by_kbo_read_back_as_the_plain_writers():
    """Every cell's value and style, the widths, heights, merged titles, filter, print titles,
    page setup and footer are those of the plain writer's own workbook."""
    tables = tricky_tables()
    writer = Writer()
    fast = writer.book(tables)
    assert writer.declined == []
    assert laid_out(fast) == laid_out(Writer(fast=False).book(tables))
    # the rows are kbo's: the plain writer laid the sheet out without them
    with zipfile.ZipFile(io.BytesIO(fast)) as book:
        assert book.read("xl/worksheets/sheet2.xml").count(b"<row ") == 3 + len(TRICKY)


def test_what_the_rows_hold():
    book = load_workbook(io.BytesIO(Writer().book(tricky_tables())))
    rows_ = list(book["ยาว"].iter_rows(min_row=4, values_only=True))
    assert [r[0] for r in rows_[:6]] == TRICKY[:6]  # text stays text, formulas too
    dates = [r[4] for r in rows_[:7]]  # a date column: dates are dates, other values as they are
    assert dates == [
        dt.datetime(2019, 7, 5),
        None,
        dt.datetime(2020, 3, 4, 10, 30),
        "ไม่ทราบ",
        dt.datetime(1900, 1, 1),
        dt.datetime(2562, 1, 1),
        dt.datetime(1900, 2, 28),
    ]
    assert rows_[13][0] == "05/07/2019"  # a date in a text column: as it shows
    assert rows_[16][0] == "1899-12-31"  # Excel shows no date before 1900
    assert rows_[19][0] == "inf"


@pytest.mark.usefixtures("every_table_long")
def test_same_tables_same_bytes():
    assert Writer().book(tricky_tables()) == Writer().book(tricky_tables())


@pytest.mark.usefixtures("every_table_long")
def test_rows_in_chunks_make_the_same_sheet(monkeypatch):
    """The rows are made and compressed a chunk at a time; where the chunks end changes
    nothing in the workbook."""
    whole = package.read_entries(Writer().book(tricky_tables()))
    for chunk_rows in (1, 7):
        monkeypatch.setattr(tuning, "CHUNK_ROWS", chunk_rows)
        assert package.read_entries(Writer().book(tricky_tables())) == whole


@pytest.mark.usefixtures("every_table_long")
def test_a_style_the_writer_did_not_write_is_declined_not_guessed(monkeypatch):
    """Where the laid-out workbook has no style meaning a column's format, the rows are not
    written in another: the fast path declines, says why, and the plain writer writes them."""
    monkeypatch.setattr(styles.StyleSheet, "find", lambda self, style: None)
    writer = Writer()
    data = writer.book(tricky_tables())
    assert len(writer.declined) == 1 and "no cell style" in writer.declined[0]
    assert laid_out(data) == laid_out(Writer(fast=False).book(tricky_tables()))


def test_styles_are_found_by_what_they_mean():
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    wanted = styles.data_style(Column("x", Cells.blank(0), CENTER, DATE_FORMAT))
    other = styles.data_style(Column("y", Cells.blank(0)))
    sheet.write_string(0, 0, "x", book.add_format(styles.HEADER_STYLE.xlsxwriter()))
    sheet.write_blank(1, 0, None, book.add_format(wanted.xlsxwriter()))
    book.close()
    sheet_of = styles.StyleSheet(zipfile.ZipFile(buffer).read("xl/styles.xml"))
    found = sheet_of.find(wanted)
    assert found is not None and sheet_of.find(styles.HEADER_STYLE) not in (None, found)
    assert sheet_of.find(other) is None  # never written: not there


def test_shared_strings_are_read_item_by_item():
    sst = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="9" '
        'uniqueCount="4"><si><t>ก &amp; ข</t></si><si><t xml:space="preserve"> นำหน้า</t></si>'
        "<si><t/></si><si><r><t>ตัว</t></r><r><t>หนา</t></r></si></sst>"
    )
    assert rows.read_shared_strings(sst.encode()) == (["ก & ข", " นำหน้า", "", "ตัวหนา"], 9)
    escaped = sst.replace("ก &amp; ข", "ก_x000D_ข").replace(" นำหน้า", "_x005F_x0041_")
    assert rows.read_shared_strings(escaped.encode())[0][:2] == ["ก\rข", "_x0041_"]
    with pytest.raises(rows.Declined):  # counts that are not the items'
        rows.read_shared_strings(sst.replace('uniqueCount="4"', 'uniqueCount="5"').encode())


@given(st.lists(st.text(alphabet=st.sampled_from("ก_x0D5F&<>\r\x00\ufffe A")), max_size=8))
def test_shared_string_items_escaped_together_as_one_by_one(texts):
    assert rows.sst_items(texts) == "".join(map(rows.sst_item, texts))


def test_replacing_an_entry_copies_the_others_as_they_are():
    data = Writer(fast=False).book(tricky_tables())
    changed = package.replaced(data, {"docProps/app.xml": b"<x/>", "xl/styles.xml": [b"a", b"b"]})
    before, after = package.read_entries(data), package.read_entries(changed)
    assert after.pop("docProps/app.xml") == b"<x/>" and after.pop("xl/styles.xml") == b"ab"
    assert after == {
        k: v for k, v in before.items() if k not in ("docProps/app.xml", "xl/styles.xml")
    }
    with zipfile.ZipFile(io.BytesIO(changed)) as book:
        assert book.testzip() is None
    with pytest.raises(KeyError):
        package.replaced(data, {"no/such.xml": b""})


def test_column_widths_as_the_plain_writer_writes_them():
    widths = [1 + 0.37 * k for k in range(120)] + [8.43, 8.43, 48.0]
    styles_ = [k % 3 for k in range(len(widths))]
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    formats = [None, book.add_format({"bold": True}), book.add_format({"italic": True})]
    for j, (width, style) in enumerate(zip(widths, styles_, strict=True)):
        sheet.set_column_pixels(j, j, L.column_pixels(width), formats[style])
    book.close()
    xml = zipfile.ZipFile(buffer).read("xl/worksheets/sheet1.xml")
    written = xml[xml.index(b"<cols>") : xml.index(b"</cols>") + 7]
    assert cols_xml(widths, styles_) == written


def district(title: str, names: list[str]) -> list[Table]:
    columns = (
        Column("ลำดับ", Cells.of(range(1, len(names) + 1)), CENTER),
        Column("ชื่อกลุ่ม", Cells.of(names)),
    )
    return [Table("รายชื่อ", ("ทะเบียนรายชื่อ", title), columns, footer="เครดิต")]


def test_a_template_fills_each_workbook_as_the_plain_writer_writes_it():
    template = Template(district("อำเภอหนึ่ง", ["ก", "ข"]))
    for tables in (
        district("อำเภอสอง", ["ชื่อที่ยาวมากจนต้องขึ้นบรรทัดใหม่ " * 4, "ค", "ง"]),
        district("ชื่อกลุ่ม", ["ทะเบียนรายชื่อ"]),  # titles the same as other strings
        district("อำเภอสาม", []),
    ):
        assert laid_out(template.book(tables)) == laid_out(Writer(fast=False).book(tables))
    other = district("x", ["ก"])
    other[0] = Table("อื่น", other[0].titles, other[0].columns)
    with pytest.raises(rows.Declined):
        template.book(other)


def test_workbooks_alike_share_a_template_and_another_shape_gets_its_own():
    writer = Writer()
    for tables in (district("หนึ่ง", ["ก"]), district("สอง", ["ข", "ค"])):
        assert laid_out(writer.alike(tables)) == laid_out(Writer(fast=False).book(tables))
    assert len(writer._templates) == 1 and writer.declined == []
    grouped = district("สาม", ["ก"])
    grouped[0] = Table(
        "รายชื่อ",
        ("หัว",),
        tuple(Column(c.header, c.cells, c.align, group="กลุ่ม") for c in grouped[0].columns),
    )
    assert laid_out(writer.alike(grouped)) == laid_out(Writer(fast=False).book(grouped))
    assert len(writer._templates) == 2 and writer.declined == []


def test_a_group_label_stands_over_its_columns():
    columns = (
        Column("จังหวัด", Cells.of(["ก"])),
        Column("ไม่อยู่ในกลุ่ม D", Cells.of([1]), CENTER, group="ไม่ผ่าน: Quadrant"),
        Column("ระบุไม่ชัดเจน", Cells.of([2]), CENTER, group="ไม่ผ่าน: Quadrant"),
    )
    ws = load_workbook(io.BytesIO(Writer().book([Table("x", ("หัว",), columns)])))["x"]
    assert sorted(map(str, ws.merged_cells.ranges)) == ["A1:C1", "A2:A3", "B2:C2"]
    assert [c.value for c in ws[2]] == ["จังหวัด", "ไม่ผ่าน: Quadrant", None]
    assert [c.value for c in ws[3]] == [None, "ไม่อยู่ในกลุ่ม D", "ระบุไม่ชัดเจน"]
    assert ws.print_title_rows == "$2:$3" and ws.freeze_panes == "A4"
    assert ws.auto_filter.ref == "A3:C4"


def signed(title: str, names: list[str]) -> list[Table]:
    """A district's list with a sign-off below it."""
    (table,) = district(title, names)
    notes = (Note("รวมทั้งสิ้น"), Note("ลงชื่อ ....", "ลงชื่อ ...."), Note("ผู้ประสานงาน ...."))
    return [replace(table, notes=notes)]


def test_notes_below_a_table_and_its_pages_tall_as_the_plain_writer_writes_them():
    from kbo_cli.output.xlsx.layout import lay_out

    short, long = signed("สั้น", ["ก", "ข"]), signed("ยาว", [f"กลุ่มที่ {i}" for i in range(60)])
    # A short list prints one page tall, its sign-off with it; a long one as tall as it takes.
    assert (lay_out(short[0]).pages_tall, lay_out(long[0]).pages_tall) == (1, 0)
    for first, then in ((short, long), (long, short), (short, short)):
        template = Template(first)
        for tables in (then, first):
            book = template.book(tables)
            assert laid_out(book) == laid_out(Writer(fast=False).book(tables))
            ws = load_workbook(io.BytesIO(book)).active
            rows = list(ws.iter_rows(values_only=True))
            assert rows[-3:] == [
                ("รวมทั้งสิ้น", None),
                ("ลงชื่อ ....", "ลงชื่อ ...."),
                ("ผู้ประสานงาน ....", None),
            ]


def test_page_breaks_fill_pages_and_keep_the_notes_with_the_last_rows():
    from kbo_cli.output.xlsx.layout import page_breaks

    # 300 points above the rows on page 1, a header of 100 on the others, rows of 50, notes
    # of 216, pages of 761: page 1 holds 9 rows (750); 7 rows and the notes would need 866.
    assert page_breaks(300, 100, [50] * 7, 216, 761) == (5,)
    assert page_breaks(300, 100, [50] * 7, 216, 900) == ()  # all on one page
    assert page_breaks(300, 100, [50] * 20, 216, 761) == (9, 18)
    assert page_breaks(300, 100, [50] * 2, 216, 400) == ()  # too few rows to part from
    assert page_breaks(300, 100, [500, 50, 50], 216, 761) == (1,)  # a page of one tall row


def test_a_long_signed_list_prints_at_a_set_scale_its_sign_off_on_the_last_page():
    """A spreadsheet program breaks pages its own way: a long list with a sign-off gets its
    scale and every page break set, the sign-off on the page of the last rows."""
    from kbo_cli.output.xlsx import layout as L

    (table,) = signed("ยาว", [f"กลุ่มที่ {i}" for i in range(60)])
    lay = L.lay_out(table)
    assert lay.pages_tall == 0 and 10 <= lay.scale <= 100 * lay.print_scale() * L.SCALE_MARGIN
    starts = [0, *lay.breaks]
    assert len(starts) >= 2 and starts == sorted(set(starts))
    page = L.PAGE_HEIGHT * 100 / lay.scale
    above = sum(lay.title_heights) + lay.header_height
    rows = lay.row_heights.tolist()
    for k, (first, end) in enumerate(zip(starts, [*starts[1:], len(rows)], strict=True)):
        notes = (1 + len(table.notes)) * L.LINE_HEIGHT if end == len(rows) else 0
        assert above + sum(rows[first:end]) + notes <= page, k
        above = lay.header_height
    assert len(rows) - starts[-1] >= L.KEEP_WITH_NOTES
    ws = load_workbook(io.BytesIO(Writer().book([table]))).active
    assert not ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.scale == lay.scale
    assert [b.id for b in ws.row_breaks.brk] == [table.header_row + 1 + r for r in lay.breaks]


def test_a_column_of_single_words_is_never_narrower_than_its_widest_word():
    """A program breaks a word wider than its column anywhere (`บางน้ำเปรี้ย` / `ว`): a column
    of one-word values (a ตำบล) narrowed to fit the page keeps its widest word whole."""
    from kbo_cli.output.xlsx import layout as L
    from kbo_cli.output.xlsx.cells import text_width

    long = " ".join(["กลุ่มแม่บ้านเกษตรกรบางน้ำเปรี้ยว"] * 4)
    wide = tuple(Column(f"ข้อความ {i}", Cells.of([long, long])) for i in range(8))
    words = Column("ตำบล", Cells.of(["บางน้ำเปรี้ยว", "สิงโตทอง"]))
    lay = L.lay_out(Table("x", ("หัว",), (words, *wide)))
    assert lay.widths[1] < text_width(long)  # the page is too narrow: the text wraps
    assert lay.widths[0] >= text_width("บางน้ำเปรี้ยว") + L.PAD_TEXT

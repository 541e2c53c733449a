"""The nomination workbooks, written and read back as the province would open them."""

import hashlib
import re
import zipfile

import pytest
from openpyxl import load_workbook

from kbo_cli import select
from kbo_cli.errors import OutputExistsError
from kbo_cli.output.paths import safe_filename
from kbo_cli.output.sheets import CHART_SHEET, NOMINATION_SHEET, SIGNIN_SHEET, SUMMARY_NAME
from kbo_cli.output.workbooks import write_workbooks
from tests.conftest import HEADER, row, table_records, table_rows, write_xlsx

# The contact columns a province expects of every district's list, in its order.
CONTACTS = ("ชื่อประธานกลุ่ม/ ผู้ประสานงาน", "ที่อยู่", "เบอร์โทรศัพท์", "หมายเหตุ")


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


def test_one_workbook_per_district_a_nil_return_where_nobody_qualifies(written):
    _, files = written
    names = sorted(p.name for p in files.districts)
    assert names == ["บางคล้า.xlsx", "บ้านโพธิ์.xlsx", "พนมสารคาม.xlsx", "เมืองฉะเชิงเทรา.xlsx"]
    assert (files.folder / SUMMARY_NAME).exists()
    assert not list(files.folder.glob(".kbo-*"))  # no temporary files left
    # พนมสารคาม's one product is not quadrant D: the district answers all the same.
    nil = files.folder / "พนมสารคาม.xlsx"
    assert load_workbook(nil).sheetnames == [NOMINATION_SHEET, SIGNIN_SHEET]
    _, rows = table_rows(nil)
    assert rows == []
    notes = below_the_table(nil)
    assert notes[0] == "รวมทั้งสิ้น ๐ กลุ่ม ๐ ผลิตภัณฑ์ (ไม่มีผู้ผลิต ผู้ประกอบการที่ผ่านเกณฑ์)"
    assert "ตำแหน่ง พัฒนาการอำเภอพนมสารคาม" in notes  # the sign-off, its district filled in
    titles = [r[0] for r in load_workbook(nil).active.iter_rows(max_row=3, values_only=True)]
    assert titles[2] == "อำเภอพนมสารคาม จังหวัดฉะเชิงเทรา"


def below_the_table(path, index: int = 0) -> list[str]:
    """The texts below a sheet's table (its notes), row by row, left to right."""
    ws = load_workbook(path).worksheets[index]
    rows = list(ws.iter_rows(values_only=True))
    at = next(i for i, r in enumerate(rows) if r[0] == "ลำดับ")
    end = next(i for i in range(at + 1, len(rows)) if all(v is None for v in rows[i]))
    return [v for r in rows[end + 1 :] for v in r if v is not None]


def test_the_list_is_signed_off_below_its_total(written):
    _, files = written
    notes = below_the_table(files.folder / "บางคล้า.xlsx")
    assert notes[:2] == [
        "รวมทั้งสิ้น ๓ กลุ่ม ๔ ผลิตภัณฑ์",
        "ที่มา: ทะเบียนผู้ผลิต ผู้ประกอบการ OTOP (ไฟล์ registry.xlsx)",
    ]
    dots = "." * 40
    assert notes[2:] == [
        f"ลงชื่อ {dots} ผู้จัดทำ",
        f"ลงชื่อ {dots} ผู้รับรองข้อมูล",
        f"      ({dots})",
        f"      ({dots})",
        f"ตำแหน่ง {dots}",
        "ตำแหน่ง พัฒนาการอำเภอบางคล้า",
        f"วันที่ {'.' * 30}",
        f"วันที่ {'.' * 30}",
        f"ผู้ประสานงาน {dots} โทร {'.' * 24}",
    ]
    # A short list prints on one page, its sign-off never parted from its end.
    assert load_workbook(files.folder / "บางคล้า.xlsx").active.page_setup.fitToHeight is None


def test_nomination_sheet_content(written):
    _, files = written
    path = files.folder / "บางคล้า.xlsx"
    book = load_workbook(path)
    assert book.sheetnames[0] == NOMINATION_SHEET
    header, rows = table_rows(path)
    # In the order a province reads them; the contact columns it expects, blank to fill in
    # where the registry has none; where each row came from last.
    assert list(header) == [
        "ลำดับ",
        "ชื่อกลุ่ม/ผู้ประกอบการ",
        "ชื่อผลิตภัณฑ์",
        "ประเภทผลิตภัณฑ์",
        "ระดับดาว",
        "กลุ่มผลิตภัณฑ์ (Quadrant)",
        "ปีที่ลงทะเบียน (พ.ศ.)",
        *CONTACTS,
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
    assert rows[0][3:] == ("อาหาร", 1, "D", 2560, None, None, None, None, "ทะเบียน", 6)
    assert rows[2][6] == 2558
    titles = [r[0] for r in book.active.iter_rows(max_row=4, values_only=True)]
    assert titles[1].endswith(  # official text in Thai digits, and the letter answered
        "ประจำปีงบประมาณ พ.ศ. ๒๕๖๓ ตามหนังสือจังหวัดฉะเชิงเทรา ด่วนที่สุด ที่ ฉช ๐๐๑๙/ว ๖๓๕๔ "
        "ลงวันที่ ๒๑ ธันวาคม ๒๕๖๒"
    )
    assert titles[2] == "อำเภอบางคล้า จังหวัดฉะเชิงเทรา"
    # The criteria in the letter's own words, without the program's · and –.
    assert titles[3] == (
        "เกณฑ์การคัดเลือก: ผลิตภัณฑ์ OTOP ประเภทปรับตัวสู่การพัฒนา (Quadrant D) "
        "ซึ่งมีศักยภาพหรือระดับ ๑-๓ ดาว ที่ลงทะเบียนผู้ผลิต ผู้ประกอบการ OTOP "
        "ปี พ.ศ. ๒๕๕๗ - ๒๕๖๒ ประเภท กลุ่มผู้ผลิตชุมชน"
    )


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
    assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight in (None, 0, 1)
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
    # One province: no column of it (a column of one value says nothing); the total's label in
    # the district's.
    counts = table_records(files.summary, 0, "อำเภอ")
    total = counts[-1]
    assert "จังหวัด" not in total
    shown = ("จำนวน รายการ", "ผลิตภัณฑ์", "กลุ่ม")
    assert total["อำเภอ"] == "รวม" and tuple(total[k] for k in shown) == (7, 6, 5)
    assert (total["พิจารณา ตามศักยภาพ"], total["ไม่ผ่าน เกณฑ์"]) == (0, 1)
    records = sum(r["จำนวน รายการ"] for r in counts[:-1])
    assert records == total["จำนวน รายการ"] == 6 + total["ไม่ผ่าน เกณฑ์"]
    excluded = table_records(files.summary, 3, "อำเภอ")
    assert "จังหวัด" not in excluded[0]
    assert [(r["อำเภอ"], r["เหตุผลที่ไม่ผ่าน"]) for r in excluded] == [
        ("พนมสารคาม", "ไม่อยู่ในกลุ่มปรับตัวสู่การพัฒนา (Quadrant D)")
    ]


def test_carried_columns_keep_text_and_numbers(registry, tmp_path):
    path = registry(
        [[*row(), "0812345678", 12, "00123"], [*row(producer="ข"), None, 3.5, None]],
        header=[*HEADER, "โทรศัพท์", "สมาชิก", "รหัส"],
    )
    files = write_workbooks(select([path]), tmp_path / "out")
    header, _ = table_rows(files.districts[0])
    carried = ("เบอร์โทรศัพท์", "สมาชิก", "รหัส")  # the phone under the province's header
    assert [h for h in header if h in carried] == list(carried)  # in the registry's order
    rows = table_records(files.districts[0])
    assert [tuple(r[h] for h in carried) for r in rows] == [
        ("0812345678", 12, "00123"),
        (None, 3.5, None),
    ]


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


def test_signin_sheet_as_the_usual_form(written):
    _, files = written
    book = load_workbook(files.folder / "บางคล้า.xlsx")
    assert book.sheetnames == [NOMINATION_SHEET, SIGNIN_SHEET]
    ws = book[SIGNIN_SHEET]
    titles = [r[0] for r in ws.iter_rows(max_row=5, values_only=True)]
    assert titles == [
        "ใบลงทะเบียนผู้เข้าร่วมประชุม",
        "การประชุมคณะกรรมการเครือข่ายองค์ความรู้ (Knowledge-Based OTOP : KBO) จังหวัดฉะเชิงเทรา",
        "วันพุธที่ ๘ มกราคม ๒๕๖๓ เวลา ๑๓.๓๐ น.",
        "ณ ห้องประชุมศูนย์ข้อมูลอาเซียน ชั้น ๑ ศาลากลางจังหวัดฉะเชิงเทรา",
        "อำเภอบางคล้า จังหวัดฉะเชิงเทรา",
    ]
    records = table_records(files.folder / "บางคล้า.xlsx", 1)
    assert list(records[0]) == [
        "ลำดับ",
        "ชื่อ - สกุล",
        "ตำแหน่ง",
        "กลุ่ม/หน่วยงาน",
        "ผลิตภัณฑ์",
        "เบอร์โทรศัพท์",
        "ลายมือชื่อ",
        "หมายเหตุ",
    ]
    # The district's officers, then one row per producer (two products: one row listing
    # both), then spare rows; names, phones and signatures left to the attendees.
    shown = [(r["ลำดับ"], r["ตำแหน่ง"], r["กลุ่ม/หน่วยงาน"], r["ผลิตภัณฑ์"]) for r in records]
    office = "สำนักงานพัฒนาชุมชนอำเภอบางคล้า"
    assert shown == [
        (1, "พัฒนาการอำเภอ", office, None),
        (2, "นักวิชาการพัฒนาชุมชน", office, None),
        (3, None, "กลุ่มแม่บ้านบางคล้า", "กล้วยอบ, น้ำพริกเผา"),
        (4, None, "กลุ่มสตรีบางสวน", "ขนมกง"),
        (5, None, "เกษตรกรก้าวหน้า", "ข้าวหลาม"),
        (6, None, None, None),
        (7, None, None, None),
    ]
    assert all(r["ชื่อ - สกุล"] is r["ลายมือชื่อ"] is None for r in records)
    assert ws.column_dimensions["G"].width >= 14  # room to sign


def test_province_summary_holds_the_combined_signin_sheet(written):
    _, files = written
    ws = load_workbook(files.summary).worksheets[5]
    assert ws.cell(5, 1).value == "รวมทุกอำเภอ จังหวัดฉะเชิงเทรา"
    header, rows = table_rows(files.summary, 5)
    assert header[1:3] == ("อำเภอ", "ชื่อ - สกุล")  # no province column: one province
    # Districts in official order: เมืองฉะเชิงเทรา 2401, บางคล้า 2402, บ้านโพธิ์ 2405,
    # พนมสารคาม 2406; each with its officers and spare rows.
    districts = list(dict.fromkeys(r[1] for r in rows))
    assert districts == ["เมืองฉะเชิงเทรา", "บางคล้า", "บ้านโพธิ์", "พนมสารคาม"]


def test_summary_carries_a_native_bar_chart_of_nominees_per_district(written):
    _, files = written
    _, rows = table_rows(files.summary, 1, "อำเภอ")
    assert [r[:2] for r in rows] == [  # in official order, เมือง first
        ("เมืองฉะเชิงเทรา", 1),
        ("บางคล้า", 4),
        ("บ้านโพธิ์", 1),
        ("พนมสารคาม", 0),
    ]
    with zipfile.ZipFile(files.summary) as archive:
        chart = archive.read("xl/charts/chart1.xml").decode()
    assert "<c:barChart>" in chart and '<c:barDir val="bar"/>' in chart
    assert "$B$" in chart  # the nominees column is the series


def test_force_removes_workbooks_only_an_earlier_run_wrote(registry, tmp_path):
    out = tmp_path / "out"
    first = registry([row(), row(district="พนมสารคาม")], name="first.xlsx")
    write_workbooks(select([first]), out)
    assert (out / "พนมสารคาม.xlsx").exists()
    (out / "notes.xlsx").write_bytes(b"the officer's own file")
    # Corrected registry: พนมสารคาม is not in it any more.
    second = registry([row()], name="second.xlsx")
    files = write_workbooks(select([second]), out, force=True)
    assert [p.name for p in files.removed] == ["พนมสารคาม.xlsx"]
    assert not (out / "พนมสารคาม.xlsx").exists()
    assert (out / "notes.xlsx").read_bytes() == b"the officer's own file"
    assert (out / "บางคล้า.xlsx").exists()


def test_the_excluded_records_by_distinct_value_are_as_the_records_give_them(tmp_path):
    """The summary's sheet of excluded records takes its columns by distinct value from the
    codes normalising made (two files, three sheets, copies, narrowed to a province): the same
    cells as the records' columns, coded as factorizing them would."""
    from kbo_cli.core.values import factorize_cells
    from kbo_cli.output import sheets
    from kbo_cli.output.xlsx import Cells

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
        fields = sheets.excluded_fields(selection)
        excluded = selection.excluded
        # the province where there are several: a column of one value says nothing
        assert ("province" in fields) == selection.multi_province
        for name in ("district", "producer", "product", "stars_written", "sheet"):
            expected = Cells.of(excluded[name].to_numpy(dtype=object))
            assert fields[name].list() == expected.list(), name
            # the same codes as factorizing would give: numbered by first appearance
            codes, _ = factorize_cells(excluded[name].to_numpy(dtype=object))
            assert fields[name].codes.tolist() == codes.tolist(), name
        assert any("ซ้ำกับชีต" in r for r in fields["reasons"].list())  # copies noted


def test_another_provinces_signin_sheets_leave_the_meeting_to_fill_in(registry, tmp_path):
    # A Nakhon Nayok registry, run with the default rules: their meeting is Chachoengsao's.
    path = registry([row(district="องครักษ์"), row(district="บ้านนา", producer="กลุ่มทอผ้า")])
    files = write_workbooks(select([path]), tmp_path / "out")
    for book in (files.folder / "องครักษ์.xlsx", files.summary):
        ws = load_workbook(book)[SIGNIN_SHEET]
        titles = [r[0] for r in ws.iter_rows(max_row=4, values_only=True)]
        assert titles[1].endswith("จังหวัดนครนายก")
        assert titles[2] == "วันที่ ........................ เวลา ............ น."
        assert titles[3] == "ณ " + "." * 48  # the place too, to fill in by hand


def test_the_summary_lists_the_rules_notices_and_every_sheet_not_read(registry, tmp_path):
    path = write_xlsx(
        tmp_path / "two.xlsx",
        {"ก": [HEADER, row()], "ข": [HEADER, row(producer="กลุ่มอื่น")]},
    )
    files = write_workbooks(select([path], sheets=["ก"]), tmp_path / "out")
    issues = table_records(files.summary, 4, "ไฟล์")
    said = {(r["ข้อมูล"], r["ชีต"], r["ปัญหา"]) for r in issues}
    notice = next(r for r in issues if r["ข้อมูล"] == "ไฟล์เกณฑ์")
    assert notice["ไฟล์"] == "rules.toml" and notice["ปัญหา"].startswith("วันประชุมตามเกณฑ์ตั้งต้น")
    assert ("ชีต", "ข", "ไม่ได้ระบุใน --sheet ไม่ได้อ่านชีตนี้") in said


def test_where_rows_came_from_stays_in_the_sheet_but_does_not_print(written):
    _, files = written
    for path in (files.folder / "บางคล้า.xlsx", files.folder / "บ้านโพธิ์.xlsx"):
        header, rows = table_rows(path)
        ws = load_workbook(path).active
        column, last_row = re.search(r"!\$A\$1:\$([A-Z]+)\$(\d+)$", ws.print_area).groups()
        last = header.index("หมายเหตุ") + 1  # the columns up to หมายเหตุ print
        assert column == chr(ord("A") + last - 1)
        notes = 1 + 7  # a blank row, then the total, the source and the sign-off
        assert int(last_row) == len(rows) + header_row(ws) + notes
        assert header[last:] == ("ชีตต้นฉบับ", "แถวต้นฉบับ")  # kept, for tracing the rows


def header_row(ws) -> int:
    return next(r for r in range(1, 12) if ws.cell(r, 1).value == "ลำดับ")


def test_the_registrys_contact_columns_and_star_round_are_the_provinces(tmp_path):
    header = [h if h != "ระดับดาว" else "ระดับดาว (ปี ๒๕๖๒)" for h in HEADER]
    header += ["โทร.", "ตำบล", "ผู้ประสานงาน", "สีประจำกลุ่ม", "ว่างเปล่า"]
    path = write_xlsx(
        tmp_path / "r.xlsx",
        {"S": [header, [*row(), "081-234-5678", "บางสวน", "นางสมศรี", "เขียว", None]]},
    )
    files = write_workbooks(select([path]), tmp_path / "out")
    (record,) = table_records(files.folder / "บางคล้า.xlsx")
    assert list(record)[:13] == [
        "ลำดับ",
        "ชื่อกลุ่ม/ผู้ประกอบการ",
        "ตำบล",  # a location stands after the name, under the registry's header
        "ชื่อผลิตภัณฑ์",
        "ประเภทผลิตภัณฑ์",
        "ระดับดาว (ปี ๒๕๖๒)",  # the registry's round kept, in the workbook's digits
        "กลุ่มผลิตภัณฑ์ (Quadrant)",
        "ปีที่ลงทะเบียน (พ.ศ.)",
        *CONTACTS,
        "สีประจำกลุ่ม",  # another column with a value; the empty one is left out
    ]
    assert (record["ตำบล"], record["ชื่อประธานกลุ่ม/ ผู้ประสานงาน"]) == ("บางสวน", "นางสมศรี")
    assert (record["เบอร์โทรศัพท์"], record["ที่อยู่"]) == ("081-234-5678", None)


def test_a_name_not_in_the_gazetteer_is_marked_in_the_counts_and_the_chart(registry, tmp_path):
    path = registry([row(), row(district="บางคล้"), row(district="พนมสารคาม", quadrant="C")])
    files = write_workbooks(select([path]), tmp_path / "out")
    counts = table_records(files.summary, 0, "อำเภอ")
    # The registry's spelling kept, said to be unofficial, after the province's official ones.
    assert [r["อำเภอ"] for r in counts] == [
        "บางคล้า",
        "พนมสารคาม",
        "บางคล้ (ไม่พบในทำเนียบ)",
        "รวม",  # the totals row
    ]
    _, chart = table_rows(files.summary, 1, "อำเภอ")
    assert [r[:2] for r in chart] == [
        ("บางคล้า", 1),
        ("พนมสารคาม", 0),
        ("บางคล้ *", 1),  # marked short: a label of two lines crowds a chart's
    ]
    below = [c.value for c in load_workbook(files.summary).worksheets[1]["A"]][-1]
    assert below == "* ไม่พบในทำเนียบอำเภอ/จังหวัด"  # what the mark means
    with zipfile.ZipFile(files.summary) as archive:
        xml = archive.read("xl/charts/chart1.xml").decode()
    categories = re.search(r"<c:cat>.*?<c:f>(.*?)</c:f>", xml, re.S).group(1)
    assert "$A$" in categories  # the chart's categories are the names above, marked alike
    # in the document's font for Thai too (a chart names a font per script)
    assert '<a:cs typeface="TH SarabunPSK"/>' in xml


def test_a_province_not_in_the_gazetteer_is_marked_in_a_national_summary(tmp_path):
    header = ["จังหวัด", *HEADER]
    path = write_xlsx(
        tmp_path / "national.xlsx",
        {
            "all": [
                header,
                ["สมมุติ", *row(district="ทุ่งใหม่")],
                ["ฉะเชิงเทรา", *row(district="บางคล้า")],
                ["ชลบุรี", *row(district="เมือง")],
            ]
        },
    )
    files = write_workbooks(select([path]), tmp_path / "out")
    counts = table_records(files.summary, 0, "จังหวัด")
    # Provinces in code order: ชลบุรี 20 before ฉะเชิงเทรา 24; an unknown name after them.
    assert [(r["จังหวัด"], r["อำเภอ"]) for r in counts[:-1]] == [
        ("ชลบุรี", "เมืองชลบุรี"),
        ("ฉะเชิงเทรา", "บางคล้า"),
        ("สมมุติ (ไม่พบในทำเนียบ)", "ทุ่งใหม่ (ไม่พบในทำเนียบ)"),
    ]
    _, chart = table_rows(files.summary, 1, "จังหวัด")
    assert [r[0] for r in chart[:3]] == ["ชลบุรี", "ฉะเชิงเทรา", "สมมุติ *"]
    titles = [
        r[0]
        for r in load_workbook(files.summary).worksheets[0].iter_rows(max_row=3, values_only=True)
    ]
    assert titles[2] == "จังหวัดชลบุรี, ฉะเชิงเทรา, สมมุติ"


def test_excluded_records_by_district_in_official_order_then_source_row(tmp_path):
    c = {"quadrant": "C"}
    path = write_xlsx(
        tmp_path / "r.xlsx",
        {
            "ก": [
                HEADER,
                row(district="พนมสารคาม", **c),  # row 2
                row(district="บางคล้า", **c),  # 3
                row(district="บางคล้", **c),  # 4, not in the gazetteer
                row(district="อ.เมือง", **c),  # 5
                row(district="บางคล้า", producer="ข", **c),  # 6
            ],
            "ข": [HEADER, row(district="บางคล้า", producer="ค", **c)],  # 2, read after ก
        },
    )
    files = write_workbooks(select([path]), tmp_path / "out")
    excluded = table_records(files.summary, 3, "อำเภอ")
    assert [(r["อำเภอ"], r["ชีตต้นฉบับ"], r["แถวต้นฉบับ"]) for r in excluded] == [
        ("เมืองฉะเชิงเทรา", "ก", 5),
        ("บางคล้า", "ก", 3),
        ("บางคล้า", "ก", 6),
        ("บางคล้า", "ข", 2),
        ("พนมสารคาม", "ก", 2),
        ("บางคล้", "ก", 4),
    ]


def test_blank_rows_are_counted_not_listed_as_data_problems(registry, tmp_path):
    import json

    from kbo_cli.report import to_json

    path = registry([row(), [None] * len(HEADER), row(producer="ข"), ["รวม 2 ราย"]])
    selection = select([path])
    files = write_workbooks(selection, tmp_path / "out")
    issues = table_records(files.summary, 4, "ไฟล์")
    assert [r["ปัญหา"] for r in issues if r["ข้อมูล"] == "แถวที่ไม่ใช่รายการ"] == [
        "แถวชื่อเรื่องเหนือหัวตาราง",
        "แถวผลรวม",
    ]
    assert not any(r["ปัญหา"] == "แถวว่าง" for r in issues)
    # Nothing vanishes: the blank row is counted in the summary's title and in the JSON.
    title = [
        r[0]
        for r in load_workbook(files.summary).worksheets[0].iter_rows(max_row=5, values_only=True)
    ][4]
    assert "แถวที่ไม่ใช่รายการผู้ผลิต ๓ แถว (แถวว่าง ๑ แถว)" in title
    data = json.loads(json.dumps(to_json(selection, files), ensure_ascii=False))
    assert [(s["row"], s["kind"]) for s in data["skipped_rows"]] == [
        (1, "title"),
        (5, "blank"),
        (7, "totals"),
    ]


def test_products_not_yet_rated_are_listed_for_judgement_on_potential(registry, tmp_path):
    from tests.test_rules import rules_with

    path = registry(
        [
            row(),
            row(producer="กลุ่มใหม่", stars="-"),  # every criterion but the stars: not rated
            row(producer="กลุ่มนอกเกณฑ์", stars="-", quadrant="C"),  # fails more than that
            row(district="พนมสารคาม", producer="กลุ่มศักยภาพ", stars="ยังไม่ได้คัดสรร"),
        ]
    )
    selection = select([path])
    assert list(selection.candidates["producer"]) == ["กลุ่มใหม่", "กลุ่มศักยภาพ"]
    counts = selection.counts  # not nominated: records = eligible + excluded still holds
    assert (counts["eligible"], counts["excluded"]) == (1, 3)
    files = write_workbooks(selection, tmp_path / "out")
    book = load_workbook(files.folder / "บางคล้า.xlsx")
    assert book.sheetnames == [NOMINATION_SHEET, "พิจารณาตามศักยภาพ", SIGNIN_SHEET]
    (candidate,) = table_records(files.folder / "บางคล้า.xlsx", 1)
    assert candidate["ชื่อกลุ่ม/ผู้ประกอบการ"] == "กลุ่มใหม่"
    assert candidate["ความเห็นของอำเภอ (เสนอ/ไม่เสนอ พร้อมเหตุผล)"] is None  # for the officer
    # A nil return with candidates: nobody nominated, one to judge.
    assert load_workbook(files.folder / "พนมสารคาม.xlsx").sheetnames[1] == "พิจารณาตามศักยภาพ"
    counted = {r["อำเภอ"]: r["พิจารณา ตามศักยภาพ"] for r in table_records(files.summary, 0, "อำเภอ")}
    assert (counted["บางคล้า"], counted["พนมสารคาม"]) == (1, 1)
    # The rules may turn the sheet off.
    off = select([path], criteria=rules_with(tmp_path, candidates="false"))
    files = write_workbooks(off, tmp_path / "off")
    assert "พิจารณาตามศักยภาพ" not in load_workbook(files.folder / "บางคล้า.xlsx").sheetnames
    assert "พิจารณา ตามศักยภาพ" not in table_rows(files.summary, 0, "อำเภอ")[0]


def test_the_digits_of_official_text_are_a_rules_setting(registry, tmp_path):
    from tests.test_rules import rules_with

    path = registry([row()])
    for digits, year in (("thai", "๒๕๖๓"), ("arabic", "2563")):
        criteria = rules_with(tmp_path, digits=f'"{digits}"')
        files = write_workbooks(select([path], criteria=criteria), tmp_path / digits)
        ws = load_workbook(files.folder / "บางคล้า.xlsx").active
        assert f"ประจำปีงบประมาณ พ.ศ. {year} " in ws.cell(2, 1).value
        (record,) = table_records(files.folder / "บางคล้า.xlsx")
        assert record["ปีที่ลงทะเบียน (พ.ศ.)"] == 2560  # a number in the table either way
    with pytest.raises(Exception, match="digits should be"):
        rules_with(tmp_path, digits='"roman"')


def test_a_date_cell_is_shown_as_a_thai_office_sees_it(tmp_path):
    import datetime as dt

    path = write_xlsx(
        tmp_path / "r.xlsx",
        {"S": [HEADER, row(), row(producer="ข", year=dt.datetime(2021, 5, 13))]},
    )
    files = write_workbooks(select([path]), tmp_path / "out")
    (excluded,) = table_records(files.summary, 3, "อำเภอ")
    # 2021 is BE 2564, after the window; the cell as written, not as a program writes a date.
    assert excluded["ปีที่ลงทะเบียน (ตามทะเบียน)"] == "13/05/2021"


def test_the_candidates_sheet_states_the_stars_the_rules_ask_for(registry, tmp_path):
    from tests.test_rules import rules_with

    path = registry([row(stars="4"), row(producer="กลุ่มใหม่", stars="-")])
    criteria = rules_with(tmp_path, stars="[3, 4, 5]")
    files = write_workbooks(select([path], criteria=criteria), tmp_path / "out")
    ws = load_workbook(files.folder / "บางคล้า.xlsx")["พิจารณาตามศักยภาพ"]
    assert "ศักยภาพหรือระดับ ๓-๕ ดาว" in ws.cell(4, 1).value  # not the letter's 1-3

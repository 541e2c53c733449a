"""Reading registries as offices keep them: title rows, sheets per district, CSV encodings."""

import pytest

from kbo_cli.core.read import column_letter, read_registry
from kbo_cli.errors import MissingColumnsError, NoRegistryError, UnreadableFileError
from tests.conftest import FIXTURES, HEADER, row, write_csv, write_xlsx


def test_header_found_below_title_rows(registry):
    path = registry([row(), row(seq=2, producer="กลุ่มสตรี")])
    (table,) = read_registry(path).tables
    assert table.header_row == 3
    assert table.rows == (4, 5)
    assert table.fields["stars"].letter == "H"
    assert table.fields["district"].header == "อำเภอ"


def test_headers_with_line_breaks_and_qualifiers(tmp_path):
    header = [
        "ที่",
        "อำเภอ",
        "ชื่อผู้ผลิต/\nผู้ประกอบการ",
        "ผลิตภัณฑ์",
        "ประเภทผู้ผลิต/ผู้ประกอบการ",
        "กลุ่ม  Quadrant",
        "ระดับดาว (ปี 2562)",
        "วันที่ลงทะเบียน",
        "เบอร์โทร",
    ]
    path = write_xlsx(tmp_path / "r.xlsx", {"S": [header, row()]})
    (table,) = read_registry(path).tables
    assert set(table.fields) >= {"producer", "product", "producer_type", "quadrant", "stars"}
    assert [c.header for c in table.carried] == ["เบอร์โทร"]


def test_latest_star_round_is_used(tmp_path):
    header = [*HEADER[:7], "ระดับดาว (ปี 2559)", "ระดับดาว (ปี ๒๕๖๒)", "ปีที่ลงทะเบียน"]
    path = write_xlsx(tmp_path / "r.xlsx", {"S": [header, [*row()[:7], "5", "2", "2560"]]})
    (table,) = read_registry(path).tables
    assert table.fields["stars"].header == "ระดับดาว (ปี ๒๕๖๒)"
    assert [c.header for c in table.carried] == ["ระดับดาว (ปี 2559)"]


def test_exact_header_beats_a_keyword(tmp_path):
    header = [*HEADER[:3], "รหัสผลิตภัณฑ์", *HEADER[3:]]
    path = write_xlsx(tmp_path / "r.xlsx", {"S": [header, [*row()[:3], "P-001", *row()[3:]]]})
    (table,) = read_registry(path).tables
    assert table.fields["product"].header == "ชื่อผลิตภัณฑ์"
    assert [c.header for c in table.carried] == ["รหัสผลิตภัณฑ์"]


def test_rows_that_are_not_records_are_reported_not_dropped(registry):
    path = registry(
        [
            row(),
            [],
            HEADER,  # pasted again
            row(seq=2, producer="กลุ่มสตรี"),
            ["รวม 2 ราย"],
            [],
            ["หมายเหตุ: ข้อมูล ณ 30 ก.ย. 62"],
        ]
    )
    (table,) = read_registry(path).tables
    assert table.rows == (4, 7)
    assert [(s.row, s.kind) for s in table.skipped] == [
        (1, "title"),
        (5, "blank"),
        (6, "repeated_header"),
        (8, "totals"),
        (9, "blank"),
        (10, "not_record"),
    ]


def test_column_numbering_row_is_skipped(registry):
    path = registry([["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)"], row()])
    (table,) = read_registry(path).tables
    assert table.rows == (5,) and table.skipped[1].kind == "column_numbers"


def test_text_that_python_reads_as_infinity_is_just_text(registry):
    # Found by the pipeline property: float("INF") is infinity, int() of it overflows.
    path = registry([row(seq=0, district="", producer="", product="INF", ptype="")])
    (table,) = read_registry(path).tables
    assert table.rows == (4,)


def test_producer_named_like_a_total_is_a_record(registry):
    path = registry([row(producer="รวมใจพัฒนา")])
    (table,) = read_registry(path).tables
    assert table.rows == (4,)


def test_cells_merged_down_belong_to_every_row(tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        {
            "S": [
                HEADER,
                row(),
                row(district=None, product="ขนมกง"),
                row(district=None),
                ["รวม 3 ราย"],
            ]
        },
    )
    from openpyxl import load_workbook

    book = load_workbook(path)
    book.active.merge_cells("B2:B4")  # the district written once for its three rows
    book.active.merge_cells("A5:I5")  # a totals row merged across
    book.save(path)
    (table,) = read_registry(path).tables
    assert [r[1] for r in table.cells] == ["บางคล้า"] * 3
    assert [s.kind for s in table.skipped] == ["totals"]


def test_one_sheet_per_district(tmp_path):
    header = [c for c in HEADER if c != "อำเภอ"]
    rec = row()
    del rec[1]
    path = write_xlsx(
        tmp_path / "r.xlsx",
        {"บางคล้า": [header, rec], "อ.พนมสารคาม": [header, rec], "สรุป": [["สรุปรวม", 5]]},
    )
    registry = read_registry(path)
    assert [t.sheet_district for t in registry.tables] == ["บางคล้า", "อ.พนมสารคาม"]
    assert registry.other_sheets == ("สรุป",)


@pytest.mark.parametrize("name", ["legacy.ods", "legacy.xls"])
def test_ods_and_xls(name):
    registry = read_registry(FIXTURES / name)
    assert [t.sheet for t in registry.tables] == ["บางคล้า", "อ.พนมสารคาม"]
    first = registry.tables[0]
    assert len(first.rows) == 3 and first.rows[0] == 3
    assert [s.kind for s in first.skipped] == ["title"]
    assert [s.kind for s in registry.tables[1].skipped] == ["totals"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp874", "utf-16"])
def test_csv_encodings(tmp_path, encoding):
    path = write_csv(tmp_path / "r.csv", [HEADER, row(), row(seq=2, district="อ.เมือง")], encoding)
    (table,) = read_registry(path).tables
    assert table.cells[0][2] == "กลุ่มแม่บ้านบางคล้า"
    assert table.cells[1][1] == "อ.เมือง"
    assert table.rows == (2, 3)  # the header is row 1


def test_csv_keeps_leading_zeros(tmp_path):
    path = write_csv(tmp_path / "r.csv", [[*HEADER, "โทร"], [*row(), "0812345678"]])
    (table,) = read_registry(path).tables
    assert table.cells[0][9] == "0812345678"


def test_text_cells_stay_text_in_xlsx(registry):
    path = registry([[*row(), "0812345678"]], header=[*HEADER, "โทร"])
    (table,) = read_registry(path).tables
    assert table.cells[0][9] == "0812345678"


def test_missing_columns_named(tmp_path):
    header = [h for h in HEADER if h != "กลุ่ม Quadrant"]
    path = write_xlsx(tmp_path / "r.xlsx", {"ทะเบียน": [header, row()[:6] + row()[7:]]})
    with pytest.raises(
        MissingColumnsError, match=r"sheet 'ทะเบียน', header row 1: no column for Quadrant"
    ):
        read_registry(path)


def test_no_district_column_and_sheet_is_not_a_district(tmp_path):
    header = [h for h in HEADER if h != "อำเภอ"]
    path = write_xlsx(tmp_path / "r.xlsx", {"Sheet1": [header, row()[:1] + row()[2:]]})
    with pytest.raises(MissingColumnsError) as raised:
        read_registry(path)
    assert str(raised.value).startswith(
        f"{path}, sheet 'Sheet1', header row 1: no district column, and no district named where "
        "it was looked for: the sheet name, the title lines above the header, the file name."
    )


@pytest.mark.parametrize(
    ("name", "titles", "district", "where"),
    [
        ("บางคล้า.xlsx", [], "บางคล้า", "file"),
        ("อ.พนมสารคาม_OTOP.xlsx", [], "พนมสารคาม", "file"),
        ("ส่งจังหวัด 2406 (แก้ไข).xlsx", [], "พนมสารคาม", "file"),
        ("registry.xlsx", ["ทะเบียนผู้ผลิต ผู้ประกอบการ OTOP อำเภอบางคล้า"], "บางคล้า", "title"),
        # the title line wins over the file name
        ("บางคล้า.xlsx", ["ทะเบียน OTOP อำเภอ พนมสารคาม จังหวัดฉะเชิงเทรา"], "พนมสารคาม", "title"),
    ],
)
def test_the_district_of_a_file_per_district(tmp_path, name, titles, district, where):
    header = [h for h in HEADER if h != "อำเภอ"]
    rows = [[t] for t in titles] + [header, row()[:1] + row()[2:]]
    path = write_xlsx(tmp_path / name, {"Sheet1": rows})
    (table,) = read_registry(path).tables
    assert (table.sheet_district, table.district_from) == (district, where)
    from kbo_cli import select

    selection = select([path])
    assert list(selection.records["district"]) == [district]
    assert selection.counts["eligible"] == 1


def test_no_registry_names_what_was_looked_for(tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx", {"งบ": [["ปีงบประมาณ", "อำเภอ", "รายได้"], [2562, "บางคล้า", 100]]}
    )
    with pytest.raises(
        NoRegistryError,
        match=r"Looked for ชื่อกลุ่ม/ผู้ประกอบการ.*sheet 'งบ' row 1, has อำเภอ but no "
        r"ชื่อกลุ่ม/ผู้ประกอบการ, ผลิตภัณฑ์.*another table",
    ):
        read_registry(path)


def test_unusable_files(tmp_path):
    with pytest.raises(UnreadableFileError, match="no such file"):
        read_registry(tmp_path / "missing.xlsx")
    with pytest.raises(UnreadableFileError, match="is a folder"):
        read_registry(tmp_path)
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"\x00\x01not a workbook" * 10)
    with pytest.raises(UnreadableFileError, match="is not a spreadsheet"):
        read_registry(junk)
    with pytest.raises(UnreadableFileError, match="not a registry file type"):
        read_registry(tmp_path / "x.pdf") if (tmp_path / "x.pdf").write_text("x") else None


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


def test_ods_cells_merged_down_belong_to_every_row():
    # LibreOffice's save of a registry whose district cell B3:B5 is merged (fixtures/README.md).
    (table,) = read_registry(FIXTURES / "merged.ods").tables
    assert table.rows == (3, 4, 5)
    assert [r[1] for r in table.cells] == ["บางคล้า"] * 3
    assert [(s.row, s.kind) for s in table.skipped] == [(1, "title"), (6, "totals")]


def _with_hidden_sheet(path):
    """This year's registry, and last year's on a hidden sheet."""
    from openpyxl import load_workbook

    write_xlsx(path, {"2563": [HEADER, row()], "2562": [HEADER, row(producer="ปีก่อน")]})
    book = load_workbook(path)
    book["2562"].sheet_state = "hidden"
    book.save(path)
    return path


def test_hidden_sheets_are_not_read_but_listed(tmp_path):
    path = _with_hidden_sheet(tmp_path / "r.xlsx")
    registry = read_registry(path)
    assert [t.sheet for t in registry.tables] == ["2563"]
    assert registry.hidden_sheets == ("2562",)
    from kbo_cli import select

    selection = select([path])
    assert list(selection.records["producer"]) == ["กลุ่มแม่บ้านบางคล้า"]
    assert selection.hidden_sheets == ((str(path), "2562"),)


def test_a_hidden_sheet_asked_for_by_name_is_read(tmp_path):
    path = _with_hidden_sheet(tmp_path / "r.xlsx")
    registry = read_registry(path, ["2562"])
    assert [t.sheet for t in registry.tables] == ["2562"] and registry.hidden_sheets == ()


def test_only_hidden_registry_sheets_is_an_error_naming_them(tmp_path):
    from openpyxl import load_workbook

    path = write_xlsx(tmp_path / "r.xlsx", {"หน้าปก": [["ทะเบียน"]], "2562": [HEADER, row()]})
    book = load_workbook(path)
    book["2562"].sheet_state = "hidden"
    book.save(path)
    with pytest.raises(NoRegistryError, match=r"hidden sheets \('2562'\) are not read.*--sheet"):
        read_registry(path)


def grouped_registry(path, records):
    """A header of two rows, as offices lay it out: group labels merged across the columns
    below them, single columns merged down both rows; a title merged across the table."""
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = "ทะเบียน"
    ws.append(["ทะเบียนผู้ผลิต ผู้ประกอบการ OTOP จังหวัดฉะเชิงเทรา"])
    ws.merge_cells("A1:I1")
    ws.append(["ลำดับ", "อำเภอ", "ผู้ผลิต/ผู้ประกอบการ", None, "ชื่อผลิตภัณฑ์", "ประเภทผลิตภัณฑ์",
               "ผลการคัดสรร", None, "ปีที่ลงทะเบียน"])  # fmt: skip
    ws.append([None, None, "ชื่อกลุ่ม", "ประเภทผู้ผลิต", None, None, "กลุ่ม Quadrant", "ระดับดาว"])
    for cells in ("A2:A3", "B2:B3", "C2:D2", "E2:E3", "F2:F3", "G2:H2", "I2:I3"):
        ws.merge_cells(cells)
    for seq, district, producer, product, category, ptype, quadrant, stars, year in records:
        ws.append([seq, district, producer, ptype, product, category, quadrant, stars, year])
    book.save(path)
    return path


def test_a_header_of_two_rows_with_group_labels(tmp_path):
    path = grouped_registry(tmp_path / "r.xlsx", [row(), row(producer="ข", stars="4")])
    (table,) = read_registry(path).tables
    assert (table.header_row, table.header_rows) == (2, 2)
    labels = {f: c.header for f, c in table.fields.items()}
    assert labels["producer"] == "ผู้ผลิต/ผู้ประกอบการ / ชื่อกลุ่ม"
    assert labels["producer_type"] == "ผู้ผลิต/ผู้ประกอบการ / ประเภทผู้ผลิต"
    assert labels["stars"] == "ผลการคัดสรร / ระดับดาว"
    assert labels["district"] == "อำเภอ" and labels["seq"] == "ลำดับ"
    assert table.rows == (4, 5)
    assert [(s.row, s.kind) for s in table.skipped] == [(1, "title")]
    from kbo_cli import select

    assert list(select([path]).records["nominated"]) == [True, False]


def test_an_alias_matches_a_group_label_with_its_column(tmp_path):
    """`ผลการคัดสรร / ดาว` is a star column by the rules file's spelling of the whole label."""
    from kbo_cli.core.text import label_key

    path = grouped_registry(tmp_path / "r.xlsx", [row()])
    from openpyxl import load_workbook

    book = load_workbook(path)
    book.active["H3"] = "ผล"  # the column's own label says nothing alone
    book.save(path)
    aliases = {label_key("ผลการคัดสรร / ผล"): "stars"}
    (table,) = read_registry(path, aliases=aliases).tables
    assert table.fields["stars"].header == "ผลการคัดสรร / ผล"


def test_a_data_row_is_never_taken_for_more_header(tmp_path):
    """Under a single header row, the first record stays a record, even all text and under a
    header cell merged across two columns."""
    from openpyxl import load_workbook

    text_only = row(seq="หนึ่ง", stars="3 ดาว", year="พ.ศ. 2560")
    rows = [[*HEADER, None], [*text_only, "หมายเหตุ"], [*row(producer="ข"), None]]
    path = write_xlsx(tmp_path / "r.xlsx", {"S": rows})
    book = load_workbook(path)
    book.active.merge_cells("I1:J1")  # the last header over a column of notes
    book.save(path)
    (table,) = read_registry(path).tables
    assert table.header_rows == 1 and table.rows == (2, 3)

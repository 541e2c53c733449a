"""The one result object: counts derive from the records, tallies per district."""

from pathlib import Path

from kbo_cli import select
from kbo_cli.core.districts import gazetteer
from tests.conftest import EXAMPLES, HEADER, row, write_xlsx


def test_counts_and_tallies(registry):
    path = registry(
        [
            row(),
            row(producer="กลุ่มแม่บ้านบางคล้า", product="ขนมกง"),
            row(producer="กลุ่ม แม่บ้านบางคล้า", product="กล้วยอบ"),  # the same producer
            row(district="พนมสารคาม", quadrant="C", stars="5"),
            row(district="พนมสารคาม", year="ไม่ทราบ"),
        ]
    )
    selection = select([path])
    assert selection.counts == {
        "records": 5,
        "eligible": 3,
        "excluded": 2,
        "skipped": 1,
        "out_of_scope": 0,
        "issues": 1,
    }
    bang_khla, phanom = selection.by_district()
    assert (bang_khla.district, bang_khla.records, bang_khla.eligible, bang_khla.producers) == (
        "บางคล้า", 3, 3, 1,
    )  # fmt: skip
    assert phanom.excluded == 2
    assert phanom.excluded_by_reason == {
        "not_quadrant": 1,
        "stars_above": 1,
        "unreadable:registered": 1,
    }
    assert selection.reason_codes() == ["not_quadrant", "stars_above", "unreadable:registered"]
    assert selection.reason_text(("not_quadrant", "stars_above")) == (
        "ไม่อยู่ในกลุ่มปรับตัวสู่การพัฒนา (Quadrant D); ระดับดาวสูงกว่าเกณฑ์ (1–3 ดาว)"
    )
    assert selection.reason_text(("unreadable:registered",), "en") == "registration year unreadable"


def test_nominees_in_filing_order(registry):
    path = registry(
        [
            row(district="พนมสารคาม", producer="ข"),
            row(producer="ไก่ทอง", product="ข"),
            row(producer="กลุ่มก", product="ค"),
            row(producer="กลุ่มก", product="ก"),
        ]
    )
    nominees = select([path]).nominees
    assert list(
        zip(nominees["district"], nominees["producer"], nominees["product"], strict=True)
    ) == [
        ("บางคล้า", "กลุ่มก", "ก"),
        ("บางคล้า", "กลุ่มก", "ค"),
        ("บางคล้า", "ไก่ทอง", "ข"),
        ("พนมสารคาม", "ข", "น้ำพริกเผา"),
    ]


def test_districts_in_official_code_order():
    """Offices list districts by DOPA code, the เมือง district first, not alphabetically; a
    name the gazetteer does not know after the province's official ones."""
    selection = select([EXAMPLES / "registry.xlsx"])
    by_code = gazetteer().by_code
    official = [by_code[code].district for code in sorted(by_code) if code.startswith("24")]
    assert official[:2] == ["เมืองฉะเชิงเทรา", "บางคล้า"] and len(official) == 11
    tallies = selection.by_district()
    assert [c.district for c in tallies] == [*official, "บางคล้"]
    assert [c.official for c in tallies] == [True] * 11 + [False]
    # The nominees are filed in the same order: by district, then producer, then product.
    nominated = [c.district for c in tallies if c.eligible]
    assert list(dict.fromkeys(selection.nominees["district"])) == nominated


def test_unofficial_names_after_the_official_ones_then_no_name(registry):
    path = registry(
        [
            row(district="บางคล้"),
            row(district="ท่าตะเกียบ"),  # 2410
            row(district="กลางทุ่ง"),
            row(district=""),
            row(district="อ.เมือง"),  # 2401
            row(district="คลองเขื่อน"),  # 2411
        ]
    )
    selection = select([path])
    official = ["เมืองฉะเชิงเทรา", "ท่าตะเกียบ", "คลองเขื่อน"]
    filed = [*official, "กลางทุ่ง", "บางคล้", None]  # then alphabetical, then no name
    assert [c.district for c in selection.by_district()] == filed
    nominated = [c.district for c in selection.by_district() if c.eligible]
    assert nominated == filed[:-1]  # a record with no district is not nominated
    assert list(dict.fromkeys(selection.nominees["district"])) == nominated


def test_a_national_run_files_provinces_in_code_order(tmp_path):
    rows = [
        ["จังหวัด", *HEADER],
        ["ฉะเชิงเทรา", *row(district="บางคล้า")],
        ["", *row(district="กลางทุ่ง")],  # no province: last
        ["ชลบุรี", *row(district="บางละมุง")],
        ["สมมุติ", *row(district="ทุ่งใหม่")],  # a province the gazetteer does not know
        ["ฉะเชิงเทรา", *row(district="เมือง")],
        ["ชลบุรี", *row(district="เมือง")],
    ]
    selection = select([write_xlsx(tmp_path / "national.xlsx", {"all": rows})])
    filed = [
        ("ชลบุรี", "เมืองชลบุรี"),  # 2001
        ("ชลบุรี", "บางละมุง"),  # 2004
        ("ฉะเชิงเทรา", "เมืองฉะเชิงเทรา"),  # 2401
        ("ฉะเชิงเทรา", "บางคล้า"),  # 2402
        ("สมมุติ", "ทุ่งใหม่"),
        (None, "กลางทุ่ง"),
    ]
    tallies = selection.by_district()
    assert [(c.province, c.district) for c in tallies] == filed
    assert [c.province_official for c in tallies] == [True] * 4 + [False, True]
    nominees = selection.nominees
    places = zip(nominees["province"], nominees["district"], strict=True)
    assert list(dict.fromkeys(places)) == filed


def test_no_records(tmp_path):
    selection = select([write_xlsx(tmp_path / "r.xlsx", {"S": [HEADER]})])
    assert selection.counts["records"] == 0 and selection.by_district() == []
    assert selection.nominees.empty


def test_files_are_named_by_as_many_folders_as_tell_them_apart(tmp_path):
    from kbo_cli.core.result import file_names

    a, b = tmp_path / "a" / "x" / "OTOP.xlsx", tmp_path / "b" / "x" / "OTOP.xlsx"
    alone = tmp_path / "c" / "ทะเบียน.xlsx"
    again = tmp_path / "c" / "." / "ทะเบียน.xlsx"  # the same file, named another way
    names = file_names(map(str, [a, b, alone, again]))
    assert names == {
        str(a): str(Path("a", "x", "OTOP.xlsx")),
        str(b): str(Path("b", "x", "OTOP.xlsx")),
        str(alone): "ทะเบียน.xlsx",
        str(again): "ทะเบียน.xlsx",
    }

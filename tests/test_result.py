"""The one result object: counts derive from the records, tallies per district."""

from pathlib import Path

from kbo_cli import select
from tests.conftest import row


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


def test_no_records(tmp_path):
    from tests.conftest import HEADER, write_xlsx

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

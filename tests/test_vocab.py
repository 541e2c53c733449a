"""The vocabulary tables: every entry reaches what it is listed under."""

import pytest

from kbo_cli.core.read import match_header
from kbo_cli.core.text import label_key
from kbo_cli.core.values import read_producer_type, read_quadrant
from kbo_cli.core.vocab import FIELDS, label, vocab


def test_every_header_alias_maps_to_its_field():
    for field, spellings in vocab().header_spellings.items():
        for spelling in spellings:
            assert match_header(spelling) == field, spelling


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("ระดับดาว (ปี 2562)", "stars"),
        ("ระดับดาว\n(ปี 2562)", "stars"),
        ("ชื่อกลุ่ม/ผู้ประกอบการ", "producer"),
        ("ชื่อผู้ผลิต/ผู้ประกอบการ", "producer"),
        ("ผลิตภัณฑ์", "product"),
        ("ชื่อผลิตภัณฑ์", "product"),
        ("ประเภทผู้ผลิต/\nผู้ประกอบการ", "producer_type"),
        ("กลุ่ม  Quadrant", "quadrant"),
        ("กลุ่มผลิตภัณฑ์ (Quadrant)", "quadrant"),
        ("ปีที่ลงทะเบียน", "registered"),
        ("วันที่ลงทะเบียน", "registered"),
        ("ปีที่ลงทะเบียน (พ.ศ.)", "registered"),
        ("ระดับดาวที่ได้รับ", "stars"),
        ("ผลการคัดสรรปี 2562", "stars"),
        ("ผลิตภัณฑ์/สินค้า", "product"),
        ("กลุ่มผลิตภัณฑ์", "category"),
        ("อำเภอ", "district"),
        ("เบอร์โทรศัพท์", None),
        ("ที่อยู่", None),
        ("ตำบล", None),
    ],
)
def test_headers_as_registries_write_them(header, field):
    assert match_header(header) == field


def test_producer_type_spellings_and_official_names():
    v = vocab()
    for spelling, code in v.producer_types.items():
        assert read_producer_type(spelling) == code
    for code, name in v.producer_type_official.items():
        assert read_producer_type(name) == code


def test_quadrant_names():
    for name, letter in vocab().quadrant_names.items():
        assert read_quadrant(name) == letter


def test_all_twelve_months_have_thai_names():
    months = vocab().months
    assert sorted(set(months.values())) == list(range(1, 13))
    for abbr in ["มค", "กพ", "มีค", "เมย", "พค", "มิย", "กค", "สค", "กย", "ตค", "พย", "ธค"]:
        assert abbr in months


def test_every_field_has_thai_and_english_names():
    for field in FIELDS:
        assert label("fields", field, "th") and label("fields", field, "en")


def test_labels_exist_in_both_languages():
    v = vocab()
    for table in ("reasons", "skipped", "problems"):
        assert set(v.labels[table]["th"]) == set(v.labels[table]["en"]), table


def test_label_keys_are_how_tables_are_keyed():
    assert all(k == label_key(k) for k in vocab().header_aliases)


def test_every_reason_code_has_a_thai_and_an_english_text():
    from kbo_cli.core.rules import REASON_FIELD, REASON_ORDER

    v = vocab()
    for table in ("reasons", "reasons_short"):
        for lang in ("th", "en"):
            assert set(v.labels[table][lang]) == set(REASON_ORDER), (table, lang)
    assert set(REASON_FIELD) <= set(REASON_ORDER)


def test_thai_reasons_are_plain_official_thai():
    """Short, no colon inside a reason (the count sheet puts one before it), no programmer's
    `อ่านค่าไม่ได้`, no English but the letter's `Quadrant`, and Arabic digits in the templates
    (official text takes Thai digits when it is rendered)."""
    import re

    from kbo_cli.core.rules import REASON_ORDER, load_rules, reason_label

    criteria = load_rules()
    for short in (False, True):
        table = "reasons_short" if short else "reasons"
        for code in REASON_ORDER:
            template = label(table, code, "th")
            assert not re.search("[๐-๙]", template), (code, template)
            text = reason_label(code, criteria, short=short)
            assert "อ่านค่าไม่ได้" not in text and ":" not in text, (code, text)
            assert not re.search("[A-Za-z]", re.sub(r"Quadrant|\b[A-D]\b", "", text)), text
            assert len(text) <= 60, (code, text)
    assert "อ่านค่าไม่ได้" not in "".join(vocab().labels["problems"]["th"].values())


def test_every_quadrant_has_a_thai_name_for_reasons():
    names = vocab().labels["quadrants"]["th"]
    assert set(names) == set(vocab().quadrant_letters)
    assert names["D"] == "กลุ่มปรับตัวสู่การพัฒนา (Quadrant D)"  # the letter's words

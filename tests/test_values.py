"""Every spelling of DOMAIN.md, and the values that must not be guessed."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kbo_cli.core.values import (
    UNREADABLE,
    read_category,
    read_producer_type,
    read_quadrant,
    read_registered,
    read_stars,
)

THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


@pytest.mark.parametrize(
    ("written", "stars"),
    [
        ("3", 3),
        ("3.0", 3),
        ("๓", 3),
        ("3 ดาว", 3),
        ("๓ ดาว", 3),
        ("3ดาว", 3),
        ("★★★", 3),
        (3, 3),
        (3.0, 3),
        ("ระดับ 2 ดาว", 2),
        ("1", 1),
        ("5 ดาว", 5),
        ("★", 1),
        ("สามดาว", 3),
        ("3 ดาว (ปี 2562)", 3),
        ("ไม่ได้รับการคัดสรร (ปี 62)", 0),
        (None, 0),
        ("", 0),
        ("-", 0),
        ("0", 0),
        (0, 0),
        ("ไม่ได้รับการคัดสรร", 0),
        ("ยังไม่ได้คัดสรร", 0),
        ("  ", 0),
    ],
)
def test_stars(written, stars):
    assert read_stars(written) == stars


@pytest.mark.parametrize("written", ["3-4", "4.5", 3.5, "ดาว", "6", 7, "สาม ถึง สี่", "★★★★★★"])
def test_stars_not_guessed(written):
    assert read_stars(written) is UNREADABLE


@pytest.mark.parametrize(
    "written",
    [
        "D",
        "Quadrant D",
        "Segment D",
        "กลุ่ม D",
        "กลุ่มปรับตัวสู่การพัฒนา (Quadrant D)",
        "ปรับตัวสู่การพัฒนา",
        "d",
        " quadrant  d ",
        "segment d",
        "กลุ่ม  D",
        "Quadrant\u00a0D",
    ],
)
def test_quadrant_d(written):
    assert read_quadrant(written) == "D"


@pytest.mark.parametrize(
    ("written", "letter"),
    [("A", "A"), ("Quadrant B", "B"), ("กลุ่ม C", "C"), ("segment a", "A"), ("c", "C")],
)
def test_other_quadrants_are_never_d(written, letter):
    assert read_quadrant(written) == letter


@pytest.mark.parametrize(
    "written", ["E", "?", "รอประเมิน", "กลุ่มปรับตัวสู่การพัฒนา (Quadrant A)", "AB", "DD"]
)
def test_quadrant_not_guessed(written):
    assert read_quadrant(written) is UNREADABLE


def test_blank_quadrant_is_missing():
    assert read_quadrant("") is None and read_quadrant(None) is None


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("กลุ่มผู้ผลิตชุมชน", "group"),
        ("ประเภทกลุ่ม", "group"),
        ("กลุ่ม", "group"),
        ("1. กลุ่มผู้ผลิตชุมชน", "group"),
        ("กลุ่มผู้ผลิต ชุมชน", "group"),
        ("๑. กลุ่มผู้ผลิตชุมชน", "group"),
        ("ผู้ผลิตชุมชนที่เป็นเจ้าของรายเดียว", "single"),
        ("รายเดี่ยว", "single"),
        ("ประเภทรายเดี่ยว", "single"),
        ("2. ผู้ผลิตชุมชนที่เป็นเจ้าของรายเดียว", "single"),
        ("ผู้ผลิตที่เป็นวิสาหกิจขนาดกลางและขนาดย่อม", "sme"),
        ("SME", "sme"),
        ("SMEs", "sme"),
        ("ประเภท SME", "sme"),
        ("smes", "sme"),
    ],
)
def test_producer_types(written, code):
    assert read_producer_type(written) == code


@pytest.mark.parametrize("written", ["วิสาหกิจชุมชน", "อื่นๆ", "1", "กลุ่ม D"])
def test_producer_type_not_guessed(written):
    assert read_producer_type(written) is UNREADABLE


@pytest.mark.parametrize(
    ("written", "year"),
    [
        (2560, 2560),
        (2560.0, 2560),
        ("2560", 2560),
        ("๒๕๖๐", 2560),
        ("พ.ศ. 2560", 2560),
        ("พ.ศ.๒๕๖๐", 2560),
        ("ปี 2560", 2560),
        ("ปี พ.ศ. 2560", 2560),
        ("2017", 2560),
        (2017, 2560),
        (dt.date(2017, 3, 12), 2560),
        (dt.datetime(2017, 3, 12), 2560),
        (dt.datetime(2560, 3, 12), 2560),  # a BE year typed under a Thai locale
        ("12/03/2560", 2560),
        ("12/3/2560", 2560),
        ("12-03-2560", 2560),
        ("12 มี.ค. 2560", 2560),
        ("12 มีนาคม 2560", 2560),
        ("๑๒ มีนาคม ๒๕๖๐", 2560),
        ("12 มี.ค. 60", 2560),
        ("๑๒ มี.ค. ๖๐", 2560),
        ("12/03/2017", 2560),
        ("2017-03-12", 2560),
        ("2017-03-12 00:00:00", 2560),
        ("มีนาคม 2560", 2560),
        ("12 มีค 2560", 2560),
        ("ค.ศ. 2017", 2560),
        ("1 ธ.ค. 62", 2562),
        ("31/12/2019", 2562),
        ("2560 (ลงทะเบียนใหม่)", 2560),
    ],
)
def test_registration_year(written, year):
    assert read_registered(written) == year


@pytest.mark.parametrize(
    "written", ["ไม่ทราบ", "32/13/2560", "25xx", "2557-2558", 42806, "12 ฟฟฟ 2560", "1234", 2560.5]
)
def test_registration_year_not_guessed(written):
    assert read_registered(written) is UNREADABLE


def test_blank_registration_is_missing():
    assert read_registered("") is None and read_registered(None) is None


@pytest.mark.parametrize(
    ("written", "official"),
    [
        ("อาหาร", "อาหาร"),
        ("ประเภทอาหาร", "อาหาร"),
        ("เครื่องดื่ม", "เครื่องดื่ม"),
        ("ผ้า เครื่องแต่งกาย", "ผ้า เครื่องแต่งกาย"),
        ("ผ้าและเครื่องแต่งกาย", "ผ้า เครื่องแต่งกาย"),
        ("ของใช้ ของตกแต่ง ของที่ระลึก", "ของใช้ ของตกแต่ง ของที่ระลึก"),
        ("ของใช้ของตกแต่ง ของที่ระลึก", "ของใช้ ของตกแต่ง ของที่ระลึก"),
        ("สมุนไพรที่ไม่ใช่อาหาร", "สมุนไพรที่ไม่ใช่อาหาร"),
        ("ศิลปประดิษฐ์และของที่ระลึก", "ศิลปประดิษฐ์และของที่ระลึก"),  # older split: as written
    ],
)
def test_categories(written, official):
    assert read_category(written) == official


cells = st.one_of(
    st.none(), st.text(), st.integers(), st.floats(allow_nan=True), st.dates(), st.booleans()
)


@given(cells)
def test_readers_never_raise(value):
    for reader in (read_stars, read_quadrant, read_producer_type, read_registered, read_category):
        reader(value)


@given(st.integers(min_value=2500, max_value=2600), st.integers(1, 12), st.integers(1, 28))
def test_thai_and_arabic_digit_dates_agree(year, month, day):
    arabic = f"{day}/{month}/{year}"
    assert read_registered(arabic.translate(THAI)) == read_registered(arabic) == year


@given(st.integers(min_value=0, max_value=5))
def test_star_readings_are_stable(stars):
    for written in (str(stars), f"{stars} ดาว", str(stars).translate(THAI)):
        read = read_stars(written)
        assert read_stars(read) == read == stars


def test_map_distinct_tells_true_from_one():
    from kbo_cli.core.values import factorize_cells, on_distinct

    def map_distinct(values, fn):
        codes, uniques = factorize_cells(values)
        return on_distinct(uniques, fn)[codes]

    assert map_distinct([1, True, 1.0, "1", None], repr).tolist() == [
        "1",
        "True",
        "1",
        "'1'",
        "None",
    ]
    assert map_distinct([True, 1], read_stars).tolist() == [UNREADABLE, 1]


def test_factorize_cells_keeps_true_apart_from_one_and_empty_cells_at_minus_one():
    from kbo_cli.core.values import factorize_cells

    values = [1, True, 1.0, None, float("nan"), "1", True, 0, False]
    codes, uniques = factorize_cells(values)
    assert [None if c < 0 else uniques[c] for c in codes] == [
        1, True, 1, None, None, "1", True, 0, False
    ]  # fmt: skip
    assert [type(uniques[c]) for c in codes if c >= 0] == [int, bool, int, str, bool, int, bool]
    assert codes[3] == codes[4] == -1


@pytest.mark.parametrize(
    "values",
    [[True, 1.0], [1.0, True], [False, 0], [0.0, False, "x"], [1, 2, True], ["a", None, True]],
)
def test_factorize_cells_never_merges_a_bool_with_a_number(values):
    from kbo_cli.core.values import factorize_cells

    codes, uniques = factorize_cells(values)
    back = [uniques[c] for c in codes if c >= 0]
    assert back == [v for v in values if v is not None]
    assert [type(v) for v in back] == [type(v) for v in values if v is not None]

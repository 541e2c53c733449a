"""The letter's criteria, every reason for an exclusion, duplicates, and rules files."""

import pytest

from kbo_cli import load_rules, select
from kbo_cli.errors import RulesError
from tests.conftest import HEADER, row


def verdicts(path, **kwargs):
    result = select([path], **kwargs)
    return [tuple(r) for r in result.records["reasons"]]


def test_default_criteria_are_the_letters():
    c = load_rules()
    assert c.quadrants == {"D"}
    assert c.stars == {1, 2, 3}
    assert c.producer_types == {"group"}
    assert (c.registered_from, c.registered_to) == (2557, 2562)
    assert c.fiscal_year == 2563


def test_each_rule(registry):
    path = registry(
        [
            row(),
            row(quadrant="C"),
            row(stars="4"),
            row(stars="-"),
            row(ptype="SME"),
            row(year="2556"),
            row(year="2563"),
            row(year="2557"),
            row(year="2562", stars="1"),
        ]
    )
    assert verdicts(path) == [
        (),
        ("not_quadrant",),
        ("stars_above",),
        ("not_rated",),
        ("producer_type",),
        ("registered_before",),
        ("registered_after",),
        (),
        (),
    ]


def test_every_reason_is_given_not_just_the_first(registry):
    path = registry([row(quadrant="A", stars="5", ptype="รายเดี่ยว", year="2550")])
    assert verdicts(path) == [("not_quadrant", "stars_above", "producer_type", "registered_before")]


def test_unreadable_and_missing_values_exclude(registry):
    path = registry([row(stars="3-4"), row(product=""), row(year="")])
    assert verdicts(path) == [("unreadable:stars",), ("missing:product",), ("missing:registered",)]


def test_duplicates_keep_the_first_copy(registry):
    path = registry(
        [
            row(stars="3"),
            # the same listing, spelt otherwise
            row(stars="๓ ดาว", district="อ.บางคล้า", producer="กลุ่มแม่บ้าน บางคล้า"),
            row(stars="2"),  # differs in stars: not a duplicate
            row(quadrant="C", producer="กลุ่มอื่น"),
            row(quadrant="Quadrant C", producer="กลุ่มอื่น"),
        ]
    )
    result = select([path])
    assert [tuple(r) for r in result.records["reasons"]] == [
        (),
        ("duplicate",),
        (),
        ("not_quadrant",),
        ("not_quadrant", "duplicate"),
    ]
    assert list(result.records["duplicate_of"]) == [None, 0, None, None, 3]


def test_same_listing_in_two_provinces_is_not_a_duplicate(registry):
    # Five provinces have a district named เฉลิมพระเกียรติ: a national registry lists them all.
    header = [*HEADER[:1], "จังหวัด", *HEADER[1:]]
    rows = [
        [r[0], province, *r[1:]]
        for r, province in [
            (row(district="เฉลิมพระเกียรติ"), "น่าน"),
            (row(district="เฉลิมพระเกียรติ"), "สระบุรี"),
            (row(district="เฉลิมพระเกียรติ"), "สระบุรี"),
        ]
    ]
    result = select([registry(rows, header=header)])
    assert list(result.records["province"]) == ["น่าน", "สระบุรี", "สระบุรี"]
    assert [tuple(r) for r in result.records["reasons"]] == [(), (), ("duplicate",)]
    assert list(result.records["duplicate_of"]) == [None, None, 1]


def test_rules_file_changes_who_is_nominated(registry, tmp_path):
    text = load_rules_text().replace("registered_to = 2562", "registered_to = 2563")
    rules = tmp_path / "rules.toml"
    rules.write_text(text, encoding="utf-8")
    path = registry([row(year="2563")])
    assert verdicts(path) == [("registered_after",)]
    assert verdicts(path, criteria=load_rules(rules)) == [()]


def load_rules_text():
    from importlib import resources

    return resources.files("kbo_cli").joinpath("data/rules.toml").read_text("utf-8")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('quadrants = ["D"]', 'quadrants = ["X"]', "quadrants has 'X'; write A, B, C or D"),
        ("stars = [1, 2, 3]", 'stars = "1-3"', "'stars' should be list"),
        ("registered_from = 2557", "registered_from = 2563", "from ≤ to"),
        ('producer_types = ["group"]', 'producer_types = ["ร้านค้า"]', "producer_types has 'ร้านค้า'"),
        ('date = "2563-01-08"', 'date = "8 ม.ค. 63"', "date should be a BE date yyyy-mm-dd"),
        ("registered_to = 2562", "", "missing key 'registered_to'"),
        ("[criteria]", "[criteria", "not a valid TOML file"),
    ],
)
def test_bad_rules_file_names_the_key(tmp_path, old, new, message):
    rules = tmp_path / "rules.toml"
    rules.write_text(load_rules_text().replace(old, new), encoding="utf-8")
    with pytest.raises(RulesError, match=message):
        load_rules(rules)


def test_producer_types_may_be_written_in_thai(tmp_path):
    rules = tmp_path / "rules.toml"
    text = load_rules_text().replace('["group"]', '["กลุ่มผู้ผลิตชุมชน", "SME"]')
    rules.write_text(text, encoding="utf-8")
    assert load_rules(rules).producer_types == {"group", "sme"}


def test_rules_file_header_aliases_and_carried_columns(tmp_path):
    from tests.conftest import HEADER, write_xlsx

    header = [h if h != "ระดับดาว" else "ผลประเมิน OPC" for h in HEADER]
    path = write_xlsx(
        tmp_path / "r.xlsx",
        {"S": [[*header, "โทรศัพท์", "ที่อยู่"], [*row(stars="2"), "081", "หมู่ 1"]]},
    )
    rules = tmp_path / "rules.toml"
    text = (
        load_rules_text()
        .replace("[headers]", '[headers]\nstars = ["ผลประเมิน OPC"]')
        .replace("carry = []", 'carry = ["ที่อยู่"]')
    )
    rules.write_text(text, encoding="utf-8")
    selection = select([path], criteria=load_rules(rules))
    assert list(selection.records["stars"]) == [2]
    assert list(selection.carried.columns) == ["ที่อยู่"]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("[headers]", '[headers]\nphone = ["โทร"]', "'phone' is no field"),
        ("[headers]", '[headers]\nstars = "ดาว"', "stars should be a list of texts"),
        ("carry = []", 'carry = "ที่อยู่"', "carry should be a list of column headers"),
        ('province = ""', 'province = "Atlantis"', "province 'Atlantis' is no province"),
    ],
)
def test_bad_rules_sections(tmp_path, old, new, message):
    rules = tmp_path / "rules.toml"
    rules.write_text(load_rules_text().replace(old, new), encoding="utf-8")
    with pytest.raises(RulesError, match=message):
        load_rules(rules)


def test_applying_the_rules_leaves_the_records_given_as_they_were(registry):
    from kbo_cli.core.normalise import normalise
    from kbo_cli.core.read import read_registry
    from kbo_cli.core.rules import apply_rules

    records = normalise([read_registry(registry([row(), row(quadrant="C")]))]).records.frame
    before = records.copy()
    out = apply_rules(records, load_rules())
    assert list(out["nominated"]) == [True, False]
    assert list(records.columns) == list(before.columns) and records.equals(before)


def test_rules_on_the_codes_normalising_made_are_the_rules_on_the_values(tmp_path):
    """apply_rules with the columns by distinct value (as a run gives them) decides as it
    does from the values alone: the same reasons and the same copies, unreadable cells told
    apart by what was written."""
    import pandas as pd

    from kbo_cli.core.normalise import normalise
    from kbo_cli.core.read import read_registry
    from kbo_cli.core.rules import apply_rules
    from tests.conftest import write_xlsx

    records = [
        row(
            district=["บางคล้า", "บางคล้า ", "พนมสารคาม", ""][i % 4],
            producer=["กลุ่ม ก", "กลุ่ม  ก", "กลุ่ม ข"][i % 3],
            product=f"ผลิตภัณฑ์ {i % 4}",
            stars=["1", "๑", "x", "y", "", 3][i % 6],
            quadrant=["D", "d", "E", "F"][i % 4],
            year=[2560, "2560", "ไม่ทราบ", "??", "12/03/2561"][i % 5],
            seq=i + 1,
        )
        for i in range(240)
    ]
    # The same listing with its stars unreadable, written otherwise, then as the first again.
    same = [row(product="ไม่ซ้ำ", stars=stars, seq=1000 + i) for i, stars in enumerate("xyx")]
    sheets = {"ก": [HEADER, *records[:150]], "ข": [HEADER, *records[90:], *same]}
    path = write_xlsx(tmp_path / "r.xlsx", sheets)
    normalised = normalise([read_registry(path)])
    from_values = apply_rules(normalised.records.frame, load_rules())
    from_codes = apply_rules(normalised.records.frame, load_rules(), normalised.records.coded)
    pd.testing.assert_frame_equal(from_codes, from_values)
    last = from_values.tail(3)
    assert last["duplicate_of"].tolist() == [None, None, last.index[0]]
    reasons = {r for rs in from_values["reasons"] for r in rs}
    assert {"unreadable:stars", "unreadable:registered", "duplicate"} <= reasons


def test_the_same_file_twice_is_read_once_with_a_warning(registry, tmp_path):
    import shutil

    path = registry([row(), row(producer="ข")])
    copy = tmp_path / "registry (1).xlsx"
    shutil.copy(path, copy)
    selection = select([path, copy])
    assert selection.counts["records"] == 2 and selection.counts["eligible"] == 2
    assert selection.same_files == ((str(path), str(copy)),)
    # Given copy first (as `*.xlsx` sorts them), the original is still the one read.
    selection = select([copy, path])
    assert selection.same_files == ((str(path), str(copy)),)
    assert set(selection.records["file"]) == {str(path)}


def test_rows_copied_between_files_are_duplicates_naming_the_other_file(registry, tmp_path):
    from kbo_cli.output import sheets

    first = registry([row()], name="first.xlsx")
    second = registry([row(), row(producer="ข")], name="second.xlsx")
    selection = select([first, second])
    assert list(selection.records["nominated"]) == [True, False, True]
    reasons = sheets.excluded_fields(selection)["reasons"].list()
    assert reasons == ["รายการซ้ำ (ซ้ำกับไฟล์ first.xlsx ชีต ทะเบียน แถวที่ 4)"]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'province = ""',
            'provice = "นครนายก"',
            r"\[project\]: unknown key 'provice'; did you mean 'province'\?",
        ),
        ("carry = []", "cary = []", r"\[output\]: unknown key 'cary'; did you mean 'carry'\?"),
        (
            "registered_to = 2562",
            "registerd_to = 2562",
            r"unknown key 'registerd_to'; did you mean 'registered_to'\?",
        ),
        ("[meeting]", "[meting]", r"unknown key 'meting'; did you mean 'meeting'\?"),
        (
            'time = "13.30"',
            'time = "13.30"\nroom = "๑"',
            r"\[meeting\]: unknown key 'room'; the keys are",
        ),
        ("[headers]", '[headers]\nstar = ["ดาว"]', r"'star' is no field; did you mean 'stars'\?"),
        (
            'province = "ฉะเชิงเทรา"',
            'province = "ฉะเชิงเทา"',
            r"\[meeting\]: province 'ฉะเชิงเทา' is no province",
        ),
    ],
)
def test_a_typo_in_a_rules_file_is_named_with_the_key_meant(tmp_path, old, new, message):
    text = load_rules_text()
    assert old in text
    rules = tmp_path / "rules.toml"
    rules.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RulesError, match=message):
        load_rules(rules)


def test_a_typo_is_said_in_thai_too(tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text(load_rules_text().replace('province = ""', 'provice = ""'), encoding="utf-8")
    with pytest.raises(RulesError) as caught:
        load_rules(rules)
    assert "ไม่รู้จักคีย์ 'provice' หมายถึง 'province' หรือไม่" in caught.value.thai


def test_carry_naming_no_column_lists_the_registrys_columns(tmp_path):
    from tests.conftest import write_xlsx

    path = write_xlsx(
        tmp_path / "r.xlsx",
        {"S": [[*HEADER, "เบอร์โทรศัพท์", "ที่อยู่"], [*row(), "081", "หมู่ 1"]]},
    )
    rules = tmp_path / "rules.toml"
    rules.write_text(load_rules_text().replace("carry = []", 'carry = ["เบอร์"]'), encoding="utf-8")
    with pytest.raises(RulesError) as caught:
        select([path], criteria=load_rules(rules))
    said = str(caught.value)
    assert "carry names 'เบอร์', which is no column of the registry" in said
    assert "เบอร์โทรศัพท์, ที่อยู่" in said
    # Written with other spacing or case, a header is still the column meant.
    rules.write_text(
        load_rules_text().replace("carry = []", 'carry = ["เบอร์โทรศัพท์ "]'), encoding="utf-8"
    )
    assert list(select([path], criteria=load_rules(rules)).carried.columns) == ["เบอร์โทรศัพท์"]


def rules_with(tmp_path, **values):
    """A rules file: the defaults with some `key = value` lines replaced (first match)."""
    import re

    text = load_rules_text()
    for key, value in values.items():
        text, n = re.subn(rf"(?m)^{key} = .*$", f"{key} = {value}", text, count=1)
        assert n == 1, key
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return load_rules(path)


def test_notices_of_last_years_rules(registry, tmp_path):
    path = registry([row()])
    # The defaults' meeting (8 January 2563, that is 2020) has passed.
    defaults = select([path])
    assert [code for code, _ in defaults.notices] == ["meeting_past_default"]
    assert "meeting date (8 January BE 2563) has passed" in defaults.notice_texts("en")[0]
    assert "(๘ มกราคม ๒๕๖๓) ผ่านไปแล้ว" in defaults.notice_texts("th")[0]
    future = rules_with(tmp_path, date='"2600-01-08"', fiscal_year="2600")
    assert select([path], criteria=future).notices == ()
    stale = rules_with(tmp_path, date='"2600-01-08"', fiscal_year="2600", registered_to="2600")
    selection = select([path], criteria=stale)
    assert [code for code, _ in selection.notices] == ["fiscal_year"]
    assert "ปีงบประมาณ 2600 ไม่ได้อยู่หลังช่วงปีลงทะเบียน (ถึงปี 2600)" in selection.notice_texts()[0]
    past = rules_with(tmp_path, date='"2568-01-08"', fiscal_year="2568")
    assert [code for code, _ in select([path], criteria=past).notices] == ["meeting_past"]
    # The meeting moved to this round, the fiscal year left as it was.
    half = rules_with(tmp_path, date='"2600-12-08"', fiscal_year="2600")
    selection = select([path], criteria=half)
    assert [code for code, _ in selection.notices] == ["meeting_outside_fiscal_year"]
    assert "ไม่อยู่ในปีงบประมาณ 2600 (1 ต.ค. 2599 – 30 ก.ย. 2600)" in selection.notice_texts()[0]
    # 1 October opens the fiscal year named after the next calendar year.
    october = rules_with(tmp_path, date='"2599-10-01"', fiscal_year="2600")
    assert select([path], criteria=october).notices == ()


def test_a_christian_era_meeting_date_is_refused(tmp_path):
    with pytest.raises(
        RulesError, match=r"has a Christian-era year; write the BE year \(2025 is BE 2568\)"
    ):
        rules_with(tmp_path, date='"2025-12-08"')


def test_another_provinces_meeting_is_not_printed(registry, tmp_path):
    # A Nakhon Nayok registry run with Chachoengsao's meeting.
    path = registry([row(district="องครักษ์")])
    criteria = rules_with(tmp_path, date='"2600-01-08"', fiscal_year="2600")
    selection = select([path], criteria=criteria)
    assert [code for code, _ in selection.notices] == ["meeting_elsewhere"]
    assert selection.notice_texts()[0].startswith(
        "การประชุมในไฟล์เกณฑ์เป็นของจังหวัดฉะเชิงเทรา ใบลงทะเบียนของจังหวัดนครนายก"
    )
    # Its date is not printed on these sheets: that it has passed is not this run's to say.
    assert [code for code, _ in select([path]).notices] == ["meeting_elsewhere"]
    assert criteria.meeting_for(["นครนายก"]) is None
    assert criteria.meeting_for(["ฉะเชิงเทรา"]) == criteria.meeting
    rules = tmp_path / "own.toml"
    text = load_rules_text().replace('"2563-01-08"', '"2600-01-08"').replace("= 2563", "= 2600")
    rules.write_text(text.replace('province = "ฉะเชิงเทรา"', 'province = "Nakhon Nayok"'))
    own = load_rules(rules)
    assert own.meeting.province == "นครนายก"  # as the gazetteer writes it
    assert select([path], criteria=own).notices == ()


def test_a_value_of_the_wrong_form_is_named_in_thai(tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text(load_rules_text().replace("stars = [1, 2, 3]", 'stars = "1-3"'), "utf-8")
    with pytest.raises(RulesError) as caught:
        load_rules(rules)
    assert "'stars' ต้องเป็นรายการในวงเล็บเหลี่ยม [ ] แต่พบ '1-3'" in caught.value.thai


def test_thai_digits_in_a_rules_file_are_told_with_the_line(tmp_path):
    rules = tmp_path / "rules.toml"
    text = load_rules_text().replace("registered_to = 2562", "registered_to = ๒๕๖๒")
    rules.write_text(text, encoding="utf-8")
    line = 1 + text.splitlines().index("registered_to = ๒๕๖๒")
    with pytest.raises(RulesError) as caught:
        load_rules(rules)
    assert f"รูปแบบไฟล์เกณฑ์ไม่ถูกต้อง ที่บรรทัด {line} ตัวอักษรที่ 17" in caught.value.thai
    assert "เลขอารบิก (2564 ไม่ใช่ ๒๕๖๔)" in caught.value.thai
    assert "Invalid" not in caught.value.thai  # the parser's English stays in the English


@pytest.mark.parametrize(
    ("values", "rules", "code", "thai"),
    [
        ({"quadrant": "C"}, {}, "not_quadrant", "ไม่อยู่ในกลุ่มปรับตัวสู่การพัฒนา (Quadrant D)"),
        ({"stars": "-"}, {}, "not_rated", "ยังไม่ได้รับการคัดสรรระดับดาว"),
        ({"stars": "4"}, {}, "stars_above", "ระดับดาวสูงกว่าเกณฑ์ (1–3 ดาว)"),
        ({"stars": "★★★★★"}, {}, "stars_above", "ระดับดาวสูงกว่าเกณฑ์ (1–3 ดาว)"),
        ({"stars": "1"}, {"stars": "[2, 3]"}, "stars_below", "ระดับดาวต่ำกว่าเกณฑ์ (2–3 ดาว)"),
        # Not rated stays not rated, below the lowest level as it is.
        ({"stars": "0"}, {"stars": "[2, 3]"}, "not_rated", "ยังไม่ได้รับการคัดสรรระดับดาว"),
        ({"stars": "2"}, {"stars": "[1, 3]"}, "stars_between", "ระดับดาวไม่ตรงตามเกณฑ์ (1, 3 ดาว)"),
        ({"ptype": "SME"}, {}, "producer_type", "ประเภทผู้ผลิตไม่ใช่กลุ่มผู้ผลิตชุมชน"),
        ({"year": "2556"}, {}, "registered_before", "ลงทะเบียนก่อนปี พ.ศ. 2557"),
        ({"year": "12 มี.ค. 2550"}, {}, "registered_before", "ลงทะเบียนก่อนปี พ.ศ. 2557"),
        ({"year": "2563"}, {}, "registered_after", "ลงทะเบียนหลังปี พ.ศ. 2562"),
        ({"year": "2563"}, {"registered_to": "2564"}, None, None),
        ({"stars": "3-4"}, {}, "unreadable:stars", "ระบุระดับดาวไม่ชัดเจน (ตรวจสอบค่าในทะเบียน)"),
        (
            {"year": "ไม่ทราบ"},
            {},
            "unreadable:registered",
            "ระบุปีที่ลงทะเบียนไม่ชัดเจน (ตรวจสอบค่าในทะเบียน)",
        ),
        ({"year": ""}, {}, "missing:registered", "ไม่ระบุปีที่ลงทะเบียน"),
        ({"product": ""}, {}, "missing:product", "ไม่ระบุชื่อผลิตภัณฑ์"),
    ],
)
def test_a_record_failing_one_way_is_told_so_in_plain_thai(
    registry, tmp_path, values, rules, code, thai
):
    criteria = rules_with(tmp_path, **rules) if rules else load_rules()
    selection = select([registry([row(**values)])], criteria=criteria)
    (reasons,) = selection.records["reasons"]
    assert reasons == ((code,) if code else ())
    if code:
        assert selection.reason_text(reasons) == thai


def test_stars_and_years_on_both_sides_are_each_tested_once_per_distinct_value(registry):
    """Above, below and inside the window, many records of few values: the sides come from
    the distinct values, and every record gets its own."""
    values = [("5", "2550"), ("1", "2563"), ("๔ ดาว", "2560"), ("-", "2557"), ("3", "2562")]
    path = registry([row(stars=s, year=y, product=f"ผ{i}") for i in range(40) for s, y in values])
    assert verdicts(path)[:5] == [
        ("stars_above", "registered_before"),
        ("registered_after",),
        ("stars_above",),
        ("not_rated",),
        (),
    ]
    assert verdicts(path)[5:] == verdicts(path)[:5] * 39


def test_count_sheet_headers_have_one_colon_at_most(registry):
    from kbo_cli.output import sheets

    path = registry(
        [
            row(quadrant="C", stars="5", ptype="SME", year="2550"),
            row(stars="3-4", quadrant="?", ptype="ร้านค้า", year="ไม่ทราบ", product="ข"),
            row(district="", product="ค"),
            row(product="ง", year="2563"),
            row(product="ง", year="2563"),
        ]
    )
    selection = select([path])
    columns = sheets.count_fields(selection)["reasons"]
    assert len(columns) == 11
    for column in columns:
        assert column.header.count(":") + column.group.count(":") <= 1, column
    assert {(c.group, c.header) for c in columns} >= {
        ("ไม่ผ่าน: Quadrant", "ไม่อยู่ในกลุ่ม D"),
        ("ไม่ผ่าน: ระดับดาว", "สูงกว่าเกณฑ์"),
        ("ไม่ผ่าน: ปีที่ลงทะเบียน", "ก่อนปี 2557"),
        ("ไม่ผ่าน: ปีที่ลงทะเบียน", "หลังปี 2562"),
        ("ไม่ผ่าน: ปีที่ลงทะเบียน", "ระบุไม่ชัดเจน"),
        ("", "ไม่ผ่าน: ไม่ระบุอำเภอ"),
        ("", "ไม่ผ่าน: รายการซ้ำ"),
    }

"""The whole pipeline on generated messy registries: it never crashes, counts conserve, and no
row is nominated twice."""

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kbo_cli import select
from kbo_cli.core.rules import load_rules
from kbo_cli.output.workbooks import write_workbooks
from tests.conftest import HEADER, table_rows, write_xlsx

CRITERIA = load_rules()


def text(size):
    # Any text a workbook can hold (control characters are tested through CSV elsewhere).
    return st.text(st.characters(exclude_categories=("Cc", "Cs", "Cf")), max_size=size)


districts = st.sampled_from(
    ["บางคล้า", "อ.บางคล้า", "อำเภอ พนมสารคาม", "เมือง", "อ.เมือง", "กิ่งอำเภอคลองเขื่อน",
     "Bang Pakong", "บางคล้", "เฉลิมพระเกียรติ", "", "  "]
)  # fmt: skip
names = st.one_of(
    st.sampled_from(["กลุ่มแม่บ้าน", "กลุ่ม\u200bสตรี", "น\u0e49\u0e4d\u0e32พริก", " ขนม  กง ", ""]),
    text(12),
)
types = st.one_of(
    st.sampled_from(["กลุ่มผู้ผลิตชุมชน", "1. กลุ่มผู้ผลิตชุมชน", "กลุ่ม", "รายเดี่ยว", "SMEs", "อื่นๆ", ""]),
    text(8),
)
quadrants = st.one_of(
    st.sampled_from(["D", "Segment D", "กลุ่มปรับตัวสู่การพัฒนา (Quadrant D)", "A", "c", "?", ""]),
    text(6),
)
stars = st.one_of(
    st.sampled_from(["3", "๓ ดาว", "★★", "-", "ไม่ได้รับการคัดสรร", "4.5", ""]),
    st.integers(-2, 7),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
)
years = st.one_of(
    st.sampled_from(["2560", "๒๕๕๘", "พ.ศ. 2557", "12 มี.ค. 60", "2017-03-12", "ไม่ทราบ", ""]),
    st.integers(1900, 2700),
    st.dates(),
    text(10),
)
records = st.lists(
    st.tuples(st.integers(0, 999), districts, names, names, types, quadrants, stars, years),
    max_size=25,
)
extra_rows = st.lists(
    st.sampled_from([[], ["รวม 10 ราย"], HEADER, ["หมายเหตุ"], ["(1)", "(2)", "(3)", "(4)"]]),
    max_size=4,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records, extra_rows, st.randoms(use_true_random=False))
def test_pipeline_on_messy_registries(rows, extras, rnd):
    body = [[seq, d, p, prod, "อาหาร", t, q, s, y] for seq, d, p, prod, t, q, s, y in rows]
    for extra in extras:
        body.insert(rnd.randint(0, len(body)), list(extra))
    with tempfile.TemporaryDirectory() as tmp:
        path = write_xlsx(Path(tmp) / "r.xlsx", {"ทะเบียน": [["ชื่อเรื่อง"], HEADER, *body]})
        selection = select([path])
        counts = selection.counts
        assert counts["records"] == counts["eligible"] + counts["excluded"]
        # Every row below the title is the header, a record or a reported skipped row
        # (blank rows after the last filled one are the sheet's unused area).
        last = max((i for i, r in enumerate(body) if any(str(c).strip() for c in r)), default=-1)
        assert counts["records"] + counts["skipped"] == (last + 1) + 1  # + the title row
        keys = list(zip(selection.records["sheet"], selection.records["row"], strict=True))
        assert len(keys) == len(set(keys))
        for _, r in selection.nominees.iterrows():
            assert r["quadrant"] in CRITERIA.quadrants and r["stars"] in CRITERIA.stars
            assert r["producer_type"] in CRITERIA.producer_types
            assert CRITERIA.registered_from <= r["registered"] <= CRITERIA.registered_to
        files = write_workbooks(selection, Path(tmp) / "out")
        written = sum(len(table_rows(p)[1]) for p in files.districts)
        assert written == counts["eligible"]

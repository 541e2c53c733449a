"""Make a national registry for the benchmark: every province, all 928 districts, DOMAIN.md's
spellings, a province column. Deterministic: the same size always gives the same cells.

    python bench/make_national.py 200000 bench/data/national-200000.xlsx
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import geothai
from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "examples"))
import make_registry as ex  # the example's spellings: one copy of each vocabulary

SEED = 928
HEADER = [
    "ลำดับ", "จังหวัด", "อำเภอ", "ตำบล", "ชื่อกลุ่ม/ผู้ประกอบการ", "ชื่อผลิตภัณฑ์", "ประเภทผลิตภัณฑ์",
    "ประเภทผู้ผลิต/\nผู้ประกอบการ", "กลุ่ม Quadrant", "ระดับดาว (ปี 2562)", "ปีที่ลงทะเบียน",
]  # fmt: skip


def places():
    """(province, district, is capital, subdistricts) of every district in the gazetteer."""
    out = []
    for p in geothai.provinces():
        for d in geothai.districts(p.code):
            tambons = [s.name_th for s in geothai.subdistricts(d.code)] or [d.name_th]
            out.append((p.name_th, d.name_th, d.code.endswith("01") and p.code != "10", tambons))
    return out


def district_text(rng: random.Random, district: str, capital: bool) -> str:
    if capital:
        return rng.choice(["เมือง", "อ.เมือง", district])
    if district.startswith("เขต"):  # Bangkok's districts are เขต, never อำเภอ
        return rng.choice([district, district[3:], f"{district[:3]} {district[3:]}"])
    return rng.choice([district, f"อ.{district}", f"อำเภอ{district}", f"อำเภอ {district}"])


def rows(n: int):
    rng = random.Random(SEED)
    gaz = places()
    categories = list(ex.PRODUCTS)
    for seq in range(1, n + 1):
        province, district, capital, tambons = gaz[rng.randrange(len(gaz))]
        kind = rng.choices(["group", "single", "sme"], weights=[60, 28, 12])[0]
        category = rng.choice(categories)
        tambon = rng.choice(tambons)
        if kind == "group":
            producer = f"{rng.choice(ex.GROUP_NAMES)}{tambon}"
        elif kind == "single":
            producer = rng.choice(ex.PERSON_NAMES)
        else:
            producer = rng.choice(ex.SME_NAMES)
        yield [
            seq,
            rng.choice([province, f"จ.{province}", f"จังหวัด{province}"]),
            district_text(rng, district, capital),
            tambon,
            ex.messy_name(rng, producer),
            ex.messy_name(rng, rng.choice(ex.PRODUCTS[category])),
            category,
            rng.choice(ex.TYPE_SPELLINGS[kind]),
            rng.choice(ex.QUADRANT_SPELLINGS[rng.choices("ABCD", weights=[10, 15, 20, 55])[0]]),
            ex.stars_text(rng, rng.choices(range(6), weights=[18, 18, 22, 22, 12, 8])[0]),
            ex.registered_value(rng, rng.randint(2553, 2564)),
        ]


def main(n: int, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    book = Workbook(write_only=True)
    ws = book.create_sheet("ทะเบียน OTOP")
    ws.append(["ทะเบียนผู้ผลิต ผู้ประกอบการ OTOP ทั่วประเทศ"])
    ws.append(HEADER)
    for r in rows(n):
        ws.append(r)
    book.save(path)


if __name__ == "__main__":
    main(int(sys.argv[1]), Path(sys.argv[2]))

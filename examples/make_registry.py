"""Make the example registry: Chachoengsao's 11 districts, as messy as real offices keep them.

    python examples/make_registry.py            # writes examples/registry.xlsx and the answer key

Deterministic (a fixed seed): the same script always writes the same cells.
It does not use kbo: each row is generated from its true values first, and those values decide
the answer key `expected_nominees.csv` (the products that qualify under the letter's criteria);
only then is each value written in one of the spellings DOMAIN.md lists. The golden test runs
`kbo select` on the registry and compares the workbooks it writes with that key.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
from pathlib import Path

import geothai
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).resolve().parent
SEED = 2563
ROWS = 320
PROVINCE_CODE = "24"  # ฉะเชิงเทรา

THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
MONTHS_FULL = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
]
MONTHS_ABBR = [
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
]

PRODUCTS = {
    "อาหาร": [
        "น้ำพริกเผา",
        "กล้วยอบน้ำผึ้ง",
        "ข้าวเกรียบปลา",
        "ปลาสลิดแดดเดียว",
        "ขนมกง",
        "มะม่วงกวน",
        "ไข่เค็มดินสอพอง",
        "กุ้งแห้ง",
        "ข้าวหลามหนองมน",
        "ทองม้วนกะทิสด",
    ],
    "เครื่องดื่ม": ["น้ำมะพร้าวน้ำหอม", "ชาตะไคร้", "น้ำสมุนไพรกระเจี๊ยบ", "กาแฟโบราณ", "น้ำมะนาวโซดา"],
    "ผ้า เครื่องแต่งกาย": ["ผ้าทอมือลายโบราณ", "เสื้อผ้ามัดย้อม", "ผ้าขาวม้าทอมือ", "กระเป๋าผ้าปักมือ"],
    "ของใช้ ของตกแต่ง ของที่ระลึก": [
        "เครื่องจักสานผักตบชวา",
        "ไม้กวาดดอกหญ้า",
        "กระเป๋าสานพลาสติก",
        "โคมไฟกะลามะพร้าว",
        "ตะกร้าหวาย",
    ],
    "สมุนไพรที่ไม่ใช่อาหาร": ["ยาหม่องสมุนไพร", "สบู่น้ำผึ้ง", "ลูกประคบสมุนไพร", "น้ำมันไพล"],
}
GROUP_NAMES = [
    "กลุ่มแม่บ้านเกษตรกร",
    "กลุ่มอาชีพสตรี",
    "วิสาหกิจชุมชนกลุ่ม",
    "กลุ่มออมทรัพย์",
    "กลุ่มจักสาน",
    "กลุ่มทอผ้า",
    "กลุ่มผู้สูงอายุ",
    "กลุ่มเยาวชนรักถิ่น",
]
PERSON_NAMES = [
    "นางสมศรี ใจดี",
    "นายประเสริฐ ทองคำ",
    "นางบุญมา แก้วใส",
    "นายสมชาย รักไทย",
    "นางวันเพ็ญ ศรีสุข",
    "นางสาวกาญจนา มีทรัพย์",
    "นายวิชัย พูนผล",
    "นางละเอียด ชื่นใจ",
]
SME_NAMES = [
    "บริษัท แปดริ้วฟู้ด จำกัด",
    "ห้างหุ้นส่วนจำกัด บางปะกงเทรดดิ้ง",
    "บริษัท ฉะเชิงเทราเฮิร์บ จำกัด",
    "ห้างหุ้นส่วนจำกัด ริมน้ำโอท็อป",
]

TYPE_SPELLINGS = {
    "group": [
        "กลุ่มผู้ผลิตชุมชน",
        "กลุ่มผู้ผลิตชุมชน",
        "ประเภทกลุ่ม",
        "กลุ่ม",
        "1. กลุ่มผู้ผลิตชุมชน",
        "กลุ่มผู้ผลิต ชุมชน",
        " กลุ่มผู้ผลิตชุมชน ",
    ],
    "single": [
        "ผู้ผลิตชุมชนที่เป็นเจ้าของรายเดียว",
        "รายเดี่ยว",
        "ประเภทรายเดี่ยว",
        "2. ผู้ผลิตชุมชนที่เป็นเจ้าของรายเดียว",
    ],
    "sme": [
        "ผู้ผลิตที่เป็นวิสาหกิจขนาดกลางและขนาดย่อม",
        "SME",
        "SMEs",
        "ประเภท SME",
        "3. ผู้ผลิตที่เป็นวิสาหกิจขนาดกลางและขนาดย่อม",
    ],
}
QUADRANT_SPELLINGS = {
    "D": [
        "D",
        "D",
        "Quadrant D",
        "Segment D",
        "กลุ่ม D",
        "กลุ่มปรับตัวสู่การพัฒนา (Quadrant D)",
        "ปรับตัวสู่การพัฒนา",
        "d",
        " D ",
    ],
    "A": ["A", "Quadrant A", "กลุ่ม A"],
    "B": ["B", "Segment B", "b"],
    "C": ["C", "Quadrant C", "กลุ่ม C"],
}
UNRATED = ["", "-", "0", "ไม่ได้รับการคัดสรร", "ยังไม่ได้คัดสรร"]
# Values nobody can read without guessing: the rows holding them are excluded and reported.
UNREADABLE = {
    "stars": ["3-4", "ดาว", "4.5"],
    "quadrant": ["?", "E", "รอประเมิน"],
    "producer_type": ["วิสาหกิจชุมชน", "อื่นๆ"],
    "registered": ["ไม่ทราบ", "32/13/2560", "25xx"],
}

CRITERIA = {"quadrant": "D", "stars": (1, 2, 3), "type": "group", "years": (2557, 2562)}


def stars_text(rng: random.Random, stars: int) -> object:
    if stars == 0:
        return rng.choice(UNRATED)
    forms = [
        stars,
        float(stars),
        str(stars),
        f"{stars} ดาว",
        f"{stars}ดาว",
        str(stars).translate(THAI),
        f"{str(stars).translate(THAI)} ดาว",
        "★" * stars,
    ]
    return rng.choice(forms)


def registered_value(rng: random.Random, year_be: int) -> object:
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    ce = year_be - 543
    forms = [
        year_be,
        str(year_be),
        str(year_be).translate(THAI),
        f"พ.ศ. {year_be}",
        f"ปี {year_be}",
        dt.datetime(ce, month, day),  # a real date cell (stored CE)
        dt.datetime(year_be, month, day),  # a BE year typed under a Thai locale
        f"{day:02d}/{month:02d}/{year_be}",
        f"{day} {MONTHS_ABBR[month - 1]} {year_be}",
        f"{day} {MONTHS_ABBR[month - 1]} {year_be % 100:02d}",
        f"{day} {MONTHS_FULL[month - 1]} {year_be}".translate(THAI),
        f"{day:02d}/{month:02d}/{ce}",
        f"{ce}-{month:02d}-{day:02d}",
    ]
    return rng.choice(forms)


def district_text(rng: random.Random, name: str, is_capital: bool) -> str:
    if is_capital:
        return rng.choice([name, "เมือง", "อ.เมือง", "อำเภอเมืองฉะเชิงเทรา", "เมืองฉะเชิงเทรา"])
    forms = [name, name, f"อ.{name}", f"อำเภอ{name}", f"อำเภอ {name}", f"{name} "]
    if name == "คลองเขื่อน":
        forms.append("กิ่งอำเภอคลองเขื่อน")  # a กิ่งอำเภอ until 2550, still written so
    return rng.choice(forms)


def messy_name(rng: random.Random, name: str) -> str:
    """Text hazards of hand-typed Thai: the person reads the same name."""
    roll = rng.random()
    if roll < 0.05:
        return name.replace("ำ", "\u0e4d\u0e32")  # sara am typed as two characters
    if roll < 0.09:
        return name[:3] + "\u200b" + name[3:]  # a zero-width space from a web page
    if roll < 0.13:
        return name.replace(" ", "\u00a0") + " "
    if roll < 0.16:
        return " " + name.replace(" ", "  ")
    return name


def generate(rng: random.Random):
    """True rows: dicts of the values a person means, before any spelling is chosen."""
    districts = geothai.districts(PROVINCE_CODE)
    rows = []
    for _ in range(ROWS):
        d = rng.choice(districts)
        tambon = rng.choice(geothai.subdistricts(d.code)).name_th
        kind = rng.choices(["group", "single", "sme"], weights=[60, 28, 12])[0]
        category = rng.choice(list(PRODUCTS))
        if kind == "group":
            producer = f"{rng.choice(GROUP_NAMES)}{tambon}"
        elif kind == "single":
            producer = rng.choice(PERSON_NAMES)
        else:
            producer = rng.choice(SME_NAMES)
        rows.append(
            {
                "district": d.name_th,
                "capital": d.code.endswith("01"),
                "tambon": tambon,
                "producer": producer,
                "product": rng.choice(PRODUCTS[category]),
                "category": category,
                "type": kind,
                "quadrant": rng.choices("ABCD", weights=[10, 15, 20, 55])[0],
                "stars": rng.choices(range(6), weights=[18, 18, 22, 22, 12, 8])[0],
                "year": rng.randint(2553, 2564),
                "phone": f"0{rng.randint(80, 99)}{rng.randint(0, 9999999):07d}",
                "unreadable": None,
                "duplicate_of": None,
                "district_written": None,
            }
        )
    # Some cells nobody can read, and some products listed twice (in other spellings).
    for row in rng.sample(rows, 12):
        row["unreadable"] = rng.choice(sorted(UNREADABLE))
    for i in rng.sample(range(len(rows)), 8):
        rows.append({**rows[i], "duplicate_of": i})
    # A district name with a typo: kept as written and reported (this row does not qualify).
    typo = next(r for r in rows if r["district"] == "บางคล้า" and r["quadrant"] == "C")
    typo["district_written"] = "บางคล้"
    rng.shuffle(rows)
    return rows


def qualifies(row) -> bool:
    return (
        row["unreadable"] is None
        and row["quadrant"] == CRITERIA["quadrant"]
        and row["stars"] in CRITERIA["stars"]
        and row["type"] == CRITERIA["type"]
        and CRITERIA["years"][0] <= row["year"] <= CRITERIA["years"][1]
    )


def answer_key(rows) -> list[tuple[str, str, str]]:
    """(district, producer, product) of each product that should be nominated (first copies)."""
    seen, key = set(), []
    for row in rows:
        ident = tuple(
            row[k] for k in ("district", "producer", "product", "type", "quadrant", "stars", "year")
        )
        if ident in seen:
            continue
        seen.add(ident)
        if qualifies(row):
            key.append((row["district"], row["producer"], row["product"]))
    return sorted(key)


HEADERS = [
    "ลำดับ",
    "อำเภอ",
    "ตำบล",
    "ชื่อกลุ่ม/ผู้ประกอบการ",
    "ชื่อผลิตภัณฑ์",
    "ประเภท\nผลิตภัณฑ์",
    "ประเภทผู้ผลิต/\nผู้ประกอบการ",
    "กลุ่ม  Quadrant",
    "ระดับดาว\n(ปี 2562)",
    "วันที่ลงทะเบียน",
    "เบอร์โทรศัพท์",
]


def write(rows, path: Path, rng: random.Random) -> None:
    book = Workbook()
    ws = book.active
    ws.title = "ทะเบียน OTOP"
    ws.append(["ทะเบียนผู้ผลิต ผู้ประกอบการ OTOP จังหวัดฉะเชิงเทรา"])
    ws.append(["ข้อมูล ณ วันที่ ๓๐ กันยายน ๒๕๖๒ (สำนักงานพัฒนาชุมชนจังหวัดฉะเชิงเทรา)"])
    for r in (1, 2):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(HEADERS))
        ws.cell(row=r, column=1).font = Font(bold=True, size=14)
        ws.cell(row=r, column=1).alignment = Alignment(horizontal="center")
    ws.append([])
    ws.append(HEADERS)
    seq = 0
    for n, row in enumerate(rows):
        if n and n % 97 == 0:
            ws.append([])  # blank rows typed between blocks
        if n == 160:
            ws.append(HEADERS)  # the header pasted again from another file
        seq += 1
        unreadable = row["unreadable"]
        category = row["category"]
        if rng.random() < 0.2:
            category = rng.choice([f"ประเภท{category}", category.replace("ผ้า เครื่อง", "ผ้าและเครื่อง")])
        values = [
            seq,
            row["district_written"] or district_text(rng, row["district"], row["capital"]),
            row["tambon"],
            messy_name(rng, row["producer"]),
            messy_name(rng, row["product"]),
            category,
            rng.choice(TYPE_SPELLINGS[row["type"]]),
            rng.choice(QUADRANT_SPELLINGS[row["quadrant"]]),
            stars_text(rng, row["stars"]),
            registered_value(rng, row["year"]),
            row["phone"],  # text: the leading zero must survive
        ]
        field_at = {"producer_type": 6, "quadrant": 7, "stars": 8, "registered": 9}
        if unreadable:
            values[field_at[unreadable]] = rng.choice(UNREADABLE[unreadable])
        ws.append(values)
        if isinstance(values[9], dt.datetime):
            ws.cell(row=ws.max_row, column=10).number_format = "d/m/yyyy"
    ws.append([f"รวม {len(rows)} ราย"])
    ws.append([])
    ws.append(["หมายเหตุ: ข้อมูลจากระบบฐานข้อมูลผู้ผลิต ผู้ประกอบการ OTOP"])
    notes = book.create_sheet("คำชี้แจง")
    notes.append(["ทะเบียนนี้ใช้สำหรับการคัดเลือกผู้ผลิต ผู้ประกอบการ เข้าร่วมโครงการ KBO"])
    notes.append(["ติดต่อ กลุ่มงานส่งเสริมการพัฒนาชุมชน โทร. ๐ ๓๘๕๑ ๓๔๖๐"])
    book.properties.created = book.properties.modified = dt.datetime(2019, 9, 30)
    book.save(path)


def main(out_dir: Path = HERE) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    rows = generate(rng)
    write(rows, out_dir / "registry.xlsx", rng)
    with open(out_dir / "expected_nominees.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["district", "producer", "product"])
        writer.writerows(answer_key(rows))


def out_folder(doc: str, default: Path, what: str) -> Path:
    """The folder a generator writes into, from its command line (`--help` shows `doc`)."""
    parser = argparse.ArgumentParser(
        description=doc, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", nargs="?", type=Path, default=default, help=what)
    return parser.parse_args().out


if __name__ == "__main__":
    main(
        out_folder(
            __doc__,
            HERE,
            "where to write registry.xlsx and expected_nominees.csv (default: examples/)",
        )
    )

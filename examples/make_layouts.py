"""Make the example registry laid out as other offices send it, each with its answer key.

    python examples/make_layouts.py OUT      # writes OUT/<layout>/... and OUT/<layout>/expected.csv

The rows are the example's (`make_registry.generate`, the same seed), so each layout's answer key
is the example's, less what the layout leaves out. Layouts:

- `grouped/`: one workbook whose header is two rows: group labels merged across the columns
  below them (ผู้ผลิต/ผู้ประกอบการ, ผลการคัดสรร), single columns merged down both rows.
- `districts/`: one workbook per district as district offices send them to the province: a
  generic sheet name, no district column, the district in the file name (bare, with อ. and
  words around it, or as its DOPA code) or only in a title line; and one file sent twice.
- `formulas/`: the stars of some records are formulas a program wrote and never calculated
  (`=VLOOKUP(...)` with no value): those records cannot be read. `formulas-all/`: every star a
  formula so: the run stops, saying what to do.
- `hidden/`: last year's registry kept on a hidden sheet beside this year's.

Deterministic: the same script always writes the same cells.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import shutil
import sys
from pathlib import Path

import geothai
from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import make_registry as M  # noqa: E402  (beside this script)

CREATED = dt.datetime(2019, 9, 30)


def _values(rng: random.Random, row: dict, district: bool = True) -> list[object]:
    """A row's cells in the example's spellings: district (unless `district` is False),
    producer, product, category, producer type, quadrant, stars, registration."""
    values = [
        row["district_written"] or M.district_text(rng, row["district"], row["capital"]),
        M.messy_name(rng, row["producer"]),
        M.messy_name(rng, row["product"]),
        row["category"],
        rng.choice(M.TYPE_SPELLINGS[row["type"]]),
        rng.choice(M.QUADRANT_SPELLINGS[row["quadrant"]]),
        M.stars_text(rng, row["stars"]),
        M.registered_value(rng, row["year"]),
    ]
    unreadable = row["unreadable"]
    field_at = {"producer_type": 4, "quadrant": 5, "stars": 6, "registered": 7}
    if unreadable:
        values[field_at[unreadable]] = rng.choice(M.UNREADABLE[unreadable])
    return values if district else values[1:]


def _key(path: Path, rows: list[dict]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["district", "producer", "product"])
        writer.writerows(M.answer_key(rows))


def _save(book: Workbook, path: Path) -> None:
    book.properties.created = book.properties.modified = CREATED
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


def grouped(rows: list[dict], rng: random.Random, out: Path) -> None:
    book = Workbook()
    ws = book.active
    ws.title = "ทะเบียน OTOP"
    ws.append(["ทะเบียนผู้ผลิต ผู้ประกอบการ OTOP จังหวัดฉะเชิงเทรา"])
    ws.merge_cells("A1:I1")
    ws.append(["ลำดับ", "อำเภอ", "ผู้ผลิต/ผู้ประกอบการ", None, "ชื่อผลิตภัณฑ์",
               "ประเภทผลิตภัณฑ์", "ผลการคัดสรร", None, "ปีที่ลงทะเบียน"])  # fmt: skip
    ws.append([None, None, "ชื่อกลุ่ม", "ประเภทผู้ผลิต", None, None, "กลุ่ม Quadrant", "ระดับดาว"])
    for cells in ("A2:A3", "B2:B3", "C2:D2", "E2:E3", "F2:F3", "G2:H2", "I2:I3"):
        ws.merge_cells(cells)
    for seq, row in enumerate(rows, start=1):
        district, producer, product, category, ptype, quadrant, stars, year = _values(rng, row)
        ws.append([seq, district, producer, ptype, product, category, quadrant, stars, year])
    _save(book, out / "registry.xlsx")
    _key(out / "expected.csv", rows)


DISTRICT_HEADER = ["ลำดับ", "ชื่อกลุ่ม/ผู้ประกอบการ", "ชื่อผลิตภัณฑ์", "ประเภทผลิตภัณฑ์",
                   "ประเภทผู้ผลิต", "กลุ่ม Quadrant", "ระดับดาว", "ปีที่ลงทะเบียน"]  # fmt: skip


def districts(rows: list[dict], rng: random.Random, out: Path) -> None:
    places = geothai.districts(M.PROVINCE_CODE)
    for n, place in enumerate(places):
        mine = [r for r in rows if r["district"] == place.name_th]
        book = Workbook()
        ws = book.active  # "Sheet": a generic name
        name = [
            f"{place.name_th}.xlsx",
            f"อ.{place.name_th}_OTOP_2563.xlsx",
            f"{place.code} ทะเบียน (แก้ไข).xlsx",
            f"ทะเบียนส่งจังหวัด ชุดที่ {n}.xlsx",  # the district only in the title line
        ][n % 4]
        if n % 4 == 3:
            ws.append([f"ทะเบียนผู้ผลิต ผู้ประกอบการ OTOP อำเภอ{place.name_th}"])
        ws.append(DISTRICT_HEADER)
        for seq, row in enumerate(mine, start=1):
            ws.append([seq, *_values(rng, row, district=False)])
        _save(book, out / name)
        if n == 0:  # sent twice: a download's copy beside it
            shutil.copy(out / name, out / f"{place.name_th} (1).xlsx")
    _key(out / "expected.csv", rows)


FORMULA = "=VLOOKUP(B{row},'ผลการคัดสรร'!A:C,3,FALSE)"


def formulas(rows: list[dict], rng: random.Random, out: Path, every: bool) -> None:
    """Some stars (every one, with `every`) are formulas with no value, as a program writes
    them; `expected.csv` leaves out the records that have one."""
    book = Workbook()
    ws = book.active
    ws.title = "ทะเบียน"
    ws.append(["ลำดับ", "อำเภอ", "ชื่อกลุ่ม/ผู้ประกอบการ", "ชื่อผลิตภัณฑ์", "ประเภทผลิตภัณฑ์",
               "ประเภทผู้ผลิต", "กลุ่ม Quadrant", "ระดับดาว", "ปีที่ลงทะเบียน"])  # fmt: skip
    readable = []
    for seq, row in enumerate(rows, start=1):
        values = [seq, *_values(rng, row)]
        if every or rng.random() < 0.1:
            values[7] = FORMULA.format(row=seq + 1)
        else:
            readable.append(row)
        ws.append(values)
    ratings = book.create_sheet("ผลการคัดสรร")  # the sheet the formulas look into
    ratings.append(["รหัส", "คะแนน"])
    _save(book, out / "registry.xlsx")
    _key(out / "expected.csv", readable)


def hidden(rows: list[dict], rng: random.Random, out: Path) -> None:
    """This year's registry, and last year's on a hidden sheet: its rows qualify too, and
    must not be read."""
    book = Workbook()
    this_year = book.active
    this_year.title = "2563"
    last_year = book.create_sheet("2562")
    last_year.sheet_state = "hidden"
    header = ["ลำดับ", "อำเภอ", "ชื่อกลุ่ม/ผู้ประกอบการ", "ชื่อผลิตภัณฑ์", "ประเภทผลิตภัณฑ์",
              "ประเภทผู้ผลิต", "กลุ่ม Quadrant", "ระดับดาว", "ปีที่ลงทะเบียน"]  # fmt: skip
    for ws in (this_year, last_year):
        ws.append(header)
    for seq, row in enumerate(rows, start=1):
        this_year.append([seq, *_values(rng, row)])
    for seq, row in enumerate(rows[:40], start=1):
        old = {**row, "producer": f"{row['producer']} (ปีก่อน)", "unreadable": None}
        last_year.append([seq, *_values(rng, old)])
    _save(book, out / "registry.xlsx")
    _key(out / "expected.csv", rows)


def main(out: Path) -> None:
    rows = M.generate(random.Random(M.SEED))
    grouped(rows, random.Random(1), out / "grouped")
    districts(rows, random.Random(2), out / "districts")
    formulas(rows, random.Random(3), out / "formulas", every=False)
    formulas(rows, random.Random(4), out / "formulas-all", every=True)
    hidden(rows, random.Random(5), out / "hidden")


if __name__ == "__main__":
    what = "the folder to write one folder per layout into (default: examples/layouts/)"
    main(M.out_folder(__doc__, HERE / "layouts", what))

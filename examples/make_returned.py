"""Make the districts' returned lists for the example, as district officers send them back.

    python examples/make_returned.py OUT     # writes OUT/*.xlsx and OUT/answer.csv

It runs `kbo select` on the example registry (the library, into a temporary folder), then edits
the district workbooks as officers do, each edit of a kind `kbo collect` must tell:

- บางคล้า: the contact columns filled in (every row `kept`), and its candidate on potential
  proposed (`เสนอ …` in the candidates' sheet: `proposed`). Renamed `บางคล้า แก้ไข.xlsx`.
- บางน้ำเปรี้ยว: a producer who declined deleted (`removed`); a product's name corrected
  (`edited`); a producer typed in by hand who is in no registry (`added`, not in the registry);
  the phone column moved to the far right. Renamed `ส่งจังหวัด_อ.บางน้ำเปรี้ยว.xlsx`.
- เมืองฉะเชิงเทรา: a producer of the registry typed in by hand, without the source columns, who
  does not qualify (`added`, not eligible: its product is not in quadrant D).
- คลองเขื่อน: the first title line retyped, a column added (อีเมล), a star rating changed
  in the list (`edited`: the registry's rating stays the one judged), and a candidate on
  potential not proposed (`ไม่เสนอ …`: nothing).
- ท่าตะเกียบ: the source columns deleted (its rows are matched by producer and product).
- พนมสารคาม: every row deleted (returned, no one: its nominee `removed`).
- แปลงยาว: not returned (`missing`).
- the others: sent back as written.

`answer.csv` is written from these edits, not from kbo collect: one line per returned row
(district, producer, product, status, in_registry, eligible) and per removed nominee
(status `removed`), and one per district not returned (status `missing`).

Deterministic: the same script always writes the same cells.
"""

from __future__ import annotations

import csv
import sys
import tempfile
from pathlib import Path

from openpyxl import load_workbook

HERE = Path(__file__).resolve().parent
SHEET = 0  # the nomination list is a district workbook's first sheet


def _header(ws) -> tuple[int, dict[str, int]]:
    """The header's row and each header's column (1-based)."""
    for row in ws.iter_rows(min_row=1, max_row=20):
        labels = {str(c.value): c.column for c in row if c.value is not None}
        if "ชื่อผลิตภัณฑ์" in labels:
            return row[0].row, labels
    raise ValueError(f"no header in {ws.title}")


def _rows(ws, header: int, columns: dict[str, int]) -> list[int]:
    """The rows of the list, down to the total below it."""
    out = []
    for r in range(header + 1, ws.max_row + 1):
        first = ws.cell(r, 1).value
        if first is None or str(first).startswith("รวมทั้งสิ้น"):
            break
        out.append(r)
    return out


def _value(ws, r: int, columns: dict[str, int], header: str) -> str:
    return str(ws.cell(r, columns[header]).value)


def main(out: Path) -> None:
    sys.path.insert(0, str(HERE.parent))
    from kbo_cli.core.pipeline import select
    from kbo_cli.output.workbooks import write_workbooks

    out.mkdir(parents=True, exist_ok=True)
    answer: list[tuple] = []  # district, producer, product, status, in_registry, eligible
    with tempfile.TemporaryDirectory() as tmp:
        written = write_workbooks(select([HERE / "registry.xlsx"]), Path(tmp) / "out")
        books = {p.stem: p for p in written.folder.glob("*.xlsx")}
        registry = load_workbook(HERE / "registry.xlsx", read_only=True)
        for district, path in sorted(books.items()):
            if district == "สรุปผลการคัดเลือก":
                continue
            wb = load_workbook(path)
            ws = wb.worksheets[SHEET]
            header, columns = _header(ws)
            rows = _rows(ws, header, columns)
            listed = [
                (_value(ws, r, columns, "ชื่อกลุ่ม/ผู้ประกอบการ"), _value(ws, r, columns, "ชื่อผลิตภัณฑ์"))
                for r in rows
            ]
            name = f"{district}.xlsx"
            kept = list(listed)
            if district == "แปลงยาว":
                answer.append((district, "", "", "missing", "", ""))
                continue
            if district == "บางคล้า":
                leader = next(c for h, c in columns.items() if h.startswith("ชื่อประธาน"))
                for k, r in enumerate(rows):
                    ws.cell(r, leader).value = f"นางสมศรี ใจดี {k + 1}"
                answer.append(
                    (district, *_judge(wb, "เสนอ เนื่องจากมีศักยภาพ"), "proposed", "True", "False")
                )
                name = "บางคล้า แก้ไข.xlsx"
            elif district == "บางน้ำเปรี้ยว":
                # the second declined; the third's product corrected; one typed in
                answer.append((district, *listed[1], "removed", "True", "True"))
                product = columns["ชื่อผลิตภัณฑ์"]
                corrected = listed[2][1] + " (ผ้าฝ้าย)"
                ws.cell(rows[2], product).value = corrected
                answer.append((district, listed[2][0], corrected, "edited", "True", "True"))
                ws.delete_rows(rows[1])
                last = rows[-1] - 1
                ws.insert_rows(last + 1)
                ws.cell(last + 1, columns["ชื่อกลุ่ม/ผู้ประกอบการ"]).value = "กลุ่มทำขนมบ้านใหม่"
                ws.cell(last + 1, product).value = "ขนมกล้วย"
                answer.append((district, "กลุ่มทำขนมบ้านใหม่", "ขนมกล้วย", "added", "False", "False"))
                ws.move_range(
                    f"{_letter(columns['เบอร์โทรศัพท์'])}1:{_letter(columns['เบอร์โทรศัพท์'])}{ws.max_row}",
                    cols=ws.max_column + 1 - columns["เบอร์โทรศัพท์"],
                )
                kept = [listed[0], *listed[3:]]
                name = "ส่งจังหวัด_อ.บางน้ำเปรี้ยว.xlsx"
            elif district == "เมืองฉะเชิงเทรา":
                producer, product = _not_quadrant_d(registry, "เมือง")
                r = rows[-1] + 1
                ws.insert_rows(r)
                ws.cell(r, columns["ชื่อกลุ่ม/ผู้ประกอบการ"]).value = producer
                ws.cell(r, columns["ชื่อผลิตภัณฑ์"]).value = product
                answer.append((district, producer, product, "added", "True", "False"))
            elif district == "คลองเขื่อน":
                ws.cell(1, 1).value = "รายชื่อผู้ผลิต OTOP ที่ได้รับการคัดเลือก (ส่งจังหวัด)"
                ws.cell(header, ws.max_column + 1).value = "อีเมล"
                ws.cell(rows[0], ws.max_column).value = "group@example.org"
                stars = next(c for h, c in columns.items() if h.startswith("ระดับดาว"))
                old = int(ws.cell(rows[0], stars).value)
                ws.cell(rows[0], stars).value = old % 3 + 1
                answer.append((district, *listed[0], "edited", "True", "True"))
                kept = listed[1:]
                _judge(wb, "ไม่เสนอ ยังไม่พร้อม")
            elif district == "ท่าตะเกียบ":
                for header_text in ("แถวต้นฉบับ", "ชีตต้นฉบับ"):
                    if header_text in columns:
                        ws.delete_cols(columns[header_text])
            elif district == "พนมสารคาม":
                for _ in rows:
                    ws.delete_rows(rows[0])
                answer += [(district, *p, "removed", "True", "True") for p in listed]
                kept = []
            answer += [(district, *p, "kept", "True", "True") for p in kept]
            wb.save(out / name)
    with open(out / "answer.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["district", "producer", "product", "status", "in_registry", "eligible"])
        writer.writerows(sorted(answer))


def _judge(wb, comment: str) -> tuple[str, str]:
    """The first candidate on potential given the district's comment: (producer, product)."""
    ws = wb["พิจารณาตามศักยภาพ"]
    header, columns = _header(ws)
    column = next(c for h, c in columns.items() if h.startswith("ความเห็น"))
    first = header + 1
    ws.cell(first, column).value = comment
    return (
        _value(ws, first, columns, "ชื่อกลุ่ม/ผู้ประกอบการ"),
        _value(ws, first, columns, "ชื่อผลิตภัณฑ์"),
    )


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


def _not_quadrant_d(registry, district: str) -> tuple[str, str]:
    """A producer and product of the registry in `district` whose quadrant is not D."""
    ws = registry.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = None
    for row in rows:
        if row and "ชื่อผลิตภัณฑ์" in [str(v) for v in row]:
            header = [str(v) for v in row]
            break
    at = {h: i for i, h in enumerate(header)}
    quadrant = next(i for h, i in at.items() if "Quadrant" in h or "กลุ่มผลิตภัณฑ์" in h)
    where = next(i for h, i in at.items() if "อำเภอ" in h)
    producer = next(i for h, i in at.items() if h.startswith("ชื่อกลุ่ม") or "ผู้ผลิต" in h)
    for row in rows:
        q = str(row[quadrant] or "").strip().upper()
        if district in str(row[where] or "") and q.endswith("C"):
            return str(row[producer]).strip(), str(row[at["ชื่อผลิตภัณฑ์"]]).strip()
    raise ValueError("no product outside quadrant D")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "returned")

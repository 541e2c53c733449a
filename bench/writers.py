"""The writers compared for the workbooks, on the shape kbo writes: the summary's sheet of
excluded records (180,000 rows of Thai text) and one small district workbook; and kbo's own
`book_bytes`, which lays the sheet out and, for a long one, writes the rows itself.

    pip install xlsxwriter   # only for this comparison; kbo does not use it
    python bench/writers.py
"""

import io
import random
import time

import numpy as np
import openpyxl
import pandas as pd
import rustpy_xlsxwriter as rx

ROWS = 180_000
HEADER = ["จังหวัด", "อำเภอ", "ชื่อกลุ่ม", "ผลิตภัณฑ์", "ประเภท", "Quadrant", "ดาว", "ปี", "เหตุผล",
          "ชีต", "แถว"]  # fmt: skip


def rows(n):
    rng = random.Random(1)
    return [
        ["ฉะเชิงเทรา", "บางคล้า", f"กลุ่มแม่บ้านเกษตรกร{rng.randint(0, 9999)}", "น้ำพริกเผา",
         "กลุ่มผู้ผลิตชุมชน", "Quadrant D", "3 ดาว", "12 มี.ค. 2560",
         "Quadrant ไม่ใช่ D; ลงทะเบียนนอกช่วงปี พ.ศ. 2557–2562", "ทะเบียน OTOP", rng.randint(1, n)]
        for _ in range(n)
    ]  # fmt: skip


def openpyxl_write_only(data):
    book = openpyxl.Workbook(write_only=True)
    ws = book.create_sheet("x")
    ws.append(HEADER)
    for r in data:
        ws.append(r)
    book.save(io.BytesIO())


def xlsxwriter_constant_memory(data):
    import xlsxwriter

    book = xlsxwriter.Workbook(io.BytesIO(), {"constant_memory": True, "in_memory": True})
    ws = book.add_worksheet("x")
    fmt = book.add_format({"font_name": "TH SarabunPSK", "font_size": 16, "border": 1})
    ws.write_row(0, 0, HEADER)
    for i, r in enumerate(data, 1):
        ws.write_row(i, 0, r, fmt)
    book.close()


def rustpy_buffered(data):
    fmt = rx.Format().set_font_name("TH SarabunPSK").set_font_size(16).set_border("thin")
    frame = pd.DataFrame(data, columns=HEADER, dtype=object)
    rx.write_worksheets(
        [("x", frame)],
        io.BytesIO(),
        dedupe_strings={"x": True},
        column_formats={"x": [fmt] * len(HEADER)},
        row_heights={"x": {i: 24 for i in range(len(data) + 1)}},
    )


def kbo_book_bytes(data):
    """kbo's own `book_bytes`, laying the sheet out as it does (widths, line heights, titles);
    from 2,000 rows the rows are written by kbo_cli/sheetrows.py, not by the writer."""
    from kbo_cli.output.workbook import Table, book_bytes

    columns = {}
    for i, name in enumerate(HEADER):
        columns[name] = np.empty(len(data), dtype=object)
        columns[name][:] = [r[i] for r in data]
    book_bytes([Table("x", ["รายการที่ไม่ผ่านเกณฑ์"], columns)])


def timed(fn, data, repeat=1):
    start = time.perf_counter()
    for _ in range(repeat):
        fn(data)
    return (time.perf_counter() - start) / repeat


if __name__ == "__main__":
    big, small = rows(ROWS), rows(22)
    for name, fn in [
        ("openpyxl write-only", openpyxl_write_only),
        ("xlsxwriter constant_memory", xlsxwriter_constant_memory),
        ("rustpy-xlsxwriter buffered", rustpy_buffered),
        ("kbo book_bytes", kbo_book_bytes),
    ]:
        try:
            sheet = timed(fn, big)
            one = timed(fn, small, repeat=50) * 1000
        except ImportError:
            print(f"{name:28} (not installed)")
            continue
        print(f"{name:28} {ROWS} rows: {sheet:6.2f} s   one 22-row workbook: {one:5.1f} ms")

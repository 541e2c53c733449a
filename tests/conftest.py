"""Helpers that write real registry files, as offices keep them, for the tests to read."""

from __future__ import annotations

import csv
import os
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import settings
from openpyxl import Workbook, load_workbook

# No per-example deadline: a busy CI machine must not fail a property that holds. In CI the
# examples are the same every run (a failure there reproduces); elsewhere they vary, to find more.
settings.register_profile("kbo", deadline=None)
settings.register_profile("kbo-ci", deadline=None, derandomize=True, database=None)
settings.load_profile("kbo-ci" if os.environ.get("CI") else "kbo")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

HEADER = [
    "ลำดับ",
    "อำเภอ",
    "ชื่อกลุ่ม/ผู้ประกอบการ",
    "ชื่อผลิตภัณฑ์",
    "ประเภทผลิตภัณฑ์",
    "ประเภทผู้ผลิต/ผู้ประกอบการ",
    "กลุ่ม Quadrant",
    "ระดับดาว",
    "ปีที่ลงทะเบียน",
]


def row(
    district="บางคล้า",
    producer="กลุ่มแม่บ้านบางคล้า",
    product="น้ำพริกเผา",
    category="อาหาร",
    ptype="กลุ่มผู้ผลิตชุมชน",
    quadrant="D",
    stars="3",
    year="2560",
    seq=1,
) -> list:
    """A record that qualifies under the letter's criteria unless a value is changed."""
    return [seq, district, producer, product, category, ptype, quadrant, stars, year]


def write_xlsx(path: Path, sheets: dict[str, Sequence[Sequence]]) -> Path:
    """A workbook with one sheet per entry, rows written as given (None for an empty cell)."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for r in rows:
            ws.append(list(r))
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text typed as '=..., not a formula
    book.save(path)
    return path


def write_csv(path: Path, rows: Sequence[Sequence], encoding: str = "utf-8-sig") -> Path:
    with open(path, "w", newline="", encoding=encoding) as handle:
        csv.writer(handle).writerows(rows)
    return path


def read_sheet(path: Path, index: int = 0) -> list[tuple]:
    """Every row of a written workbook's sheet, as values."""
    return list(load_workbook(path).worksheets[index].iter_rows(values_only=True))


def table_rows(path: Path, index: int = 0, first_header: str = "ลำดับ") -> tuple[tuple, list[tuple]]:
    """(header, data rows) of a written table: the rows below the header whose first cell is
    `first_header`, down to the first empty row. A header of two rows (labels over groups of
    columns, the first header merged over both) reads as the lower row's headers, the upper's
    where the lower has none."""
    book = load_workbook(path)
    ws = book.worksheets[index]
    rows = list(ws.iter_rows(values_only=True))
    at = next(i for i, r in enumerate(rows) if r[0] == first_header)
    header = rows[at]
    if any(str(m.coord).startswith(f"A{at + 1}:A{at + 2}") for m in ws.merged_cells.ranges):
        lower = rows[at + 1]
        header = tuple(b if b is not None else a for a, b in zip(header, lower, strict=True))
        at += 1
    # The table ends at its first empty row: below it stand the notes (a total, a sign-off).
    body = []
    for r in rows[at + 1 :]:
        if all(v is None for v in r):
            break
        body.append(r)
    return header, body


def table_records(path: Path, index: int = 0, first_header: str = "ลำดับ") -> list[dict]:
    """The data rows of a written table as {header: value}: a test names the columns it reads,
    and adding a column elsewhere on the sheet changes nothing for it."""
    header, rows = table_rows(path, index, first_header)
    return [dict(zip(header, r, strict=True)) for r in rows]


@pytest.fixture(autouse=True)
def _own_working_folder(tmp_path, monkeypatch):
    """Every test runs in a folder of its own: what the README's first command leaves in the
    clone (`kbo-output/`), or another test's files, must change no result."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture(autouse=True)
def _thai_by_default(monkeypatch):
    """The tests read kbo's default language, Thai, whatever KBO_LANG the machine sets."""
    monkeypatch.delenv("KBO_LANG", raising=False)


def select_helped(paths, folder: Path, preload: tuple[str, ...] = (), ready: bool = False):
    """`select(paths)` with a second process, and the names of the functions sent to it. With
    `ready`, once it has started and imported `preload`."""
    import time

    from kbo_cli.core.pipeline import select
    from kbo_cli.engine.helper import Helper

    helper = Helper.start(preload=preload)
    while ready and not helper.ready:
        time.sleep(0.01)
    sent: list[str] = []
    map_there = helper.map
    helper.map = lambda fn, values: sent.append(fn.__name__) or map_there(fn, values)
    try:
        return select(paths, executor=helper), sent
    finally:
        helper.finish(folder)


@pytest.fixture
def registry(tmp_path):
    """Write a one-sheet registry with a title row and the standard header; returns its path."""

    def make(records: Sequence[Sequence], name: str = "registry.xlsx", header=HEADER) -> Path:
        rows = [["ทะเบียนผู้ผลิต ผู้ประกอบการ OTOP"], [], header, *records]
        return write_xlsx(tmp_path / name, {"ทะเบียน": rows})

    return make

"""The bundled example: regenerated exactly, and its nominees are the answer key's."""

import csv
import random
import sys
from collections import Counter

from openpyxl import load_workbook
from typer.testing import CliRunner

from kbo_cli.cli import app
from tests.conftest import EXAMPLES, table_records

sys.path.insert(0, str(EXAMPLES))
import make_registry


def cells(path):
    book = load_workbook(path)
    return {ws.title: [[c.value for c in r] for r in ws.iter_rows()] for ws in book.worksheets}


def test_example_is_what_the_script_makes(tmp_path):
    make_registry.main(tmp_path)
    assert cells(tmp_path / "registry.xlsx") == cells(EXAMPLES / "registry.xlsx")
    expected = (EXAMPLES / "expected_nominees.csv").read_text(encoding="utf-8")
    assert (tmp_path / "expected_nominees.csv").read_text(encoding="utf-8") == expected


def test_example_nominees_match_the_answer_key(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["select", str(EXAMPLES / "registry.xlsx"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    with open(EXAMPLES / "expected_nominees.csv", encoding="utf-8") as handle:
        expected = Counter(tuple(r) for r in list(csv.reader(handle))[1:])
    found = Counter()
    for path in out.glob("*.xlsx"):
        if path.name == "สรุปผลการคัดเลือก.xlsx":
            continue
        district = load_workbook(path).active.cell(3, 1).value
        for r in table_records(path):
            found[(path.stem, r["ชื่อกลุ่ม/ผู้ประกอบการ"], r["ชื่อผลิตภัณฑ์"])] += 1
        assert district.startswith(f"อำเภอ{path.stem} จังหวัดฉะเชิงเทรา")
    assert found == expected
    assert sum(expected.values()) > 20  # the example is worth looking at


def test_example_counts_conserve(tmp_path):
    from kbo_cli import select

    selection = select([EXAMPLES / "registry.xlsx"])
    counts = selection.counts
    assert counts["records"] == counts["eligible"] + counts["excluded"]
    # Every filled row but the header is a record or a reported skipped row; so is every blank
    # row between records.
    ws = load_workbook(EXAMPLES / "registry.xlsx")["ทะเบียน OTOP"]
    filled = sum(any(v is not None for v in r) for r in ws.iter_rows(values_only=True))
    blank_between = sum(s.kind == "blank" for s in selection.skipped)
    assert counts["records"] + counts["skipped"] == filled - 1 + blank_between
    assert counts["records"] == len(make_registry.generate(random.Random(make_registry.SEED)))

"""Registries laid out as other offices send them (`examples/make_layouts.py`): each gives its
answer key's nominees, or the error that says what to do."""

import csv
import sys
from pathlib import Path

import pytest

from kbo_cli import select
from kbo_cli.errors import NoValueError
from tests.conftest import EXAMPLES

sys.path.insert(0, str(EXAMPLES))
import make_layouts


@pytest.fixture(scope="module")
def layouts(tmp_path_factory):
    out = tmp_path_factory.mktemp("layouts")
    make_layouts.main(out)
    return out


def expected(folder) -> list[tuple[str, str, str]]:
    with open(folder / "expected.csv", encoding="utf-8") as handle:
        return sorted(tuple(r) for r in list(csv.reader(handle))[1:])


def nominated(selection) -> list[tuple[str, str, str]]:
    nominees = selection.nominees
    return sorted(zip(nominees["district"], nominees["producer"], nominees["product"], strict=True))


@pytest.mark.parametrize("layout", ["grouped", "formulas", "hidden"])
def test_a_layout_gives_its_answer_keys_nominees(layouts, layout):
    folder = layouts / layout
    selection = select([folder / "registry.xlsx"])
    assert nominated(selection) == expected(folder)
    assert len(expected(folder)) > 20


def test_the_grouped_header_is_read_as_two_rows(layouts):
    (info,) = select([layouts / "grouped" / "registry.xlsx"]).sheets
    assert info.header_rows_shown == "2–3"
    assert info.fields["stars"][1] == "ผลการคัดสรร / ระดับดาว"


def test_stars_that_are_formulas_are_listed_and_not_read(layouts):
    selection = select([layouts / "formulas" / "registry.xlsx"])
    formulas = [i for i in selection.issues if i.problem == "formula"]
    assert formulas and all(i.column == "H" and i.value.startswith("=VLOOKUP(") for i in formulas)
    reasons = selection.records["reasons"][selection.records["stars_written"].str.startswith("=")]
    assert all("unreadable:stars" in r for r in reasons)


def test_a_column_of_formulas_only_stops_the_run(layouts):
    with pytest.raises(NoValueError, match=r"column H \(ระดับดาว\): every cell is a formula"):
        select([layouts / "formulas-all" / "registry.xlsx"])


def test_a_hidden_sheet_of_last_year_is_not_read(layouts):
    selection = select([layouts / "hidden" / "registry.xlsx"])
    assert not any("ปีก่อน" in p for p in selection.records["producer"])
    assert [s for _, s in selection.hidden_sheets] == ["2562"]


def test_a_workbook_per_district(layouts):
    folder = layouts / "districts"
    files = sorted(folder.glob("*.xlsx"))
    selection = select(files)
    assert nominated(selection) == expected(folder)
    wheres = {info.district_from for info in selection.sheets}
    assert wheres == {"file", "title"}
    (pair,) = selection.same_files  # the file sent twice: read once, both named
    assert sorted(Path(p).name for p in pair) == [
        "เมืองฉะเชิงเทรา (1).xlsx",
        "เมืองฉะเชิงเทรา.xlsx",
    ]
    assert selection.counts["issues"] == 0 or all(i.field != "district" for i in selection.issues)

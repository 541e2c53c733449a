"""The terminal report and the JSON form render the same Selection."""

import json

import pytest
from rich.console import Console

from kbo_cli import select
from kbo_cli.report import render, to_json
from tests.conftest import EXAMPLES, HEADER, row, write_xlsx


def rendered(selection, lang="th", width=120):
    console = Console(record=True, width=width)
    render(selection, None, console, lang)
    return console.export_text()


def test_table_per_district_and_totals(registry):
    path = registry([row(), row(district="พนมสารคาม", quadrant="C"), row(stars="★★★★")])
    text = rendered(select([path]))
    lines = text.splitlines()
    bang_khla = next(line for line in lines if line.strip().startswith("บางคล้า"))
    assert bang_khla.split()[1:5] == ["2", "1", "1", "1"]  # records, nominated, excluded, stars
    total = next(line for line in lines if line.strip().startswith("รวม"))
    assert total.split()[1:4] == ["3", "1", "2"]
    assert "ไม่อยู่ในกลุ่มปรับตัวสู่การพัฒนา (Quadrant D)" in text
    assert "ระดับดาวสูงกว่าเกณฑ์ (1–3 ดาว)" in text
    assert "GeoThai" in text


def test_english(registry):
    text = rendered(select([registry([row(quadrant="C")])]), "en")
    assert "Selection by district" in text and "quadrant not D" in text
    assert "Nobody qualifies." in text


def test_json_counts_conserve(registry):
    data = to_json(select([registry([row(), row(quadrant="C"), row(), ["รวม"]])]), None)
    json.dumps(data, ensure_ascii=False)
    assert data["records"] == data["eligible"] + data["excluded"] == 3
    assert sum(d["records"] for d in data["districts"]) == data["records"]
    assert [s["kind"] for s in data["skipped_rows"]] == ["title", "totals"]


def test_national_run_is_shown_by_province(tmp_path):
    from tests.conftest import HEADER, write_xlsx

    path = write_xlsx(
        tmp_path / "national.xlsx",
        {
            "all": [
                ["จังหวัด", *HEADER],
                ["ชลบุรี", *row(district="เมือง")],
                ["ชลบุรี", *row(district="บางละมุง", quadrant="C")],
                ["ฉะเชิงเทรา", *row(district="บางคล้า", quadrant="C", stars="5")],
            ]
        },
    )
    text = rendered(select([path]))
    assert "ผลการคัดเลือกรายจังหวัด" in text
    lines = text.splitlines()
    chonburi = next(line for line in lines if line.strip().startswith("ชลบุรี"))
    # records, nominated, excluded, quadrant (the stars column is empty), and the bar
    assert chonburi.split()[1:5] == ["2", "1", "1", "1"]
    assert chonburi.split()[5].startswith("█")
    chachoengsao = next(line for line in lines if line.strip().startswith("ฉะเชิงเทรา"))
    assert chachoengsao.split()[1:6] == ["1", "0", "1", "1", "1"]  # ... quadrant, stars


def test_bar():
    from kbo_cli.report import bar

    assert bar(10, 10, width=4) == "████"
    assert bar(5, 10, width=4) == "██"
    assert bar(1, 10, width=4) == "▍"  # 3.2 eighths, rounded to 3
    assert bar(0, 10) == "" and bar(3, 0) == ""


def test_no_bars_on_a_narrow_terminal(registry):
    console = Console(record=True, width=80)
    render(select([registry([row()])]), None, console)
    text = console.export_text()
    assert "█" not in text and "บางคล้า" in text


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("width", [80, 100])
def test_no_place_name_is_ever_cut(lang, width, tmp_path):
    example = select([EXAMPLES / "registry.xlsx"])
    text = rendered(example, lang, width)
    names = [c.district for c in example.by_district()]
    table = text.split("─")[-1]
    assert all(f" {name} " in table for name in names), text
    assert "…" not in text.split("เหตุผล")[0].split("Why records")[0], text
    # The reason counts stand under one heading, said once.
    heading = "ไม่ผ่านเพราะ" if lang == "th" else "Reasons"
    assert text.count(heading) >= 1 and "ปีลงทะเบี" not in text
    # A national run, by province: the longest province names whole.
    rows = [["จังหวัด", *HEADER]]
    for province, district in [("พระนครศรีอยุธยา", "บางปะอิน"), ("ประจวบคีรีขันธ์", "หัวหิน")]:
        rows += [
            [province, *row(district=district)],
            [province, *row(district=district, quadrant="C")],
        ]
    national = select([write_xlsx(tmp_path / "n.xlsx", {"S": rows})])
    text = rendered(national, lang, width)
    assert " พระนครศรีอยุธยา " in text and " ประจวบคีรีขันธ์ " in text


def test_terminal_and_json_list_districts_in_official_order(registry):
    blank = [None] * len(HEADER)
    path = registry([row(district="พนมสารคาม"), row(), blank, row(district="อ.เมือง")])
    selection = select([path])
    filed = ["เมืองฉะเชิงเทรา", "บางคล้า", "พนมสารคาม"]  # 2401, 2402, 2406
    text = rendered(selection)
    starts = [line.split()[0] for line in text.splitlines() if line.split()]
    assert [name for name in starts if name in filed] == filed
    data = to_json(selection, None)
    assert [d["district"] for d in data["districts"]] == filed
    # The blank row is not listed as a data problem in the summary, but counted here.
    assert "แถวว่าง 1" in text
    assert [s["kind"] for s in data["skipped_rows"]] == ["title", "blank"]

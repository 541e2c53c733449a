"""`kbo collect`: the districts' returned lists compiled against the registry."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from kbo_cli.cli import app
from kbo_cli.core.collect import collect
from kbo_cli.core.pipeline import select
from kbo_cli.output.compiled import COMPILED_NAME, write_compiled
from kbo_cli.output.workbooks import write_workbooks
from tests.conftest import HEADER, row, write_xlsx

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "registry.xlsx"
RETURNED = ROOT / "examples" / "returned"


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """The example's returns, made afresh by the script the example's are made by."""
    out = tmp_path_factory.mktemp("returned")
    subprocess.run(
        [sys.executable, str(ROOT / "examples" / "make_returned.py"), str(out)],
        check=True,
        cwd=ROOT,
    )
    return out


def _found(collection) -> set[tuple]:
    """What collect found, in the answer key's terms."""
    found = {
        (r.place[1], r.values.get("producer", ""), r.values.get("product", ""), r.status,
         str(r.in_registry), str(r.eligible))
        for r in collection.rows
    }  # fmt: skip
    found |= {(r.place[1], r.producer, r.product, "removed", "True", "True")
              for r in collection.removed}  # fmt: skip
    found |= {(d.place[1], "", "", "missing", "", "") for d in collection.districts
              if d.status == "missing"}  # fmt: skip
    found |= {(r.place[1], r.values.get("producer", ""), r.values.get("product", ""),
               r.status, str(r.in_registry), str(r.eligible))
              for r in collection.proposed}  # fmt: skip
    return found


def _answer(folder: Path) -> set[tuple]:
    with open(folder / "answer.csv", encoding="utf-8") as handle:
        return {tuple(r) for r in list(csv.reader(handle))[1:]}


def test_collect_finds_every_edit_the_answer_key_lists(generated):
    collection = collect([generated], select([EXAMPLE]))
    assert _found(collection) == _answer(generated)
    # the edits say which field, old and new; a star rating as read (3.0 is 3)
    edits = {r.place[1]: r.edits for r in collection.rows if r.status == "edited"}
    assert edits["คลองเขื่อน"][0][0] == "stars" and edits["คลองเขื่อน"][0][2] in "123"
    assert edits["บางน้ำเปรี้ยว"] == (("product", "เสื้อผ้ามัดย้อม", "เสื้อผ้ามัดย้อม (ผ้าฝ้าย)"),)
    # a candidate proposed on potential: for the committee, on no list, not yet rated
    (proposed,) = collection.proposed
    assert proposed.reasons == ("not_rated",) and not proposed.compiled
    # the criteria are the registry's: the added product outside quadrant D says so
    (added,) = [r for r in collection.rows if r.status == "added" and r.in_registry]
    assert "not_quadrant" in added.reasons and not added.compiled


def test_the_bundled_returns_are_the_scripts(generated):
    """examples/returned is what make_returned.py writes: the same files, the same cells."""
    names = sorted(p.name for p in RETURNED.iterdir())
    assert names == sorted(p.name for p in generated.iterdir())
    assert _answer(RETURNED) == _answer(generated)
    for name in names:
        if name.endswith(".xlsx"):
            ours = [list(ws.values) for ws in load_workbook(RETURNED / name).worksheets]
            made = [list(ws.values) for ws in load_workbook(generated / name).worksheets]
            assert ours == made, f"{name}: regenerate: python examples/make_returned.py"


def test_the_command_writes_the_compiled_workbook_and_json(tmp_path):
    out = tmp_path / "out"
    args = ["collect", str(RETURNED), "--registry", str(EXAMPLE), "--out", str(out), "--json"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    statuses = {d["district"]: d["status"] for d in data["districts"]}
    assert statuses["แปลงยาว"] == "missing" and statuses["พนมสารคาม"] == "returned"
    assert {r["status"] for r in data["rows"]} == {"kept", "edited", "added"}
    kept = next(r for r in data["rows"] if r["status"] == "kept")
    assert kept["registry"]["sheet"] and kept["eligible"] and kept["in_registry"]
    expected = sum(1 for r in _answer(RETURNED) if r[3] in ("kept", "edited"))
    assert data["compiled"] == expected  # no added row of the example qualifies
    book = load_workbook(out / COMPILED_NAME)
    assert book.sheetnames == [
        "รายชื่อรวมทั้งจังหวัด",
        "สถานะรายอำเภอ",
        "รายการที่อำเภอแก้ไข",
        "ที่เพิ่มแต่ไม่ผ่านเกณฑ์",
        "เสนอตามศักยภาพ",  # the candidates a district proposed on potential
        "ใบลงทะเบียนเข้าร่วมประชุม",
    ]
    (proposed,) = data["proposed"]
    assert proposed["comment"].startswith("เสนอ") and proposed["reasons"] == ["not_rated"]
    listed = list(book.worksheets[0].values)
    header = next(r for r in listed if r[0] == "ลำดับ")
    # the contact columns the districts filled are carried; another they added stays in
    # their files (on the list it squeezed the names)
    assert "สถานะ" in header and "อีเมล" not in header
    leader = header.index(next(h for h in header if h and h.startswith("ชื่อประธาน")))
    assert any(str(r[leader]).startswith("นางสมศรี") for r in listed if r[0] != "ลำดับ")
    # a rating a district changed is listed as the registry's, which the criteria judged
    (edit,) = [e for r in data["rows"] for e in r["edits"] if e["field"] == "stars"]
    stars = header.index("ระดับดาว")
    producer = next(
        r["producer"] for r in data["rows"] if r["edits"] and r["district"] == "คลองเขื่อน"
    )
    (on_list,) = [r for r in listed if r[2] == producer]
    assert str(on_list[stars]) == edit["registry"] != edit["returned"]
    # the committee reads the list alone: the districts it leaves out are said below it
    below = [r[0] for r in listed if r[0] and str(r[0]).startswith("อำเภอที่")]
    assert any("แปลงยาว" in line for line in below)  # not returned
    assert any("พนมสารคาม" in line for line in below)  # returned no one
    # the status per district ends in the totals, down to the rows on the list
    status = list(book.worksheets[1].values)
    header = next(r for r in status if r[0] == "อำเภอ")
    total = dict(zip(header, next(r for r in status if r[0] == "รวม"), strict=True))
    assert total["ในบัญชี รวม"] == data["compiled"]
    assert total["ได้รับ คัดเลือก"] == 35  # the example's nominees
    # every change, with what becomes of the row
    changes = list(book.worksheets[2].values)
    header = next(r for r in changes if r[0] == "อำเภอ")
    rows = [dict(zip(header, r, strict=True)) for r in changes[changes.index(header) + 1 :]]
    assert {r["ผลการพิจารณา"] for r in rows if r["อำเภอ"]} == {"นำเข้าบัญชี", "ไม่นำเข้าบัญชี"}
    # again without --force: refused, the workbook left as it was
    again = CliRunner().invoke(app, args[:-1])
    assert again.exit_code == 1 and COMPILED_NAME in again.output


def test_a_registry_given_as_a_return_is_one_line_and_nothing_is_written(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["collect", str(EXAMPLE), "--registry", str(EXAMPLE), "--out", str(out)]
    )
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1 and "--registry" in result.output
    assert not out.exists()


def test_two_lists_of_one_district_are_an_error_naming_both(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("บางคล้า แก้ไข.xlsx", "บางปะกง.xlsx"):
        (folder / name).write_bytes((RETURNED / name).read_bytes())
    again = load_workbook(RETURNED / "บางคล้า แก้ไข.xlsx")  # sent again, a phone added
    again.worksheets[0].cell(6, 12).value = "0812345678"
    again.save(folder / "บางคล้า ส่งซ้ำ.xlsx")
    result = CliRunner().invoke(
        app, ["collect", str(folder), "--registry", str(EXAMPLE), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert "บางคล้า แก้ไข.xlsx" in result.output and "บางคล้า ส่งซ้ำ.xlsx" in result.output


def test_a_file_sent_twice_unchanged_is_read_once_with_a_warning(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "บางปะกง.xlsx").write_bytes((RETURNED / "บางปะกง.xlsx").read_bytes())
    (folder / "บางปะกง (1).xlsx").write_bytes((RETURNED / "บางปะกง.xlsx").read_bytes())
    (folder / "สรุปผลการคัดเลือก (1).xlsx").write_bytes(b"kbo's summary, copied: not read")
    collection = collect([folder], select([EXAMPLE]))
    assert [d.files for d in collection.districts if d.status == "returned"] == [
        (str(folder / "บางปะกง.xlsx"),)
    ]
    ((en, _),) = collection.warnings
    assert "บางปะกง (1).xlsx is a copy of" in en


def test_kbos_summary_is_no_return(tmp_path):
    written = write_workbooks(select([EXAMPLE]), tmp_path / "out")
    result = CliRunner().invoke(
        app,
        ["collect", str(written.summary), "--registry", str(EXAMPLE), "--out", str(tmp_path / "o")],
    )
    assert result.exit_code == 1 and "สรุปผล" in result.output


def test_a_title_retyped_short_and_rows_of_another_district(tmp_path):
    """`อ.บ้านโพธิ์ จ.ฉะเชิงเทรา` is a title naming a district; a list whose rows are another
    district's is compiled as the title says, with a warning."""
    wb = load_workbook(RETURNED / "บางปะกง.xlsx")
    ws = wb.worksheets[0]
    line = next(c for c in ws["A"] if str(c.value).startswith("อำเภอ"))
    line.value = "อ.บ้านโพธิ์ จ.ฉะเชิงเทรา"
    wb.save(tmp_path / "ส่งจังหวัด.xlsx")
    collection = collect([tmp_path / "ส่งจังหวัด.xlsx"], select([EXAMPLE]))
    returned = [d.place[1] for d in collection.districts if d.status == "returned"]
    assert returned == ["บ้านโพธิ์"]
    ((en, th),) = collection.warnings
    assert "บางปะกง" in en and "บ้านโพธิ์" in th


def test_a_nil_return_sent_back_is_a_district_that_returned_no_one(tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        {"S": [HEADER, row(), row(district="พนมสารคาม", quadrant="C")]},
    )
    selection = select([path])
    written = write_workbooks(selection, tmp_path / "out")
    nil = written.folder / "พนมสารคาม.xlsx"
    collection = collect([nil, written.folder / "บางคล้า.xlsx"], selection)
    places = {d.place[1]: d for d in collection.districts}
    assert places["พนมสารคาม"].status == "returned" and places["พนมสารคาม"].kept == 0
    assert places["บางคล้า"].kept == 1 and not collection.removed
    assert write_compiled(collection, tmp_path / "c", force=False).exists()


def test_a_source_pointing_at_another_producer_is_matched_by_content_and_said(tmp_path):
    selection = select([EXAMPLE])
    wb = load_workbook(RETURNED / "บางปะกง.xlsx")
    ws = wb.worksheets[0]
    header = next(r for r in ws.iter_rows() if r[0].value == "ลำดับ")
    column = next(c.column for c in header if c.value == "แถวต้นฉบับ")
    records = selection.records
    other = int(records[records["district"] != "บางปะกง"]["row"].iloc[0])
    ws.cell(header[0].row + 1, column).value = other  # another producer's row now
    wb.save(tmp_path / "บางปะกง.xlsx")
    collection = collect([tmp_path / "บางปะกง.xlsx"], selection)
    first = collection.rows[0]
    assert first.status == "kept" and first.registry[2] != other
    assert f"แถวที่ {other}" in first.note


def test_two_districts_of_one_name_are_told_apart_by_their_province(tmp_path):
    """Bangkok's เขตจอมทอง and Chiang Mai's อำเภอจอมทอง: a Bangkok title line has no จังหวัด."""
    path = write_xlsx(
        tmp_path / "r.xlsx",
        {
            "S": [
                ["จังหวัด", *HEADER],
                ["กรุงเทพมหานคร", *row(district="เขตจอมทอง", producer="กลุ่มบางมด")],
                ["เชียงใหม่", *row(district="จอมทอง", producer="กลุ่มดอยอินทนนท์")],
            ]
        },
    )
    selection = select([path])
    written = write_workbooks(selection, tmp_path / "out")
    collection = collect([written.folder], selection)  # the province folders within
    places = sorted(d.place for d in collection.districts)
    assert places == [("กรุงเทพมหานคร", "เขตจอมทอง"), ("เชียงใหม่", "จอมทอง")]
    assert all(d.status == "returned" and d.kept == 1 for d in collection.districts)


@pytest.mark.parametrize("saved", ["returned.xls", "returned.ods"])
def test_a_list_sent_back_as_xls_or_ods_is_read_as_the_xlsx_was(saved):
    selection = select([EXAMPLE])
    old = collect([ROOT / "tests" / "fixtures" / saved], selection)
    new = collect([RETURNED / "บางปะกง.xlsx"], selection)
    assert [(r.place, r.status, r.registry) for r in old.rows] == [
        (r.place, r.status, r.registry) for r in new.rows
    ]
    assert {r.status for r in old.rows} == {"kept"} and len(old.rows) == 2


def test_a_producer_on_two_districts_lists_is_warned(tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        {"S": [HEADER, row(producer="กลุ่มเดียวกัน"), row(district="พนมสารคาม", producer="กลุ่มเดียวกัน")]},
    )
    selection = select([path])
    written = write_workbooks(selection, tmp_path / "out")
    collection = collect([written.folder], selection)
    ((en, th),) = collection.warnings
    assert "กลุ่มเดียวกัน" in th and "บางคล้า" in th and "พนมสารคาม" in en


def test_the_summary_in_english(tmp_path):
    args = ["collect", str(RETURNED), "--registry", str(EXAMPLE), "--out", str(tmp_path)]
    result = CliRunner().invoke(app, [*args, "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "Returns by district" in result.output and "missing" in result.output
    assert "Districts yet to return their list: แปลงยาว" in result.output


def test_a_return_given_as_the_registry_says_what_registry_takes(tmp_path):
    given = RETURNED / "บางปะกง.xlsx"
    args = ["collect", str(RETURNED), "--registry", str(given), "--out", str(tmp_path / "o")]
    result = CliRunner().invoke(app, [*args, "--lang", "en"])
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1
    assert "--registry takes the registry the selection was made from" in result.output


def test_the_meetings_sign_in_has_the_names_and_phones_the_districts_filled(tmp_path):
    collection = collect([RETURNED], select([EXAMPLE]))
    path = write_compiled(collection, tmp_path, force=False)
    rows = list(load_workbook(path)["ใบลงทะเบียนเข้าร่วมประชุม"].values)
    header = next(r for r in rows if r[0] == "ลำดับ")
    at = {h: k for k, h in enumerate(header)}
    signed = [r for r in rows[rows.index(header) + 1 :] if r[at["อำเภอ"]] == "บางคล้า"]
    groups = [r for r in signed if r[at["กลุ่ม/หน่วยงาน"]] and not r[at["ตำแหน่ง"]]]
    assert groups and all(str(r[at["ชื่อ - สกุล"]]).startswith("นางสมศรี") for r in groups)
    assert all(r[at["เบอร์โทรศัพท์"]] for r in groups)  # the registry's phones, carried
    officers = [r for r in rows if r[at["อำเภอ"]] == "แปลงยาว"]
    assert officers  # a district yet to return is summoned all the same


def test_a_nil_return_of_a_district_whose_name_has_a_hyphen(tmp_path):
    """สุไหงโก-ลก: its title line is the only thing that tells a nil return's district."""
    path = write_xlsx(
        tmp_path / "r.xlsx",
        {"S": [["จังหวัด", *HEADER], ["นราธิวาส", *row(district="สุไหงโก-ลก", quadrant="C")]]},
    )
    selection = select([path])
    written = write_workbooks(selection, tmp_path / "out")
    (nil,) = written.folder.rglob("สุไหงโก-ลก.xlsx")
    collection = collect([nil], selection)
    (returned,) = [d for d in collection.districts if d.status == "returned"]
    assert returned.place == ("นราธิวาส", "สุไหงโก-ลก") and returned.kept == 0


def test_every_official_districts_title_line_names_it_and_its_province():
    """The title line kbo writes for each of the 928 districts reads back as that district
    of that province (Bangkok's `เขต… กรุงเทพมหานคร`, `สุไหงโก-ลก`, a district named as its
    province)."""
    from kbo_cli.core.districts import gazetteer
    from kbo_cli.core.returns import _place
    from kbo_cli.output.sheets import district_title

    gaz = gazetteer()
    wrong = []
    for place in gaz.by_code.values():
        line = district_title(place.district, place.province, True)
        district, province = _place((line,))
        if province != place.province or place not in gaz.candidates(district or ""):
            wrong.append(line)
    assert len(gaz.by_code) == 928 and wrong == []


def test_a_list_with_its_titles_and_source_columns_deleted_is_placed_by_its_rows(tmp_path):
    wb = load_workbook(RETURNED / "บางปะกง.xlsx")
    ws = wb.worksheets[0]
    header = next(r for r in ws.iter_rows() if r[0].value == "ลำดับ")
    for title in ("แถวต้นฉบับ", "ชีตต้นฉบับ"):
        ws.delete_cols(next(c.column for c in header if c.value == title))
    ws.delete_rows(1, header[0].row - 1)
    wb.save(tmp_path / "list.xlsx")
    collection = collect([tmp_path / "list.xlsx"], select([EXAMPLE]))
    (returned,) = [d for d in collection.districts if d.status == "returned"]
    assert returned.place[1] == "บางปะกง" and returned.kept == 2

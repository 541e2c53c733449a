"""Narrowing a run: --province, --district and the rules file's province."""

import json

import pytest
from typer.testing import CliRunner

from kbo_cli import load_rules, select
from kbo_cli.cli import app
from kbo_cli.core.scope import UnknownDistrictError
from kbo_cli.errors import KboError
from tests.conftest import HEADER, row, write_xlsx


@pytest.fixture
def national(tmp_path):
    return write_xlsx(
        tmp_path / "national.xlsx",
        {
            "all": [
                ["จังหวัด", *HEADER],
                ["ชลบุรี", *row(district="เมือง")],
                ["ชลบุรี", *row(district="บางละมุง")],
                ["ฉะเชิงเทรา", *row(district="บางคล้า")],
                ["ฉะเชิงเทรา", *row(district="อ.เมือง", quadrant="C")],
            ]
        },
    )


def test_province_restricts_a_national_registry(national):
    selection = select([national], province="Chachoengsao")
    assert set(selection.records["province"]) == {"ฉะเชิงเทรา"}
    assert selection.counts["records"] == 2 and selection.counts["out_of_scope"] == 2
    assert {(o.district, o.rows) for o in selection.out_of_scope} == {
        ("เมืองชลบุรี", 1),
        ("บางละมุง", 1),
    }


def test_districts_restrict(national):
    selection = select([national], province="ฉะเชิงเทรา", districts=["อ.เมือง"])
    assert list(selection.records["district"]) == ["เมืองฉะเชิงเทรา"]
    assert selection.counts["out_of_scope"] == 3


def test_district_in_english(national):
    selection = select([national], districts=["Bang Lamung"])
    assert list(selection.records["district"]) == ["บางละมุง"]


def test_unknown_or_ambiguous_district(national):
    with pytest.raises(UnknownDistrictError, match="'บางคล้': is no district"):
        select([national], districts=["บางคล้"])
    with pytest.raises(UnknownDistrictError, match="names several districts; add --province"):
        select([national], districts=["เมือง"])


def test_rules_file_province(national, tmp_path):
    from tests.test_rules import load_rules_text

    rules = tmp_path / "rules.toml"
    rules.write_text(load_rules_text().replace('province = ""', 'province = "ชลบุรี"'), "utf-8")
    selection = select([national], criteria=load_rules(rules))
    assert set(selection.records["province"]) == {"ชลบุรี"}


def test_cli_district_option_and_json(national, tmp_path):
    result = CliRunner().invoke(
        app,
        ["select", str(national), "--district", "บางคล้า", "--out", str(tmp_path / "o"), "--json"],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["records"], data["eligible"], data["out_of_scope"]) == (1, 1, 3)
    assert data["files"][0].endswith("บางคล้า.xlsx")


def test_cli_unknown_district_exit_1(national, tmp_path):
    out = str(tmp_path / "out")
    result = CliRunner().invoke(
        app, ["select", str(national), "--district", "Atlantis", "--lang", "en", "--out", out]
    )
    assert result.exit_code == 1 and "--district 'Atlantis': is no district" in result.output


@pytest.fixture
def chachoengsao(tmp_path):
    """A registry of one province, one of whose districts is misspelt (`บางคล้`)."""
    return write_xlsx(
        tmp_path / "r.xlsx",
        {
            "S": [
                HEADER,
                row(district="บางคล้า"),
                row(district="บางคล้", producer="กลุ่มสะกดผิด"),
                row(district="พนมสารคาม"),
            ]
        },
    )


def test_a_district_as_the_registry_writes_it(chachoengsao):
    selection = select([chachoengsao], districts=["บางคล้"])
    assert list(selection.records["producer"]) == ["กลุ่มสะกดผิด"]


def test_an_unknown_district_gets_the_closest_name(chachoengsao):
    with pytest.raises(UnknownDistrictError, match="did you mean 'พนมสารคาม'"):
        select([chachoengsao], districts=["พนมสาคาม"])


def test_another_provinces_district_is_named_with_its_province(chachoengsao):
    with pytest.raises(UnknownDistrictError) as caught:
        select([chachoengsao], districts=["บางบ่อ"])
    assert "is a district of สมุทรปราการ, not of ฉะเชิงเทรา, the registry's" in str(caught.value)
    assert "เป็นอำเภอของจังหวัดสมุทรปราการ ไม่ใช่ของจังหวัดฉะเชิงเทรา" in caught.value.thai


def test_a_real_district_with_no_row_is_said(chachoengsao):
    with pytest.raises(UnknownDistrictError, match="the registry has no row of this district"):
        select([chachoengsao], districts=["ราชสาส์น"])


def test_another_province_given_is_told_not_written_over(chachoengsao):
    # A Chachoengsao registry (no province column) run with --province นครนายก: its rows are
    # not renamed into Nakhon Nayok (`เมือง` made เมืองนครนายก); the run has nothing to do.
    with pytest.raises(KboError) as caught:
        select([chachoengsao], province="นครนายก")
    assert "no row of the registry is of นครนายก; its districts are of ฉะเชิงเทรา" in str(
        caught.value
    )


def test_files_of_another_province_are_outside_the_province_given(chachoengsao, tmp_path):
    nakhon_nayok = write_xlsx(
        tmp_path / "nn.xlsx",
        {"S": [HEADER, row(district="องครักษ์"), row(district="เมือง", producer="กลุ่มเมือง")]},
    )
    extra = write_xlsx(
        tmp_path / "cc.xlsx", {"S": [HEADER, row(district="บางคล้า"), row(district="เมือง")]}
    )
    selection = select([chachoengsao, nakhon_nayok, extra], province="นครนายก")
    assert set(selection.records["district"]) == {"เมืองนครนายก", "องครักษ์"}
    assert len(selection.records) == 2
    outside = {(o.province, o.district): o.rows for o in selection.out_of_scope}
    assert outside[("ฉะเชิงเทรา", "เมืองฉะเชิงเทรา")] == 1  # its own province's เมือง


def test_a_misspelling_of_the_district_chosen_is_not_left_out_unsaid(chachoengsao, tmp_path):
    result = CliRunner().invoke(
        app,
        ["select", str(chachoengsao), "--district", "บางคล้า", "--out", str(tmp_path / "o")],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert (
        "⚠ 'บางคล้' (1 แถว) ไม่ได้รวมไว้ แต่น่าจะหมายถึง บางคล้า "
        "แก้ชื่อในทะเบียน หรือเพิ่ม --district 'บางคล้' แล้วรันใหม่"
    ) in result.output
    other = select([chachoengsao], districts=["พนมสารคาม"])
    assert other.left_out_alike == ()  # บางคล้ means บางคล้า, which was not chosen

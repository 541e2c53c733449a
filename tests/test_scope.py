"""Narrowing a run: --province, --district and the rules file's province."""

import json

import pytest
from typer.testing import CliRunner

from kbo_cli import load_rules, select
from kbo_cli.cli import app
from kbo_cli.core.scope import UnknownDistrictError
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

"""Normalising records: districts and provinces, and every unreadable cell reported."""

import pytest

from kbo_cli.core.normalise import UnknownProvinceError, normalise
from kbo_cli.core.read import read_registry
from tests.conftest import HEADER, row, write_xlsx


def records_of(path, province=None):
    return normalise([read_registry(path)], province)


def test_districts_resolved_and_province_inferred(registry):
    path = registry(
        [row(district="อ.บางคล้า"), row(district="อ.เมือง"), row(district="อำเภอ พนมสารคาม")]
    )
    result = records_of(path)
    assert list(result.records.frame["district"]) == ["บางคล้า", "เมืองฉะเชิงเทรา", "พนมสารคาม"]
    assert set(result.records.frame["province"]) == {"ฉะเชิงเทรา"}
    assert result.inferred == ((str(path), "ฉะเชิงเทรา"),)
    assert result.issues == ()


def test_capital_without_any_province_is_reported(registry):
    path = registry([row(district="เมือง")])
    result = records_of(path)
    (issue,) = result.issues
    assert (issue.row, issue.column, issue.problem) == (4, "B", "ambiguous_district")
    assert result.records.frame["district"][0] == "เมือง"


def test_province_option_resolves_the_capital(registry):
    path = registry([row(district="เมือง")])
    assert records_of(path, "Chonburi").records.frame["district"][0] == "เมืองชลบุรี"


def test_unknown_province_option():
    with pytest.raises(UnknownProvinceError, match="--province 'ฉะเชิงเทา': no such province"):
        normalise([], "ฉะเชิงเทา")


def test_unknown_district_kept_as_written_and_reported(registry):
    path = registry([row(), row(district="บางคล้ ")])
    result = records_of(path)
    assert list(result.records.frame["district"]) == ["บางคล้า", "บางคล้"]
    (issue,) = result.issues
    assert (issue.sheet, issue.row, issue.column, issue.value, issue.problem) == (
        "ทะเบียน",
        5,
        "B",
        "บางคล้",
        "unknown_district",
    )


def test_province_column_wins(tmp_path):
    header = ["จังหวัด", *HEADER]
    path = write_xlsx(
        tmp_path / "national.xlsx",
        {
            "all": [
                header,
                ["ชลบุรี", *row(district="เมือง")],
                ["จ.ฉะเชิงเทรา", *row(district="เมือง")],
                ["ชลบุรี", *row(district="บางคล้า")],
            ]
        },
    )
    result = records_of(path)
    assert list(result.records.frame["district"]) == ["เมืองชลบุรี", "เมืองฉะเชิงเทรา", "บางคล้า"]
    assert [i.problem for i in result.issues] == ["district_not_in_province"]


def test_unreadable_cells_listed_with_sheet_row_and_column(registry):
    path = registry([row(stars="3-4", year="ไม่ทราบ"), row(quadrant="?"), row(ptype="")])
    issues = {(i.row, i.column, i.field, i.value, i.problem) for i in records_of(path).issues}
    assert issues == {
        (4, "H", "stars", "3-4", "unreadable"),
        (4, "I", "registered", "ไม่ทราบ", "unreadable"),
        (5, "G", "quadrant", "?", "unreadable"),
        (6, "F", "producer_type", "", "missing"),
    }


def test_sheet_name_is_the_district(tmp_path):
    header = [c for c in HEADER if c != "อำเภอ"]
    rec = row()
    del rec[1]
    path = write_xlsx(tmp_path / "r.xlsx", {"อ.บางปะกง": [header, rec], "บางคล้": [header, rec]})
    result = records_of(path)
    assert list(result.records.frame["district"]) == ["บางปะกง", "บางคล้"]
    (issue,) = result.issues
    assert (issue.sheet, issue.column, issue.problem) == ("บางคล้", "(ชื่อชีต)", "unknown_district")

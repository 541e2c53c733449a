import pytest

from kbo_cli.core.districts import gazetteer

CHACHOENGSAO = {
    "2401": "เมืองฉะเชิงเทรา",
    "2402": "บางคล้า",
    "2403": "บางน้ำเปรี้ยว",
    "2404": "บางปะกง",
    "2405": "บ้านโพธิ์",
    "2406": "พนมสารคาม",
    "2407": "ราชสาส์น",
    "2408": "สนามชัยเขต",
    "2409": "แปลงยาว",
    "2410": "ท่าตะเกียบ",
    "2411": "คลองเขื่อน",
}


def test_gazetteer_holds_every_district():
    gaz = gazetteer()
    places = {p.code for ps in gaz.by_name.values() for p in ps}
    assert len(places) == 928
    assert len({code for code, _ in gaz.provinces.values()}) == 77


def test_chachoengsaos_eleven_districts():
    gaz = gazetteer()
    for code, name in CHACHOENGSAO.items():
        assert gaz.resolve(name).code == code


@pytest.mark.parametrize(
    "written",
    [
        "บางคล้า",
        "อ.บางคล้า",
        "อำเภอบางคล้า",
        "อำเภอ บางคล้า",
        "อ. บางคล้า",
        "Bang Khla",
        "บางคล้า ",
        "บาง คล้า",
    ],
)
def test_district_spellings(written):
    assert gazetteer().resolve(written).district == "บางคล้า"


def test_prefixes_stacked():
    assert gazetteer().resolve("อ.เขตปทุมวัน").district == "เขตปทุมวัน"


def test_king_amphoe_prefix():
    assert gazetteer().resolve("กิ่งอำเภอคลองเขื่อน").code == "2411"


@pytest.mark.parametrize("written", ["เมือง", "อ.เมือง", "อำเภอเมือง", "Mueang"])
def test_capital_district_needs_the_province(written):
    gaz = gazetteer()
    assert gaz.resolve(written) is None  # one per province: never guessed
    assert gaz.resolve(written, "24").district == "เมืองฉะเชิงเทรา"


def test_shared_names_resolve_only_within_a_province():
    gaz = gazetteer()
    assert len(gaz.candidates("เฉลิมพระเกียรติ")) == 5
    assert gaz.resolve("เฉลิมพระเกียรติ") is None
    nakhon_ratchasima = gaz.province("นครราชสีมา")[0]
    assert gaz.resolve("เฉลิมพระเกียรติ", nakhon_ratchasima).province == "นครราชสีมา"


@pytest.mark.parametrize("written", ["ฉะเชิงเทรา", "จ.ฉะเชิงเทรา", "จังหวัดฉะเชิงเทรา", "Chachoengsao"])
def test_province_spellings(written):
    assert gazetteer().province(written) == ("24", "ฉะเชิงเทรา")


def test_unknown_names():
    gaz = gazetteer()
    assert gaz.resolve("บางคล้") is None and not gaz.candidates("บางคล้")
    assert gaz.province("ฉะเชิงเทา") is None


def test_a_bangkok_registry_is_inferred_as_bangkok(tmp_path):
    # Bangkok has no `เมือง` district: its name is not found by its capital's.
    from kbo_cli import select
    from tests.conftest import HEADER, row, write_xlsx

    path = write_xlsx(
        tmp_path / "r.xlsx", {"S": [HEADER, row(district="เขตบางรัก"), row(district="เขตปทุมวัน")]}
    )
    assert select([path]).inferred == ((str(path), "กรุงเทพมหานคร"),)
    assert len(select([path], province="กรุงเทพมหานคร").records) == 2

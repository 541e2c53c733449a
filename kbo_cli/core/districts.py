"""District and province names resolved to the official gazetteer (GeoThai, CC-BY-4.0 data).

Registries write a district bare (`บางคล้า`), with a prefix (`อ.บางคล้า`, `อำเภอ บางคล้า`,
`กิ่งอำเภอ…`), in English, or as `เมือง` for the capital district of the province in question.
District names are unique nationally but for a few, so a registry's province can be inferred
from its other district names.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

import geothai

from kbo_cli.core.text import arabic_digits, clean_text, closest

_DISTRICT_PREFIX = re.compile(r"^(?:กิ่งอำเภอ|อำเภอ|อ\.|เขต|ก\.อ\.|amphoe|district|khet)")
_PROVINCE_PREFIX = re.compile(r"^(?:จังหวัด|จ\.|changwat|province)")
_MARKS = re.compile(r"[\s.'\-]")
_CAPITAL = ("เมือง", "mueang", "muang")
# The official names come from GeoThai's data (CC BY 4.0), which asks for credit where shown.
GAZETTEER_CREDIT = "ชื่ออำเภอ/จังหวัด: GeoThai (CC BY 4.0)"
_PROVINCE_ALIASES = {"กทม": "10", "กรุงเทพ": "10", "กรุงเทพฯ": "10", "bangkok": "10"}


@dataclass(frozen=True)
class Place:
    """An official district with its province."""

    code: str
    district: str
    district_en: str
    province_code: str
    province: str
    province_en: str


def _key(text: str, prefix: re.Pattern[str]) -> str:
    text = clean_text(text).lower().replace(" ", "")
    while (shorter := prefix.sub("", text, count=1)) != text:  # `อ.เขต…`: both prefixes go
        text = shorter
    return _MARKS.sub("", text)


def district_key(text: str) -> str:
    """The form a district name is compared in: no prefix, spaces, dots or hyphens."""
    return _key(text, _DISTRICT_PREFIX)


def province_key(text: str) -> str:
    """The form a province name is compared in."""
    return _key(text, _PROVINCE_PREFIX)


@dataclass(frozen=True)
class Gazetteer:
    """Lookups over the 928 official districts of the 77 provinces."""

    by_name: dict[str, tuple[Place, ...]]
    capitals: dict[str, Place]
    provinces: dict[str, tuple[str, str]]  # key -> (code, Thai name)
    by_code: dict[str, Place]  # DOPA code (2402) -> district

    def province(self, text: str) -> tuple[str, str] | None:
        """(code, Thai name) of a province written any usual way, or None."""
        key = province_key(text)
        if key in _PROVINCE_ALIASES:
            key = province_key(geothai.province(_PROVINCE_ALIASES[key]).name_th)
        return self.provinces.get(key)

    def candidates(self, text: str, province_code: str | None = None) -> tuple[Place, ...]:
        """The districts a name can mean, within the province when one is given."""
        key = district_key(text)
        if key in _CAPITAL:
            if province_code is None:
                return tuple(self.capitals.values())
            capital = self.capitals.get(province_code)
            return (capital,) if capital else ()
        found = self.by_name.get(key, ())
        if province_code is not None:
            found = tuple(p for p in found if p.province_code == province_code)
        return found

    def closest(self, text: str, province_code: str | None = None) -> Place | None:
        """The official district a misspelt name most likely means (`บางคล้` -> บางคล้า), among
        the province's districts when one is given; None when none is close. For a
        suggestion to the officer only: a registry's name is never corrected by it."""
        places = self.by_code.values()
        if province_code is not None:
            places = [p for p in places if p.province_code == province_code]
        keys: dict[str, Place] = {}
        for place in places:
            keys.setdefault(district_key(place.district), place)
            keys.setdefault(district_key(place.district_en), place)
        found = closest(district_key(text), keys)
        return keys[found] if found else None

    def province_name(self, code: str) -> str:
        """The Thai name of the province of this DOPA code (`24` -> ฉะเชิงเทรา); Bangkok's
        too, which has no `เมือง` district to find it by."""
        return next(name for known, name in self.provinces.values() if known == code)

    def resolve(self, text: str, province_code: str | None = None) -> Place | None:
        """The one district a name means, or None when it means none or several."""
        found = self.candidates(text, province_code)
        return found[0] if len(found) == 1 else None


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer, built once from the `geothai` package."""
    by_name: dict[str, list[Place]] = defaultdict(list)
    by_code: dict[str, Place] = {}
    capitals: dict[str, Place] = {}
    provinces: dict[str, tuple[str, str]] = {}
    for prov in geothai.provinces():
        provinces[province_key(prov.name_th)] = (prov.code, prov.name_th)
        provinces[province_key(prov.name_en)] = (prov.code, prov.name_th)
        for d in geothai.districts(prov.code):
            place = Place(d.code, d.name_th, d.name_en, prov.code, prov.name_th, prov.name_en)
            by_code[d.code] = place
            for name in {district_key(d.name_th), district_key(d.name_en)}:
                by_name[name].append(place)
            # The capital district is code XX01 (`เมืองฉะเชิงเทรา`); Bangkok has none.
            if d.code.endswith("01") and prov.code != "10":
                capitals[prov.code] = place
    return Gazetteer(
        by_name={k: tuple(v) for k, v in by_name.items()},
        capitals=capitals,
        provinces=provinces,
        by_code=by_code,
    )


# A district named in running text: after its prefix (`อำเภอบางคล้า`, `อ.บางคล้า`, `เขต…`), up
# to the next space or `จังหวัด`; as a DOPA code (`2402`); or as a word of its own.
_NAMED = re.compile(
    r"(?:กิ่งอำเภอ|อำเภอ|อ\.|เขต)\s*([\u0e01-\u0e4e]+(?:-[\u0e01-\u0e4e]+)*)"
)  # สุไหงโก-ลก
_CODE = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_WORDS = re.compile(r"[\s_\-.()\[\],+]+")


def named_in(text: str) -> str | None:
    """The district a title line or a file name names (`ทะเบียนผู้ผลิต OTOP อำเภอบางคล้า`,
    `อ.บางคล้า_OTOP`, `2402 บางคล้า`), as written, or None."""
    gaz = gazetteer()
    text = clean_text(text)
    for found in _NAMED.finditer(text):
        name = found.group(1).split("จังหวัด")[0]
        if name and gaz.candidates(name):
            return name
    for found in _CODE.finditer(arabic_digits(text)):
        if found.group(1) in gaz.by_code:
            return gaz.by_code[found.group(1)].district
    for word in _WORDS.split(text):
        if word and not word.isdigit() and gaz.candidates(word):
            return word
    return None

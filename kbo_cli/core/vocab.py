"""The vocabularies of `data/vocab.toml`, loaded once into lookup tables keyed by `label_key`."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType

from kbo_cli.core.text import label_key

# The fields kbo reads from a registry, in the order of the nomination sheet.
FIELDS = (
    "seq",
    "province",
    "district",
    "producer",
    "product",
    "category",
    "producer_type",
    "quadrant",
    "stars",
    "registered",
)
# Fields the rules cannot work without. `district` may instead come from the sheet name.
REQUIRED = ("producer", "product", "producer_type", "quadrant", "stars", "registered")


@dataclass(frozen=True)
class Vocab:
    """Every spelling table, keyed by `label_key` so lookups ignore spacing, digits and case."""

    header_aliases: Mapping[str, str]
    header_keywords: tuple[tuple[str, str], ...]
    header_spellings: Mapping[str, tuple[str, ...]]
    totals_prefixes: tuple[str, ...]
    stars_unrated: frozenset[str]
    stars_prefixes: tuple[str, ...]
    stars_suffixes: tuple[str, ...]
    stars_marks: frozenset[str]
    stars_empty_marks: frozenset[str]
    stars_words: Mapping[str, int]
    stars_highest: int
    quadrant_letters: frozenset[str]
    quadrant_prefixes: tuple[str, ...]
    quadrant_names: Mapping[str, str]
    producer_types: Mapping[str, str]
    producer_type_official: Mapping[str, str]
    producer_type_prefixes: tuple[str, ...]
    categories: Mapping[str, str]
    category_prefixes: tuple[str, ...]
    months: Mapping[str, int]
    be_prefixes: tuple[str, ...]
    ce_prefixes: tuple[str, ...]
    plausible_be: tuple[int, int]
    month_names: tuple[str, ...]  # the full Thai name of each month, January first
    weekday_names: tuple[str, ...]  # Monday first
    # A carried column's role in a district's list by its header (`location`, `leader`,
    # `address`, `phone`, `note`), and the header the list gives each role but location.
    contact_roles: Mapping[str, str]
    contact_headers: Mapping[str, str]
    # labels[table][lang][code]: texts for reasons, skipped rows, problems, fields, notices and
    # the quadrants' names.
    labels: Mapping[str, Mapping[str, Mapping[str, str]]]


def _keyed(pairs) -> Mapping[str, object]:
    return MappingProxyType({label_key(k): v for k, v in pairs})


def _keys(words) -> tuple[str, ...]:
    # Longest first, so `ปีพ.ศ.` is stripped before `ปี`.
    return tuple(sorted({label_key(w) for w in words}, key=len, reverse=True))


# The tables of texts by code, each in Thai and English.
LABEL_TABLES = (
    "reasons",
    "reasons_short",
    "skipped",
    "problems",
    "fields",
    "notices",
    "quadrants",
)


def label(table: str, code: str, lang: str = "th") -> str:
    """The text for a code of a label table (`reasons`, `reasons_short`, `skipped`,
    `problems`, `fields`, `notices`, `quadrants`)."""
    texts = vocab().labels[table][lang]
    if code not in texts and table == "fields" and lang == "th":
        return vocab().header_spellings[code][0]
    return texts[code]


def contact_role(header: object) -> str | None:
    """The role a contact column's header names (`leader`, `address`, `phone`, `note`,
    `location`: vocab.toml [headers.contacts]), its spelling and spacing aside; None for
    another header."""
    from kbo_cli.core.text import label_key

    return vocab().contact_roles.get(label_key(header))


def thai_date(date: dt.date) -> str:
    """A date as a Thai document writes it: `๘ มกราคม ๒๕๖๓` (the year is taken as BE)."""
    return thai_digits(f"{date.day} {vocab().month_names[date.month - 1]} {date.year}")


def thai_day(date: dt.date) -> str:
    """A BE date with its weekday, as a meeting is dated: `วันพุธที่ ๘ มกราคม ๒๕๖๓`."""
    weekday = dt.date(date.year - 543, date.month, date.day).weekday()
    return f"วัน{vocab().weekday_names[weekday]}ที่ {thai_date(date)}"


def thai_digits(text: str) -> str:
    """Arabic digits written as Thai ones, as official documents do: `13.30` -> `๑๓.๓๐`."""
    return text.translate(_THAI_DIGITS)


_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


@cache
def vocab() -> Vocab:
    """The vocabulary shipped with kbo (read once)."""
    raw = tomllib.loads(resources.files("kbo_cli").joinpath("data/vocab.toml").read_text("utf-8"))
    headers = raw["headers"]
    fields = headers["fields"]
    unknown = set(fields) - set(FIELDS)
    assert not unknown, f"vocab.toml names unknown fields {unknown}"
    stars = raw["stars"]
    quadrant = raw["quadrant"]
    ptype = raw["producer_type"]
    category = raw["category"]
    return Vocab(
        header_aliases=_keyed((alias, f) for f, aliases in fields.items() for alias in aliases),
        header_keywords=tuple((label_key(k), f) for k, f in headers["keywords"]),
        header_spellings=MappingProxyType({f: tuple(a) for f, a in fields.items()}),
        totals_prefixes=_keys(raw["rows"]["totals"]),
        stars_unrated=frozenset(label_key(w) for w in stars["unrated"]),
        stars_prefixes=_keys(stars["prefixes"]),
        stars_suffixes=_keys(stars["suffixes"]),
        stars_marks=frozenset(stars["marks"]),
        stars_empty_marks=frozenset(stars["empty_marks"]),
        stars_words=_keyed(stars["words"].items()),
        stars_highest=int(stars["highest"]),
        quadrant_letters=frozenset(quadrant["letters"]),
        quadrant_prefixes=_keys(quadrant["prefixes"]),
        quadrant_names=_keyed(quadrant["names"].items()),
        producer_types=_keyed((s, code) for code, ss in ptype["spellings"].items() for s in ss),
        producer_type_official=MappingProxyType(dict(ptype["official"])),
        producer_type_prefixes=_keys(ptype["prefixes"]),
        categories=_keyed((s, name) for name, ss in category["spellings"].items() for s in ss),
        category_prefixes=_keys(category["prefixes"]),
        # Dots do not matter in a month: `มี.ค.` and `มีค` are the same abbreviation.
        months=MappingProxyType(
            {label_key(m).replace(".", ""): int(n) for n, ms in raw["months"].items() for m in ms}
        ),
        be_prefixes=_keys(raw["years"]["be_prefixes"]),
        ce_prefixes=_keys(raw["years"]["ce_prefixes"]),
        plausible_be=tuple(raw["years"]["plausible_be"]),
        month_names=tuple(raw["months"][str(n)][0] for n in range(1, 13)),
        weekday_names=tuple(raw["weekdays"]["names"]),
        contact_roles=_keyed((w, role) for role, ws in headers["contacts"].items() for w in ws),
        contact_headers=MappingProxyType(dict(headers["contact_headers"])),
        labels=MappingProxyType(
            {
                table: MappingProxyType(
                    {lang: MappingProxyType(t) for lang, t in raw[table].items()}
                )
                for table in LABEL_TABLES
            }
        ),
    )

"""The rules: the criteria in force (read from `data/rules.toml`) and applying them to records.

Every excluded record gets all of its reasons, not just the first. Exact duplicates (same
province, district, producer, product, producer type, quadrant, stars and registration year after
normalising) keep the first copy; later copies are excluded as duplicates.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from kbo_cli.core.text import closest, label_key
from kbo_cli.core.values import UNREADABLE, factorize_cells, on_distinct
from kbo_cli.core.vocab import FIELDS, label, thai_date, thai_digits, vocab
from kbo_cli.errors import RulesError

# Fields whose emptiness or unreadability excludes a record. Stars are absent: a blank star
# level means "not rated", which the star criterion decides.
MUST_HAVE = ("district", "producer", "product", "producer_type", "quadrant", "registered")
READ_FIELDS = ("producer_type", "quadrant", "stars", "registered")
# What makes two records the same product listing. The province too: five provinces have a
# district named เฉลิมพระเกียรติ.
DUPLICATE_KEY = (
    "province",
    "district",
    "producer",
    "product",
    "producer_type",
    "quadrant",
    "stars",
    "registered",
)


# Every reason code, in the order reports list them. A value outside a criterion's range is
# told by its side (`stars_above`, `registered_before`): the wording, and what to do about the
# record, differ. `stars_between` is a level a rules file's list skips (`stars = [1, 3]`).
REASON_ORDER = (
    "not_quadrant",
    "not_rated",
    "stars_below",
    "stars_between",
    "stars_above",
    "producer_type",
    "registered_before",
    "registered_after",
    "duplicate",
    *(f"unreadable:{f}" for f in READ_FIELDS),
    *(f"missing:{f}" for f in MUST_HAVE),
)


@dataclass(frozen=True)
class Meeting:
    """The provincial committee meeting the selected producers attend."""

    date: dt.date  # BE year, as written in rules.toml
    time: str
    venue: str
    # The province whose committee meets (Thai name), or None when the rules file does not say:
    # a meeting is one province's, and another province's sign-in sheet must not carry it.
    province: str | None = None


@dataclass(frozen=True)
class Criteria:
    """The selection criteria and the project they are for."""

    title: str
    fiscal_year: int
    quadrants: frozenset[str]
    stars: frozenset[int]
    producer_types: frozenset[str]
    registered_from: int
    registered_to: int
    meeting: Meeting
    source: str
    province: str | None = None
    # Extra header spellings, as label_key(spelling) -> field.
    header_aliases: Mapping[str, str] = dataclass_field(default_factory=dict)
    # Registry columns carried into the nomination sheet; empty: all of them.
    carry: tuple[str, ...] = ()
    # The digits of the workbooks' titles and official text (`DIGITS`); data cells stay numbers.
    digits: str = "thai"
    # Products that fail only for want of a star rating listed for the officer's judgement.
    candidates: bool = True
    # The letter the round answers (`จังหวัด… ที่ ฉช ๐๐๑๙/ว ๖๓๕๔ ลงวันที่ …`), cited under the
    # project's title; empty: none cited.
    letter: str = ""

    def meeting_for(self, provinces: Iterable[str | None]) -> Meeting | None:
        """The meeting, for sign-in sheets of these provinces' districts; None when the rules
        file's meeting is another province's (the sheet then leaves date, time and place to be
        filled in by hand)."""
        if self.meeting.province is None:
            return self.meeting
        named = {p for p in provinces if p}
        return self.meeting if named == {self.meeting.province} else None

    def describe(self, lang: str = "th") -> str:
        """One line stating the criteria, for titles and summaries."""
        f = self.format_values()
        if lang == "en":
            return (
                f"quadrant {f['quadrants']}; {f['stars']} stars; {f['producer_types_en']}; "
                f"registered BE {self.registered_from}–{self.registered_to}"
            )
        # In the letter's words: "ผลิตภัณฑ์ OTOP ประเภทปรับตัวสู่การพัฒนา (Quadrant D) ...
        # ระดับ ๑-๓ ดาว ประเภท กลุ่มผู้ผลิตชุมชน ที่ลงทะเบียน... ปี พ.ศ.๒๕๕๗ - ๒๕๖๒".
        kinds = " หรือ ".join(
            "ประเภท" + label("quadrants", q).removeprefix("กลุ่ม").strip()
            for q in sorted(self.quadrants)
        )
        # With the candidates listed, the letter's "ซึ่งมีศักยภาพหรือ" holds as it says.
        potential = "ซึ่งมีศักยภาพหรือ" if self.candidates and 0 not in self.stars else ""
        return (
            f"ผลิตภัณฑ์ OTOP {kinds} {potential}ระดับ {self.stars_as_written()} ดาว "
            f"ที่ลงทะเบียนผู้ผลิต ผู้ประกอบการ OTOP ปี พ.ศ. {self.registered_from} - "
            f"{self.registered_to} ประเภท {f['producer_types']}"
        )

    def stars_as_written(self) -> str:
        """The stars as the letter writes them (`1-3`, a hyphen), for official text."""
        return self.format_values()["stars"].replace("–", "-")

    def format_values(self) -> dict[str, str]:
        """The criteria as texts, for filling label templates."""
        official = vocab().producer_type_official
        stars = sorted(self.stars)
        contiguous = stars == list(range(stars[0], stars[-1] + 1)) if stars else False
        return {
            "quadrants": ", ".join(sorted(self.quadrants)),
            "quadrant_names": " หรือ ".join(label("quadrants", q) for q in sorted(self.quadrants)),
            "stars": f"{stars[0]}–{stars[-1]}"
            if contiguous and len(stars) > 1
            else ", ".join(map(str, stars)),
            "producer_types": " หรือ ".join(official[t] for t in sorted(self.producer_types)),
            "producer_types_en": " or ".join(
                {"group": "community producer group", "single": "single owner", "sme": "SME"}.get(
                    t, t
                )
                for t in sorted(self.producer_types)
            ),
            "registered_from": str(self.registered_from),
            "registered_to": str(self.registered_to),
        }


def default_rules_text() -> str:
    """The commented default rules file, as shipped: the starter for `kbo rules --init`."""
    return resources.files("kbo_cli").joinpath("data/rules.toml").read_text("utf-8")


def describe_rules(criteria: Criteria) -> list[tuple[str, str, str, str]]:
    """(label in Thai, label in English, Thai, English) for each setting in force, for
    `kbo rules`."""
    f = criteria.format_values()
    m = criteria.meeting
    aliases: dict[str, list[str]] = {}
    for spelling, name in criteria.header_aliases.items():
        aliases.setdefault(name, []).append(spelling)
    return [
        ("Quadrant", "quadrants", "Quadrant " + f["quadrants"], "quadrant " + f["quadrants"]),
        ("ระดับดาว", "stars", f"ระดับ {f['stars']} ดาว", f"{f['stars']} stars"),
        ("ประเภทผู้ผลิต", "producer types", f["producer_types"], f["producer_types_en"]),
        (
            "ปีที่ลงทะเบียน",
            "registered",
            f"ลงทะเบียนปี พ.ศ. {f['registered_from']}–{f['registered_to']}",
            f"registered BE {f['registered_from']}–{f['registered_to']}",
        ),
        (
            "จังหวัด",
            "province",
            criteria.province or "ทุกจังหวัด",
            criteria.province or "all provinces",
        ),
        (
            "โครงการ",
            "project",
            f"{criteria.title} ปีงบประมาณ พ.ศ. {criteria.fiscal_year}",
            f"{criteria.title}, fiscal year BE {criteria.fiscal_year}",
        ),
        (
            "การประชุม",
            "meeting",
            (f"คณะกรรมการจังหวัด{m.province} " if m.province else "")
            + f"วันที่ {thai_date(m.date)} เวลา {thai_digits(m.time)} น. ณ {m.venue}",
            (f"{m.province}'s committee, " if m.province else "")
            + f"{_english_date(m.date)} at {m.time}, {m.venue}",
        ),
        (
            "หัวคอลัมน์เพิ่มเติม",
            "headers",
            "; ".join(f"{k}: {', '.join(v)}" for k, v in aliases.items()) or "-",
            "; ".join(f"{k}: {', '.join(v)}" for k, v in aliases.items()) or "-",
        ),
        (
            "คอลัมน์ที่คัดลอกไป",
            "carry",
            ", ".join(criteria.carry) or "ทุกคอลัมน์",
            ", ".join(criteria.carry) or "all",
        ),
    ]


def _english_date(date: dt.date) -> str:
    """A BE date as English text: `8 January BE 2563`."""
    return f"{date.day} {calendar.month_name[date.month]} BE {date.year}"


def notices(
    criteria: Criteria, provinces: Iterable[str], today: dt.date
) -> list[tuple[str, dict[str, str]]]:
    """What the rules in force may have wrong for this run, as (code, values) for the
    `notices` labels: a meeting of another province, a meeting date passed, a fiscal year not
    after the registration window. Last year's file run again says so instead of printing last
    year's dates on this year's documents."""
    out: list[tuple[str, dict[str, str]]] = []
    m = criteria.meeting
    named = sorted({p for p in provinces if p})
    if named and criteria.meeting_for(named) is None:
        out.append(
            ("meeting_elsewhere", {"meeting": m.province or "", "provinces": ", ".join(named)})
        )
        m = None  # not printed on this run's sheets: its date is not this run's to check
    # The shipped defaults cannot be edited: their notices say how to start a file instead.
    own = "" if criteria.source != DEFAULT_SOURCE else "_default"
    fiscal = criteria.fiscal_year
    if m:
        when = {"date": thai_date(m.date), "date_en": _english_date(m.date)}
        day = (m.date.year, m.date.month, m.date.day)  # BE
        if (day[0] - 543, *day[1:]) < (today.year, today.month, today.day):
            out.append((f"meeting_past{own}", {**when, "source": criteria.source}))
        # A Thai fiscal year Y runs from 1 October of Y-1 to 30 September of Y: a meeting
        # outside it is a date changed without the year (or the year without the date).
        if not (fiscal - 1, 10, 1) <= day <= (fiscal, 9, 30):
            year = {"fiscal_year": str(fiscal), "before": str(fiscal - 1)}
            out.append(("meeting_outside_fiscal_year", {**when, **year, "source": criteria.source}))
    if fiscal <= criteria.registered_to:
        out.append(
            (
                "fiscal_year",  # the shipped defaults' is after their window
                {
                    "fiscal_year": str(fiscal),
                    "registered_to": str(criteria.registered_to),
                    "source": criteria.source,
                },
            )
        )
    return out


def reason_label(code: str, criteria: Criteria, lang: str = "th", short: bool = False) -> str:
    """The text of a reason code (`not_quadrant`, `missing:product`, ...) in a language, from
    vocab.toml's `reasons` filled from the criteria; `short`: without the field it is about,
    for a place that names the field already (`reasons_short`)."""
    return label("reasons_short" if short else "reasons", code, lang).format(
        **criteria.format_values()
    )


# The criterion each reason of exclusion is about; the others name their field (`missing:...`).
REASON_FIELD = {
    "not_quadrant": "quadrant",
    "not_rated": "stars",
    "stars_below": "stars",
    "stars_between": "stars",
    "stars_above": "stars",
    "producer_type": "producer_type",
    "registered_before": "registered",
    "registered_after": "registered",
}


def reason_field(code: str) -> str | None:
    """The field a reason of exclusion is about, or None (a duplicate)."""
    kind, _, field = code.partition(":")
    return field or REASON_FIELD.get(kind)


# The digit styles a workbook's official text may be written in: Thai (๒๕๖๓), as official
# documents write them, or Arabic (2563).
DIGITS = ("thai", "arabic")

# `Criteria.source` of the rules shipped with kbo.
DEFAULT_SOURCE = "kbo_cli/data/rules.toml"

# Every key a rules file may hold, by section ("" for the top level). A key not here is a typo
# to be told, never ignored: `provice = ...` ignored would run every province.
KNOWN_KEYS = {
    "": ("project", "criteria", "meeting", "headers", "output"),
    "project": ("title", "fiscal_year", "province", "letter"),
    "criteria": ("quadrants", "stars", "producer_types", "registered_from", "registered_to"),
    "meeting": ("province", "date", "time", "venue"),
    "output": ("carry", "digits", "candidates"),
}


def _check_keys(table: dict, section: str, where: str) -> None:
    known = KNOWN_KEYS[section]
    for key in table:
        if key in known:
            continue
        place = f"{where} [{section}]" if section else where
        guess = closest(key, known)
        hint_en = f"did you mean '{guess}'?" if guess else f"the keys are {', '.join(known)}."
        hint_th = f"หมายถึง '{guess}' หรือไม่" if guess else f"คีย์ที่ใช้ได้: {', '.join(known)}"
        raise RulesError(
            f"{place}: unknown key '{key}'; {hint_en} Correct it and run again.",
            f"{place}: ไม่รู้จักคีย์ '{key}' {hint_th} แก้แล้วรันใหม่",
        )


# The forms of a rules file's values, as a Thai message names them.
_KIND_TH = {
    list: "รายการในวงเล็บเหลี่ยม [ ]",
    int: "ตัวเลข",
    str: "ข้อความในเครื่องหมายคำพูด",
    dict: "ส่วนหัวข้อ [ ]",
}


def _need(table: dict, key: str, kind: type, where: str):
    if key not in table:
        raise RulesError(
            f"{where}: missing key '{key}'. See the default rules file for its form.",
            f"{where}: ไม่มีคีย์ '{key}' ดูรูปแบบจากไฟล์เกณฑ์ตั้งต้น (kbo rules --init)",
        )
    value = table[key]
    if not isinstance(value, kind) or isinstance(value, bool):
        raise RulesError(
            f"{where}: '{key}' should be {kind.__name__}, got {value!r}. "
            "See the default rules file for its form.",
            f"{where}: '{key}' ต้องเป็น{_KIND_TH.get(kind, kind.__name__)} แต่พบ {value!r} "
            "ดูรูปแบบจากไฟล์เกณฑ์ตั้งต้น (kbo rules --init)",
        )
    return value


def load_rules(path: Path | None = None) -> Criteria:
    """The criteria from a rules file, or the defaults shipped with kbo."""
    if path is None:
        text = default_rules_text()
        where = DEFAULT_SOURCE
    else:
        where = str(path)
        try:
            text = Path(path).read_text("utf-8")
        except OSError as exc:
            raise RulesError(
                f"{where}: cannot be read ({exc.strerror}).",
                f"{where}: อ่านไฟล์ไม่ได้ ({exc.strerror})",
            ) from exc
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"line (\d+), column (\d+)", str(exc))
        place_th = f" ที่บรรทัด {at[1]} ตัวอักษรที่ {at[2]}" if at else ""
        raise RulesError(
            f"{where}: not a valid TOML file ({exc}). Numbers are written in Arabic digits, "
            "texts in double quotes.",
            f"{where}: รูปแบบไฟล์เกณฑ์ไม่ถูกต้อง{place_th} ตัวเลขให้เขียนเป็นเลขอารบิก (2564 ไม่ใช่ "
            '๒๕๖๔) ข้อความให้อยู่ในเครื่องหมายคำพูด "..."',
        ) from exc
    _check_keys(raw, "", where)
    project = _need(raw, "project", dict, where)
    crit = _need(raw, "criteria", dict, where)
    meet = _need(raw, "meeting", dict, where)
    output = raw.get("output", {})
    for section, table in (("project", project), ("criteria", crit), ("meeting", meet)):
        _check_keys(table, section, where)
    if isinstance(output, dict):
        _check_keys(output, "output", where)
    from kbo_cli.core.values import read_producer_type, read_quadrant

    quadrants = set()
    for q in _need(crit, "quadrants", list, f"{where} [criteria]"):
        letter = read_quadrant(q)
        if not isinstance(letter, str):
            raise RulesError(
                f"{where} [criteria]: quadrants has {q!r}; write A, B, C or D.",
                f"{where} [criteria]: quadrants มี {q!r} ให้เขียน A, B, C หรือ D",
            )
        quadrants.add(letter)
    types = set()
    for t in _need(crit, "producer_types", list, f"{where} [criteria]"):
        code = label_key(t)
        if code not in vocab().producer_type_official:
            code = read_producer_type(t)
        if not isinstance(code, str):
            raise RulesError(
                f"{where} [criteria]: producer_types has {t!r}; write "
                f"{', '.join(vocab().producer_type_official)}.",
                f"{where} [criteria]: producer_types มี {t!r} ให้เขียน "
                f"{', '.join(vocab().producer_type_official)} หรือชื่อประเภทภาษาไทย",
            )
        types.add(code)
    stars = _need(crit, "stars", list, f"{where} [criteria]")
    if not all(isinstance(s, int) and 0 <= s <= vocab().stars_highest for s in stars):
        raise RulesError(
            f"{where} [criteria]: stars should be whole numbers 0–5, got {stars!r}.",
            f"{where} [criteria]: stars ต้องเป็นจำนวนเต็ม 0–5 แต่พบ {stars!r}",
        )
    start = _need(crit, "registered_from", int, f"{where} [criteria]")
    end = _need(crit, "registered_to", int, f"{where} [criteria]")
    if not 2400 < start <= end:
        raise RulesError(
            f"{where} [criteria]: registered_from/registered_to should be BE years with "
            f"from ≤ to, got {start}–{end}.",
            f"{where} [criteria]: registered_from/registered_to ต้องเป็นปี พ.ศ. "
            f"โดยปีเริ่มไม่เกินปีสิ้นสุด แต่พบ {start}–{end}",
        )
    date_text = _need(meet, "date", str, f"{where} [meeting]")
    try:
        year, month, day = (int(p) for p in date_text.split("-"))
        # The BE year is kept as written; dt.date only holds it (years up to 9999).
        meeting_date = dt.date(year, month, day)
    except ValueError as exc:
        raise RulesError(
            f"{where} [meeting]: date should be a BE date yyyy-mm-dd, got {date_text!r}.",
            f"{where} [meeting]: date ต้องเป็นวันที่ พ.ศ. แบบ ปปปป-ดด-วว แต่พบ {date_text!r}",
        ) from exc
    if meeting_date.year < 2400:  # a Christian-era year: 2025 is BE 2568
        be = meeting_date.year + 543
        raise RulesError(
            f"{where} [meeting]: date {date_text!r} has a Christian-era year; write the BE "
            f"year ({meeting_date.year} is BE {be}).",
            f"{where} [meeting]: date {date_text!r} เป็นปี ค.ศ. ให้เขียนปี พ.ศ. "
            f"(ค.ศ. {meeting_date.year} คือ พ.ศ. {be})",
        )
    province = _province(project, f"{where} [project]")
    meeting_province = _province(meet, f"{where} [meeting]")
    aliases = {}
    fields = [f for f in FIELDS if f != "seq"]
    for name, spellings in raw.get("headers", {}).items():
        if name not in fields:
            guess = closest(name, fields)
            raise RulesError(
                f"{where} [headers]: {name!r} is no field"
                + (f"; did you mean '{guess}'?" if guess else ".")
                + f" The fields are {', '.join(fields)}.",
                f"{where} [headers]: {name!r} ไม่ใช่ชื่อข้อมูล"
                + (f" หมายถึง '{guess}' หรือไม่" if guess else "")
                + f" ชื่อที่ใช้ได้: {', '.join(fields)}",
            )
        if not isinstance(spellings, list) or not all(isinstance(s, str) for s in spellings):
            raise RulesError(
                f"{where} [headers]: {name} should be a list of texts.",
                f'{where} [headers]: {name} ต้องเป็นรายการข้อความ เช่น ["ระดับดาว"]',
            )
        aliases.update({label_key(s): name for s in spellings})
    carry = output.get("carry", []) if isinstance(output, dict) else None
    if not isinstance(carry, list) or not all(isinstance(c, str) for c in carry):
        raise RulesError(
            f"{where} [output]: carry should be a list of column headers.",
            f"{where} [output]: carry ต้องเป็นรายการชื่อหัวคอลัมน์",
        )
    output = output if isinstance(output, dict) else {}
    digits = output.get("digits", "thai")
    if digits not in DIGITS:
        raise RulesError(
            f'{where} [output]: digits should be "thai" or "arabic", got {digits!r}.',
            f'{where} [output]: digits ต้องเป็น "thai" (เลขไทย) หรือ "arabic" (เลขอารบิก) '
            f"แต่พบ {digits!r}",
        )
    candidates = output.get("candidates", True)
    if not isinstance(candidates, bool):
        raise RulesError(
            f"{where} [output]: candidates should be true or false, got {candidates!r}.",
            f"{where} [output]: candidates ต้องเป็น true หรือ false แต่พบ {candidates!r}",
        )
    return Criteria(
        title=_need(project, "title", str, f"{where} [project]"),
        fiscal_year=_need(project, "fiscal_year", int, f"{where} [project]"),
        quadrants=frozenset(quadrants),
        stars=frozenset(stars),
        producer_types=frozenset(types),
        registered_from=start,
        registered_to=end,
        meeting=Meeting(
            meeting_date,
            _need(meet, "time", str, f"{where} [meeting]"),
            _need(meet, "venue", str, f"{where} [meeting]"),
            meeting_province,
        ),
        source=where,
        province=province,
        header_aliases=aliases,
        carry=tuple(carry),
        digits=digits,
        candidates=candidates,
        letter=_text(project, "letter", f"{where} [project]"),
    )


def _text(table: dict, key: str, where: str) -> str:
    """An optional text key; "" when absent."""
    value = table.get(key, "")
    if not isinstance(value, str):
        raise RulesError(
            f"{where}: {key} should be text, got {value!r}.",
            f"{where}: {key} ต้องเป็นข้อความ แต่พบ {value!r}",
        )
    return value.strip()


def _province(table: dict, where: str) -> str | None:
    """A section's `province`, as the gazetteer writes it; None when absent or empty."""
    province = table.get("province", "")
    if not isinstance(province, str):
        raise RulesError(
            f"{where}: province should be text, got {province!r}.",
            f"{where}: province ต้องเป็นข้อความ แต่พบ {province!r}",
        )
    if not province.strip():
        return None
    from kbo_cli.core.districts import gazetteer

    found = gazetteer().province(province)
    if found is None:
        raise RulesError(
            f"{where}: province {province!r} is no province. Write its Thai or English name.",
            f"{where}: ไม่พบจังหวัด {province!r} เขียนชื่อจังหวัดภาษาไทยหรืออังกฤษ",
        )
    return found[1]


def apply_rules(
    records: pd.DataFrame,
    criteria: Criteria,
    coded: Mapping[str, tuple[np.ndarray, np.ndarray]] | None = None,
) -> pd.DataFrame:
    """The records with `reasons` (a tuple of reason codes, empty when nominated), `nominated`,
    and `duplicate_of` (the index of the first copy, for a later copy; else None) added.

    Each test runs once per distinct value of a column, and the reasons once per distinct
    combination of failed tests. `coded`: columns already known by distinct value, a code per
    record in order (`records.Records.coded`); the others are factorized here."""
    n = len(records)
    coded = coded or {}

    def by_value(field: str) -> tuple[np.ndarray, np.ndarray]:
        if field in coded:
            return coded[field]
        return factorize_cells(records[field].to_numpy(dtype=object))

    distinct = {f: by_value(f) for f in READ_FIELDS}

    def test(field: str, predicate) -> np.ndarray:
        codes, uniques = distinct[field]
        return on_distinct(uniques, predicate).astype(bool)[codes]

    def outside(field: str, allowed) -> np.ndarray:
        return test(field, lambda v: v is not None and v is not UNREADABLE and v not in allowed)

    def beside(field: str, allowed) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The records whose number is outside `allowed`: below its lowest, between its
        lowest and highest (a value the list skips), above its highest."""
        low, high = min(allowed, default=None), max(allowed, default=None)

        def side(v) -> int:
            if v is None or v is UNREADABLE or v in allowed:
                return 0
            if low is None:
                return 2
            return 1 if v < low else 3 if v > high else 2

        codes, uniques = distinct[field]
        where = on_distinct(uniques, side).astype(np.int8)[codes]
        return where == 1, where == 2, where == 3

    flags: dict[str, np.ndarray] = {}
    for field in MUST_HAVE:
        flags[f"missing:{field}"] = records[field].isna().to_numpy(dtype=bool)
    for field in READ_FIELDS:
        flags[f"unreadable:{field}"] = test(field, lambda v: v is UNREADABLE)
    flags["not_quadrant"] = outside("quadrant", criteria.quadrants)
    below, between, above = beside("stars", criteria.stars)
    if 0 not in criteria.stars:  # 0 is "not rated": below the lowest level, but said as such
        flags["not_rated"] = test("stars", lambda v: v == 0)
        below &= ~flags["not_rated"]
    flags["stars_below"], flags["stars_between"], flags["stars_above"] = below, between, above
    flags["producer_type"] = outside("producer_type", criteria.producer_types)
    years = range(criteria.registered_from, criteria.registered_to + 1)
    flags["registered_before"], _, flags["registered_after"] = beside("registered", years)

    key = _duplicate_keys(records, flags, by_value)
    later = pd.Series(key).duplicated(keep="first").to_numpy()
    flags["duplicate"] = later
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    first_of = records.index.to_numpy()[first[inverse.reshape(-1)]]
    duplicate_of = np.full(n, None, dtype=object)
    duplicate_of[later] = first_of[later].tolist()

    # One bit per test; the tuple of reasons is built once per distinct combination.
    codes = list(flags)
    bits = np.zeros(n, dtype=np.int64)
    for i, code in enumerate(codes):
        bits |= flags[code].astype(np.int64) << i
    combos, masks = pd.factorize(bits)
    reasons = np.empty(len(masks), dtype=object)
    reasons[:] = [tuple(c for i, c in enumerate(codes) if int(m) >> i & 1) for m in masks]

    out = records.copy(deep=False)  # new columns only: the records' own are not copied
    out["duplicate_of"] = pd.Series(duplicate_of, index=records.index, dtype=object)
    out["reasons"] = pd.Series(reasons[combos], index=records.index, dtype=object)
    out["nominated"] = bits == 0
    return out


def _duplicate_keys(records: pd.DataFrame, flags: dict[str, np.ndarray], by_value) -> np.ndarray:
    """One integer per record, equal for records equal on DUPLICATE_KEY as compared
    (`_dup_key`). An unreadable value keeps what was written, so two different unreadable
    cells differ. `by_value(column)`: the column's (codes, distinct values)."""
    key = np.zeros(len(records), dtype=np.int64)
    for field in DUPLICATE_KEY:
        codes, uniques = by_value(field)
        if field in READ_FIELDS:
            # An unreadable cell's code points past the values, at "?" + what was written.
            unreadable = flags[f"unreadable:{field}"]
            written_codes, written = by_value(f"{field}_written")
            marked = np.empty(len(written) + 1, dtype=object)
            marked[:-1] = ["?" + w for w in written.tolist()]
            marked[-1] = "?"  # written as nothing (code -1)
            written_codes = np.where(written_codes >= 0, written_codes, len(written))
            codes = np.where(unreadable, len(uniques) + written_codes, codes)
            uniques = np.concatenate([uniques, marked])
        part = pd.factorize(on_distinct(uniques, _dup_key), use_na_sentinel=False)[0][codes]
        key = pd.factorize(key * (int(part.max(initial=0)) + 1) + part)[0].astype(np.int64)
    return key


def _dup_key(value: object) -> object:
    if value is None:
        return None
    return label_key(value) if isinstance(value, str) else value

"""Reading one cell's value: star levels, quadrants, producer types, registration years, categories.

Each reader is a small pure function. It returns the value read, `None` for an empty cell, or
`UNREADABLE` when the text cannot be read without guessing; the caller records a data issue for
the cell. Readers never raise.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Final

import numpy as np
import pandas as pd

from kbo_cli.core.formulas import NoValue
from kbo_cli.core.text import arabic_digits, clean_text, is_blank, label_key
from kbo_cli.core.vocab import vocab


class _Unreadable:
    """The value of a cell that could not be read; it is never guessed."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNREADABLE"

    def __reduce__(self):
        return (_Unreadable, ())


UNREADABLE: Final = _Unreadable()

_INTEGRAL = re.compile(r"^(\d+)(?:\.0+)?$")
_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.0+)?$")
_PARENS = re.compile(r"\(([^()]*)\)")


def _number(value: object) -> float | None:
    """A real number cell (not bool), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    return None


def _strip_affixes(key: str, prefixes: tuple[str, ...] = (), suffixes: tuple[str, ...] = ()):
    for p in prefixes:
        if key.startswith(p) and len(key) > len(p):
            key = key[len(p) :]
            break
    for s in suffixes:
        if key.endswith(s) and len(key) > len(s):
            key = key[: -len(s)]
            break
    return key


def read_stars(value: object) -> int | _Unreadable:
    """Star level 0-5, 0 meaning not rated (a blank cell, `-`, `ไม่ได้รับการคัดสรร`).

    Reads `3`, `3.0`, `๓`, `3 ดาว`, `๓ดาว`, `ระดับ 3 ดาว`, `★★★`, `สามดาว`.
    """
    if value.__class__ is NoValue:  # a formula never calculated, or an error: nothing to read
        return UNREADABLE
    v = vocab()
    if is_blank(value):
        return 0
    number = _number(value)
    if number is not None:
        if number.is_integer() and 0 <= number <= v.stars_highest:
            return int(number)
        return UNREADABLE
    # A qualifier in parentheses says which round: `3 ดาว (ปี 2562)`.
    key = _PARENS.sub("", label_key(value)) or label_key(value)
    if key in v.stars_unrated:
        return 0
    if set(key) <= v.stars_marks | v.stars_empty_marks:
        count = sum(ch in v.stars_marks for ch in key)
        return count if count <= v.stars_highest else UNREADABLE
    core = _strip_affixes(key, v.stars_prefixes, v.stars_suffixes)
    if core in v.stars_unrated:
        return 0
    if core in v.stars_words:
        return v.stars_words[core]
    match = _INTEGRAL.match(core)
    if match and int(match.group(1)) <= v.stars_highest:
        return int(match.group(1))
    return UNREADABLE


def _quadrant_letter(key: str) -> str | None:
    v = vocab()
    if key in v.quadrant_names:
        return v.quadrant_names[key]
    core = _strip_affixes(key, v.quadrant_prefixes)
    if core in v.quadrant_names:
        return v.quadrant_names[core]
    letter = core.upper()
    return letter if letter in v.quadrant_letters else None


def read_quadrant(value: object) -> str | _Unreadable | None:
    """Quadrant letter `A`-`D`, from `D`, `Quadrant D`, `Segment D`, `กลุ่ม D`,
    `กลุ่มปรับตัวสู่การพัฒนา (Quadrant D)`, `ปรับตัวสู่การพัฒนา`, in any case and spacing.
    """
    if value.__class__ is NoValue:  # a formula never calculated, or an error: nothing to read
        return UNREADABLE
    if is_blank(value):
        return None
    key = label_key(value)
    # A name and a letter in parentheses are both read, and must agree.
    parts = [_PARENS.sub("", key), *_PARENS.findall(key)] if "(" in key else [key]
    letters = {_quadrant_letter(p) for p in parts if p}
    if len(letters) == 1 and None not in letters:
        return letters.pop()
    letters.discard(None)
    if len(letters) == 1 and "(" in key:
        return letters.pop()
    return UNREADABLE


_NUMBERING = re.compile(r"^\d{1,2}[.)]")


def read_producer_type(value: object) -> str | _Unreadable | None:
    """Producer type code (`group`, `single`, `sme`: see vocab.toml) from the official wording,
    a short form (`กลุ่ม`, `รายเดี่ยว`, `SMEs`), or a numbered dropdown (`1. กลุ่มผู้ผลิตชุมชน`).
    """
    if value.__class__ is NoValue:  # a formula never calculated, or an error: nothing to read
        return UNREADABLE
    if is_blank(value):
        return None
    v = vocab()
    key = _NUMBERING.sub("", label_key(value))
    for candidate in (key, _strip_affixes(key, v.producer_type_prefixes), _PARENS.sub("", key)):
        if candidate in v.producer_types:
            return v.producer_types[candidate]
    return UNREADABLE


def read_category(value: object) -> str | None:
    """The official product category when the spelling is known, else the text as written."""
    if value.__class__ is NoValue:
        return None
    if is_blank(value):
        return None
    v = vocab()
    key = label_key(value)
    for candidate in (key, _strip_affixes(key, v.category_prefixes)):
        if candidate in v.categories:
            return v.categories[candidate]
    return clean_text(value)


_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_MONTH_NAME = re.compile(r"^(\d{1,2})?([^\d]+?)(\d{4}|\d{2})$")


def _be_year(year: int, *, ce: bool = False, two_digit: bool = False) -> int | _Unreadable:
    """A written year as BE: above 2400 it is BE, four digits below it CE; two digits are the
    short BE year written in Thai offices (`60` for 2560)."""
    if two_digit:
        year += 2500
    elif ce or year < 2400:
        year += 543
    low, high = vocab().plausible_be
    return year if low <= year <= high else UNREADABLE


def read_registered(value: object) -> int | _Unreadable | None:
    """Registration year in BE, from a year (`2560`, `๒๕๖๐`, `พ.ศ. 2560`, `2017`), an Excel date
    cell, or a date written as text (`12/03/2560`, `12 มี.ค. 60`, `๑๒ มีนาคม ๒๕๖๐`, `2017-03-12`).
    """
    if value.__class__ is NoValue:  # a formula never calculated, or an error: nothing to read
        return UNREADABLE
    if is_blank(value):
        return None
    if isinstance(value, dt.date):
        # A date typed with a BE year under a Thai locale is stored as year 2560.
        return _be_year(value.year)
    number = _number(value)
    if number is not None:
        return _be_year(int(number)) if number.is_integer() else UNREADABLE
    v = vocab()
    text = _PARENS.sub("", arabic_digits(clean_text(value)).lower()).strip()
    key = text.replace(" ", "")
    if _THOUSANDS.match(key):
        key = key.replace(",", "")
    ce = False
    for prefix in v.ce_prefixes:
        if key.startswith(prefix):
            key, ce = key[len(prefix) :], True
            break
    else:
        key = _strip_affixes(key, v.be_prefixes)
    if match := _INTEGRAL.match(key):
        digits = match.group(1)
        if len(digits) in (2, 4):
            return _be_year(int(digits), ce=ce, two_digit=len(digits) == 2)
        return UNREADABLE
    if match := _ISO.match(key):
        year, month, day = (int(g) for g in match.groups())
        return _be_year(year, ce=ce) if _valid_day_month(day, month) else UNREADABLE
    if match := _DMY.match(key):
        first, second, year = match.groups()
        ok = _valid_day_month(int(first), int(second)) or _valid_day_month(int(second), int(first))
        return _be_year(int(year), ce=ce, two_digit=len(year) == 2) if ok else UNREADABLE
    if match := _MONTH_NAME.match(key.replace(".", "").replace(",", "")):
        day, month, year = match.groups()
        if month in v.months and (day is None or _valid_day_month(int(day), v.months[month])):
            return _be_year(int(year), ce=ce, two_digit=len(year) == 2)
    return UNREADABLE


def _valid_day_month(day: int, month: int) -> bool:
    return 1 <= day <= 31 and 1 <= month <= 12


def factorize_cells(values) -> tuple[np.ndarray, np.ndarray]:
    """(codes, distinct values) of a column of cells, hashed in C: `values[i]` is
    `uniques[codes[i]]`, and code -1 is an empty cell (None or NaN). True and 1 are told apart
    (Python finds them equal, so pandas would merge them)."""
    array = values if isinstance(values, np.ndarray) and values.dtype == object else None
    if array is None:
        array = np.empty(len(values), dtype=object)
        array[:] = list(values)
    codes, uniques = pd.factorize(array, use_na_sentinel=True)
    # Merging is possible only where a bool meets a number 0 or 1: so only where a distinct
    # value equals 0 or 1 (compared in C) are the cells' types looked at (in C, `map`).
    if ((uniques == 0) | (uniques == 1)).any() and bool in set(map(type, array)):
        # Only then is every value looked at: a bool keyed apart from the numbers.
        seen: dict[object, int] = {}
        found: list[object] = []
        codes = np.empty(len(array), dtype=np.intp)
        for i, v in enumerate(array):
            if v is None or (v.__class__ is float and v != v):
                codes[i] = -1
                continue
            key = (bool, v) if v.__class__ is bool else v
            code = seen.get(key)
            if code is None:
                code = seen[key] = len(found)
                found.append(v)
            codes[i] = code
        uniques = np.empty(len(found), dtype=object)
        uniques[:] = found
    return codes, uniques


def on_distinct(uniques, fn: Callable[[object], object]) -> np.ndarray:
    """`fn` of each distinct value, then of the empty cell: indexed by a cell's code (-1 is
    the last), it gives `fn` of that cell."""
    results = np.empty(len(uniques) + 1, dtype=object)
    for i, u in enumerate(uniques):  # item by item: a result may itself be a tuple
        results[i] = fn(u)
    results[-1] = fn(None)  # code -1: an empty cell (None or NaN)
    return results


def first_seen(codes: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(codes, values) renumbered in the order the values first appear in `codes`, as
    `factorize_cells` numbers them, the values no code points at left out; code -1 (an empty
    cell) stays -1. Integers are factorized: no value is hashed."""
    filled = codes >= 0
    renumbered = np.full(len(codes), -1, dtype=np.intp)
    renumbered[filled], order = pd.factorize(codes[filled])
    return renumbered, values[order]


def display_value(value: object) -> str:
    """A cell value as a person would see it in a message: a date cell as a spreadsheet shows
    one to a Thai office (`13/05/2021`), not as a program writes it (`2021-05-13`)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return f"{value:%d/%m/%Y}"
    if isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return clean_text(value) if isinstance(value, str) else str(value)

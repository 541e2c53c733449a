"""Text primitives for every stage: cleaning the hazards of hand-typed Thai, and label keys."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")
_THAI_DIGIT = re.compile(f"[{THAI_DIGITS}]")

# Invisible characters that arrive from copy-paste out of web pages and Word files.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# Sara am typed as nikhahit + sara aa (often with a tone mark between): `น้ํา` for `น้ำ`.
_SARA_AM = re.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32")
# A vowel or tone mark typed twice looks like one on screen but breaks every comparison.
_DOUBLED_MARK = re.compile("([\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])\\1+")
_SPACES = re.compile(r"\s+")
# Anything clean_text would change: one search instead of every substitution.
_HAZARD = re.compile(
    "[\u200b\u200c\u200d\u2060\ufeff\u00ad\u0e4d\x00-\x1f\x7f]"
    "|[^\\S ]|  |^ | $|([\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])\\1"
)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Characters the XLSX format cannot store, and the longest text an Excel cell holds.
XLSX_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
CELL_LIMIT = 32767


def is_blank(value: object) -> bool:
    """True for an empty cell: None, NaN, or text that is only spaces and invisible characters."""
    if value is None:
        return True
    if isinstance(value, float):
        return value != value  # NaN
    if isinstance(value, str):
        if value and not value[0].isspace() and ord(value[0]) not in _INVISIBLE:
            return False  # the common case, decided on the first character
        return not value.translate(_INVISIBLE).strip()
    return False


def clean_text(value: object) -> str:
    """The text of a cell as a person reads it: hazards removed, spaces folded, ends stripped.

    Zero-width and soft-hyphen characters go, decomposed sara am is recomposed, doubled marks
    are single, non-breaking spaces and line breaks become one ordinary space.
    """
    if value is None or (isinstance(value, float) and value != value):
        return ""
    text = str(value)
    if not _HAZARD.search(text) and unicodedata.is_normalized("NFC", text):
        return text  # most cells: nothing to clean, decided in one pass
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = _SARA_AM.sub("\\1\u0e33", text)
    text = _DOUBLED_MARK.sub("\\1", text)
    text = _CONTROL.sub("", text)
    return _SPACES.sub(" ", text).strip()


def arabic_digits(text: str) -> str:
    """Thai digits made Arabic: `๒๕๖๐` -> `2560`. Most text has none, and a search for them
    costs less than `translate`, which looks up every character."""
    return text.translate(_TO_ARABIC) if _THAI_DIGIT.search(text) else text


# The keys below are asked for the same names again and again (rules, tallies, filing order,
# sign-in sheets): kept for the most recent distinct values. `typed`: True is not 1.
@lru_cache(maxsize=1 << 16, typed=True)
def label_key(value: object) -> str:
    """The form in which two labels are compared: cleaned, Arabic digits, lower case, no spaces.

    Thai writes words without spaces, so spaces typed inside a label carry no meaning.
    """
    return arabic_digits(clean_text(value)).lower().replace(" ", "")


_LEADING_VOWEL = re.compile("([\u0e40-\u0e44])([\u0e01-\u0e2e])")
_TONES = re.compile("[\u0e47-\u0e4e]")


@lru_cache(maxsize=1 << 16, typed=True)
def thai_sort_key(text: object) -> tuple[str, str]:
    """Dictionary order for Thai: a leading vowel (เ แ โ ใ ไ) sorts after the consonant it is
    written before, and tone marks only break ties. Code-point order would file every
    `เ…` name after `ฮ`."""
    s = clean_text(text) if text is not None else ""
    return _TONES.sub("", _LEADING_VOWEL.sub("\\2\\1", s)), s


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice `word` most likely misspells (`provice` -> `province`, `บางคล้` ->
    `บางคล้า`), or None when none is close: a suggestion, never a correction made."""
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None

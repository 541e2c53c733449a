"""A column's cells as the writers take them: by distinct value, each value as a cell holds it.

Names, places and reasons repeat down a column, so a column is kept as a code per cell and its
distinct values (`Cells`). A value is made a cell value, measured and, when kbo writes the rows,
made XML once, however many cells and sheets show it: the 928 district workbooks of a national
run are slices (`take`) of one column of nominees, sharing its values.

A value is measured as it prints: each character's advance in TH SarabunPSK 16 pt, in digits of
the workbook's default font, Excel's unit of column width (`data/widths.toml`, measured by
`bench/font_widths.py`). Thai vowels above and below and tone marks take none.
"""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from functools import cache, lru_cache
from importlib import resources

import numpy as np

from kbo_cli.core.text import CELL_LIMIT, XLSX_ILLEGAL
from kbo_cli.core.values import factorize_cells
from kbo_cli.engine import tuning

# Whole numbers beyond this are not held exactly by a spreadsheet's numbers: they go as text.
EXACT_INTEGERS = 2**53
# Characters up to this code point are measured by a table; those above take the default.
_MEASURED = 0x2700


@cache
def advances() -> tuple[np.ndarray, float, float]:
    """(the advance of each character by code point, the default for one not listed, how much
    wider bold text is), from `data/widths.toml`."""
    raw = tomllib.loads(resources.files("kbo_cli").joinpath("data/widths.toml").read_text("utf-8"))
    table = np.full(_MEASURED, float(raw["default"]))
    table[:32] = 0.0  # line breaks and other control characters
    for ch, width in raw["regular"].items():
        if ord(ch) < _MEASURED:
            table[ord(ch)] = width
    return table, float(raw["default"]), float(raw["bold"])


def cell_value(value: object) -> object:
    """A value as it goes into a cell: text stays text (leading zeros kept, cut at Excel's
    32,767 characters, characters a workbook cannot store removed), whole numbers are ints,
    dates stay dates (before 1900, which Excel cannot show, as text), anything else is text;
    None, NaN and NaT are an empty cell."""
    if value.__class__ is str:  # most cells; printable text holds no control character
        if value.isprintable():
            return value[:CELL_LIMIT]
        return XLSX_ILLEGAL.sub("", value)[:CELL_LIMIT]
    if value is None:
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        value = int(value)
        return value if abs(value) < EXACT_INTEGERS else str(value)
    if isinstance(value, float | np.floating):
        value = float(value)
        if value != value:
            return None
        if math.isinf(value):
            return str(value)
        return int(value) if value.is_integer() and abs(value) < EXACT_INTEGERS else value
    if isinstance(value, dt.datetime):
        if value != value:  # pandas' NaT is a datetime
            return None
        plain = dt.datetime(*value.timetuple()[:6], value.microsecond)  # no zone, no subclass
        return plain if plain.year >= 1900 else plain.isoformat()
    if isinstance(value, dt.date):
        return value if value.year >= 1900 else value.isoformat()
    return XLSX_ILLEGAL.sub("", str(value))[:CELL_LIMIT]


class Cells:
    """A column's cells: `values[codes[i]]` is cell i, code -1 an empty cell. The values are
    as cells hold them (`cell_value`); a column of whole numbers (row numbers) keeps them as an
    int64 array, taken whole by the writers."""

    __slots__ = ("_measured", "codes", "values")

    def __init__(self, codes: np.ndarray, values: np.ndarray, _measured: dict | None = None):
        self.codes = codes
        self.values = values
        # What is worked out once per distinct value (`value_widths`, `spaced`), by name.
        self._measured = _measured if _measured is not None else {}

    @classmethod
    def of(cls, column) -> Cells:
        """The cells of a column of values."""
        array = column if isinstance(column, np.ndarray) else np.asarray(list(column), object)
        if array.dtype.kind in "iu":
            array = array.astype(object)
        if (
            array.dtype == object
            and len(array)
            and array[0].__class__ is int  # a text column is told by its first cell
            and set(map(type, array)) == {int}
        ):
            whole = np.asarray(array.tolist())
            if whole.dtype == np.int64 and np.abs(whole).max() < EXACT_INTEGERS:
                return cls(np.arange(len(whole)), whole)
        codes, uniques = factorize_cells(array.astype(object, copy=False))
        return cls.coded(codes, uniques)

    @classmethod
    def coded(cls, codes: np.ndarray, values) -> Cells:
        """The cells of a column already known by distinct value (see
        `values.factorize_cells`): the values are made cell values here."""
        made = np.empty(len(values), dtype=object)
        made[:] = [cell_value(v) for v in values]
        return cls(np.asarray(codes), made)

    @classmethod
    def blank(cls, rows: int) -> Cells:
        """A column of empty cells (to be filled in by hand)."""
        return cls(np.full(rows, -1, dtype=np.intp), np.empty(0, dtype=object))

    def __len__(self) -> int:
        return len(self.codes)

    def take(self, index: np.ndarray) -> Cells:
        """The cells at `index` (positions). A few cells of many distinct values (a district's
        rows of a national column) keep only the values they show, and what was worked out of
        them: the writers then make each of those once, not every value of the column."""
        codes = self.codes[index]
        if len(codes) * tuning.COMPACT_SLICES >= len(self.values):
            return Cells(codes, self.values, self._measured)
        # A few cells: numbered in Python, which costs less than numpy's sorting for a few.
        listed = codes.tolist()
        shown = sorted(set(listed) - {-1})
        renumber = {code: k for k, code in enumerate(shown)}
        renumber[-1] = -1  # empty cells keep code -1
        kept = np.asarray(shown, dtype=np.intp)
        measured = {
            name: known[kept] for name, known in self._measured.items() if name != "with_empty"
        }
        codes = np.fromiter(map(renumber.__getitem__, listed), dtype=np.intp, count=len(listed))
        return Cells(codes, self.values[kept], measured)

    def list(self) -> list:
        """Every cell's value, in order."""
        shown = [*self.values.tolist(), None]  # code -1: the last, an empty cell
        return [shown[c] for c in self.codes.tolist()]

    def value_widths(self) -> np.ndarray:
        """The display width of each distinct value (see `display_widths`)."""
        if "widths" not in self._measured:
            self._measured["widths"] = display_widths(self.values)
        return self._measured["widths"]

    def spaced(self) -> np.ndarray:
        """For each distinct value: True when its text holds a space or a line break (it wraps
        between words, not only inside a run of Thai)."""
        if "spaced" not in self._measured:
            self._measured["spaced"] = np.fromiter(
                (isinstance(v, str) and (" " in v or "\n" in v) for v in self.values.tolist()),
                dtype=bool,
                count=len(self.values),
            )
        return self._measured["spaced"]

    def widths(self) -> np.ndarray:
        """The display width of each cell; an empty cell's is 0."""
        if "with_empty" not in self._measured:
            self._measured["with_empty"] = np.append(self.value_widths(), 0.0)
        return self._measured["with_empty"][self.codes]


def display_widths(values: np.ndarray) -> np.ndarray:
    """The printed width of each value as its cell shows it (digits of the default font),
    worked out by numpy over all the values at once."""
    table, default, _ = advances()
    if values.dtype == np.int64:
        # Whole numbers: their digits, and a minus sign.
        digits = np.floor(np.log10(np.maximum(np.abs(values), 1))).astype(np.int64) + 1
        return digits * table[ord("0")] + (values < 0) * table[ord("-")]
    texts = [_shown(v) for v in values.tolist()]
    if not texts:
        return np.zeros(0)
    joined = "\x00".join(texts)
    if joined.count("\x00") != len(texts) - 1:  # a value holds the separator itself
        return np.asarray([text_width(t) for t in texts])
    chars = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    weights = np.where(chars < _MEASURED, table[np.minimum(chars, _MEASURED - 1)], default)
    total = np.concatenate([[0.0], np.cumsum(weights)])
    bounds = np.flatnonzero(chars == 0)
    ends = np.append(bounds, len(chars))
    starts = np.insert(bounds + 1, 0, 0)
    return total[ends] - total[starts]


@lru_cache(maxsize=1 << 16)
def text_width(text: str, bold: bool = False) -> float:
    """The printed width of one text (see `display_widths`). Words recur (wrapping measures
    them one by one): the most recent are remembered."""
    table, default, wider = advances()
    width = sum(table[o] if (o := ord(ch)) < _MEASURED else default for ch in text)
    return width * wider if bold else width


def _shown(value: object) -> str:
    """A cell value as its cell shows it, for measuring."""
    if value.__class__ is str:
        return value
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return "00/00/0000"  # shown in the date format
    if isinstance(value, float):
        return repr(value)
    return str(value)


def stored(value: object, dates: bool) -> tuple[str, object]:
    """How a cell value is stored: `("s", text)`, `("n", number)`, `("b", truth)`, `("d", date)`
    or `("", None)` for an empty cell. A date is stored as a date only in a column formatted
    for dates (`dates`); elsewhere it would show as a bare serial number, so it goes as the text
    a date cell would show."""
    if value.__class__ is str:
        return "s", value
    if value is None:
        return "", None
    if isinstance(value, bool):
        return "b", value
    if isinstance(value, int | float | np.integer | np.floating):
        return "n", value
    if isinstance(value, dt.date):
        if dates:
            return "d", value
        shown = value.strftime("%d/%m/%Y")
        if isinstance(value, dt.datetime) and value.time() != dt.time():
            shown += value.strftime(" %H:%M:%S" if value.second else " %H:%M")
        return "s", shown
    return "s", str(value)

"""A column's cells as the writers take them: by distinct value, each value as a cell holds it.

Names, places and reasons repeat down a column, so a column is kept as a code per cell and its
distinct values (`Cells`). A value is made a cell value, measured and, when kbo writes the rows,
made XML once, however many cells and sheets show it: the 928 district workbooks of a national
run are slices (`take`) of one column of nominees, sharing its values.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np

from kbo_cli.core.text import CELL_LIMIT, XLSX_ILLEGAL
from kbo_cli.core.values import factorize_cells

# Whole numbers beyond this are not held exactly by a spreadsheet's numbers: they go as text.
EXACT_INTEGERS = 2**53
# Thai vowels above and below and tone marks take no width of their own.
_NO_MARKS = dict.fromkeys([0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F)])
_MARKS = np.zeros(0x0E50, dtype=bool)  # by code point; every higher one is not a mark
_MARKS[list(_NO_MARKS)] = True


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

    def __init__(self, codes: np.ndarray, values: np.ndarray, _measured: list | None = None):
        self.codes = codes
        self.values = values
        # The display width of each distinct value, worked out once and shared by every
        # slice (`take`): [array] once known.
        self._measured = _measured if _measured is not None else []

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
        """The cells at `index` (positions), sharing the distinct values and their widths."""
        return Cells(self.codes[index], self.values, self._measured)

    def list(self) -> list:
        """Every cell's value, in order."""
        shown = [*self.values.tolist(), None]  # code -1: the last, an empty cell
        return [shown[c] for c in self.codes.tolist()]

    def value_widths(self) -> np.ndarray:
        """The display width of each distinct value (see `display_widths`)."""
        if not self._measured:
            self._measured.append(display_widths(self.values))
        return self._measured[0]

    def widths(self) -> np.ndarray:
        """The display width of each cell; an empty cell's is 0."""
        return np.append(self.value_widths(), 0)[self.codes]


def display_widths(values: np.ndarray) -> np.ndarray:
    """The display width of each value as a cell shows it: characters less the Thai marks that
    take no width. The marks are counted by numpy over all the values at once."""
    if values.dtype == np.int64:
        # Whole numbers: their digits, and a minus sign.
        digits = np.floor(np.log10(np.maximum(np.abs(values), 1))).astype(np.int64) + 1
        return digits + (values < 0)
    texts = [_shown(v) for v in values.tolist()]
    joined = "\x00".join(texts)
    if not texts:
        return np.zeros(0, dtype=np.int64)
    if joined.count("\x00") != len(texts) - 1:  # a value holds the separator itself
        return np.asarray([len(t.translate(_NO_MARKS)) for t in texts], dtype=np.int64)
    chars = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    counted = np.ones(len(chars) + 1, dtype=np.int64)
    counted[0] = 0
    counted[1:][_MARKS[np.minimum(chars, len(_MARKS) - 1)] | (chars == 0)] = 0
    total = np.cumsum(counted)
    bounds = np.flatnonzero(chars == 0)
    ends = np.append(bounds, len(chars))
    starts = np.insert(bounds + 1, 0, 0)
    return total[ends] - total[starts]


def text_width(text: str) -> int:
    """The display width of one text (see `display_widths`)."""
    return len(text.translate(_NO_MARKS))


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

"""Reading a registry file: its sheets, the header row below any title rows, and its records.

A registry is `.xlsx`/`.xlsm`/`.xls`/`.ods` (read with python-calamine, which keeps text cells as
text) or `.csv` (UTF-8 with or without BOM, or cp874/TIS-620). Each sheet whose header is found
becomes a `SheetTable`; rows that are not records (blank, totals, repeated headers, notes) are
kept as `SkippedRow`s so that every row of the input is accounted for.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from functools import lru_cache
from pathlib import Path
from xml.etree import ElementTree

import numpy as np

from kbo_cli.core.formulas import NoValue, no_values
from kbo_cli.core.text import arabic_digits, clean_text, is_blank, label_key
from kbo_cli.core.values import factorize_cells, on_distinct
from kbo_cli.core.vocab import REQUIRED, label, vocab
from kbo_cli.engine import preread
from kbo_cli.errors import (
    MissingColumnsError,
    NoRegistryError,
    NoValueError,
    UnknownSheetError,
    UnreadableFileError,
)

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
CSV_SUFFIXES = {".csv", ".txt"}
# Title rows above the header are few; a header further down than this is not looked for.
HEADER_SCAN_ROWS = 30
# A row naming at least this many of the rule fields is a header row.
HEADER_MIN_FIELDS = 3
# A header is at most this many rows: group labels over the columns' own, over those.
HEADER_MAX_ROWS = 3

_PARENS = re.compile(r"\([^()]*\)")
_PAREN_TEXT = re.compile(r"\(([^()]*)\)")


@dataclass(frozen=True)
class Column:
    """A registry column: its position and its header as written."""

    index: int
    header: str

    @property
    def letter(self) -> str:
        """The column letter as a spreadsheet shows it (A, B, ..., AA)."""
        return column_letter(self.index)


@dataclass(frozen=True)
class SkippedRow:
    """A row of the input that is not a record, and why."""

    file: str
    sheet: str
    row: int
    kind: str  # a code of vocab.toml [skipped]: title, blank, totals, repeated_header, ...
    text: str


@dataclass(frozen=True)
class SheetTable:
    """The records of one sheet, with the header found and how its columns were mapped."""

    file: str
    sheet: str
    header_row: int  # as the spreadsheet shows it
    fields: dict[str, Column]
    carried: tuple[Column, ...]
    rows: tuple[int, ...]  # spreadsheet row number of each record
    # The record cells as read, one row per record (short rows padded with None).
    cells: np.ndarray = dataclass_field(repr=False, compare=False)
    skipped: tuple[SkippedRow, ...]
    # The district when the sheet has no district column, as written where it was found: the
    # sheet name, a title line or the file name (`district_from`: sheet, title, file).
    sheet_district: str | None
    _distinct: dict = dataclass_field(default_factory=dict, repr=False, compare=False)
    district_from: str | None = None
    header_rows: int = 1  # rows of the header, from header_row: group labels over columns

    def distinct(self, index: int | None) -> tuple[np.ndarray, np.ndarray]:
        """(codes, distinct values) of column `index` of the records (see
        `values.factorize_cells`); all empty where the sheet has no such column. Worked out
        once per column."""
        if index not in self._distinct:
            if index is None or index >= self.cells.shape[1]:
                empty = np.full(len(self.rows), -1, dtype=np.intp)
                self._distinct[index] = (empty, np.empty(0, dtype=object))
            else:
                self._distinct[index] = factorize_cells(self.cells[:, index])
        return self._distinct[index]


@dataclass(frozen=True)
class Registry:
    """One input file: its registry sheets, and the sheets that hold no registry."""

    file: str
    tables: tuple[SheetTable, ...]
    other_sheets: tuple[str, ...]
    hidden_sheets: tuple[str, ...] = ()  # hidden, and not asked for: not read
    # With --sheet: the sheets left unread for not being named, and the hidden ones named.
    unasked_sheets: tuple[str, ...] = ()
    hidden_asked: tuple[str, ...] = ()


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def match_header(
    text: object, *, keywords: bool = True, aliases: Mapping[str, str] | None = None
) -> str | None:
    """The field a header cell names, or None. See vocab.toml [headers] for the order tried;
    `aliases` (label_key -> field, from a rules file) are tried first."""
    v = vocab()
    key = label_key(text)
    if not key:
        return None
    tries = [key, _PARENS.sub("", key), *_PAREN_TEXT.findall(key)]
    for table in (aliases or {}, v.header_aliases):
        for candidate in tries:
            if candidate in table:
                return table[candidate]
    if keywords:
        for keyword, field in v.header_keywords:
            if keyword in key:
                return field
    return None


def _map_header(
    row: Sequence[object], aliases: Mapping[str, str] | None = None
) -> tuple[dict[str, Column], list[Column]]:
    """Which column holds which field; a column's label is a cell, or the parts of a header
    of several rows (`_labels`), written joined by " / ". A header spelt as in the alias table
    wins over one that only contains a keyword (`ชื่อผลิตภัณฑ์` over `รหัสผลิตภัณฑ์`); among
    equals, the one naming
    the latest year (`ระดับดาว (ปี 2562)` over `ระดับดาว (ปี 2560)`: the latest rating round),
    then the leftmost."""
    parts = {
        i: tuple(c) if isinstance(c, tuple) else (clean_text(c),)
        for i, c in enumerate(row)
        if isinstance(c, tuple) or not is_blank(c)
    }
    columns = [Column(i, " / ".join(p)) for i, p in parts.items()]
    fields: dict[str, Column] = {}
    for exact in (True, False):
        found: dict[str, list[Column]] = {}
        for column in columns:
            field = _match_parts(parts[column.index], not exact, aliases)
            if field and field not in fields and column not in fields.values():
                found.setdefault(field, []).append(column)
        for field, candidates in found.items():
            fields[field] = max(candidates, key=lambda c: (_year_named(c.header), -c.index))
    others = [c for c in columns if c not in fields.values()]
    return fields, others


def _match_parts(parts: tuple[str, ...], keywords: bool, aliases) -> str | None:
    """The field a column's label names: the whole label of a header of several rows
    (`ผลการคัดสรร / ระดับดาว`), else its parts, the lowest (the column's own) first."""
    candidates = (" / ".join(parts), *reversed(parts)) if len(parts) > 1 else parts
    for candidate in candidates:
        field = match_header(candidate, keywords=keywords, aliases=aliases)
        if field:
            return field
    return None


def _year_named(header: str) -> int:
    """The latest BE year a header names (`ปี 2562`, `2019`, `ปี 62`), or 0."""
    years = []
    for digits in re.findall(r"\d+", arabic_digits(header)):
        year = int(digits)
        if len(digits) == 4:
            years.append(year if year > 2400 else year + 543)
        elif len(digits) == 2:
            years.append(2500 + year)
    return max(years, default=0)


def _rule_fields(fields: dict[str, Column]) -> int:
    return sum(f in fields for f in (*REQUIRED, "district"))


def _is_column_numbers(cells: list[object]) -> bool:
    # Government forms often number their columns in the row under the header: (1) (2) (3) ...
    numbers = []
    for cell in cells:
        text = label_key(cell).strip("()") if isinstance(cell, str) else cell
        try:
            numbers.append(int(float(text)))
        except (TypeError, ValueError, OverflowError):  # "inf" is text too
            return False
    return len(numbers) >= HEADER_MIN_FIELDS and numbers == list(
        range(numbers[0], numbers[0] + len(numbers))
    )


def sniff(path: Path) -> str:
    """What the file holds, by its first bytes: zip (xlsx, ods), ole (xls, or an encrypted
    xlsx), html, text, empty or binary. Offices rename files freely; the content decides."""
    with open(path, "rb") as handle:
        head = handle.read(4096)
    if not head:
        return "empty"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"  # UTF-16, as Excel's "Unicode Text" export writes
    # Text may hold a stray control character; a binary file is full of them.
    control = sum(b < 9 or 13 < b < 32 for b in head)
    if control > len(head) // 100:
        return "binary"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<html", b"<!doctype", b"<table", b"<?xml")):
        return "html"
    return "text"


def read_sheets(
    path: Path, sheets: Sequence[str] = (), no_value_cells: Callable[[], dict] | None = None
) -> tuple[list[tuple[str, list[list[object]], list, bool]], list[str], list[str], list[str]]:
    """The sheets of any file kbo reads, as `_read_workbook` gives them (a CSV as one sheet),
    with the hidden, unasked and hidden-but-asked sheets' names. Raises a `KboError` naming the
    file when it cannot be read: missing, a folder, a type kbo does not read, empty, locked
    with a password, or not a spreadsheet at all."""
    path = Path(path)
    if not path.exists():
        raise UnreadableFileError(
            f"{path}: no such file. Check the path and try again.",
            f"{path}: ไม่พบไฟล์นี้ ตรวจสอบชื่อและที่อยู่ไฟล์แล้วลองใหม่",
        )
    if path.is_dir():
        raise UnreadableFileError(
            f"{path}: is a folder. Give the registry files inside it, e.g. {path / '*.xlsx'}.",
            f"{path}: เป็นโฟลเดอร์ ให้ระบุไฟล์ทะเบียนที่อยู่ในโฟลเดอร์ เช่น {path / '*.xlsx'}",
        )
    try:
        kind = sniff(path)
    except OSError as exc:
        raise UnreadableFileError(
            f"{path}: cannot be opened ({exc.strerror}).",
            f"{path}: เปิดไฟล์ไม่ได้ ({exc.strerror})",
        ) from exc
    suffix = path.suffix.lower()
    if suffix and suffix not in EXCEL_SUFFIXES | CSV_SUFFIXES:
        raise UnreadableFileError(
            f"{path}: not a registry file type ({suffix}). "
            "Give an .xlsx, .xlsm, .xls, .ods or .csv file.",
            f"{path}: ไม่ใช่ไฟล์ทะเบียน ({suffix}) ให้ใช้ไฟล์ .xlsx, .xlsm, .xls, .ods หรือ .csv",
        )
    if kind == "empty":
        raise UnreadableFileError(
            f"{path}: is empty (0 bytes). Give the registry file itself.",
            f"{path}: เป็นไฟล์ว่าง (0 ไบต์) ให้ระบุไฟล์ทะเบียนที่มีข้อมูล",
        )
    if kind == "ole" and _encrypted_ooxml(path):
        raise _password_error(path)
    hidden: list[str] = []
    unasked: list[str] = []
    hidden_asked: list[str] = []
    if kind in ("zip", "ole"):
        read, hidden, unasked, hidden_asked = _read_workbook(path, kind, sheets, no_value_cells)
    elif kind == "text" and suffix not in (".xlsx", ".xlsm", ".xlsb", ".ods"):
        # A CSV, also the text exports some systems save under an .xls name.
        if sheets:
            _check_wanted(path, [path.stem], sheets)
        read = [(path.stem, _read_csv(path), [], False)]
    elif kind == "html":
        raise UnreadableFileError(
            f"{path}: is a web page (HTML), not a spreadsheet, though named {suffix or 'so'}. "
            "Open it in Excel or LibreOffice and save it as .xlsx.",
            f"{path}: เป็นหน้าเว็บ (HTML) ไม่ใช่สเปรดชีต เปิดด้วย Excel หรือ LibreOffice แล้วบันทึกเป็น .xlsx",
        )
    else:
        raise UnreadableFileError(
            f"{path}: is not a spreadsheet (its content is not .xlsx, .xls, .ods or CSV text). "
            "Check that this is the registry file.",
            f"{path}: ไม่ใช่สเปรดชีต (เนื้อไฟล์ไม่ใช่ .xlsx, .xls, .ods หรือ CSV) "
            "ตรวจสอบว่าเป็นไฟล์ทะเบียนที่ถูกต้อง",
        )
    return read, hidden, unasked, hidden_asked


def read_registry(
    path: Path,
    sheets: Sequence[str] = (),
    aliases: Mapping[str, str] | None = None,
    no_value_cells: Callable[[], dict] | None = None,
) -> Registry:
    """Read every registry sheet of a file (or only `sheets`), with extra header `aliases`
    (label_key -> field) from the rules file. `no_value_cells()` gives its cells that read as
    empty but are not (`formulas.no_values`), when they are looked for elsewhere. Raises a
    `KboError` naming the file when it cannot be used."""
    path = Path(path)
    read, hidden, unasked, hidden_asked = read_sheets(path, sheets, no_value_cells)
    filled = any(any(not is_blank(c) for c in row) for _, rows, _, _ in read for row in rows)
    tables, others = [], []
    for name, rows, merges, has_no_values in read if filled else ():
        table = _sheet_table(str(path), name, rows, aliases, merges, has_no_values)
        (tables.append(table) if table else others.append(name))
    if not tables and hidden:
        shown = ", ".join(repr(n) for n in hidden)
        raise NoRegistryError(
            f"{path}: no visible sheet holds a registry, and its hidden sheets ({shown}) are "
            "not read. Give --sheet NAME to read a hidden one.",
            f"{path}: ไม่มีชีตที่แสดงอยู่ซึ่งเป็นทะเบียน และชีตที่ซ่อนอยู่ ({shown}) ไม่ได้อ่าน "
            "ระบุ --sheet ชื่อชีต เพื่ออ่านชีตที่ซ่อน",
        )
    if not filled:
        raise NoRegistryError(
            f"{path}: has no data; every sheet is empty.",
            f"{path}: ไม่มีข้อมูล ทุกชีตว่าง",
        )
    if not tables:
        raise _no_registry(path, read, aliases)
    return Registry(
        str(path),
        tuple(_placed(tables)),
        tuple(others),
        tuple(hidden),
        tuple(unasked),
        tuple(hidden_asked),
    )


def _placed(tables: list[SheetTable]) -> list[SheetTable]:
    """Each table's district, where it has no district column: where it is written.

    A workbook kept one sheet per district names each sheet after its district; one of them
    misspelt is still meant as one (kept as written, reported later). Otherwise, as a district
    office sends its own list to the province (a generic `Sheet1`), the district is taken from
    a title line above the header (`ทะเบียนผู้ผลิต ผู้ประกอบการ OTOP อำเภอบางคล้า`), then from the
    file name (`อ.บางคล้า_OTOP.xlsx`). A table none of them names a district for is an error."""
    from kbo_cli.core.districts import gazetteer, named_in

    by_sheet = [t for t in tables if "district" not in t.fields]
    if not by_sheet or any(gazetteer().candidates(t.sheet) for t in by_sheet):
        return tables
    placed = []
    for t in tables:
        if "district" in t.fields:
            placed.append(t)
            continue
        titles = " ".join(s.text for s in t.skipped if s.kind == "title")
        found = [
            (where, named_in(text))
            for where, text in (("title", titles), ("file", Path(t.file).stem))
        ]
        where, name = next(((w, n) for w, n in found if n), (None, None))
        if name is None:
            _no_district(t)
        placed.append(replace(t, sheet_district=name, district_from=where))
    return placed


def _no_district(t: SheetTable) -> None:
    names = ", ".join(
        c.header for c in sorted([*t.fields.values(), *t.carried], key=lambda c: c.index)
    )
    raise MissingColumnsError(
        f"{t.file}, sheet '{t.sheet}', header row {t.header_row}: no district column, and no "
        "district named where it was looked for: the sheet name, the title lines above the "
        f"header, the file name. Headers seen: {names}. Add a district column, or name the "
        "district in a title line (อำเภอ…) or in the file name, and run again.",
        f"{t.file} ชีต '{t.sheet}' หัวตารางแถวที่ {t.header_row}: ไม่มีคอลัมน์อำเภอ และไม่พบชื่ออำเภอ"
        "ทั้งในชื่อชีต ในแถวชื่อเรื่องเหนือหัวตาราง และในชื่อไฟล์ "
        f"(หัวคอลัมน์ที่พบ: {names}) เพิ่มคอลัมน์อำเภอ หรือระบุชื่ออำเภอในชื่อเรื่อง (อำเภอ…) "
        "หรือในชื่อไฟล์ แล้วลองใหม่",
    )


def _missing(file, sheet, header_row, missing, fields, others) -> None:
    names = ", ".join(label("fields", f) for f in missing)
    columns = sorted([*fields.values(), *others], key=lambda c: c.index)
    seen = ", ".join(c.header for c in columns)
    hint = " (or name the sheet after the district)" if "district" in missing else ""
    hint_th = " (หรือตั้งชื่อชีตเป็นชื่ออำเภอ)" if "district" in missing else ""
    close, close_th = closest_fields([c.header for c in others], missing)
    close_text = f" Closest matches: {close}." if close else ""
    close_th = f" ที่ใกล้เคียง: {close_th}" if close_th else ""
    raise MissingColumnsError(
        f"{file}, sheet '{sheet}', header row {header_row}: no column for {names}{hint}. "
        f"Headers seen: {seen}.{close_text} Add or rename the column and run again.",
        f"{file} ชีต '{sheet}' หัวตารางแถวที่ {header_row}: ไม่มีคอลัมน์ {names}{hint_th} "
        f"หัวคอลัมน์ที่พบ: {seen}{close_th} เพิ่มหรือแก้ชื่อคอลัมน์แล้วลองใหม่",
    )


def _check_wanted(path: Path, names: Sequence[str], wanted: Sequence[str]) -> None:
    """Every sheet named by --sheet is one the file has."""
    unknown = [w for w in wanted if w not in names]
    if unknown:
        raise UnknownSheetError(
            f"{path}: no sheet named {unknown[0]!r}. Its sheets are: "
            f"{', '.join(repr(n) for n in names)}. Give one of them to --sheet.",
            f"{path}: ไม่มีชีตชื่อ {unknown[0]!r} ชีตที่มี: {', '.join(repr(n) for n in names)} "
            "ระบุชื่อใดชื่อหนึ่งใน --sheet",
        )


def closest_fields(headers: Sequence[str], missing: Sequence[str]) -> tuple[str, str]:
    """For each missing field, the seen header most like one of its spellings (a typo, an
    abbreviation), as (English, Thai) texts: `'ระดบดาว' looks like ระดับดาว`, `'ระดบดาว' น่าจะ
    หมายถึง ระดับดาว`; empty texts when none is close."""
    v = vocab()
    hints = []
    for field in missing:
        spellings = [label_key(s) for s in v.header_spellings[field]]
        best, score = None, 0.0
        for header in headers:
            key = label_key(header)
            for spelling in spellings:
                ratio = difflib.SequenceMatcher(None, key, spelling).ratio()
                if ratio > score:
                    best, score = header, ratio
        if best is not None and score >= 0.6:
            hints.append((best, label("fields", field)))
    return (
        "; ".join(f"{h!r} looks like {f}" for h, f in hints),
        " ".join(f"{h!r} น่าจะหมายถึง {f}" for h, f in hints),
    )


def _no_registry(path: Path, sheets: list[tuple], aliases) -> NoRegistryError:
    """Name the row that came closest to a header, what it has and what it lacks."""
    best = None
    for name, rows, _, _ in sheets:
        for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
            fields, others = _map_header(tuple(row), aliases)
            score = (_rule_fields(fields), len(fields) + len(others))
            if best is None or score > best[0]:
                best = (score, name, i + 1, fields, others)
    looked_for = ", ".join(label("fields", f) for f in REQUIRED)
    _, sheet, row, fields, others = best
    headers = [c.header for c in sorted([*fields.values(), *others], key=lambda c: c.index)]
    missing = [f for f in (*REQUIRED, "district") if f not in fields]
    hints, hints_th = closest_fields([c.header for c in others], missing)
    found = [label("fields", f) for f in (*REQUIRED, "district") if f in fields]
    lacking = ", ".join(label("fields", f) for f in missing)
    where = f"sheet '{sheet}' row {row}"
    text = f"{path}: no sheet has a registry header row. Looked for {looked_for}. "
    thai = f"{path}: ไม่พบแถวหัวตารางทะเบียนในชีตใด คอลัมน์ที่มองหา: {looked_for} "
    if found:
        text += (
            f"The closest, {where}, has {', '.join(found)} but no {lacking}; "
            "this looks like another table. "
        )
        thai += (
            f"แถวที่ใกล้ที่สุด (ชีต '{sheet}' แถวที่ {row}) มี {', '.join(found)} แต่ไม่มี {lacking} "
            "ดูเหมือนเป็นตารางอื่น "
        )
    else:
        text += f"The closest, {where}, holds {', '.join(headers[:10])}. "
        thai += f"แถวที่ใกล้ที่สุด (ชีต '{sheet}' แถวที่ {row}) มี {', '.join(headers[:10])} "
    if hints:
        text += f"Closest matches: {hints}. "
        thai += f"ที่ใกล้เคียง: {hints_th} "
    return NoRegistryError(
        text + "Rename the header cells, or check that this is the OTOP producer registry.",
        thai + "แก้ชื่อหัวคอลัมน์ หรือตรวจสอบว่าเป็นทะเบียนผู้ผลิต ผู้ประกอบการ OTOP",
    )


def _read_workbook(
    path: Path,
    kind: str,
    wanted: Sequence[str] = (),
    no_value_cells: Callable[[], dict] | None = None,
) -> tuple[list[tuple[str, list[list[object]], list, bool]], list[str], list[str], list[str]]:
    """The sheets to read (those `wanted`, else every visible one) as (name, rows of cells,
    merged ranges, whether it holds cells with nothing to read); the hidden sheets left unread
    (offices hide last year's sheet rather than delete it: its rows must not compete with this
    year's, unless it is asked for by name); with `wanted`, the sheets not named and the hidden
    ones named, which the user is told of: `--sheet 2562` reads last year's sheet alone."""
    import python_calamine

    try:
        parsed = preread.take(path)  # parsed while kbo was being imported, if it was
        if parsed is None:
            # From the content, not the name: an .xls that is really .xlsx opens all the same.
            with open(path, "rb") as handle:
                book = python_calamine.CalamineWorkbook.from_filelike(handle)
            parsed = preread.sheets_of(book)
        if wanted:
            _check_wanted(path, [name for name, _, _ in parsed], wanted)
        chosen = [
            (name, sheet)
            for name, sheet, hidden in parsed
            if (name in wanted if wanted else not hidden)
        ]
        left = [name for name, _, hidden in parsed if hidden and not wanted]
        unasked = [name for name, _, _ in parsed if wanted and name not in wanted]
        hidden_asked = [name for name, _, hidden in parsed if hidden and name in wanted]
        sheets = []
        ods_merges, ods_errors = _ods_cells(path) if kind == "zip" else ({}, {})
        found = no_value_cells() if no_value_cells else no_values(path)
        for name, sheet in chosen:
            rows = sheet.to_python(skip_empty_area=False)
            _mark_no_values(rows, found.get(name, {}) | ods_errors.get(name, {}))
            merges = list(sheet.merged_cell_ranges or ods_merges.get(name, ()))
            _fill_merged_down(rows, merges)
            sheets.append((name, rows, merges, bool(found.get(name) or ods_errors.get(name))))
    except python_calamine.PasswordError as exc:
        raise _password_error(path) from exc
    except UnknownSheetError:
        raise
    except Exception as exc:  # calamine raises its own error types per format
        en, th = _explain(path, exc)
        raise UnreadableFileError(f"{path}: {en}", f"{path}: {th}") from exc
    return sheets, left, unasked, hidden_asked


def _mark_no_values(rows: list[list[object]], cells: dict) -> None:
    """A cell with nothing to read (a formula never calculated, an error) reads as `NoValue`,
    not as the empty cell calamine gives."""
    for (r, c), cell in cells.items():
        while len(rows) <= r:
            rows.append([])
        row = rows[r]
        if c >= len(row):
            row.extend([None] * (c + 1 - len(row)))
        if is_blank(row[c]):
            row[c] = cell


def _encrypted_ooxml(path: Path) -> bool:
    # An .xlsx saved with a password is an OLE container holding an `EncryptionInfo` stream.
    return "EncryptionInfo".encode("utf-16-le") in path.read_bytes()


def _password_error(path: Path) -> UnreadableFileError:
    return UnreadableFileError(
        f"{path}: is password-protected. Open it with its password, save a copy without one "
        "(File > Info > Protect Workbook > Encrypt with Password: clear it), and give that copy.",
        f"{path}: มีรหัสผ่านป้องกัน เปิดด้วยรหัสผ่าน แล้วบันทึกสำเนาที่ไม่มีรหัสผ่าน "
        "(ไฟล์ > ข้อมูล > ป้องกันเวิร์กบุ๊ก > เข้ารหัสด้วยรหัสผ่าน: ลบรหัสออก) แล้วใช้สำเนานั้น",
    )


def _explain(path: Path, exc: Exception) -> tuple[str, str]:
    """Why a file that looks like a workbook would not open, in the user's terms (en, th)."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
        if "[Content_Types].xml" not in names and "mimetype" not in names:
            return (
                "is a zip archive, not a workbook. Unzip it and give the .xlsx, .ods or .csv "
                "registry inside.",
                "เป็นไฟล์ zip ไม่ใช่เวิร์กบุ๊ก แตกไฟล์แล้วใช้ไฟล์ทะเบียน .xlsx, .ods หรือ .csv ที่อยู่ข้างใน",
            )
    elif path.read_bytes()[:4] == b"PK\x03\x04":
        return (
            "is damaged or incomplete (a download or copy cut short?). "
            "Copy the registry again from its source.",
            "ไฟล์เสียหรือไม่สมบูรณ์ (ดาวน์โหลดหรือคัดลอกไม่ครบ?) คัดลอกทะเบียนจากต้นทางใหม่",
        )
    return (
        f"cannot be read as a spreadsheet ({_reason(exc)}). "
        "Open it in Excel or LibreOffice and save it again as .xlsx.",
        f"อ่านเป็นสเปรดชีตไม่ได้ ({_reason(exc)}) เปิดด้วย Excel หรือ LibreOffice แล้วบันทึกใหม่เป็น .xlsx",
    )


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_CALC = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"
_ODS_CELLS = (_ODS_TABLE + "table-cell", _ODS_TABLE + "covered-table-cell")


def _ods_cells(path: Path) -> tuple[dict[str, list], dict[str, dict[tuple[int, int], NoValue]]]:
    """What python-calamine does not give of an .ods file, by sheet: the cells merged over
    several rows, as ((top, left), (bottom, right)) (it gives them for .xlsx and .xls only),
    and the cells holding an error value (`#N/A`: it gives them as empty)."""
    with zipfile.ZipFile(path) as archive:
        if "content.xml" not in archive.namelist():
            return {}, {}
        merges: dict[str, list] = {}
        errors: dict[str, dict[tuple[int, int], NoValue]] = {}
        sheet, row, col = None, 0, 0
        in_row: list[tuple[int, NoValue]] = []  # the error cells of this row, by column
        with archive.open("content.xml") as content:
            for event, element in ElementTree.iterparse(content, events=("start", "end")):
                tag = element.tag
                if event == "start" and tag == _ODS_TABLE + "table":
                    sheet, row = element.get(_ODS_TABLE + "name"), 0
                elif event == "start" and tag == _ODS_TABLE + "table-row":
                    col, in_row = 0, []
                elif event == "end" and tag in _ODS_CELLS:
                    down = int(element.get(_ODS_TABLE + "number-rows-spanned", "1"))
                    across = int(element.get(_ODS_TABLE + "number-columns-spanned", "1"))
                    if (down > 1 or across > 1) and sheet is not None:
                        merges.setdefault(sheet, []).append(
                            ((row, col), (row + down - 1, col + across - 1))
                        )
                    repeated = int(element.get(_ODS_TABLE + "number-columns-repeated", "1"))
                    if element.get(_ODS_CALC + "value-type") == "error":
                        formula = element.get(_ODS_TABLE + "formula", "").removeprefix("of:")
                        shown = clean_text("".join(element.itertext())) or "#ERROR"
                        cell = NoValue.error(shown, formula or None)
                        in_row += [(c, cell) for c in range(col, col + repeated)]
                    col += repeated
                elif event == "end" and tag == _ODS_TABLE + "table-row":
                    repeated = int(element.get(_ODS_TABLE + "number-rows-repeated", "1"))
                    if in_row and sheet is not None:
                        found = errors.setdefault(sheet, {})
                        for r in range(row, row + repeated):
                            found.update(((r, c), cell) for c, cell in in_row)
                    row += repeated
                    element.clear()
    return merges, errors


def _fill_merged_down(rows: list[list[object]], ranges) -> None:
    """A cell merged down over several rows (a district, or a producer with several products,
    written once) belongs to each of those rows. Merges within one row (titles, totals) are left
    as they are: their value stays in the first cell."""
    for (top, left), (bottom, right) in ranges:
        if bottom == top or top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(left, right + 1):
                if c < len(row) and is_blank(row[c]):
                    row[c] = value


def _reason(exc: Exception) -> str:
    text = clean_text(str(exc)) or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."


def _decode(data: bytes) -> str:
    """CSV text in the encodings registries arrive in, told apart without asking the user."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")  # Excel's "Unicode Text" export
    try:
        # The department's open data is UTF-8 with a BOM; `utf-8-sig` reads both forms.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older Windows exports are cp874 (TIS-620 with Windows additions). Thai text in cp874
        # is practically never valid UTF-8, so the order of the two tries decides nothing wrong.
        return data.decode("cp874")


def _read_csv(path: Path) -> list[list[object]]:
    try:
        text = _decode(path.read_bytes())
    except UnicodeDecodeError as exc:
        raise UnreadableFileError(
            f"{path}: text is neither UTF-8, UTF-16 nor Thai Windows (cp874). "
            "Save the CSV again as 'CSV UTF-8'.",
            f"{path}: ข้อความไม่ใช่ UTF-8, UTF-16 หรือ Thai Windows (cp874) "
            "บันทึก CSV ใหม่เป็น 'CSV UTF-8'",
        ) from exc
    sample = text[:65536]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""), dialect)]


def _find_header(rows: list[list[object]], merges: list, aliases) -> tuple | None:
    """(index of the header's first row, its rows, fields, other columns) of the first header
    found within HEADER_SCAN_ROWS: a row naming HEADER_MIN_FIELDS rule fields or more, with the
    rows below it that label the columns under its cells merged across (`_continues`), as
    deep as names more rule fields."""
    for i in range(min(len(rows), HEADER_SCAN_ROWS)):
        best = None
        for depth in range(1, HEADER_MAX_ROWS + 1):
            if depth > 1 and not _continues(rows, merges, i, depth):
                break
            fields, others = _map_header(_labels(rows, merges, i, depth), aliases)
            if best is None or _rule_fields(fields) > _rule_fields(best[2]):
                best = (i, depth, fields, others)
        if _rule_fields(best[2]) >= HEADER_MIN_FIELDS:
            return best
    return None


def _across(merges: list, rows: range) -> list[tuple[int, int, int]]:
    """(row, first column, last column) of each cell merged across columns, in `rows`, by
    the row of the merge's own cell (its label)."""
    return [
        (top, left, right)
        for (top, left), (bottom, right) in merges
        if right > left and top in rows
    ]


def _continues(rows: list[list[object]], merges: list, first: int, depth: int) -> bool:
    """Is row `first + depth - 1` more of a header that starts at `first`: text only, with a
    label under a cell merged across the rows above (`ผลการคัดสรร` over `Quadrant` and
    `ระดับดาว`)? A data row holds numbers, and nothing merged across stands over it; a title
    line merged across the table is one cell alone on its row, where group labels stand beside
    other labels."""
    at = first + depth - 1
    if at >= len(rows):
        return False
    if any(sum(not is_blank(v) for v in rows[r]) < 2 for r in range(first, at)):
        return False
    cells = [(c, v) for c, v in enumerate(rows[at]) if not is_blank(v)]
    if not cells or not all(isinstance(v, str) for _, v in cells):
        return False
    groups = _across(merges, range(first, at))
    return any(left <= c <= right for c, _ in cells for _, left, right in groups)


def _labels(rows: list[list[object]], merges: list, first: int, depth: int) -> list:
    """Each column's label in a header of `depth` rows from `first`: its cells from the top
    down, a cell merged across columns labelling each column below it, a cell merged down
    counted once. One row: the cells as they are."""
    if depth == 1:
        return list(rows[first])
    width = max(len(rows[r]) for r in range(first, first + depth))
    grid = [
        [rows[r][c] if c < len(rows[r]) else None for c in range(width)]
        for r in range(first, first + depth)
    ]
    for top, left, right in _across(merges, range(first, first + depth)):
        for c in range(left, min(right, width - 1) + 1):
            grid[top - first][c] = rows[top][left]
    labels = []
    for c in range(width):
        parts: list[str] = []
        for r in range(depth):
            text = "" if is_blank(grid[r][c]) else clean_text(grid[r][c])
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        labels.append(tuple(parts) if len(parts) > 1 else (parts[0] if parts else None))
    return labels


def _sheet_table(
    file: str,
    sheet: str,
    rows: list[list[object]],
    aliases: Mapping[str, str] | None = None,
    merges: list | None = None,
    has_no_values: bool = False,
) -> SheetTable | None:
    found = _find_header(rows, merges or [], aliases)
    if found is None:
        return None
    header_at, depth, fields, others = found
    header_row = header_at + 1
    missing = [f for f in REQUIRED if f not in fields]
    if missing:
        _missing(file, sheet, header_row, missing, fields, others)
    # Title rows above the header are not records either; they are listed, not dropped.
    titles = [
        SkippedRow(file, sheet, i + 1, "title", " | ".join(clean_text(c) for c in filled)[:200])
        for i, row in enumerate(rows[:header_at])
        if (filled := [c for c in row if not is_blank(c)])
    ]
    start = header_at + depth  # the first row below the header
    body = _as_grid(rows[start:])
    keep, skipped, distinct = _split_rows(file, sheet, body, start + 1, rows[start - 1], fields)
    skipped = titles + skipped
    records = body[keep]
    # The columns factorized so far, by index: kept for normalising (SheetTable.distinct).
    known = {fields[f].index: (codes[keep], uniques) for f, (codes, uniques) in distinct.items()}
    if has_no_values:  # the sheet holds formulas never calculated, or error values
        _check_no_values(file, sheet, records, fields, known)
    used = {c.index for c in fields.values()}
    carried = list(others)
    named = {c.index for c in others}
    for index in range(records.shape[1]):
        # A column with data but no header still travels, under its letter.
        if index not in used and index not in named:
            known[index] = factorize_cells(records[:, index])
            if any(not is_blank(v) for v in known[index][1]):
                carried.append(Column(index, f"คอลัมน์ {column_letter(index)}"))
    carried.sort(key=lambda c: c.index)
    return SheetTable(
        file=file,
        sheet=sheet,
        header_row=header_row,
        fields=fields,
        carried=tuple(carried),
        rows=tuple((np.flatnonzero(keep) + start + 1).tolist()),
        cells=records,
        skipped=tuple(skipped),
        sheet_district=None if "district" in fields else clean_text(sheet),
        district_from=None if "district" in fields else "sheet",
        header_rows=depth,
        _distinct=known,
    )


def _check_no_values(file: str, sheet: str, records: np.ndarray, fields: dict, known: dict) -> None:
    """A rule column whose every filled cell has nothing to read (formulas a program wrote and
    never calculated, or error values such as #N/A from a lookup that found nothing) cannot be
    read at all: one line saying what to do, not a run that nominates no one. Some such cells
    among values are listed and their records excluded (`normalise`). Each column is looked at
    by distinct value, factorized once for normalising (`known`)."""
    for field in (*REQUIRED, "district"):
        column = fields.get(field)
        if column is None or column.index >= records.shape[1]:
            continue
        if column.index not in known:
            known[column.index] = factorize_cells(records[:, column.index])
        cells = [v for v in known[column.index][1].tolist() if not is_blank(v)]
        if not cells or not all(isinstance(v, NoValue) for v in cells):
            continue
        where_en = f"{file}, sheet '{sheet}', column {column.letter} ({column.header})"
        where_th = f"{file} ชีต '{sheet}' คอลัมน์ {column.letter} ({column.header})"
        errors = [v for v in cells if v.problem == "error"]
        if errors:
            raise NoValueError(
                f"{where_en}: every cell is an error value (e.g. {errors[0]}): there is nothing "
                "to read. Correct the formula or the sheet it refers to, save the file, and run "
                "again.",
                f"{where_th}: ทุกเซลล์เป็นค่าผิดพลาดของสูตร (เช่น {errors[0]}) ไม่มีค่าให้อ่าน "
                "แก้สูตรหรือข้อมูลในชีตที่สูตรอ้างถึง บันทึกไฟล์ แล้วลองใหม่",
            )
        raise NoValueError(
            f"{where_en}: every cell is a formula with no computed value (e.g. {cells[0]}), as "
            "a program writes them. Open the file in Excel or LibreOffice, save it, and run "
            "again.",
            f"{where_th}: ทุกเซลล์เป็นสูตรที่ยังไม่ได้คำนวณค่า (เช่น {cells[0]}) "
            "ซึ่งมักเกิดจากไฟล์ที่โปรแกรมสร้างขึ้น เปิดไฟล์ด้วย Excel หรือ LibreOffice แล้วบันทึก "
            "จากนั้นลองใหม่",
        )


def _as_grid(rows: list[list[object]]) -> np.ndarray:
    """Rows of cells as a 2-D object array, short rows padded with None."""
    width = max(map(len, rows), default=0)
    grid = np.empty((len(rows), width), dtype=object)
    if all(len(r) == width for r in rows):
        if rows and width:
            grid[:] = rows  # rectangular, as spreadsheets read: filled in C
        return grid
    for i, r in enumerate(rows):
        grid[i, : len(r)] = r
    return grid


def _split_rows(file, sheet, body: np.ndarray, first: int, header_row, fields):
    """Which rows below the header are records, and the skipped rows; `first` is the row
    number of `body[0]`. Blank rows after the last filled row are the sheet's unused area, not
    rows of the registry. Most rows are decided on two cells, column by column, once per
    distinct value; the few others are looked at one by one."""
    v = vocab()
    rule_cols = [fields[f].index for f in REQUIRED]
    # The header row's own cells, as read: a header pasted again repeats them exactly.
    headers = {header_row[c.index]: f for f, c in fields.items() if c.index < len(header_row)}

    distinct: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def test(field: str, fn) -> np.ndarray:
        """`fn` of each cell of the field's column, worked out once per distinct value."""
        index = fields[field].index
        if index >= body.shape[1]:
            return np.full(len(body), bool(fn(None)))
        if field not in distinct:
            distinct[field] = factorize_cells(body[:, index])
        codes, uniques = distinct[field]
        return on_distinct(uniques, fn).astype(bool)[codes]

    has_product = ~test("product", is_blank)
    has_ptype = ~test("producer_type", is_blank)
    both = has_product & has_ptype
    # A header pasted again, maybe from another file; or the form numbers its columns.
    repeated = (
        both
        & test("product", lambda c: _is_header(c, "product", headers))
        & test("producer_type", lambda c: _is_header(c, "producer_type", headers))
    )
    numbering = both & ~repeated & test("product", _numbering)
    keep = both & ~repeated & ~numbering
    kinds: dict[int, tuple[str, str]] = {}
    for i in np.flatnonzero(~keep).tolist():
        row = body[i]
        filled = [c for c in row if not is_blank(c)]
        if not filled:
            kinds[i] = ("blank", "")
            continue
        if repeated[i]:
            kind = "repeated_header"
        elif numbering[i]:
            kind = "column_numbers" if _is_column_numbers(filled) else None
        elif (
            not has_product[i]
            and not has_ptype[i]
            and label_key(filled[0]).startswith(v.totals_prefixes)
        ):
            kind = "totals"
        elif _is_column_numbers(filled):
            kind = "column_numbers"
        elif all(c >= len(row) or is_blank(row[c]) for c in rule_cols):
            kind = "not_record"  # a note, a signature line, a section title
        else:
            kind = None
        if kind is None:
            keep[i] = True
        else:
            kinds[i] = (kind, " | ".join(clean_text(c) for c in filled)[:200])
    filled_rows = [i for i, (kind, _) in kinds.items() if kind != "blank"]
    last = max(int(np.flatnonzero(keep)[-1]) if keep.any() else -1, max(filled_rows, default=-1))
    skipped = [
        SkippedRow(file, sheet, first + i, kind, text)
        for i, (kind, text) in sorted(kinds.items())
        if kind != "blank" or i < last  # blank rows after the last filled row are not listed
    ]
    return keep, skipped, distinct


def _is_header(value: object, field: str, headers: Mapping[str, str]) -> bool:
    """Is this data cell a header for `field`: this sheet's own, or any spelling kbo knows?"""
    return headers.get(value) == field or _header_cell(value) == field


@lru_cache(maxsize=65536)
def _header_cell(value: object) -> str | None:
    """match_header for a data cell; the same values recur down a column."""
    return match_header(value)


def _numbering(value: object) -> bool:
    """Could this cell be a column number, `3` or `(3)`?"""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return True
    return isinstance(value, str) and value.strip().strip("()").isdigit()

"""Normalising a registry: every record's values read into one frame, every unreadable cell listed.

Each value reader runs once per distinct value of a column (the vocabularies are small), and
districts are resolved to the official gazetteer with the province from the registry's province
column, or the one given, or failing both the one its other district names point to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from kbo_cli.districts import Place, gazetteer
from kbo_cli.errors import KboError
from kbo_cli.read import Column, Registry, SheetTable
from kbo_cli.text import CELL_LIMIT, XLSX_ILLEGAL, clean_text, is_blank
from kbo_cli.values import (
    UNREADABLE,
    display_value,
    map_distinct,
    read_category,
    read_producer_type,
    read_quadrant,
    read_registered,
    read_stars,
)

READERS: dict[str, Callable[[object], object]] = {
    "producer_type": read_producer_type,
    "quadrant": read_quadrant,
    "stars": read_stars,
    "registered": read_registered,
}
TEXT_FIELDS = ("producer", "product")
SHEET_NAME_COLUMN = "(ชื่อชีต)"


class UnknownProvinceError(KboError):
    """--province names no province of the gazetteer."""


@dataclass(frozen=True)
class DataIssue:
    """A cell that could not be used as written."""

    file: str
    sheet: str
    row: int
    column: str  # letter, or SHEET_NAME_COLUMN when the value is the sheet name
    header: str
    field: str
    value: str
    problem: str  # a code of vocab.toml [problems]


@dataclass(frozen=True)
class Normalised:
    """The records of all registries, normalised, with the cells that needed attention."""

    records: pd.DataFrame
    carried: pd.DataFrame
    issues: tuple[DataIssue, ...]
    inferred: tuple[tuple[str, str], ...]  # (file, province) inferred from district names


def _column(table: SheetTable, field: str):
    """The cells of a field's column, one per record (None where the sheet has no such column)."""
    col = table.fields.get(field)
    grid = table.grid
    if col is None or col.index >= grid.shape[1]:
        return [None] * len(table.rows)
    return grid[:, col.index]


def resolve_province(name: str | None) -> tuple[str, str] | None:
    """(code, Thai name) of --province, or None when not given. Raises for an unknown name."""
    if name is None or not name.strip():
        return None
    found = gazetteer().province(name)
    if found is None:
        raise UnknownProvinceError(
            f"--province {name!r}: no such province. Write its Thai or English name, "
            "e.g. --province ฉะเชิงเทรา or --province Chachoengsao.",
            f"--province {name!r}: ไม่พบจังหวัดนี้ เขียนชื่อภาษาไทยหรืออังกฤษ "
            "เช่น --province ฉะเชิงเทรา หรือ --province Chachoengsao",
        )
    return found


def infer_province(registry: Registry) -> tuple[str, str] | None:
    """The one province all of a registry's unambiguous district names belong to, if any."""
    gaz = gazetteer()
    names = set()
    for table in registry.tables:
        names.update(clean_text(v) for v in _column(table, "district") if not is_blank(v))
        if table.sheet_district:
            names.add(table.sheet_district)
    codes = set()
    for name in names:
        found = gaz.candidates(name)
        if len(found) == 1:
            codes.add(found[0].province_code)
    if len(codes) != 1:
        return None
    code = codes.pop()
    return code, next(p for p in gaz.capitals.values() if p.province_code == code).province


def normalise(registries: list[Registry], province: str | None = None) -> Normalised:
    """One frame of normalised records from the registries read."""
    gaz = gazetteer()
    given = resolve_province(province)
    frames, carried_frames, issues, inferred = [], [], [], []
    for registry in registries:
        fallback = given
        if given is None:
            fallback = infer_province(registry)
            if fallback:
                inferred.append((registry.file, fallback[1]))
        for table in registry.tables:
            if not table.rows:
                continue
            frame, carried, table_issues = _normalise_table(table, fallback, gaz)
            frames.append(frame)
            carried_frames.append(carried)
            issues.extend(table_issues)
    if frames:
        records = pd.concat(frames, ignore_index=True)
        carried = pd.concat(carried_frames, ignore_index=True).astype(object)
    else:
        records = pd.DataFrame(columns=_COLUMNS)
        carried = pd.DataFrame(index=records.index)
    return Normalised(records, carried, tuple(issues), tuple(inferred))


_COLUMNS = [
    "file",
    "sheet",
    "row",
    "district_written",
    "district",
    "district_code",
    "province",
    "province_code",
    "producer",
    "product",
    "category",
    *READERS,
    *(f"{f}_written" for f in READERS),
]


def _carried(table: SheetTable, issue) -> pd.DataFrame:
    """The columns carried through, values as read; text a workbook cannot hold is made safe
    and reported. Two columns with the same header keep both (`หมายเหตุ (2)`)."""
    columns: dict[str, list[object]] = {}
    for col in table.carried:
        name, n = col.header, 2
        while name in columns:
            name, n = f"{col.header} ({n})", n + 1
        values = []
        for i, row in enumerate(table.cells):
            value = row[col.index] if col.index < len(row) else None
            if is_blank(value):
                value = None
            elif isinstance(value, str):
                value = _safe(value, lambda problem, v=value, i=i, c=col: issue(i, c, v, problem))
            values.append(value)
        columns[name] = values
    return pd.DataFrame(columns, index=range(len(table.rows)), dtype=object)


def _safe(value: str, report) -> str:
    """Text as a workbook can hold it: no control characters, at most Excel's cell length."""
    if XLSX_ILLEGAL.search(value):
        report("illegal_characters")
        value = XLSX_ILLEGAL.sub("", value)
    if len(value) > CELL_LIMIT:
        report("too_long")
        value = value[:CELL_LIMIT]
    return value


def _normalise_table(
    table: SheetTable, fallback: tuple[str, str] | None, gaz
) -> tuple[pd.DataFrame, pd.DataFrame, list[DataIssue]]:
    issues: list[DataIssue] = []
    n = len(table.rows)

    def issue(i: int, field: str | Column, value: object, problem: str) -> None:
        col = field if isinstance(field, Column) else table.fields.get(field)
        issues.append(
            DataIssue(
                table.file,
                table.sheet,
                table.rows[i],
                col.letter if col else SHEET_NAME_COLUMN,
                col.header if col else table.sheet,
                "carried" if isinstance(field, Column) else field,
                display_value(value)[:200],
                problem,
            )
        )

    data: dict[str, list[object]] = {
        "file": [table.file] * n,
        "sheet": [table.sheet] * n,
        "row": list(table.rows),
    }
    for field in TEXT_FIELDS:
        written = _column(table, field)
        data[field] = map_distinct(written, lambda v: None if is_blank(v) else clean_text(v))
        for i, value in enumerate(data[field]):
            if value is None:
                issue(i, field, "", "missing")
            else:
                # Cleaning has removed control characters already; they are still reported.
                if isinstance(written[i], str) and XLSX_ILLEGAL.search(written[i]):
                    issue(i, field, written[i], "illegal_characters")
                if len(value) > CELL_LIMIT:
                    issue(i, field, written[i], "too_long")
                    data[field][i] = value[:CELL_LIMIT]
    data["category"] = map_distinct(_column(table, "category"), read_category)
    for field, reader in READERS.items():
        written = _column(table, field)
        values = map_distinct(written, reader)
        data[field] = values
        data[f"{field}_written"] = map_distinct(
            written, lambda v: "" if is_blank(v) else display_value(v)
        )
        for i, value in enumerate(values):
            if value is UNREADABLE:
                issue(i, field, written[i], "unreadable")
            elif value is None:
                issue(i, field, "", "missing")

    # Districts: resolved once per distinct (district, province) pair.
    districts = (
        _column(table, "district") if "district" in table.fields else [table.sheet_district] * n
    )
    provinces = _column(table, "province")
    resolved: dict[tuple[object, object], tuple] = {}
    out = {
        k: []
        for k in ("district_written", "district", "district_code", "province", "province_code")
    }
    for i in range(n):
        pair = (districts[i], provinces[i])
        if pair not in resolved:
            resolved[pair] = _place(pair[0], pair[1], fallback, gaz)
        written, place, prov, problems = resolved[pair]
        for field, problem in problems:
            issue(i, field, pair[0] if field == "district" else pair[1], problem)
        out["district_written"].append(written)
        out["district"].append(place.district if place else written)
        out["district_code"].append(place.code if place else None)
        out["province"].append(place.province if place else (prov[1] if prov else None))
        out["province_code"].append(place.province_code if place else (prov[0] if prov else None))
    data.update(out)
    frame = pd.DataFrame({c: pd.Series(data[c], dtype=object) for c in _COLUMNS})
    return frame, _carried(table, issue), issues


def _place(district: object, province: object, fallback, gaz):
    """(district as written, Place or None, (code, name) of province or None, problems)."""
    problems: list[tuple[str, str]] = []
    prov = fallback
    if not is_blank(province):
        prov = gaz.province(str(province))
        if prov is None:
            problems.append(("province", "unknown_province"))
            prov = (None, clean_text(province))
    if is_blank(district):
        problems.append(("district", "missing"))
        return None, None, prov, problems
    written = clean_text(district)
    code = prov[0] if prov else None
    found = gaz.candidates(written, code)
    place: Place | None = found[0] if len(found) == 1 else None
    if len(found) > 1:
        problems.append(("district", "ambiguous_district"))
    elif not found:
        elsewhere = code is not None and gaz.candidates(written)
        problems.append(
            ("district", "district_not_in_province" if elsewhere else "unknown_district")
        )
    return written, place, prov, problems

"""Normalising a registry: every record's values read into one frame, every unreadable cell listed.

Each value reader runs once per distinct value of a column (the vocabularies are small), and
districts are resolved to the official gazetteer with the province from the registry's province
column, or the one given, or failing both the one its other district names point to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kbo_cli.core.districts import Place, gazetteer
from kbo_cli.core.executor import SERIAL, Executor
from kbo_cli.core.formulas import NoValue
from kbo_cli.core.read import Column, Registry, SheetTable
from kbo_cli.core.records import Records
from kbo_cli.core.text import CELL_LIMIT, XLSX_ILLEGAL, clean_text, is_blank
from kbo_cli.core.values import (
    UNREADABLE,
    display_value,
    factorize_cells,
    on_distinct,
    read_category,
    read_producer_type,
    read_quadrant,
    read_registered,
    read_stars,
)
from kbo_cli.errors import KboError

READERS: dict[str, Callable[[object], object]] = {
    "producer_type": read_producer_type,
    "quadrant": read_quadrant,
    "stars": read_stars,
    "registered": read_registered,
}
TEXT_FIELDS = ("producer", "product")
# The "column" of a value that is no cell: the district written in the sheet name, a title
# line or the file name (`SheetTable.district_from`).
WRITTEN_IN = {"sheet": "(ชื่อชีต)", "title": "(ชื่อเรื่อง)", "file": "(ชื่อไฟล์)"}
SHEET_NAME_COLUMN = WRITTEN_IN["sheet"]


class UnknownProvinceError(KboError):
    """--province names no province of the gazetteer."""


@dataclass(frozen=True)
class DataIssue:
    """A cell that could not be used as written."""

    file: str
    sheet: str
    row: int
    column: str  # letter, or where it was written (WRITTEN_IN) when no cell holds it
    header: str
    field: str
    value: str
    problem: str  # a code of vocab.toml [problems]


@dataclass(frozen=True)
class Normalised:
    """The records of all registries, normalised, with the cells that needed attention."""

    # The frame's columns made once per distinct value are kept so (`Records.coded`): writing
    # the records again (the summary's sheet of excluded records) needs them so too.
    records: Records
    issues: tuple[DataIssue, ...]
    inferred: tuple[tuple[str, str], ...]  # (file, province) inferred from district names


def _distinct(table: SheetTable, field: str) -> tuple[np.ndarray, np.ndarray]:
    """(codes, distinct values) of a field's column (see `SheetTable.distinct`)."""
    col = table.fields.get(field)
    return table.distinct(col.index if col else None)


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
        _, districts = _distinct(table, "district")
        names.update(clean_text(v) for v in districts if not is_blank(v))
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
    return code, gaz.province_name(code)


def normalise(
    registries: list[Registry], province: str | None = None, executor: Executor = SERIAL
) -> Normalised:
    """One frame of normalised records from the registries read. `executor` may read the
    columns with many distinct values elsewhere meanwhile (see `executor`)."""
    gaz = gazetteer()
    given = resolve_province(province)
    frames, carried_frames, issues, inferred, coded_parts = [], [], [], [], []
    for registry in registries:
        # A registry's own district names tell its province before --province does: given
        # another province, its rows are outside the run, not renamed into it (`เมือง` made
        # that province's capital).
        own = infer_province(registry)
        fallback = own or given
        if given is None and own:
            inferred.append((registry.file, own[1]))
        for table in registry.tables:
            if not table.rows:
                continue
            frame, carried, table_issues, coded = _normalise_table(table, fallback, gaz, executor)
            frames.append(frame)
            coded_parts.append(coded)
            carried_frames.append(carried)
            issues.extend(table_issues)
    if frames:
        records = pd.concat(frames, ignore_index=True)
        carried = pd.concat(carried_frames, ignore_index=True).astype(object)
    else:
        records = pd.DataFrame(columns=_COLUMNS)
        carried = pd.DataFrame(index=records.index)
    return Normalised(
        Records(records, carried, _joined(coded_parts)), tuple(issues), tuple(inferred)
    )


def _joined(parts: list[dict[str, tuple[np.ndarray, np.ndarray]]]) -> dict:
    """The coded columns of several tables as one: each table's codes moved past the values
    of the tables before it, then a value two tables share given one code."""
    if len(parts) == 1:
        return parts[0]
    joined = {}
    for name in parts[0] if parts else ():
        codes, values, offset = [], [], 0
        for part in parts:
            c, v = part[name]
            codes.append(np.where(c >= 0, c + offset, -1))
            values.append(v)
            offset += len(v)
        merged, distinct = factorize_cells(np.concatenate(values))
        codes = np.concatenate(codes)
        joined[name] = (np.where(codes >= 0, merged[codes], -1), distinct)
    return joined


def _coded(codes: np.ndarray, results: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(codes, values) of a column made as `results[codes]` (code -1 taking the last result,
    an empty cell's), as `values.factorize_cells` would give them for the column: equal
    results share a code (`3` and `๓` both read 3), and code -1 is None."""
    merged, distinct = factorize_cells(results)
    return merged[np.where(codes < 0, len(results) - 1, codes)], distinct


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
    columns: dict[str, np.ndarray] = {}
    for col in table.carried:
        name, n = col.header, 2
        while name in columns:
            name, n = f"{col.header} ({n})", n + 1
        codes, uniques = table.distinct(col.index)
        made = [(None, ()) if is_blank(u) else _safe(u) for u in uniques]
        kept = np.full(len(made) + 1, None, dtype=object)  # the last: an empty cell
        kept[:-1] = [value for value, _ in made]
        found_in = zip(uniques, made, strict=True)
        problems = [tuple((p, u) for p in found) for u, (_, found) in found_in]
        _report(codes, [*problems, ()], lambda i, p, value, c=col: issue(i, c, value, p))
        columns[name] = kept[codes]
    return pd.DataFrame(columns, index=range(len(table.rows)), dtype=object)


def _safe(value: object) -> tuple[object, tuple[str, ...]]:
    """A value as a workbook can hold it (no control characters, at most Excel's cell length),
    and what had to be done to it."""
    if isinstance(value, NoValue):  # a formula never calculated, an error: shown empty, reported
        return None, (value.problem,)
    if not isinstance(value, str):
        return value, ()
    problems = ()
    if _has_illegal(value):
        problems += ("illegal_characters",)
        value = XLSX_ILLEGAL.sub("", value)
    if len(value) > CELL_LIMIT:
        problems += ("too_long",)
        value = value[:CELL_LIMIT]
    return value, problems


def _has_illegal(value: object) -> bool:
    """Text holding characters a workbook cannot store."""
    return isinstance(value, str) and XLSX_ILLEGAL.search(value) is not None


def _report(codes: np.ndarray, problems: list[tuple], report) -> None:
    """`report(row, problem, value)` for every row whose distinct value has problems, in row
    order. `problems[k]` holds the (problem, value) pairs of distinct value k, the last entry
    those of an empty cell (code -1); the loop runs over the rows with a problem only."""
    flagged = np.fromiter(map(bool, problems), dtype=bool, count=len(problems))
    if not flagged.any():
        return
    for i in np.flatnonzero(flagged[codes]):
        for problem, value in problems[codes[i]]:
            report(int(i), problem, value)


def _cleaned(value: object) -> str | None:
    """A text field's value: cleaned, or None for an empty cell or a cell with nothing to read
    (`NoValue`)."""
    return None if is_blank(value) or isinstance(value, NoValue) else clean_text(value)


def _empty(raw: object) -> tuple[str, object]:
    """The problem of a cell read as nothing: a formula never calculated, an error value, or
    an empty cell."""
    return (raw.problem, raw) if isinstance(raw, NoValue) else ("missing", "")


def _written(value: object) -> str:
    """A value as the registry wrote it, for the sheets that show it."""
    return "" if is_blank(value) else display_value(value)


def _later(executor: Executor, uniques, fn: Callable[[object], object]):
    """`on_distinct(uniques, fn)` as a call to make later: the executor may work it out
    elsewhere meanwhile."""
    call = executor.later(fn, [*uniques, None])  # the last: an empty cell's (code -1)

    def results() -> np.ndarray:
        answers = call()
        return np.fromiter(answers, dtype=object, count=len(answers))

    return results


def _normalise_table(
    table: SheetTable, fallback: tuple[str, str] | None, gaz, executor: Executor = SERIAL
) -> tuple[pd.DataFrame, pd.DataFrame, list[DataIssue], dict]:
    """Every column read once per distinct value; issues listed field by field, in row order.
    The columns with many distinct values (names, registration dates) are handed to the
    executor first, so that it may read them elsewhere while this process resolves the
    districts and the carried columns."""
    n = len(table.rows)

    def issue_to(found: list[DataIssue]):
        def issue(i: int, field: str | Column, value: object, problem: str) -> None:
            col = field if isinstance(field, Column) else table.fields.get(field)
            found.append(
                DataIssue(
                    table.file,
                    table.sheet,
                    table.rows[i],
                    col.letter if col else WRITTEN_IN[table.district_from or "sheet"],
                    col.header if col else table.sheet,
                    "carried" if isinstance(field, Column) else field,
                    display_value(value)[:200],
                    problem,
                )
            )

        return issue

    later = {}
    for field in TEXT_FIELDS:
        later[field] = _later(executor, _distinct(table, field)[1], _cleaned)
    for field, reader in READERS.items():
        uniques = _distinct(table, field)[1]
        later[field] = _later(executor, uniques, reader)
        later[f"{field}_written"] = _later(executor, uniques, _written)
    # Meanwhile: the category, the districts and the carried columns. Their issues are listed
    # after the fields', as they always were.
    data: dict[str, np.ndarray] = {"row": np.fromiter(table.rows, dtype=object, count=n)}
    coded: dict[str, tuple[np.ndarray, np.ndarray]] = {
        "file": (np.zeros(n, dtype=np.intp), np.array([table.file], dtype=object)),
        "sheet": (np.zeros(n, dtype=np.intp), np.array([table.sheet], dtype=object)),
    }
    codes, uniques = _distinct(table, "category")
    coded["category"] = _coded(codes, on_distinct(uniques, read_category))
    formulas = [(((u.problem, u),) if isinstance(u, NoValue) else ()) for u in uniques]
    category_issues: list[DataIssue] = []
    found = issue_to(category_issues)
    _report(codes, [*formulas, ()], lambda i, p, v: found(i, "category", v, p))
    place_issues: list[DataIssue] = []
    pair_codes, places = _districts(table, fallback, gaz, issue_to(place_issues))
    for name, values in places.items():
        coded[name] = _coded(pair_codes, values)
    carried_issues: list[DataIssue] = []
    carried = _carried(table, issue_to(carried_issues))
    issues: list[DataIssue] = []
    issue = issue_to(issues)
    for field in TEXT_FIELDS:
        codes, uniques = _distinct(table, field)
        cleaned = later[field]()
        # Cleaning removes control characters; they are still reported, as written.
        problems = [
            (_empty(raw),)
            if text is None
            else ((("illegal_characters", raw),) if _has_illegal(raw) else ())
            + ((("too_long", raw),) if len(text) > CELL_LIMIT else ())
            for raw, text in zip([*uniques, None], cleaned, strict=True)
        ]
        cut = [text[:CELL_LIMIT] if text else text for text in cleaned]
        coded[field] = _coded(codes, np.fromiter(cut, dtype=object, count=len(cut)))
        _report(codes, problems, lambda i, p, v, f=field: issue(i, f, v, p))
    for field in READERS:
        codes, uniques = _distinct(table, field)
        values = later[field]()
        coded[field] = _coded(codes, values)
        coded[f"{field}_written"] = _coded(codes, later[f"{field}_written"]())
        problems = [
            ((_empty(raw) if isinstance(raw, NoValue) else ("unreadable", raw)),)
            if v is UNREADABLE
            else (("missing", ""),)
            if v is None
            else ()
            for raw, v in zip([*uniques, None], values, strict=True)
        ]
        _report(codes, problems, lambda i, p, v, f=field: issue(i, f, v, p))
    for name, (codes, values) in coded.items():
        data[name] = np.append(values, None)[codes]  # code -1: None
    frame = pd.DataFrame({c: pd.Series(data[c], dtype=object) for c in _COLUMNS})
    return frame, carried, issues + category_issues + place_issues + carried_issues, coded


def _districts(table: SheetTable, fallback, gaz, issue) -> tuple[np.ndarray, dict]:
    """The district and province columns, resolved once per distinct (district, province):
    a code per record, and each column's value per code."""
    n = len(table.rows)
    if "district" in table.fields:
        d_codes, d_uniques = _distinct(table, "district")
    else:
        d_codes, d_uniques = np.zeros(n, dtype=np.intp), [table.sheet_district]
    p_codes, p_uniques = _distinct(table, "province")
    width = len(p_uniques) + 1
    pair_codes, pairs = pd.factorize((d_codes + 1) * width + (p_codes + 1))
    names = ("district_written", "district", "district_code", "province", "province_code")
    out: dict[str, list] = {k: [] for k in names}
    problems = []
    for pair in pairs:
        d, p = divmod(int(pair), width)
        district = d_uniques[d - 1] if d else None
        province = p_uniques[p - 1] if p else None
        written, place, prov, found = _place(district, province, fallback, gaz)
        problems.append(
            tuple((problem, (f, district if f == "district" else province)) for f, problem in found)
        )
        out["district_written"].append(written)
        out["district"].append(place.district if place else written)
        out["district_code"].append(place.code if place else None)
        out["province"].append(place.province if place else (prov[1] if prov else None))
        out["province_code"].append(place.province_code if place else (prov[0] if prov else None))
    _report(pair_codes, [*problems, ()], lambda i, p, fv: issue(i, fv[0], fv[1], p))
    return pair_codes, {k: np.fromiter(v, dtype=object, count=len(v)) for k, v in out.items()}


def _place(district: object, province: object, fallback, gaz):
    """(district as written, Place or None, (code, name) of province or None, problems)."""
    problems: list[tuple[str, str]] = []
    prov = fallback
    if not is_blank(province):
        prov = gaz.province(str(province))
        if prov is None:
            problems.append(("province", "unknown_province"))
            prov = (None, clean_text(province))
    if is_blank(district) or isinstance(district, NoValue):
        problems.append(("district", _empty(district)[0]))
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

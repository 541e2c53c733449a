"""The whole run as a library call: read the registries, normalise them, apply the rules."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from kbo_cli.core.executor import SERIAL, Executor
from kbo_cli.core.formulas import no_values
from kbo_cli.core.normalise import normalise, resolve_province
from kbo_cli.core.read import read_registry, sniff
from kbo_cli.core.result import Selection, SheetInfo
from kbo_cli.core.rules import Criteria, apply_rules, load_rules
from kbo_cli.core.scope import narrow
from kbo_cli.core.text import label_key
from kbo_cli.errors import RulesError


def select(
    paths: Iterable[str | Path],
    *,
    province: str | None = None,
    criteria: Criteria | None = None,
    sheets: Sequence[str] = (),
    districts: Sequence[str] = (),
    progress: Callable[[str, int, int], None] | None = None,
    executor: Executor = SERIAL,
) -> Selection:
    """Select the nominees from registry files. Raises a `KboError` for unusable input.

    `province` resolves `เมือง` and names shared by several provinces when the registry has no
    province column; without it the province is inferred from the registry's district names.
    `province` (or the rules file's) also restricts the run to that province, and `districts`
    to those districts; rows outside are counted per place in `Selection.out_of_scope`.
    `sheets` reads only the sheets so named (every registry sheet by default).
    `progress(stage, done, total)` is told as files are read (`read`) and checked (`check`).
    `executor` may read the columns with many distinct values elsewhere meanwhile (see
    `executor`; `kbo_cli.engine` has one that uses a second process).
    """
    tell = progress or (lambda stage, done, total: None)
    criteria = criteria or load_rules()
    paths, same_files = distinct_files([Path(p) for p in paths])
    # Cells with nothing to read (formulas never calculated, error values) are looked for in
    # each workbook, maybe elsewhere, while this process parses (`formulas`).
    scans = [
        executor.later(no_values, [path], patient=True) if _workbook(path) else lambda: [{}]
        for path in paths
    ]
    registries = []
    for n, (path, scan) in enumerate(zip(paths, scans, strict=True)):
        tell("read", n, len(paths))
        registries.append(
            read_registry(Path(path), sheets, criteria.header_aliases, lambda s=scan: s()[0])
        )
    tell("read", len(paths), len(paths))
    tell("check", 0, 1)
    province = province or criteria.province
    given = resolve_province(province)
    normalised = normalise(registries, province, executor)
    records, issues = normalised.records, normalised.issues
    keep, outside = narrow(records.frame, given[0] if given else None, districts)
    if outside:
        records = records.narrow(keep.to_numpy())
        frame = records.frame
        in_scope = set(zip(frame["file"], frame["sheet"], frame["row"], strict=True))
        issues = tuple(i for i in issues if (i.file, i.sheet, i.row) in in_scope)
    if criteria.carry:
        records = records.carrying(_carried(criteria, list(records.carried.columns)))
    records = records.with_frame(apply_rules(records.frame, criteria, records.coded))
    tell("check", 1, 1)
    return Selection(
        data=records,
        out_of_scope=outside,
        issues=issues,
        skipped=tuple(s for r in registries for t in r.tables for s in t.skipped),
        other_sheets=tuple((r.file, s) for r in registries for s in r.other_sheets),
        hidden_sheets=tuple((r.file, s) for r in registries for s in r.hidden_sheets),
        unasked_sheets=tuple((r.file, s) for r in registries for s in r.unasked_sheets),
        hidden_asked=tuple((r.file, s) for r in registries for s in r.hidden_asked),
        same_files=same_files,
        inferred=normalised.inferred,
        criteria=criteria,
        files=tuple(r.file for r in registries),
        sheets=tuple(
            SheetInfo(
                t.file,
                t.sheet,
                t.header_row,
                {f: (c.letter, c.header) for f, c in t.fields.items()},
                tuple(c.header for c in t.carried),
                t.sheet_district,
                t.district_from,
                t.header_rows,
            )
            for r in registries
            for t in r.tables
        ),
    )


def _carried(criteria: Criteria, headers: list[str]) -> list[str]:
    """The registry's headers the rules file's `carry` names, compared as labels are (spacing,
    case). An entry naming no column is an error: ignored, it would drop the column the officer
    asked for from every nomination sheet without a word."""
    by_key = {label_key(h): h for h in headers}
    out = []
    for wanted in criteria.carry:
        found = by_key.get(label_key(wanted))
        if found is None:
            shown = ", ".join(headers) if headers else "-"
            raise RulesError(
                f"{criteria.source} [output]: carry names {wanted!r}, which is no column of the "
                f"registry. Its other columns are: {shown}. Write the header as the registry "
                "does.",
                f"{criteria.source} [output]: carry ระบุ {wanted!r} ซึ่งไม่มีในทะเบียน "
                f"คอลัมน์อื่นในทะเบียนมี: {shown} เขียนชื่อหัวคอลัมน์ให้ตรงกับทะเบียน",
            )
        out.append(found)
    return out


def distinct_files(paths: list[Path]) -> tuple[list[Path], tuple[tuple[str, str], ...]]:
    """The files to read, each content once (a download's "registry (1).xlsx" beside the
    original would count every product twice), and (the file read, the copy not read) of each
    copy left out. Of a file and its copy, the one whose name is not a copy's is read, whatever
    the order given: the issues name the file the officer keeps. A file that cannot be read is
    kept: reading it says why."""
    seen: dict[str, int] = {}  # content -> its place in `kept`
    kept: list[Path] = []
    copies = []
    for path in paths:
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            kept.append(path)
            continue
        if digest not in seen:
            seen[digest] = len(kept)
            kept.append(path)
            continue
        first = kept[seen[digest]]
        if _copy_name(first.stem) and not _copy_name(path.stem):
            kept[seen[digest]], path = path, first
        copies.append((str(kept[seen[digest]]), str(path)))
    return kept, tuple(copies)


# The names a copy gets: "registry (1)" (a browser's download), "registry - Copy" and
# "registry - สำเนา" (Windows), "Copy of registry", "สำเนาของ registry".
_COPY_NAME = re.compile(
    r"\s\(\d+\)$|\s-\s(?:copy|สำเนา)(?:\s\(\d+\))?$|^(?:copy of|สำเนาของ|สำเนา)\s", re.IGNORECASE
)


def _copy_name(stem: str) -> bool:
    return _COPY_NAME.search(stem) is not None


def _workbook(path: Path) -> bool:
    """Is this a workbook that may hold cells with nothing to read (a zip package: .xlsx,
    .xlsm, .ods; or an OLE file: .xls)?"""
    try:
        return sniff(path) in ("zip", "ole")
    except OSError:
        return False

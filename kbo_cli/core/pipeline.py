"""The whole run as a library call: read the registries, normalise them, apply the rules."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from kbo_cli.core.normalise import normalise, resolve_province
from kbo_cli.core.read import read_registry
from kbo_cli.core.result import Selection, SheetInfo
from kbo_cli.core.rules import Criteria, apply_rules, load_rules
from kbo_cli.core.scope import district_codes, narrow
from kbo_cli.engine.helper import Helper


def select(
    paths: Iterable[str | Path],
    *,
    province: str | None = None,
    criteria: Criteria | None = None,
    sheets: Sequence[str] = (),
    districts: Sequence[str] = (),
    progress: Callable[[str, int, int], None] | None = None,
    helper: Helper | None = None,
) -> Selection:
    """Select the nominees from registry files. Raises a `KboError` for unusable input.

    `province` resolves `เมือง` and names shared by several provinces when the registry has no
    province column; without it the province is inferred from the registry's district names.
    `province` (or the rules file's) also restricts the run to that province, and `districts`
    to those districts; rows outside are counted per place in `Selection.out_of_scope`.
    `sheets` reads only the sheets so named (every registry sheet by default).
    `progress(stage, done, total)` is told as files are read (`read`) and checked (`check`).
    `helper` (another process, `helper.Helper`) reads the columns with many distinct values
    while this one does the rest.
    """
    tell = progress or (lambda stage, done, total: None)
    criteria = criteria or load_rules()
    paths = list(paths)
    registries = []
    for n, path in enumerate(paths):
        tell("read", n, len(paths))
        registries.append(read_registry(Path(path), sheets, criteria.header_aliases))
    tell("read", len(paths), len(paths))
    tell("check", 0, 1)
    province = province or criteria.province
    given = resolve_province(province)
    wanted = district_codes(districts, given[0] if given else None) if districts else None
    normalised = normalise(registries, province, helper)
    keep, outside = narrow(normalised.records, given[0] if given else None, wanted)
    records, carried, issues = normalised.records, normalised.carried, normalised.issues
    coded = normalised.coded
    if outside:
        records = records[keep].reset_index(drop=True)
        carried = carried[keep.to_numpy()].reset_index(drop=True)
        coded = {c: (codes[keep.to_numpy()], values) for c, (codes, values) in coded.items()}
        in_scope = set(zip(records["file"], records["sheet"], records["row"], strict=True))
        issues = tuple(i for i in issues if (i.file, i.sheet, i.row) in in_scope)
    if criteria.carry:
        carried = carried[[c for c in carried.columns if c in set(criteria.carry)]]
    records = apply_rules(records, criteria, coded)
    tell("check", 1, 1)
    return Selection(
        records=records,
        carried=carried,
        out_of_scope=outside,
        issues=issues,
        skipped=tuple(s for r in registries for t in r.tables for s in t.skipped),
        other_sheets=tuple((r.file, s) for r in registries for s in r.other_sheets),
        inferred=normalised.inferred,
        criteria=criteria,
        files=tuple(r.file for r in registries),
        coded=coded,
        sheets=tuple(
            SheetInfo(
                t.file,
                t.sheet,
                t.header_row,
                {f: (c.letter, c.header) for f, c in t.fields.items()},
                tuple(c.header for c in t.carried),
                t.sheet_district,
            )
            for r in registries
            for t in r.tables
        ),
    )

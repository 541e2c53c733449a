"""The whole run as a library call: read the registries, normalise them, apply the rules."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from kbo_cli.normalise import normalise
from kbo_cli.read import read_registry
from kbo_cli.result import Selection
from kbo_cli.rules import Criteria, apply_rules, load_rules


def select(
    paths: Iterable[str | Path],
    *,
    province: str | None = None,
    criteria: Criteria | None = None,
    sheets: Sequence[str] = (),
    progress: Callable[[str, int, int], None] | None = None,
) -> Selection:
    """Select the nominees from registry files. Raises a `KboError` for unusable input.

    `province` resolves `เมือง` and names shared by several provinces when the registry has no
    province column; without it the province is inferred from the registry's district names.
    `sheets` reads only the sheets so named (every registry sheet by default).
    `progress(stage, done, total)` is told as files are read (`read`) and checked (`check`).
    """
    tell = progress or (lambda stage, done, total: None)
    criteria = criteria or load_rules()
    paths = list(paths)
    registries = []
    for n, path in enumerate(paths):
        tell("read", n, len(paths))
        registries.append(read_registry(Path(path), sheets))
    tell("read", len(paths), len(paths))
    tell("check", 0, 1)
    normalised = normalise(registries, province)
    records = apply_rules(normalised.records, criteria)
    tell("check", 1, 1)
    return Selection(
        records=records,
        carried=normalised.carried,
        issues=normalised.issues,
        skipped=tuple(s for r in registries for t in r.tables for s in t.skipped),
        other_sheets=tuple((r.file, s) for r in registries for s in r.other_sheets),
        inferred=normalised.inferred,
        criteria=criteria,
        files=tuple(r.file for r in registries),
    )

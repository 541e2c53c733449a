"""Executors: who does the work a run may hand elsewhere.

An executor reads columns of many distinct values (`later`, what the core asks of it: see
`core.executor`) and writes the district workbooks: `stage(paths)` says which files will be
written, `run(work, job, told)` has `work(job, write, report)` done, `finish(out_dir)` waits
for it and gives what `work` returned. `Here` does everything in this process, at once;
`helper.Helper` is a second process. `start` and `for_records` choose.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from kbo_cli.core.executor import Serial
from kbo_cli.engine import tuning

if TYPE_CHECKING:  # imported when a second process is wanted: multiprocessing is not cheap
    from kbo_cli.engine.helper import Helper


class Here(Serial):
    """The whole run in this process."""

    elsewhere = False  # work `run` is given is done here, at once

    def __init__(self) -> None:
        self._result: object = None
        self.declined: list[str] = []  # nothing is handed elsewhere: nothing is declined

    def stage(self, paths: Iterable[Path]) -> None:
        """Nothing to make ahead: files are made as they are written."""

    def run(self, work: Callable, job: object, told: Callable[[int], None]) -> None:
        from kbo_cli.output.files import write_made

        self._result = work(job, write_made, told)

    def finish(self, out_dir: Path) -> object:
        return self._result


def start(registries: Iterable[str | Path]) -> Here | Helper:
    """The executor for a run of these registries: a second process, started now so that its
    interpreter and imports overlap the read, for registries of `tuning.HELPER_FROM_BYTES` or
    more on two cores or more; else `Here`."""
    try:
        size = sum(Path(p).stat().st_size for p in registries)
    except OSError:  # reading them will say what is wrong
        return Here()
    if size < tuning.HELPER_FROM_BYTES:
        return Here()
    return _helper(preload=("kbo_cli.core.normalise", "kbo_cli.output.workbooks"))


def for_records(records: int) -> Here | Helper:
    """The executor for writing the workbooks of this many records, when none was started
    before the read: a second process from `tuning.PARALLEL_FROM` records."""
    if records < tuning.PARALLEL_FROM:
        return Here()
    return _helper()


def _helper(preload: tuple[str, ...] = ()) -> Here | Helper:
    from kbo_cli.engine.helper import Helper

    return Helper.start(preload) or Here()  # none on one core: nothing to gain

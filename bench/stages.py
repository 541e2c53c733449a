"""Where the time of one `kbo select` goes, stage by stage, in one process (no helper: the
values a run sends to its helper are read here, and the district workbooks written here).

python bench/stages.py bench/data/national-200000.xlsx
"""

import gc
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from kbo_cli.core.normalise import normalise
from kbo_cli.core.read import read_registry
from kbo_cli.core.result import Selection
from kbo_cli.core.rules import apply_rules, load_rules
from kbo_cli.engine.executors import Here
from kbo_cli.output import sheets
from kbo_cli.output.files import write_atomic, write_made
from kbo_cli.output.paths import plan_paths
from kbo_cli.output.workbooks import write_districts, write_workbooks
from kbo_cli.output.xlsx import Writer


def main(path: Path) -> None:
    gc.disable()  # as `kbo` does (cli.main)
    times = {}

    def timed(name, fn):
        start = time.perf_counter()
        value = fn()
        times[name] = time.perf_counter() - start
        return value

    criteria = load_rules()
    registry = timed("read (calamine + row classes)", lambda: read_registry(path))
    normalised = timed("normalise values + districts", lambda: normalise([registry]))
    records = normalised.records
    frame = timed(
        "apply rules + duplicates", lambda: apply_rules(records.frame, criteria, records.coded)
    )
    skipped = tuple(s for t in registry.tables for s in t.skipped)
    selection = Selection(
        records.with_frame(frame), normalised.issues, skipped, (), normalised.inferred,
        criteria, (str(path),),
    )  # fmt: skip
    timed("tallies per district", selection.by_district)
    timed("nominees in filing order", lambda: selection.nominees)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        timed("write workbooks", lambda: write_workbooks(selection, out, executor=Here()))
    for name, seconds in times.items():
        print(f"{name:32} {seconds:6.2f} s")
    print(f"{'total':32} {sum(times.values()):6.2f} s")
    # The two halves of writing, one after the other here; a run writes them side by side.
    with tempfile.TemporaryDirectory() as tmp:
        halves = write_halves(selection, Path(tmp))
    print("write, one half after the other:")
    for name, seconds in halves.items():
        print(f"  {name:30} {seconds:6.2f} s")


def write_halves(selection: Selection, folder: Path) -> dict[str, float]:
    """The summary (this process's half of a run) and the district workbooks (the helper
    process's), each timed with what it builds for itself; and each again without its fast
    path."""
    start = time.perf_counter()
    paths = plan_paths(selection, folder)
    job = sheets.district_job(selection, paths)
    shared = time.perf_counter() - start
    times = {"frames both halves use": shared}

    def district_workbooks(fast: bool) -> float:
        start = time.perf_counter()
        write_districts(replace(job, fast=fast), write_made, lambda n: None)
        return time.perf_counter() - start

    def summary(writer: Writer) -> float:
        start = time.perf_counter()
        tables = sheets.summary_tables(selection, job)
        write_atomic(writer.book(tables), folder / sheets.SUMMARY_NAME)
        return time.perf_counter() - start

    # The district workbooks first (alone they take less than after the summary).
    times["district workbooks (helper)"] = district_workbooks(fast=True)
    times["  by the plain writer"] = district_workbooks(fast=False)
    times["summary (this process)"] = summary(Writer())
    times["  by the plain writer "] = summary(Writer(fast=False))
    return times


if __name__ == "__main__":
    main(Path(sys.argv[1]))

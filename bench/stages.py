"""Where the time of one `kbo select` goes, stage by stage, in one process (no helper: the
values a run sends to its helper are read here, and the district workbooks written here).

python bench/stages.py bench/data/national-200000.xlsx
"""

import gc
import sys
import tempfile
import time
from pathlib import Path

from kbo_cli.core.normalise import normalise
from kbo_cli.core.read import read_registry
from kbo_cli.core.result import Selection
from kbo_cli.core.rules import apply_rules, load_rules
from kbo_cli.output import workbook as W
from kbo_cli.output.workbook import write_workbooks


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
        timed("write workbooks", lambda: write_workbooks(selection, Path(tmp) / "out"))
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
    process's), each timed with what it builds for itself."""
    start = time.perf_counter()
    paths = W.plan_paths(selection, folder)
    job = W._district_job(selection, paths)
    shared = time.perf_counter() - start
    # The district workbooks first (alone they take less than after the summary), each way:
    # filled from the template as a run does, and by the writer one by one for comparison.
    start = time.perf_counter()
    W._write_districts(job, W._write_made, lambda n: None)
    districts = time.perf_counter() - start
    start = time.perf_counter()
    for key, tables in W._district_parts(job):
        W.save_atomic(tables, paths[key])
    by_writer = time.perf_counter() - start
    start = time.perf_counter()
    W.save_atomic(W._summary_tables(selection, job), folder / W.SUMMARY_NAME)
    summary = time.perf_counter() - start
    return {
        "frames both halves use": shared,
        "district workbooks (helper)": districts,
        "  the same by the writer": by_writer,
        "summary (this process)": summary,
    }


if __name__ == "__main__":
    main(Path(sys.argv[1]))

"""Where the time of one `kbo select` goes, stage by stage, in one process.

python bench/stages.py bench/data/national-200000.xlsx
"""

import gc
import sys
import tempfile
import time
from pathlib import Path

from kbo_cli.normalise import normalise
from kbo_cli.read import read_registry
from kbo_cli.result import Selection
from kbo_cli.rules import apply_rules, load_rules
from kbo_cli.workbook import write_workbooks


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
    records = timed("apply rules + duplicates", lambda: apply_rules(normalised.records, criteria))
    skipped = tuple(s for t in registry.tables for s in t.skipped)
    selection = Selection(
        records, normalised.carried, normalised.issues, skipped, (), normalised.inferred,
        criteria, (str(path),),
    )  # fmt: skip
    timed("tallies per district", selection.by_district)
    timed("nominees in filing order", lambda: selection.nominees)
    with tempfile.TemporaryDirectory() as tmp:
        timed("write workbooks", lambda: write_workbooks(selection, Path(tmp) / "out"))
    for name, seconds in times.items():
        print(f"{name:32} {seconds:6.2f} s")
    print(f"{'total':32} {sum(times.values()):6.2f} s")


if __name__ == "__main__":
    main(Path(sys.argv[1]))

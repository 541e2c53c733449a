"""One `kbo select` run as the command line makes it, with the moment each stage ends.

    python bench/timeline.py bench/data/national-200000.xlsx

Where `stages.py` times the stages one by one in one process, this shows them as a run
overlaps them: the parse beside the imports (`preread`), the district workbooks (a helper
process) beside the summary, then the last few district workbooks here. The outputs go to a
temporary folder.
"""

import functools
import sys
import tempfile
import time
from pathlib import Path

START = time.perf_counter()

from kbo_cli import cli  # noqa: E402  (the clock starts before kbo is imported)
from kbo_cli.engine import preread  # noqa: E402

_marked: set[str] = set()


def mark(what: str) -> None:
    """Print the moment `what` happened, the first time only."""
    if what not in _marked:
        _marked.add(what)
        print(f"{time.perf_counter() - START:6.2f} s  {what}", file=sys.stderr, flush=True)


def after(module, name: str, what: str) -> None:
    """Mark the moment `module.name` returns."""
    inner = getattr(module, name)

    @functools.wraps(inner)
    def marked(*args, **kwargs):
        result = inner(*args, **kwargs)
        mark(what)
        return result

    setattr(module, name, marked)


def before(module, name: str, what: str) -> None:
    """Mark the moment `module.name` is called."""
    inner = getattr(module, name)

    @functools.wraps(inner)
    def marked(*args, **kwargs):
        mark(what)
        return inner(*args, **kwargs)

    setattr(module, name, marked)


def main(path: Path) -> None:
    start = preread.start

    def started(registry):
        mark("kbo's command line imported; the parse starts")
        start(registry)
        from kbo_cli.core import pipeline, read
        from kbo_cli.engine import helper
        from kbo_cli.output import sheets, workbooks, xlsx

        mark("the library imported (pandas, numpy, the writer)")
        after(preread, "take", "the parse done (waited for)")
        after(read, "_read_workbook", "cells as Python values (to_python)")
        after(pipeline, "read_registry", "rows classified, header found")
        after(pipeline, "normalise", "values normalised, districts resolved")
        after(pipeline, "apply_rules", "rules applied, duplicates found")
        after(sheets, "district_job", "tallies and frames made; sent to the helper")
        after(xlsx.Writer, "book", "summary made (this process)")
        after(workbooks, "write_districts", "the last district workbooks written (this process)")
        after(helper.Helper, "finish", "the other district workbooks written (the helper)")

    preread.start = started
    with tempfile.TemporaryDirectory() as tmp:
        sys.argv = ["kbo", "select", str(path), "--out", str(Path(tmp) / "out"), "--json"]
        try:
            cli.app()
        except SystemExit:
            pass
        mark("the JSON printed; run over")


if __name__ == "__main__":
    main(Path(sys.argv[1]))

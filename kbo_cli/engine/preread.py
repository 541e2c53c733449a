"""A workbook parsed while the rest of kbo is still being imported.

python-calamine parses a sheet with Python's lock released, and kbo's own imports (pandas,
numpy, the writer) take a noticeable part of a run (bench/README.md, "Start"). The command
line starts the parse of the first registry in a thread before it imports them (`start`);
`read` takes the parsed sheets when it comes to that file (`take`), or reads the file itself
when they are not there: the thread failed, the file changed meanwhile, or nothing was
started. The thread never reports an error: `read` opens the file again and says what is
wrong with it. Only this module and python-calamine are imported here.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

# Where a workbook file begins: a zip (.xlsx, .xlsm, .ods) or an OLE container (.xls).
_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")
_started: dict[Path, tuple[threading.Thread, dict]] = {}


def start(path: str | Path) -> None:
    """Parse every sheet of the workbook at `path` in a thread; not for a file that is not a
    workbook (CSV, a missing file)."""
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            if handle.read(4) not in _MAGIC:
                return
    except OSError:
        return
    box: dict = {}
    thread = threading.Thread(target=_parse, args=(path, box), daemon=True)
    _started[path.resolve()] = (thread, box)
    thread.start()


def take(path: str | Path) -> list[tuple[str, object, bool]] | None:
    """(sheet name, python-calamine sheet, hidden) of every sheet, in order, as parsed by
    `start`; None when it was not started, failed, or the file changed since."""
    started = _started.pop(Path(path).resolve(), None)
    if started is None:
        return None
    thread, box = started
    thread.join()
    try:
        same = box.get("identity") == _identity(Path(path))
    except OSError:
        return None
    return box.get("sheets") if same else None


def sheets_of(book) -> list[tuple[str, object, bool]]:
    """(name, sheet, hidden) of each sheet of a python-calamine workbook, in order. A hidden
    sheet (last year's, kept out of sight) is parsed all the same: it may be asked for."""
    import python_calamine

    hidden = {
        meta.name
        for meta in book.sheets_metadata
        if meta.visible != python_calamine.SheetVisibleEnum.Visible
    }
    return [(name, book.get_sheet_by_name(name), name in hidden) for name in book.sheet_names]


def _identity(path: Path) -> tuple[int, ...]:
    stat = os.stat(path)
    return stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns


def _parse(path: Path, box: dict) -> None:
    try:
        import python_calamine

        identity = _identity(path)
        with open(path, "rb") as handle:
            book = python_calamine.CalamineWorkbook.from_filelike(handle)
        box["sheets"] = sheets_of(book)
        box["identity"] = identity
    except Exception:  # read opens the file again and reports what is wrong with it
        box.clear()

"""Files written whole or not at all, and the record of what a run wrote.

Every workbook is written to a temporary file in its own folder and renamed into place, so an
interrupted run never leaves a half-written workbook (`write_atomic`). A workbook open in
another program cannot be replaced on Windows (Excel locks it): that is `Locked`, told apart
from a folder that cannot be written, so the officer is asked to close the file.
"""

from __future__ import annotations

import errno
import json
import os
import secrets
from pathlib import Path

MANIFEST = ".kbo.json"  # not ".kbo-*": that is how temporary files are named


# What a file system says of a name it does not take: too long (ENAMETOOLONG; Windows'
# ERROR_FILENAME_EXCED_RANGE, 206), not a name it allows (EINVAL; Windows' ERROR_INVALID_NAME,
# 123), or characters it cannot store (EILSEQ: a file system that takes one encoding only).
_NAME_ERRNOS = frozenset({errno.ENAMETOOLONG, errno.EINVAL, errno.EILSEQ})
_NAME_WINERRORS = frozenset({123, 206})


class Locked(OSError):
    """A workbook could not be replaced: another program holds it open."""


def name_refused(exc: OSError) -> bool:
    """True when `exc` says the file system does not take the file's name, not that it cannot
    write the file: another name is then worth trying. (`write_atomic` raises an error of its
    own, named by the workbook: Windows' error code is kept on the one it was raised from.)"""
    return any(
        isinstance(e, OSError)
        and (e.errno in _NAME_ERRNOS or getattr(e, "winerror", None) in _NAME_WINERRORS)
        for e in (exc, exc.__cause__)
    )


def temp_beside(path: Path) -> Path:
    """A temporary file's name in `path`'s folder. Chosen before the file exists, so an
    interruption at any point can remove it; `.kbo-` marks kbo's own."""
    return path.parent / f".kbo-{secrets.token_hex(8)}.tmp"


def write_atomic(data: bytes, path: Path, tmp: Path | None = None) -> None:
    """Write `data` to a temporary file beside `path`, then rename it into place. `tmp`: that
    temporary file, already created (empty) by a helper process. Raises `Locked` when `path`
    exists and may not be replaced, any other OSError named by `path`."""
    mode = "r+b" if tmp else "xb"
    tmp = tmp or temp_beside(path)
    try:
        with open(tmp, mode) as handle:
            handle.write(data)
        try:
            os.replace(tmp, path)
        except PermissionError as exc:
            if path.is_file():
                raise Locked(exc.errno, exc.strerror, str(path)) from exc
            raise
    except Locked:
        tmp.unlink(missing_ok=True)
        raise
    except OSError as exc:  # named by the workbook, not the temporary file
        tmp.unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror, str(path)) from exc
    except BaseException:  # Ctrl-C and SIGTERM included: never leave a partial file behind
        tmp.unlink(missing_ok=True)
        raise


def write_made(data: bytes, path: Path) -> None:
    """Write one workbook, making its folder first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(data, path)


def replace_manifest(out_dir: Path, written: list[Path]) -> tuple[Path, ...]:
    """Record what this run wrote; remove what the previous run here wrote and this one did
    not. Only files kbo listed itself are ever removed."""
    manifest = out_dir / MANIFEST
    before: list[str] = []
    if manifest.is_file():
        try:
            before = json.loads(manifest.read_text("utf-8"))
        except (ValueError, OSError):
            before = []
    now = [p.relative_to(out_dir).as_posix() for p in written]
    removed = []
    for name in sorted(set(before) - set(now)):
        stale = out_dir / name
        if isinstance(name, str) and stale.suffix == ".xlsx" and stale.is_file():
            stale.unlink()
            removed.append(stale)
    write_atomic(json.dumps(sorted(now), ensure_ascii=False, indent=1).encode("utf-8"), manifest)
    return tuple(removed)

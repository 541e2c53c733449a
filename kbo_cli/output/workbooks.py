"""Writing a selection: one nomination workbook per district with a nominee, and the province
summary, each written whole or not at all.

What the sheets show is `sheets`; how a workbook becomes bytes is `xlsx`; where the files go is
`paths`, and how they are written is `files`. The district workbooks are written by an
executor (`engine.executors`): in this process, or by a second process while this one writes
the summary.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from kbo_cli.core.result import Selection
from kbo_cli.engine import executors, tuning
from kbo_cli.errors import OutputError, OutputLockedError
from kbo_cli.output import sheets
from kbo_cli.output.files import Locked, name_refused, replace_manifest, write_atomic, write_made
from kbo_cli.output.paths import NO_DISTRICT, check_output, fallback_path, plan_paths
from kbo_cli.output.xlsx import Writer

# progress(stage, done, total): told as work is done; the command line draws it.
Progress = Callable[[str, int, int], None]
Place = tuple[str | None, str | None]  # (province, district)


@dataclass(frozen=True)
class Written:
    """The files a run wrote."""

    folder: Path
    districts: tuple[Path, ...]
    summary: Path
    # Workbooks an earlier run wrote here that this run does not (with --force): removed, so a
    # district with no nominee any more cannot keep an old list.
    removed: tuple[Path, ...] = ()
    # Where a fast way declined and the plain way was taken: the plain writer wrote a workbook
    # (`xlsx.Writer`), or this process read what a second process was to read.
    declined: tuple[str, ...] = ()
    # The workbooks not named as their district is written, and whose they are: a name made
    # safe (`paths.safe_filename`: cut to fit, a Windows device name), told apart by " (2)", or
    # refused by the file system and written as "อำเภอ-<n>" (`paths.fallback_path`).
    renamed: tuple[tuple[Place, Path], ...] = ()


@dataclass(frozen=True)
class Outcome:
    """What writing some workbooks gave besides the files: the fast paths that declined, the
    workbooks another program held open, and those written under another name than planned
    (the file system refused it)."""

    declined: tuple[str, ...] = ()
    locked: tuple[Path, ...] = ()
    renamed: tuple[tuple[Place, Path], ...] = ()


def write_workbooks(
    selection: Selection,
    out_dir: str | Path,
    *,
    force: bool = False,
    progress: Progress | None = None,
    executor=None,
    fast: bool = True,
) -> Written:
    """Write one nomination workbook per district with a nominee, and the province summary.

    `executor` writes the district workbooks (`engine.executors`): by default a second process
    for a large selection, which writes them while this process writes the summary.
    `progress(stage, done, total)` is told as workbooks are written. `fast=False` writes every
    cell with the plain writer (the reference the fast paths are held to). A workbook held
    open by another program is left as it was and named in an `OutputLockedError`, once every
    other workbook is written."""
    out_dir = Path(out_dir)
    try:
        check_output(out_dir, selection.files, force=force)
        if executor is None:
            executor = executors.for_records(len(selection.records))
        return _write(selection, out_dir, executor, progress, fast)
    except OSError as exc:
        raise OutputError(
            f"{exc.filename or out_dir}: cannot write ({exc.strerror}). "
            "Check the folder is writable and has space, or give another --out folder.",
            f"{exc.filename or out_dir}: เขียนไฟล์ไม่ได้ ({exc.strerror}) ตรวจสอบสิทธิ์และพื้นที่ว่าง "
            "หรือระบุโฟลเดอร์อื่นใน --out",
        ) from exc
    finally:
        if executor is not None:
            executor.finish(out_dir)  # stops a helper first if this process is failing


def _write(
    selection: Selection, out_dir: Path, executor, progress: Progress | None, fast: bool
) -> Written:
    paths = plan_paths(selection, out_dir)
    total = len(paths) + 1
    tell = progress or (lambda stage, done, total: None)
    summary = out_dir / sheets.SUMMARY_NAME
    out_dir.mkdir(parents=True, exist_ok=True)
    there = len(paths) - (_districts_here(selection, len(paths)) if executor.elsewhere else 0)
    executor.stage(list(paths.values())[:there])  # made while this process works
    tell("write", 0, total)
    done = {"summary": 0, "there": 0, "here": 0}
    lock = threading.Lock()

    def told(part: str, n: int) -> None:
        with lock:
            done[part] = n
            tell("write", sum(done.values()), total)

    job = sheets.district_job(selection, paths, fast)
    executor.run(
        write_districts, replace(job, tallies=job.tallies[:there]), lambda n: told("there", n)
    )
    writer = Writer(fast)
    locked: list[Path] = []
    try:
        write_atomic(writer.book(sheets.summary_tables(selection, job)), summary)
    except Locked:
        locked.append(summary)
    told("summary", 1)
    # The last districts, when this process is the sooner done with the summary (see
    # `_districts_here`).
    here = write_districts(
        replace(job, tallies=job.tallies[there:]), write_made, lambda n: told("here", n)
    )
    districts: Outcome = executor.finish(out_dir) or Outcome()
    tell("write", total, total)
    paths = {**paths, **dict(districts.renamed), **dict(here.renamed)}
    removed = replace_manifest(out_dir, [summary, *paths.values()])
    locked += [*districts.locked, *here.locked]
    if locked:
        raise OutputLockedError(locked)
    return Written(
        out_dir,
        tuple(sorted(paths.values())),
        summary,
        removed,
        (*executor.declined, *writer.declined, *districts.declined, *here.declined),
        tuple((key, p) for key, p in paths.items() if p.name != f"{key[1] or NO_DISTRICT}.xlsx"),
    )


def _districts_here(selection: Selection, workbooks: int) -> int:
    """How many of the last district workbooks this process writes once it has written the
    summary, so that it and the second process, which writes the others meanwhile, end
    together: half the time the district workbooks would take beyond the summary's, by the
    measured cost of each (`tuning.WORKBOOK_SECONDS`, `tuning.SUMMARY_ROW_SECONDS`)."""
    counts = selection.counts
    rows = counts["excluded"] + 2 * counts["eligible"]  # every excluded record, every nominee
    spare = (workbooks * tuning.WORKBOOK_SECONDS - rows * tuning.SUMMARY_ROW_SECONDS) / 2
    return max(0, min(workbooks, int(spare / tuning.WORKBOOK_SECONDS)))


def write_districts(
    job: sheets.DistrictJob, write: Callable[[bytes, Path], None], report: Callable[[int], None]
) -> Outcome:
    """Write each district workbook with `write(data, path)`, telling `report(n)` as they go;
    a workbook held open elsewhere is passed over. A name the file system refuses, however
    `plan_paths` made it, does not stop the run: the workbook is written as "อำเภอ-<n>"
    (`paths.fallback_path`), and said to be that district's. Run by a second process, or by
    this one."""
    writer = Writer(job.fast)
    locked, renamed = [], []
    for n, (key, tables) in enumerate(sheets.district_tables(job), start=1):
        data, path = writer.alike(tables), job.paths[key]
        try:
            try:
                write(data, path)
            except Locked:
                raise
            except OSError as exc:
                if not name_refused(exc):
                    raise
                path = fallback_path(job.paths, key)
                renamed.append((key, path))
                write(data, path)
        except Locked:
            locked.append(path)
        report(n)
    return Outcome(tuple(writer.declined), tuple(locked), tuple(renamed))

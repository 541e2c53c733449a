"""Where the workbooks go, and the checks that keep a run from overwriting what it should not."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from kbo_cli.core.result import Selection
from kbo_cli.errors import OutputError, OutputExistsError
from kbo_cli.output.sheets import SUMMARY_NAME

_UNSAFE_NAME = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def safe_filename(name: str) -> str:
    """A file name keeping every Thai vowel and tone mark; only characters no file system
    accepts are removed (Python's `\\W` would strip the marks)."""
    cleaned = _UNSAFE_NAME.sub("", unicodedata.normalize("NFC", name)).strip(" .")
    return cleaned or "ไม่ระบุชื่อ"


def plan_paths(selection: Selection, out_dir: Path) -> dict[tuple[str | None, str | None], Path]:
    """Where each district's workbook goes: DIR/<district>.xlsx, or DIR/<province>/<district>.xlsx
    when the run spans several provinces."""
    nested = selection.multi_province
    paths: dict[tuple[str | None, str | None], Path] = {}
    taken: set[Path] = set()
    for count in selection.by_district():
        if not count.eligible:
            continue
        folder = out_dir / safe_filename(count.province or "ไม่ระบุจังหวัด") if nested else out_dir
        stem = safe_filename(count.district or "ไม่ระบุอำเภอ")
        path, n = folder / f"{stem}.xlsx", 2
        while path in taken or path.name == SUMMARY_NAME:
            path, n = folder / f"{stem} ({n}).xlsx", n + 1
        taken.add(path)
        paths[(count.province, count.district)] = path
    return paths


def check_output(out_dir: Path, inputs: Iterable[str | Path], *, force: bool) -> None:
    """Refuse an output folder that would overwrite workbooks or an input, unless forced."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(
            f"{out_dir}: is a file, not a folder. Give another --out folder.",
            f"{out_dir}: เป็นไฟล์ ไม่ใช่โฟลเดอร์ ระบุโฟลเดอร์อื่นใน --out",
        )
    inputs_resolved = {Path(p).resolve() for p in inputs}
    if out_dir.exists():
        # Asked first: --force, offered for workbooks kbo wrote, never replaces an input.
        clash = [p for p in out_dir.rglob("*") if p.resolve() in inputs_resolved]
        if clash:
            raise OutputError(
                f"{out_dir}: holds the input {clash[0].name}; outputs never go beside the "
                "registry they were read from. Give another --out folder.",
                f"{out_dir}: มีไฟล์ทะเบียนต้นฉบับ {clash[0].name} อยู่ จะไม่เขียนผลลัพธ์ไว้กับ"
                "ต้นฉบับ ระบุโฟลเดอร์อื่นใน --out",
            )
        existing = sorted(p.name for p in out_dir.rglob("*.xlsx"))
        if existing and not force:
            shown = ", ".join(existing[:3]) + (" ..." if len(existing) > 3 else "")
            raise OutputExistsError(
                f"{out_dir}: already holds workbooks ({shown}). Give another --out folder, "
                "or --force to replace them.",
                f"{out_dir}: มีไฟล์เวิร์กบุ๊กอยู่แล้ว ({shown}) ระบุโฟลเดอร์อื่นใน --out "
                "หรือใช้ --force เพื่อเขียนทับ",
            )

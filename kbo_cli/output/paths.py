"""Where the workbooks go, and the checks that keep a run from overwriting what it should not."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from kbo_cli.core.result import Selection
from kbo_cli.errors import OutputError, OutputExistsError
from kbo_cli.output.sheets import SUMMARY_NAME

NO_DISTRICT = "ไม่ระบุอำเภอ"  # the workbook's name of records with no district
_UNSAFE_NAME = re.compile(r'[<>:"/\\|?*\x00-\x1f]')

# The longest name of one file or folder, in bytes of UTF-8: what ext4, XFS, Btrfs, APFS and
# most other file systems take (longer, "File name too long"). NTFS counts 255 UTF-16 units, never
# more than a name's UTF-8 bytes. A Thai letter or mark is 3 bytes: 85 of them at most.
NAME_BYTES = 255

# Names Windows gives to devices, not files, whatever their case and whatever follows a dot or
# spaces (`con.xlsx` is the console, `nul .txt.xlsx` nothing at all): Microsoft's "Naming Files"
# lists them, with the superscript digits.
_DEVICE = re.compile(r"(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])(?= *(?:\.|\Z))", re.IGNORECASE)

# Thai vowels written before the consonant they are said after: cut apart from it, a name
# would end in half a syllable.
_LEADING = frozenset("เแโใไ")


def safe_filename(name: str, suffix: str = "") -> str:
    """A file or folder name every file system takes, keeping every Thai vowel and tone mark:
    only characters no file system accepts are removed (Python's `\\W` would strip the marks),
    and spaces and dots at either end (Windows drops them at the end). Besides:

    - With `suffix`, what will follow it (".xlsx", " (2).xlsx"), it fits `NAME_BYTES`: a note
      pasted into the district column is cut, between letters: a letter keeps its marks (Thai
      marks U+0E31, U+0E34-0E3A, U+0E47-0E4E, and every other combining mark) and a Thai
      leading vowel its consonant. Nor does a mark start the name (left dangling by a space
      or dot removed before it).
    - A Windows device name has an underscore after it, where it ends or before its dot:
      `CON` is `CON_`, `nul.txt` is `nul_.txt`; Windows cannot create `CON.xlsx`.

    A safe name stays as it is: `safe_filename(safe_filename(x, s), s) == safe_filename(x, s)`."""
    cleaned = _trimmed(_UNSAFE_NAME.sub("", unicodedata.normalize("NFC", name)))
    if not cleaned:
        return "ไม่ระบุชื่อ"
    cut = _cut(_undeviced(cleaned), NAME_BYTES - len(suffix.encode("utf-8")))
    return _undeviced(cut)  # a cut can end a name at a device's: "NUL      ..." is "NUL"


def _is_mark(char: str) -> bool:
    return unicodedata.category(char).startswith("M")


def _trimmed(name: str) -> str:
    start = 0
    while start < len(name) and (name[start] in " ." or _is_mark(name[start])):
        start += 1
    return name[start:].rstrip(" .")


def _undeviced(name: str) -> str:
    device = _DEVICE.match(name)
    return f"{name[: device.end()]}_{name[device.end() :]}" if device else name


def _cut(name: str, size: int) -> str:
    """`name`'s first letters, each with its marks, that fit `size` bytes of UTF-8."""
    if len(name.encode("utf-8")) <= size:
        return name
    letters: list[str] = []
    for char in name:
        if letters and (_is_mark(char) or letters[-1] in _LEADING):
            letters[-1] += char
        else:
            letters.append(char)
    kept, used = [], 0
    for letter in letters:
        used += len(letter.encode("utf-8"))
        if used > size:
            break
        kept.append(letter)
    # A first letter with more marks than fit keeps as many as fit.
    cut = "".join(kept) or name.encode("utf-8")[:size].decode("utf-8", "ignore")
    return cut.rstrip(" .")  # never empty: a name does not start with a space or a dot


def plan_paths(selection: Selection, out_dir: Path) -> dict[tuple[str | None, str | None], Path]:
    """Where each district's workbook goes (every official district's, a nil return when none of
    it qualifies): DIR/<district>.xlsx, or DIR/<province>/<district>.xlsx
    when the run spans several provinces; names as `safe_filename` makes them. Two districts
    of one name (once made safe, or cut) are told apart by " (2)", " (3)", within the name's
    `NAME_BYTES`."""
    nested = selection.multi_province
    paths: dict[tuple[str | None, str | None], Path] = {}
    taken: set[Path] = set()
    tried: dict[Path, int] = {}  # the first " (n)" left to try after a name
    for count in selection.by_district():
        # Every official district answers, a nil return when nobody of it qualifies; a name
        # the gazetteer does not know (a misspelling) gets a workbook for its nominees only.
        if not count.eligible and not count.official:
            continue
        folder = out_dir / safe_filename(count.province or "ไม่ระบุจังหวัด") if nested else out_dir
        name = count.district or NO_DISTRICT
        first = folder / f"{safe_filename(name, '.xlsx')}.xlsx"
        path, n = first, tried.get(first, 2)
        while path in taken or path.name == SUMMARY_NAME:
            tail = f" ({n}).xlsx"
            path, n = folder / f"{safe_filename(name, tail)}{tail}", n + 1
        tried[first] = n
        taken.add(path)
        paths[(count.province, count.district)] = path
    return paths


def fallback_path(
    paths: dict[tuple[str | None, str | None], Path], key: tuple[str | None, str | None]
) -> Path:
    """Where `key`'s workbook goes when the file system refuses the name planned for it
    (`files.name_refused`): "อำเภอ-<n>.xlsx" in the same folder, n its place among `paths`;
    never a name another workbook has."""
    planned, n = paths[key], list(paths).index(key) + 1
    taken = set(paths.values())
    path, m = planned.with_name(f"อำเภอ-{n}.xlsx"), 2
    while path in taken:
        path, m = planned.with_name(f"อำเภอ-{n} ({m}).xlsx"), m + 1
    return path


def check_folder(out_dir: Path) -> None:
    """Refuse an output "folder" that is a file."""
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(
            f"{out_dir}: is a file, not a folder. Give another --out folder.",
            f"{out_dir}: เป็นไฟล์ ไม่ใช่โฟลเดอร์ ระบุโฟลเดอร์อื่นใน --out",
        )


def check_output(out_dir: Path, inputs: Iterable[str | Path], *, force: bool) -> None:
    """Refuse an output folder that would overwrite workbooks or an input, unless forced."""
    out_dir = Path(out_dir)
    check_folder(out_dir)
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

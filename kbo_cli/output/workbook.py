"""Writing the nomination workbooks: one per district, and the province summary.

Laid out as a Thai government office files a list: TH SarabunPSK 16 pt, bold bordered header,
frozen header with an autofilter, A4 landscape one page wide with the header repeated on every
printed page, page numbers in the footer. Each file is written to a temporary file in the same
folder and renamed into place, so an interrupted run never leaves a half-written workbook.

The workbooks are written with rustpy-xlsxwriter (rust_xlsxwriter underneath): measured in
`bench/README.md`, it writes a 180,000-row sheet in 1.8 s where xlsxwriter takes 9.4 s and
openpyxl 13.4 s, and a small district workbook in 1.6 ms where openpyxl takes 4.9 ms. The
rows of long sheets are written by `sheetrows`, and the district workbooks are filled from one
workbook the writer lays out (`_Template`).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import struct
import threading
import unicodedata
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import rustpy_xlsxwriter as rx

from kbo_cli.core.districts import GAZETTEER_CREDIT
from kbo_cli.core.result import DistrictCount, Selection, name_keys
from kbo_cli.core.rules import Criteria
from kbo_cli.core.text import CELL_LIMIT, XLSX_ILLEGAL
from kbo_cli.core.values import UNREADABLE, factorize_cells, first_seen
from kbo_cli.core.vocab import label, thai_date, thai_digits, vocab
from kbo_cli.engine.helper import Helper, write_atomic
from kbo_cli.errors import OutputError, OutputExistsError
from kbo_cli.output import sheetrows

FONT = "TH SarabunPSK"
SIZE = 16
SUMMARY_NAME = "สรุปผลการคัดเลือก.xlsx"
NOMINATION_SHEET = "รายชื่อผู้ได้รับการคัดเลือก"
# Fixed timestamps: the same input and rules give byte-identical workbooks.
FIXED_TIME = dt.datetime(2020, 1, 1)
# TH SarabunPSK 16 pt: about 1.2 default-font character widths per Thai character, 24 pt a line.
CHAR_WIDTH = 1.2
MAX_WIDTH = 48
LINE_HEIGHT = 24
# Excel's tallest row is 409 points: a cell holding pages of text shows its first 17 lines.
MAX_LINES = 409 // LINE_HEIGHT
DATE_FORMAT = "dd/mm/yyyy"
# From this many records a helper process is started to write the district workbooks beside the
# summary, if none was started before the read (`start_helper`).
PARALLEL_FROM = 20_000
# Registry files this large together (about 11,000 records of an .xlsx) are worth a helper
# started before the read (`start_helper`). Measured with and without one: 10,000 records
# (0.9 MB) 1.39 s against 1.76 s; 3,000 records 0.88 s against 0.86 s; the 328 of the example
# 0.54 s against 0.36 s (a helper still starting makes the run wait for it to end).
HELPER_FROM_BYTES = 1 << 20
# progress(stage, done, total): told as work is done; the CLI draws it.
Progress = Callable[[str, int, int], None]
_UNSAFE_NAME = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
# Thai vowels above and below and tone marks take no width of their own.
_NO_MARKS = dict.fromkeys([0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F)])
_MARKS = np.zeros(0x0E50, dtype=bool)  # by code point; every higher one is not a mark
_MARKS[list(_NO_MARKS)] = True
_CORE_TIME = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")

NOMINEE_HEADERS = (
    "ลำดับ",
    "ชื่อกลุ่ม/ผู้ประกอบการ",
    "ชื่อผลิตภัณฑ์",
    "ประเภทผลิตภัณฑ์",
    "ประเภทผู้ผลิต",
    "Quadrant",
    "ระดับดาว",
    "ปีที่ลงทะเบียน (พ.ศ.)",
)
PLACE_HEADERS = ("จังหวัด", "อำเภอ")
SOURCE_HEADERS = ("ชีตต้นฉบับ", "แถวต้นฉบับ")
FILE_HEADER = "ไฟล์ต้นฉบับ"
# Short values read best centred.
CENTERED = frozenset(
    {"ลำดับ", "Quadrant", "ระดับดาว", "ปีที่ลงทะเบียน (พ.ศ.)", "แถวต้นฉบับ", "แถว", "คอลัมน์"}
)


@dataclass(frozen=True)
class Written:
    """The files a run wrote."""

    folder: Path
    districts: tuple[Path, ...]
    summary: Path
    # Workbooks an earlier run wrote here that this run does not (with --force): removed, so a
    # district with no nominee any more cannot keep an old list.
    removed: tuple[Path, ...] = ()


@dataclass(frozen=True)
class Table:
    """One sheet: title lines, then a table: header -> the column's values, in column order."""

    name: str
    titles: list[str]
    columns: dict[str, np.ndarray]
    centered: frozenset[str] = CENTERED
    date_columns: frozenset[str] = field(default_factory=frozenset)
    # Display widths of the values, by column, when already worked out (see display_widths).
    widths: dict[str, np.ndarray] = field(default_factory=dict)
    # Room for handwriting: a column at least this wide (in characters), rows this many lines.
    min_widths: dict[str, int] = field(default_factory=dict)
    min_lines: int = 1
    chart: dict | None = None  # a native chart beside the table (rustpy-xlsxwriter's form)
    title_columns: int = 0  # merge the title lines over at least this many columns
    # A long table's rows may be written by `sheetrows` (see book_bytes).
    long: bool = True
    # Columns already known by distinct value: header -> (codes, values) as
    # `values.factorize_cells` gives them. A long table's other columns are factorized.
    distinct: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    # The values are as cells hold them already (`cell_value`).
    cells: bool = False


def safe_filename(name: str) -> str:
    """A file name keeping every Thai vowel and tone mark; only characters no file system
    accepts are removed (Python's `\\W` would strip the marks)."""
    cleaned = _UNSAFE_NAME.sub("", unicodedata.normalize("NFC", name)).strip(" .")
    return cleaned or "ไม่ระบุชื่อ"


def district_title(district: str, province: str | None, official: bool) -> str:
    """`อำเภอบางคล้า จังหวัดฉะเชิงเทรา`; Bangkok's districts are already `เขต…`."""
    place = district if district.startswith(("เขต", "อำเภอ", "กิ่งอำเภอ")) else f"อำเภอ{district}"
    if not official:
        place += " (ชื่อตามทะเบียน ไม่พบในทำเนียบ)"
    if province == "กรุงเทพมหานคร":
        return f"{place} กรุงเทพมหานคร"
    return f"{place} จังหวัด{province}" if province else place


def plan_paths(selection: Selection, out_dir: Path) -> dict[tuple[str | None, str], Path]:
    """Where each district's workbook goes: DIR/<district>.xlsx, or DIR/<province>/<district>.xlsx
    when the run spans several provinces."""
    nested = selection.multi_province
    paths: dict[tuple[str | None, str], Path] = {}
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


def check_output(out_dir: Path, inputs: Iterable[str], *, force: bool) -> None:
    """Refuse an output folder that would overwrite workbooks or an input, unless forced."""
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(
            f"{out_dir}: is a file, not a folder. Give another --out folder.",
            f"{out_dir}: เป็นไฟล์ ไม่ใช่โฟลเดอร์ ระบุโฟลเดอร์อื่นใน --out",
        )
    inputs_resolved = {Path(p).resolve() for p in inputs}
    if out_dir.exists():
        existing = sorted(p.name for p in out_dir.rglob("*.xlsx"))
        if existing and not force:
            shown = ", ".join(existing[:3]) + (" ..." if len(existing) > 3 else "")
            raise OutputExistsError(
                f"{out_dir}: already holds workbooks ({shown}). Give another --out folder, "
                "or --force to replace them.",
                f"{out_dir}: มีไฟล์เวิร์กบุ๊กอยู่แล้ว ({shown}) ระบุโฟลเดอร์อื่นใน --out "
                "หรือใช้ --force เพื่อเขียนทับ",
            )
        clash = [p for p in out_dir.rglob("*") if p.resolve() in inputs_resolved]
        if clash:
            raise OutputError(
                f"{out_dir}: holds the input {clash[0].name}; outputs never go beside the "
                "registry they were read from. Give another --out folder.",
                f"{out_dir}: มีไฟล์ทะเบียนต้นฉบับ {clash[0].name} อยู่ จะไม่เขียนผลลัพธ์ไว้กับ"
                "ต้นฉบับ ระบุโฟลเดอร์อื่นใน --out",
            )


def write_workbooks(
    selection: Selection,
    out_dir: Path,
    *,
    force: bool = False,
    progress: Progress | None = None,
    helper: Helper | None = None,
) -> Written:
    """Write one nomination workbook per district with a nominee, and the province summary.

    A helper process writes the district workbooks while this one writes the summary:
    `helper` if given (`start_helper`: started early, its imports are done by the time it is
    needed, and then it pays at any size), else one started here for a large registry on two
    cores or more. `progress(stage, done, total)` is told as workbooks are written."""
    out_dir = Path(out_dir)
    try:
        check_output(out_dir, selection.files, force=force)
        if helper is None and len(selection.records) >= PARALLEL_FROM:
            helper = Helper.start()
        return _write(selection, out_dir, helper, progress)
    except OSError as exc:
        raise OutputError(
            f"{exc.filename or out_dir}: cannot write ({exc.strerror}). "
            "Check the folder is writable and has space, or give another --out folder.",
            f"{exc.filename or out_dir}: เขียนไฟล์ไม่ได้ ({exc.strerror}) ตรวจสอบสิทธิ์และพื้นที่ว่าง "
            "หรือระบุโฟลเดอร์อื่นใน --out",
        ) from exc
    finally:
        if helper is not None:
            helper.finish(out_dir)  # stops it first if this process is failing


def _write(
    selection: Selection, out_dir: Path, helper: Helper | None, progress: Progress | None
) -> Written:
    paths = plan_paths(selection, out_dir)
    total = len(paths) + 1
    tell = progress or (lambda stage, done, total: None)
    summary = out_dir / SUMMARY_NAME
    out_dir.mkdir(parents=True, exist_ok=True)
    if helper is not None:
        helper.stage(paths.values())  # it makes the files while this process works
    tell("write", 0, total)
    done = {"summary": 0, "districts": 0}
    lock = threading.Lock()

    def told(part: str, n: int) -> None:
        with lock:
            done[part] = n
            tell("write", sum(done.values()), total)

    job = _district_job(selection, paths)
    # The helper writes the district workbooks while this process writes the summary (its
    # sheet of every excluded record dominates).
    if helper is not None:
        helper.run(_write_districts, job, lambda n: told("districts", n))
    save_atomic(_summary_tables(selection, job), summary)
    told("summary", 1)
    if helper is None:
        _write_districts(job, _write_made, lambda n: told("districts", n))
    else:
        helper.finish(out_dir)
    tell("write", total, total)
    removed = _replace_manifest(out_dir, [summary, *paths.values()])
    return Written(out_dir, tuple(sorted(paths.values())), summary, removed)


def start_helper(registries: Iterable[str | Path]) -> Helper | None:
    """A helper process for `select` and `write_workbooks`, started before the registries are
    read when they are large enough that the run will want one: its interpreter starts and
    imports kbo while this process reads, on the other core. None for small registries."""
    try:
        size = sum(Path(p).stat().st_size for p in registries)
    except OSError:  # reading them will say what is wrong
        return None
    if size < HELPER_FROM_BYTES:
        return None
    # Imported as it starts, before it is needed: it reads values, then writes workbooks.
    return Helper.start(preload=("kbo_cli.core.normalise", "kbo_cli.output.workbook"))


def _write_made(data: bytes, path: Path) -> None:
    """Write one workbook, making its folder first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(data, path)


@dataclass(frozen=True)
class _Districts:
    """What the district workbooks are made of: all the helper process is sent."""

    criteria: Criteria
    tallies: list[DistrictCount]  # of the districts with a workbook, in filing order
    paths: dict[tuple[str | None, str], Path]
    nominees: dict[str, np.ndarray]  # nominee_frame
    dates: frozenset[str]
    widths: dict[str, np.ndarray]
    signins: dict[str, np.ndarray]  # signin_frame
    signin_widths: dict[str, np.ndarray]


def _district_job(selection: Selection, paths: dict[tuple[str | None, str], Path]) -> _Districts:
    """The nominees and their sign-in rows as the sheets show them, with their display widths:
    for the district workbooks at `paths`, and for the summary."""
    nominees, dates = nominee_frame(selection)
    nominees, widths = _as_cells(nominees)
    signins, signin_widths = _as_cells(signin_frame(selection))
    return _Districts(
        selection.criteria,
        [c for c in selection.by_district() if (c.province, c.district) in paths],
        paths,
        nominees,
        dates,
        widths,
        signins,
        signin_widths,
    )


def _as_cells(columns: dict[str, np.ndarray]) -> tuple[dict, dict[str, np.ndarray]]:
    """The columns with the values the sheets show (`_public`) as cells hold them
    (`cell_value`, worked out once per distinct value here rather than for every cell of 928
    district workbooks), and those columns' display widths."""
    cells, widths = dict(columns), {}
    for name, column in _public(columns).items():
        codes, values = distinct = _distinct_cells(column)
        made = np.empty(len(values) + 1, dtype=object)  # the last: an empty cell's
        made[:-1] = values.tolist() if values.dtype != object else values
        cells[name] = made[codes]
        widths[name] = display_widths(column, distinct)
    return cells, widths


def _write_districts(
    job: _Districts, write: Callable[[bytes, Path], None], report: Callable[[int], None]
) -> None:
    """Write each district workbook with `write(data, path)`, telling `report(n)` as they go.
    Run by the helper process (see `helper.Helper`), or by this one."""
    for n, (key, data) in enumerate(_district_books(_district_parts(job)), start=1):
        write(data, job.paths[key])
        report(n)


def _public(columns: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The columns a sheet shows: not the `_`-named ones that say where a row belongs."""
    return {c: v for c, v in columns.items() if not c.startswith("_")}


def _district_parts(job: _Districts):
    """(place, tables) of each district workbook, in filing order: each district's rows of
    the nomination and sign-in sheets, numbered from 1, without the place columns. Built from
    array slices: a pandas slice per district costs more than the workbook."""

    def rows_of(columns) -> dict[tuple, np.ndarray]:
        places = pd.Series(list(zip(columns["_province"], columns["_district"], strict=True)))
        return {key: np.asarray(index) for key, index in places.groupby(places).indices.items()}

    def part(columns, frame_widths, index):
        data = {c: v[index] for c, v in _public(columns).items() if c not in PLACE_HEADERS}
        data[NOMINEE_HEADERS[0]] = np.arange(1, len(index) + 1, dtype=object)
        return data, {c: frame_widths[c][index] for c in data if c in frame_widths}

    nominee_rows, signin_rows = rows_of(job.nominees), rows_of(job.signins)
    for tally in job.tallies:
        key = (tally.province, tally.district)
        columns, part_widths = part(job.nominees, job.widths, nominee_rows[key])
        tables = _district_tables(job.criteria, columns, tally, job.dates, part_widths)
        columns, part_widths = part(job.signins, job.signin_widths, signin_rows[key])
        tables.append(_signin_table(job.criteria, columns, tally, part_widths))
        yield key, tables


MANIFEST = ".kbo.json"  # not ".kbo-*": that is how temporary files are named


def _replace_manifest(out_dir: Path, written: list[Path]) -> tuple[Path, ...]:
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


def save_atomic(tables: list[Table], path: Path) -> None:
    """Write the sheets to a temporary file beside `path`, with fixed timestamps, then rename
    it into place."""
    write_atomic(book_bytes(tables), path)


# Zip records (PKWARE APPNOTE 4.3.7, 4.3.12, 4.3.16), for copying entries without recompressing.
_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_END = struct.Struct("<4s4H2LH")
_DOS_TIME = 0
_DOS_DATE = ((FIXED_TIME.year - 1980) << 9) | (FIXED_TIME.month << 5) | FIXED_TIME.day


def _fixed_times(
    data: bytes, entries: dict[str, bytes | Iterable[bytes]] | None = None, *, stamp: bool = True
) -> bytes:
    """The workbook with its creation time, and every entry's time, fixed (the writer stamps
    the current time into docProps/core.xml), and the entries named in `entries` given that
    content (bytes, or chunks of bytes compressed as they come). Other entries are copied as
    they are compressed; only core.xml and the given ones are compressed again. Sizes and CRCs
    move from trailing data descriptors into the headers. `stamp=False`: the times are fixed
    already."""
    entries = {k.encode(): v for k, v in (entries or {}).items()}
    end_at = data.rfind(b"PK\x05\x06")
    end = list(_END.unpack_from(data, end_at))
    count, central_at = end[4], end[6]
    body, central = bytearray(), bytearray()
    pos = central_at
    for _ in range(count):
        entry = list(_CENTRAL.unpack_from(data, pos))
        name_len, extra_len, comment_len, local_at = entry[10], entry[11], entry[12], entry[16]
        tail = data[pos + _CENTRAL.size : pos + _CENTRAL.size + name_len + extra_len + comment_len]
        name = tail[:name_len]
        local = list(_LOCAL.unpack_from(data, local_at))
        start = local_at + _LOCAL.size + local[9] + local[10]
        payload = data[start : start + entry[8]]
        if (stamp and name == b"docProps/core.xml") or name in entries:
            if name in entries:
                content = entries.pop(name)
            else:
                deflated = entry[4] == zipfile.ZIP_DEFLATED
                content = zlib.decompress(payload, -15) if deflated else payload
                fixed = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                content = _CORE_TIME.sub(rb"\g<1>" + fixed + rb"\g<2>", content)
            # A long sheet (given in chunks, from 2,000 rows) is compressed fast: level 6 took
            # three times as long (0.84 s against 0.24 s for 90 MB of XML) for a file a quarter
            # smaller.
            streamed = not isinstance(content, bytes)
            level = 1 if streamed or len(content) > 1 << 20 else 6
            packer = zlib.compressobj(level, zlib.DEFLATED, -15)
            crc, size, pieces = 0, 0, []
            for chunk in content if streamed else (content,):
                crc, size = zlib.crc32(chunk, crc), size + len(chunk)
                pieces.append(packer.compress(chunk))
            pieces.append(packer.flush())
            payload = b"".join(pieces)
            entry[4], entry[7], entry[8], entry[9] = zipfile.ZIP_DEFLATED, crc, len(payload), size
        entry[3] &= ~0x08  # no data descriptor: sizes are in the headers
        entry[5], entry[6] = _DOS_TIME, _DOS_DATE
        entry[16] = len(body)
        header = [
            b"PK\x03\x04",
            entry[2],
            entry[3],
            entry[4],
            _DOS_TIME,
            _DOS_DATE,
            entry[7],
            entry[8],
            entry[9],
            name_len,
            0,
        ]
        body += _LOCAL.pack(*header) + name + payload
        central += _CENTRAL.pack(*entry) + tail
        pos += _CENTRAL.size + name_len + extra_len + comment_len
    if entries:
        raise ValueError(f"no such entries to replace: {sorted(entries)}")
    end[5], end[6], end[7] = len(central), len(body), 0
    return bytes(body + central + _END.pack(*end))


def cell_value(value: object) -> object:
    """A value as it goes into a cell: numbers stay numbers, text stays text (leading zeros
    kept), dates stay dates; text that Excel would not store is made safe."""
    if value.__class__ is str:  # most cells; printable text holds no control character
        if value.isprintable():
            return value[:CELL_LIMIT]
        # Normalising has reported such text already; this only keeps the writer safe.
        return XLSX_ILLEGAL.sub("", value)[:CELL_LIMIT]
    if value is None or value is UNREADABLE:
        return None
    if isinstance(value, float):
        if value != value:
            return None
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, str):
        # Normalising has reported such text already; this only keeps the writer safe.
        return XLSX_ILLEGAL.sub("", value)[:CELL_LIMIT]
    if isinstance(value, dt.time | dt.timedelta):
        return str(value)
    return value


def _fmt(**kw) -> rx.Format:
    """A cell format (TH SarabunPSK, 16 pt unless `size`): made once per set of options, then
    shared by every workbook (a district workbook uses 28; making them took 0.1 ms)."""
    return _format(tuple(sorted(kw.items())))


@lru_cache(maxsize=256)
def _format(options: tuple) -> rx.Format:
    kw = dict(options)
    f = rx.Format().set_font_name(FONT).set_font_size(kw.get("size", SIZE))
    if kw.get("bold"):
        f = f.set_bold()
    if kw.get("border"):
        f = f.set_border("thin")
    if kw.get("align"):
        f = f.set_align(kw["align"])
    if kw.get("valign"):
        f = f.set_align(kw["valign"])
    if kw.get("wrap"):
        f = f.set_text_wrap()
    if kw.get("indent"):
        f = f.set_indent(kw["indent"])
    if kw.get("fill"):
        f = f.set_background_color(kw["fill"])
    if kw.get("num_format"):
        f = f.set_num_format(kw["num_format"])
    return f


def display_widths(column: np.ndarray, distinct=None) -> np.ndarray:
    """The display width of each value: characters less the Thai marks that take no width.
    Worked out once per distinct value (names repeat, vocabularies are small), the marks
    counted by numpy over all the distinct values at once. `distinct`: the column's
    (codes, distinct values), when already known."""
    codes, uniques = distinct or factorize_cells(column)
    if uniques.dtype == np.int64 and (not len(uniques) or np.abs(uniques).max() < 10**15):
        # Whole numbers: their digits, and a minus sign.
        digits = np.floor(np.log10(np.maximum(np.abs(uniques), 1))).astype(np.int64) + 1
        return np.append(digits + (uniques < 0), 0)[codes]
    texts = [u if u.__class__ is str else str(cell_value(u) or "") for u in uniques]
    joined = "\x00".join(texts)
    if joined.count("\x00") != max(len(texts) - 1, 0):  # a value holds the separator itself
        widths = [len(str(cell_value(t)).translate(_NO_MARKS)) for t in texts]
    else:
        chars = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
        counted = np.ones(len(chars) + 1, dtype=np.int64)
        counted[0] = 0
        counted[1:][_MARKS[np.minimum(chars, len(_MARKS) - 1)] | (chars == 0)] = 0
        total = np.cumsum(counted)
        bounds = np.flatnonzero(chars == 0)
        ends = np.append(bounds, len(chars))
        starts = np.insert(bounds + 1, 0, 0)
        widths = total[ends] - total[starts] if texts else []
    return np.append(np.asarray(widths, dtype=np.int64), 0)[codes]  # code -1 (empty): 0


@dataclass
class _Layout:
    """How a table is laid out: its column widths (in characters), the lines of each row, the
    lines of its header; and, when `sheetrows` writes its rows, its columns by distinct value."""

    widths: list[float]
    lines: np.ndarray
    header_lines: int
    distinct: dict[str, tuple[np.ndarray, np.ndarray]] | None


def _layout(t: Table, by_kbo: bool) -> _Layout:
    headers = list(t.columns)
    rows = len(next(iter(t.columns.values()))) if headers else 0
    # A long table's columns by distinct value, for its widths and then its rows; a short
    # one's cell by cell (factorizing a few cells costs more than it saves).
    cells = _distinct_cells if rows > SHORT_TABLE else _as_they_are if t.cells else _each_cell
    distinct = {c: _known_cells(t, c) or cells(t.columns[c]) for c in headers} if by_kbo else None
    widths, lines = [], np.full(rows, t.min_lines, dtype=int)
    for name in headers:
        values = t.widths.get(name)
        if values is None:
            values = display_widths(t.columns[name], distinct and distinct[name])
        longest = max([*(len(w) for w in str(name).split()), 0])
        want = max(min(longest, 14), int(values.max()) if len(values) else 0)
        want = max(want, t.min_widths.get(name, 0))
        col_width = min(5 + want * CHAR_WIDTH, MAX_WIDTH)
        widths.append(col_width)
        per_line = (col_width - 4) / CHAR_WIDTH
        if len(values) and values.max() > per_line:
            # Wrapping breaks at spaces, so a wrapped line holds less than a full width.
            wrapped = np.ceil(values / max(1.0, per_line * 0.8)).astype(int)
            lines = np.maximum(lines, np.where(values > per_line, wrapped, 1))
    lines = np.minimum(lines, MAX_LINES)
    header_lines = (
        max(
            -(-len(str(h)) // max(1, int((w - 4) / CHAR_WIDTH)))
            for h, w in zip(headers, widths, strict=True)
        )
        if headers
        else 1
    )
    return _Layout(widths, lines, max(header_lines, 1), distinct)


def book_bytes(tables: list[Table]) -> bytes:
    """One workbook with a laid-out sheet per table, as bytes, with fixed timestamps.

    A table longer than LONG_TABLE goes to the writer with its header only; its rows are
    written by `sheetrows` and put in."""
    by_kbo = [_is_long(t, len(next(iter(t.columns.values()), ()))) for t in tables]
    layouts = [_layout(t, k) for t, k in zip(tables, by_kbo, strict=True)]
    data = _writer_book(tables, layouts)
    pairs = enumerate(zip(tables, layouts, strict=True))
    spliced = [(i, t, lay) for i, (t, lay) in pairs if lay.distinct is not None]
    if not spliced:
        return _fixed_times(data)
    try:
        return _fixed_times(data, _long_rows(_entries(data), spliced))
    except sheetrows.Unexpected:  # never seen; then the writer writes every row itself
        return book_bytes([replace(t, long=False) for t in tables])


def _entries(data: bytes) -> dict[str, bytes]:
    """Every entry of a zip, uncompressed, by name."""
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return {n: book.read(n) for n in book.namelist()}


def _writer_book(tables: list[Table], layouts: list[_Layout]) -> bytes:
    """The writer's workbook of the tables as laid out; a table whose rows `sheetrows` writes
    (its layout has `distinct`) goes to the writer with its header only."""
    options: dict[str, dict] = {
        k: {}
        for k in (
            "header_row",
            "merge_ranges",
            "header_format",
            "column_formats",
            "column_widths",
            "row_heights",
            "freeze_panes",
            "autofilter",
            "page_setup",
            "sheet_view",
            "dedupe_strings",
            "charts",
        )
    }
    sheets = []
    for t, lay in zip(tables, layouts, strict=True):
        headers = list(t.columns)
        rows = len(lay.lines)
        width = len(headers)
        head = len(t.titles)
        name = t.name
        options["header_row"][name] = head
        options["merge_ranges"][name] = [
            (
                i,
                0,
                i,
                max(width, t.title_columns, 1) - 1,
                title,
                _fmt(bold=True, size=SIZE + 2 if i == 0 else SIZE, align="center"),
            )
            for i, title in enumerate(t.titles)
        ]
        options["header_format"][name] = _fmt(
            bold=True, border=True, align="center", valign="vcenter", wrap=True, fill="#D9D9D9"
        )
        options["column_formats"][name] = [
            _fmt(
                border=True,
                wrap=True,
                valign="top",
                align="center" if c in t.centered else "left",
                indent=0 if c in t.centered else 1,
                num_format=DATE_FORMAT if c in t.date_columns else None,
            )
            for c in headers
        ]
        options["column_widths"][name] = lay.widths
        heights = {i: LINE_HEIGHT + 4 for i in range(head)}
        heights[head] = LINE_HEIGHT * lay.header_lines
        if lay.distinct is None:
            heights.update({head + 1 + i: LINE_HEIGHT * int(n) for i, n in enumerate(lay.lines)})
        options["row_heights"][name] = heights
        options["freeze_panes"][name] = {"row": head + 1, "col": 0}
        options["autofilter"][name] = True
        options["page_setup"][name] = {
            "landscape": True,
            "paper_size": 9,  # A4
            "fit_to_pages": (1, 0),
            "repeat_rows": (head, head),
            "center_horizontally": True,
            "margins": {"left": 0.4, "right": 0.4, "top": 0.6, "bottom": 0.8, "footer": 0.3},
            "footer": f"&Cหน้า &P จาก &N&R&8{GAZETTEER_CREDIT}",
        }
        options["sheet_view"][name] = {"zoom": 90}
        # The writer's streaming mode drops the heights of merged title rows and writes the last
        # row twice; buffered ("dedupe") mode writes every row once, as a test checks.
        options["dedupe_strings"][name] = True
        if t.chart and rows:
            options["charts"][name] = [t.chart]
        by_kbo = lay.distinct is not None
        shown = {c: v[:0] for c, v in t.columns.items()} if by_kbo else t.columns
        sheets.append((name, _records(shown, 0 if by_kbo else rows)))
    buffer = io.BytesIO()
    rx.write_worksheets(sheets, buffer, datetime_format=DATE_FORMAT, **options)
    return buffer.getvalue()


# From this many rows a table's rows are written by `sheetrows`, not by the writer.
LONG_TABLE = 2_000


def _distinct_cells(column: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(codes, distinct values as cells hold them: `cell_value`) of a column. A column of
    whole numbers (the source rows) is given a code per cell and its values as an int64 array,
    which `sheetrows` and `display_widths` take whole."""
    if (
        column.dtype == object
        and len(column)
        and column[0].__class__ is int  # a text column is told by its first cell
        and set(map(type, column)) == {int}
    ):
        values = np.asarray(column.tolist())
        if values.dtype == np.int64:
            return np.arange(len(values)), values
    codes, uniques = factorize_cells(column)
    values = np.empty(len(uniques), dtype=object)
    values[:] = [cell_value(u) for u in uniques]
    return codes, values


def _known_cells(t: Table, header: str) -> tuple[np.ndarray, np.ndarray] | None:
    """A column's (codes, distinct values as cells hold them) from `Table.distinct`, if there."""
    if header not in t.distinct:
        return None
    codes, values = t.distinct[header]
    cells = np.empty(len(values), dtype=object)
    cells[:] = [cell_value(v) for v in values]
    return codes, cells


# Up to this many rows a table's columns are not factorized for `sheetrows`.
SHORT_TABLE = 64


def _each_cell(column) -> tuple[np.ndarray, np.ndarray]:
    """(codes, values as cells hold them) of a short column, a code per cell."""
    values = np.empty(len(column), dtype=object)
    values[:] = [cell_value(v) for v in column]
    return np.arange(len(values)), values


def _as_they_are(column) -> tuple[np.ndarray, np.ndarray]:
    """(codes, values) of a short column of cell values, a code per cell."""
    return np.arange(len(column)), column


def _is_long(t: Table, rows: int) -> bool:
    return t.long and rows > LONG_TABLE and not t.chart


def _sheet_entry(index: int) -> str:
    """The zip entry of the writer's `index`-th sheet (from 0)."""
    return f"xl/worksheets/sheet{index + 1}.xml"


def _long_rows(
    read: dict[str, bytes], spliced: list[tuple], strings: dict[str, int] | None = None
) -> dict[str, bytes | Iterator[bytes]]:
    """The entries of the writer's workbook (`read`, uncompressed) that change when the rows
    of the tables `sheetrows` writes are put in: their sheets, the shared strings and the
    workbook's filter ranges. `spliced`: (sheet index, table, layout) of those tables.
    `strings`: the workbook's shared strings (text -> index), when known; else they are read."""
    before = read["xl/sharedStrings.xml"].decode("utf-8")
    strings = dict(strings) if strings is not None else sheetrows.shared_strings(before)
    workbook = read["xl/workbook.xml"]
    entries, added = {}, 0
    for index, t, lay in spliced:
        name = _sheet_entry(index)
        headers = list(t.columns)
        styles = sheetrows.column_styles(read[name], len(headers))
        first = len(t.titles) + 2  # title rows, the header row, then the data (1-based)
        rows, cells = sheetrows.rows_xml(
            [lay.distinct[h] for h in headers], first, LINE_HEIGHT * lay.lines, styles, strings
        )
        last = first + len(lay.lines) - 1
        entries[name] = sheetrows.splice_rows(read[name], rows, last, len(headers))
        workbook = sheetrows.filter_range(workbook, index, last)
        added += cells
    entries["xl/workbook.xml"] = workbook
    entries["xl/sharedStrings.xml"] = sheetrows.sst_xml(strings, before, added)
    return entries


class _Template:
    """A workbook laid out once by the writer with no rows, then filled for every set of
    tables laid out alike: the district workbooks, 928 of them in a national run. The writer
    spends 0.65 ms on each workbook it writes, most of it on what they share; filled from the
    template, a district workbook takes only its own parts.

    For each workbook the template's sheets get their own column widths (`<cols>`), header
    height and title lines (in the shared strings), and their rows are put in by `sheetrows`
    as a long table's are (`_long_rows`). Made, it checks that it writes the widths and the
    header height exactly as the writer did; `book` returns None for tables laid out otherwise
    or titles it cannot place, and the caller lets the writer write those."""

    def __init__(self, tables: list[Table]) -> None:
        layouts = [_layout(t, by_kbo=True) for t in tables]
        self.key = _layout_key(tables)
        self.raw = _fixed_times(_writer_book(tables, layouts))
        self.read = _entries(self.raw)
        self.styles, self.titles, shown = [], [], Counter()
        for j, (t, lay) in enumerate(zip(tables, layouts, strict=True)):
            xml = self.read[_sheet_entry(j)]
            shown.update(sheetrows.string_cells(xml))
            styles = sheetrows.column_styles(xml, len(t.columns))
            header = len(t.titles) + 1
            height = sheetrows.row_height(xml, header)
            if sheetrows.cols_xml(lay.widths, styles) != sheetrows.cols_of(xml) or (
                height != sheetrows.written_number(LINE_HEIGHT * lay.header_lines)
            ):
                raise sheetrows.Unexpected("the writer lays out widths or heights otherwise")
            self.styles.append(styles)
            self.titles.append(sheetrows.title_strings(xml, len(t.titles)))
        # A title line's string must show in the title cells only: one the writer shared with
        # a header or another cell (the same text) could not be given another district's title.
        in_titles = Counter(i for titles in self.titles for i in titles)
        if any(shown[i] != n for i, n in in_titles.items()):
            raise sheetrows.Unexpected("a title line shares its string with another cell")
        self.sst = self.read["xl/sharedStrings.xml"].decode("utf-8")
        self.texts = list(sheetrows.shared_strings(self.sst))
        self.items = [sheetrows.sst_item(t) for t in self.texts]

    def book(self, tables: list[Table]) -> bytes | None:
        """The workbook of these tables, or None when they are not laid out as the template."""
        if _layout_key(tables) != self.key:
            return None
        layouts = [_layout(t, by_kbo=True) for t in tables]
        read, items, texts, placed = dict(self.read), list(self.items), list(self.texts), {}
        for j, (t, lay) in enumerate(zip(tables, layouts, strict=True)):
            name = _sheet_entry(j)
            xml = sheetrows.with_cols(read[name], sheetrows.cols_xml(lay.widths, self.styles[j]))
            read[name] = sheetrows.with_row_height(
                xml, len(t.titles) + 1, LINE_HEIGHT * lay.header_lines
            )
            for index, title in zip(self.titles[j], t.titles, strict=True):
                # Title lines the template's sheets share (the district's name) must be shared
                # here too.
                if placed.setdefault(index, title) != title:
                    return None
                items[index], texts[index] = sheetrows.sst_item(title), title
        strings = {text: i for i, text in enumerate(texts)}
        if len(strings) != len(texts):  # a title the same as another string: the writer's job
            return None
        try:
            read["xl/sharedStrings.xml"] = sheetrows.sst_of(items, self.sst)
            spliced = [(j, t, lay) for j, (t, lay) in enumerate(zip(tables, layouts, strict=True))]
            return _fixed_times(self.raw, _long_rows(read, spliced, strings), stamp=False)
        except sheetrows.Unexpected:  # never seen; the writer's job then
            return None


def _layout_key(tables: list[Table]) -> tuple:
    """What lays tables out alike, apart from their titles' text, widths and rows."""
    return tuple(
        (
            t.name,
            tuple(t.columns),
            len(t.titles),
            t.centered,
            t.date_columns,
            tuple(sorted(t.min_widths.items())),
            t.min_lines,
            t.title_columns,
            t.chart is None,
        )
        for t in tables
    )


def _district_books(parts: Iterable[tuple[object, list[Table]]]):
    """(key, workbook) of each (key, tables) of the district workbooks, in order: filled from a
    template laid out on the first (`_Template`), or written by the writer where that cannot
    be done."""
    template: _Template | None = None
    tried = False
    for key, tables in parts:
        if not tried:
            tried = True
            try:
                template = _Template(tables)
            except sheetrows.Unexpected:  # never seen; then the writer writes each one
                template = None
        data = template.book(tables) if template else None
        yield key, data if data is not None else book_bytes(tables)


# Up to this many rows a sheet goes to the writer as a list of dicts (cheap to build and hand
# over); a longer one as a DataFrame.
RECORDS_UP_TO = 2_000


def _records(columns: dict[str, np.ndarray], rows: int):
    """A table as the writer takes it."""
    if rows > RECORDS_UP_TO or not rows:  # an empty table keeps its header row
        return pd.DataFrame({c: pd.Series(v, dtype=object) for c, v in columns.items()})
    headers = list(columns)
    values = [v.tolist() if isinstance(v, np.ndarray) else list(v) for v in columns.values()]
    return [dict(zip(headers, row, strict=True)) for row in zip(*values, strict=True)]


def _safe_column(values: pd.Series) -> pd.Series:
    return values.map(cell_value).astype(object)


def _array(values) -> np.ndarray:
    """A column as an object array of plain Python values."""
    if isinstance(values, pd.Series):
        values = values.to_numpy(dtype=object)
    array = np.empty(len(values), dtype=object)
    array[:] = values.tolist() if isinstance(values, np.ndarray) else list(values)
    return array


def nominee_frame(selection: Selection) -> tuple[dict[str, np.ndarray], frozenset[str]]:
    """Every nominee as the nomination sheet shows it (with the place columns), in filing
    order, and the carried columns that hold dates. `_province` and `_district` say where
    each row belongs."""
    nominees = selection.nominees
    official = vocab().producer_type_official
    columns = {
        "_province": nominees["province"],
        "_district": nominees["district"],
        NOMINEE_HEADERS[0]: range(1, len(nominees) + 1),
        PLACE_HEADERS[0]: nominees["province"],
        PLACE_HEADERS[1]: nominees["district"],
        NOMINEE_HEADERS[1]: nominees["producer"],
        NOMINEE_HEADERS[2]: nominees["product"],
        NOMINEE_HEADERS[3]: nominees["category"],
        NOMINEE_HEADERS[4]: nominees["producer_type"].map(lambda c: official.get(c, c)),
        NOMINEE_HEADERS[5]: nominees["quadrant"],
        NOMINEE_HEADERS[6]: nominees["stars"],
        NOMINEE_HEADERS[7]: nominees["registered"],
    }
    dates = set()
    carried = selection.carried.loc[nominees.index]
    for name in carried.columns:
        values = carried[name]
        if values.isna().all():
            continue  # a column empty for every nominee is left out
        filled = values.dropna()
        if len(filled) and filled.map(lambda v: isinstance(v, dt.date)).all():
            dates.add(name)
        else:  # a date among text or numbers is shown as the date it is
            values = values.map(lambda v: v.strftime("%d/%m/%Y") if isinstance(v, dt.date) else v)
        columns[name] = _safe_column(values)
    if len(selection.files) > 1:
        columns[FILE_HEADER] = nominees["file"].map(lambda f: Path(f).name)
    columns[SOURCE_HEADERS[0]] = nominees["sheet"]
    columns[SOURCE_HEADERS[1]] = nominees["row"]
    return {k: _array(v) for k, v in columns.items()}, frozenset(dates)


def _titles(c: Criteria, heading: str, place: str) -> list[str]:
    return [
        heading,
        f"{c.title} ปีงบประมาณ พ.ศ. {c.fiscal_year}",
        place,
        f"เกณฑ์การคัดเลือก: {c.describe('th')}",
    ]


def _district_tables(
    criteria: Criteria, part: dict[str, np.ndarray], tally, dates, widths
) -> list[Table]:
    titles = _titles(
        criteria,
        "ทะเบียนรายชื่อผู้ผลิต ผู้ประกอบการ OTOP ที่ได้รับการคัดเลือก",
        district_title(tally.district, tally.province, tally.official),
    )
    titles.append(f"จำนวน {tally.eligible} ผลิตภัณฑ์ จาก {tally.producers} กลุ่ม/ผู้ประกอบการ")
    return [Table(NOMINATION_SHEET, titles, part, date_columns=dates, widths=widths, cells=True)]


SIGNIN_SHEET = "ใบลงทะเบียนเข้าร่วมประชุม"
SIGNIN_BLANKS = {"ชื่อ-สกุล ผู้แทนที่มาประชุม": 28, "เบอร์โทรศัพท์": 14, "ลายมือชื่อ": 16}


def signin_frame(selection: Selection) -> dict[str, np.ndarray]:
    """One row per nominated producer (not per product), with the products to bring, in
    filing order, and empty columns to fill in at the meeting. `_province` and `_district`
    say where each row belongs."""
    nominees = selection.nominees
    keys = name_keys(nominees["producer"])  # the same producer as the tallies count
    groups: dict[tuple, list[str]] = {}
    names: dict[tuple, str] = {}
    for prov, dist, key, name, product in zip(
        nominees["province"],
        nominees["district"],
        keys,
        nominees["producer"],
        nominees["product"],
        strict=True,
    ):
        group = (prov, dist, key)
        names.setdefault(group, name)
        products = groups.setdefault(group, [])
        if product not in products:
            products.append(product)
    rows = [
        [prov, dist, n, prov, dist, names[g], ", ".join(groups[g]), None, None, None]
        for n, g in enumerate(groups, start=1)
        for prov, dist, _ in [g]
    ]
    headers = [
        "_province",
        "_district",
        NOMINEE_HEADERS[0],
        *PLACE_HEADERS,
        NOMINEE_HEADERS[1],
        "ผลิตภัณฑ์ที่นำตัวอย่างมา",
        *SIGNIN_BLANKS,
    ]
    return _frame(headers, rows)


def _signin_table(criteria: Criteria, columns: dict[str, np.ndarray], tally, widths) -> Table:
    m = criteria.meeting
    place = district_title(tally.district, tally.province, tally.official) if tally else "ทุกอำเภอ"
    province = (tally.province if tally else criteria.province) or ""
    titles = [
        "ใบลงทะเบียนผู้เข้าร่วมประชุมคณะกรรมการเครือข่ายองค์ความรู้ (Knowledge-Based OTOP : KBO)"
        + (f" จังหวัด{province}" if province and province != "กรุงเทพมหานคร" else ""),
        f"วันที่ {thai_date(m.date)} เวลา {thai_digits(m.time)} น. ณ {m.venue}",
        place,
        "โปรดนำตัวอย่างผลิตภัณฑ์มาด้วย",
    ]
    return Table(
        SIGNIN_SHEET,
        titles,
        columns,
        min_widths=SIGNIN_BLANKS,
        min_lines=2,  # room to sign
        widths=widths,
        cells=True,  # from _district_job
    )


def _summary_tables(selection: Selection, job: _Districts) -> list[Table]:
    """The summary's sheets: the tallies, the chart, every nominee, every excluded record, the
    data issues, and the sign-in sheet of every district."""
    counts = selection.by_district()
    codes = selection.reason_codes()
    totals = selection.counts
    provinces = sorted({c.province for c in counts if c.province})
    place = "จังหวัด" + ", ".join(provinces) if provinces else "ไม่ระบุจังหวัด"
    reason_headers = [f"ไม่ผ่าน: {selection.reason_text((code,))}" for code in codes]
    count_rows = [
        [
            c.province,
            c.district,
            c.records,
            c.eligible,
            c.producers,
            c.excluded,
            *(c.excluded_by_reason.get(code, 0) for code in codes),
        ]
        for c in counts
    ]
    count_rows.append(
        [
            "รวม",
            "",
            totals["records"],
            totals["eligible"],
            sum(c.producers for c in counts),
            totals["excluded"],
            *(sum(c.excluded_by_reason.get(code, 0) for c in counts) for code in codes),
        ]
    )
    count_headers = [
        "จังหวัด",
        "อำเภอ",
        "จำนวนรายการ",
        "ผลิตภัณฑ์ที่ได้รับคัดเลือก",
        "กลุ่ม/ผู้ประกอบการที่ได้รับคัดเลือก",
        "ไม่ผ่านเกณฑ์",
        *reason_headers,
    ]
    titles = _titles(selection.criteria, "สรุปผลการคัดเลือกผู้ผลิต ผู้ประกอบการ OTOP", place)
    titles.append(
        f"อ่าน {totals['records']} รายการ · ได้รับคัดเลือก {totals['eligible']} · "
        f"ไม่ผ่านเกณฑ์ {totals['excluded']} · แถวที่ไม่ใช่รายการ {totals['skipped']} · "
        f"ปัญหาข้อมูล {totals['issues']} (รายการหนึ่งอาจไม่ผ่านเกณฑ์หลายข้อ)"
    )
    excluded = excluded_frame(selection)
    return [
        Table(
            "สรุปรายอำเภอ",
            titles,
            _frame(count_headers, count_rows),
            centered=frozenset(count_headers[2:]),
        ),
        _chart_table(selection, counts, place),
        Table(
            NOMINATION_SHEET,
            _titles(selection.criteria, "รายชื่อผู้ได้รับการคัดเลือก ทุกอำเภอ", place),
            _public(job.nominees),
            date_columns=job.dates,
            widths=job.widths,
        ),
        Table(
            "รายการที่ไม่ผ่านเกณฑ์",
            _titles(selection.criteria, "รายการที่ไม่ผ่านเกณฑ์การคัดเลือก", place),
            excluded[0],
            distinct=excluded[1],
        ),
        Table(
            "ปัญหาข้อมูล",
            _titles(selection.criteria, "ปัญหาข้อมูลในทะเบียน", place),
            issue_frame(selection),
        ),
        _signin_table(selection.criteria, _public(job.signins), None, job.signin_widths),
    ]


CHART_SHEET = "แผนภูมิ"


def _chart_table(selection: Selection, counts, place: str) -> Table:
    """Nominees per district (per province for a national run) as a native bar chart beside
    its own small table: the count sheet's totals row would otherwise be drawn as a bar."""
    if selection.multi_province:
        totals: dict[str, int] = {}
        for c in counts:
            totals[c.province or "-"] = totals.get(c.province or "-", 0) + c.eligible
        rows = list(totals.items())
        what = "จังหวัด"
    else:
        rows = [(c.district or "-", c.eligible) for c in counts]
        what = "อำเภอ"
    value = "ผลิตภัณฑ์ที่ได้รับคัดเลือก"
    title = f"จำนวนผลิตภัณฑ์ที่ได้รับคัดเลือกราย{what}"
    chart = {
        "type": "bar",
        "series": [value],
        "categories": what,
        "title": title,
        "legend": False,
        "width": 720,
        "height": max(320, 22 * len(rows) + 80),
    }
    return Table(
        CHART_SHEET,
        _titles(selection.criteria, title, place),
        _frame([what, value], [list(r) for r in rows]),
        centered=frozenset({value}),
        chart=chart,
        title_columns=14,  # the titles run over the chart too
    )


def _frame(headers: list[str], rows: list[list[object]]) -> dict[str, np.ndarray]:
    """Rows as columns."""
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(headers)
    return {h: _array(c) for h, c in zip(headers, columns, strict=True)}


# The excluded records' sheet: its headers and the records' columns they show.
EXCLUDED_COLUMNS = {
    "จังหวัด": "province",
    "อำเภอ": "district",
    "ชื่อกลุ่ม/ผู้ประกอบการ": "producer",
    "ชื่อผลิตภัณฑ์": "product",
    "ประเภทผู้ผลิต (ตามทะเบียน)": "producer_type_written",
    "Quadrant (ตามทะเบียน)": "quadrant_written",
    "ระดับดาว (ตามทะเบียน)": "stars_written",
    "ปีที่ลงทะเบียน (ตามทะเบียน)": "registered_written",
}
REASONS_HEADER = "เหตุผลที่ไม่ผ่าน"


def excluded_frame(selection: Selection) -> tuple[dict[str, np.ndarray], dict[str, tuple]]:
    """Every excluded record with its values as written and its reasons in Thai (worked out
    once per distinct combination of reasons); and the columns known by distinct value
    (`Table.distinct`), which a sheet of 180,000 rows would otherwise factorize again."""
    records = selection.records
    excluded = selection.excluded
    rows = ~records["nominated"].to_numpy(dtype=bool)
    codes, combos = pd.factorize(excluded["reasons"].to_numpy(dtype=object))
    texts = np.empty(len(combos), dtype=object)
    texts[:] = [selection.reason_text(rs) for rs in combos]
    dup = excluded["duplicate_of"].to_numpy(dtype=object)
    has_dup = np.asarray([d is not None for d in dup], dtype=bool)
    if has_dup.any():  # a copy's reasons name the record it copies
        first = records.loc[dup[has_dup].astype(int)]
        note = " (ซ้ำกับชีต " + first["sheet"].astype(str) + " แถว " + first["row"].astype(str) + ")"
        noted, notes = pd.factorize(texts[codes[has_dup]] + note.to_numpy(dtype=object))
        codes[has_dup] = len(texts) + noted
        texts = np.concatenate([texts, notes.astype(object)])
    columns = {header: excluded[name] for header, name in EXCLUDED_COLUMNS.items()}
    columns[REASONS_HEADER] = texts[codes]
    if len(selection.files) > 1:
        columns[FILE_HEADER] = excluded["file"].map(lambda f: Path(f).name)
    columns[SOURCE_HEADERS[0]] = excluded["sheet"]
    columns[SOURCE_HEADERS[1]] = excluded["row"]
    distinct = {REASONS_HEADER: first_seen(codes, texts)}
    for header, name in [*EXCLUDED_COLUMNS.items(), (SOURCE_HEADERS[0], "sheet")]:
        known = selection.distinct(name, rows)
        if known is not None:
            distinct[header] = known
    return {k: _array(v) for k, v in columns.items()}, distinct


def issue_frame(selection: Selection) -> dict[str, np.ndarray]:
    """The data issues, the rows that are not records and the sheets not read."""
    rows = [
        [
            Path(i.file).name,
            i.sheet,
            i.row,
            i.column,
            i.header,
            label("fields", i.field),
            i.value,
            label("problems", i.problem),
        ]
        for i in selection.issues
    ]
    rows += [
        [
            Path(s.file).name,
            s.sheet,
            s.row,
            "",
            "",
            "แถวที่ไม่ใช่รายการ",
            s.text,
            label("skipped", s.kind),
        ]
        for s in selection.skipped
    ]
    rows += [
        [Path(f).name, sheet, "", "", "", "ชีต", "", "ไม่พบหัวตารางทะเบียน ไม่ได้อ่านชีตนี้"]
        for f, sheet in selection.other_sheets
    ]
    rows += [
        [
            "",
            "",
            o.rows,
            "",
            "",
            "นอกขอบเขต",
            f"{o.district or '-'} {o.province or ''}".strip(),
            f"{o.rows} แถว ไม่อยู่ในจังหวัด/อำเภอที่เลือก ไม่ได้พิจารณา",
        ]
        for o in selection.out_of_scope
    ]
    headers = ["ไฟล์", "ชีต", "แถว", "คอลัมน์", "หัวคอลัมน์", "ข้อมูล", "ค่าที่พบ", "ปัญหา"]
    return _frame(headers, rows)

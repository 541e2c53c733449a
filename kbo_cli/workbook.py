"""Writing the nomination workbooks: one per district, and the province summary.

Laid out as a Thai government office files a list: TH SarabunPSK 16 pt, bold bordered header,
frozen header with an autofilter, A4 landscape one page wide with the header repeated on every
printed page, page numbers in the footer. Each file is written to a temporary file in the same
folder and renamed into place, so an interrupted run never leaves a half-written workbook.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from kbo_cli.districts import GAZETTEER_CREDIT
from kbo_cli.errors import OutputError, OutputExistsError
from kbo_cli.normalise import DataIssue
from kbo_cli.result import DistrictCount, Selection
from kbo_cli.text import CELL_LIMIT, XLSX_ILLEGAL
from kbo_cli.values import UNREADABLE
from kbo_cli.vocab import label, vocab

FONT = "TH SarabunPSK"
SIZE = 16
SUMMARY_NAME = "สรุปผลการคัดเลือก.xlsx"
NOMINATION_SHEET = "รายชื่อผู้ได้รับการคัดเลือก"
# Fixed file timestamps: the same input and rules give byte-identical workbooks.
FIXED_TIME = dt.datetime(2020, 1, 1)
# TH SarabunPSK 16 pt: about 1.2 default-font character widths per Thai character, 24 pt a line.
CHAR_WIDTH = 1.2
MAX_WIDTH = 48
LINE_HEIGHT = 24

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_FONT = Font(name=FONT, size=SIZE)
_BOLD = Font(name=FONT, size=SIZE, bold=True)
_TITLE = Font(name=FONT, size=SIZE + 2, bold=True)
_WRAP_TOP = Alignment(horizontal="left", vertical="top", wrap_text=True, indent=1)
_CENTER_TOP = Alignment(horizontal="center", vertical="top", wrap_text=True)
_HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
_UNSAFE_NAME = re.compile(r'[<>:"/\\|?*\x00-\x1f]')

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
SOURCE_HEADERS = ("ชีตต้นฉบับ", "แถวต้นฉบับ")
FILE_HEADER = "ไฟล์ต้นฉบับ"


@dataclass(frozen=True)
class Written:
    """The files a run wrote."""

    folder: Path
    districts: tuple[Path, ...]
    summary: Path


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
        raise OutputError(f"{out_dir}: is a file, not a folder. Give another --out folder.")
    inputs_resolved = {Path(p).resolve() for p in inputs}
    if out_dir.exists():
        existing = sorted(p.name for p in out_dir.rglob("*.xlsx"))
        if existing and not force:
            shown = ", ".join(existing[:3]) + (" ..." if len(existing) > 3 else "")
            raise OutputExistsError(
                f"{out_dir}: already holds workbooks ({shown}). Give another --out folder, "
                "or --force to replace them."
            )
        clash = [p for p in out_dir.rglob("*") if p.resolve() in inputs_resolved]
        if clash:
            raise OutputError(
                f"{out_dir}: holds the input {clash[0].name}; outputs never go beside the "
                "registry they were read from. Give another --out folder."
            )


def write_workbooks(selection: Selection, out_dir: Path, *, force: bool = False) -> Written:
    """Write one nomination workbook per district with a nominee, and the province summary."""
    out_dir = Path(out_dir)
    check_output(out_dir, selection.files, force=force)
    paths = plan_paths(selection, out_dir)
    nominees = selection.nominees
    carried = _carried_columns(selection, nominees)
    multi_file = len(selection.files) > 1
    written = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        groups = nominees.groupby(["province", "district"], dropna=False, sort=False)
        tallies = {(c.province, c.district): c for c in selection.by_district()}
        for (province, district), part in groups:
            tally = tallies[(None if pd.isna(province) else province, district)]
            path = paths[(tally.province, tally.district)]
            path.parent.mkdir(parents=True, exist_ok=True)
            book = _district_book(selection, part, tally, carried, multi_file)
            save_atomic(book, path)
            written.append(path)
        summary = out_dir / SUMMARY_NAME
        save_atomic(_summary_book(selection, carried, multi_file), summary)
    except OSError as exc:
        raise OutputError(
            f"{exc.filename or out_dir}: cannot write ({exc.strerror}). "
            "Check the folder is writable and has space, or give another --out folder."
        ) from exc
    return Written(out_dir, tuple(sorted(written)), summary)


def save_atomic(book: Workbook, path: Path) -> None:
    """Save to a temporary file beside `path`, with fixed timestamps, then rename into place."""
    book.properties.creator = "kbo"
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    # openpyxl stamps each zip entry with the current time; it writes to a stored (uncompressed)
    # buffer first, and the entries are copied once, compressed, with a fixed time.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        ExcelWriter(book, archive).save()
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".kbo-", suffix=".tmp", dir=path.parent)
        with (
            os.fdopen(fd, "wb") as handle,
            zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as out,
            zipfile.ZipFile(buffer) as src,
        ):
            for item in src.infolist():
                info = zipfile.ZipInfo(item.filename, date_time=FIXED_TIME.timetuple()[:6])
                info.compress_type = zipfile.ZIP_DEFLATED
                out.writestr(info, src.read(item.filename))
        os.replace(tmp, path)
    except BaseException:  # Ctrl-C and SIGTERM included: never leave a partial file behind
        if tmp:
            Path(tmp).unlink(missing_ok=True)
        raise


def _carried_columns(selection: Selection, nominees: pd.DataFrame) -> list[str]:
    carried = selection.carried
    return [c for c in carried.columns if carried.loc[nominees.index, c].notna().any()]


def cell_value(value: object) -> object:
    """A value as it goes into a cell: numbers stay numbers, text stays text (leading zeros
    kept), dates stay dates; text that Excel would not store is made safe."""
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


def _put(
    ws: Worksheet, row: int, col: int, value: object, font=_FONT, align=_WRAP_TOP, border=True
):
    cell = ws.cell(row=row, column=col)
    value = cell_value(value)
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # registry text never becomes a formula
    if isinstance(value, dt.date):
        cell.number_format = "dd/mm/yyyy"
    cell.font = font
    cell.alignment = align
    if border:
        cell.border = _BORDER
    return cell


def _lines(values: Sequence[object], widths: Sequence[float]) -> int:
    """How many lines the tallest wrapped cell of a row takes."""
    lines = 1
    for value, width in zip(values, widths, strict=False):
        per_line = max(1.0, (width - 4) / CHAR_WIDTH)
        text = str(cell_value(value) or "")
        n = 0
        for part in text.split("\n"):
            w = _display_width(part)
            # Wrapping breaks at spaces, so a wrapped line holds less than a full width.
            n += 1 if w <= per_line else -(-w // int(per_line * 0.8))
        lines = max(lines, n)
    return lines


def _display_width(value: object) -> int:
    # Thai vowels above/below and tone marks take no width of their own.
    text = str(cell_value(value) or "")
    return sum(unicodedata.category(ch) != "Mn" for ch in text)


def write_table(
    ws: Worksheet,
    titles: Sequence[str],
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    centered: Iterable[int] = (),
) -> None:
    """A titled, bordered table laid out for printing on A4 landscape."""
    width = len(headers)
    for i, title in enumerate(titles, start=1):
        cell = ws.cell(row=i, column=1, value=title)
        cell.font = _TITLE if i == 1 else _BOLD
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=False)
        if width > 1:
            ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=width)
    head = len(titles) + 1
    rows = [list(r) for r in rows]
    # Column widths fit the longest value (headers may wrap at their spaces), within a cap.
    widths = [min(max(_display_width(w) for w in h.split()), 14) for h in headers]
    for values in rows:
        for j, value in enumerate(values):
            widths[j] = max(widths[j], _display_width(value))
    widths = [min(5 + w * CHAR_WIDTH, MAX_WIDTH) for w in widths]
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    for i in range(1, head):
        ws.row_dimensions[i].height = LINE_HEIGHT + 4
    for j, text in enumerate(headers, start=1):
        cell = _put(ws, head, j, text, font=_BOLD, align=_HEADER_ALIGN)
        cell.fill = _HEADER_FILL
    ws.row_dimensions[head].height = LINE_HEIGHT * _lines(headers, widths)
    centered = set(centered)
    last = head
    for last, values in enumerate(rows, start=head + 1):
        for j, value in enumerate(values, start=1):
            _put(ws, last, j, value, align=_CENTER_TOP if j in centered else _WRAP_TOP)
        # Spreadsheet programs do not grow rows for wrapped Thai text on their own.
        ws.row_dimensions[last].height = LINE_HEIGHT * _lines(values, widths)
    ws.freeze_panes = ws.cell(row=head + 1, column=1)
    ws.auto_filter.ref = f"A{head}:{get_column_letter(width)}{max(last, head)}"
    ws.print_title_rows = f"{head}:{head}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = 0.6
    ws.page_margins.bottom = 0.8
    ws.page_margins.footer = 0.3
    ws.oddFooter.center.text = "หน้า &P จาก &N"
    ws.oddFooter.right.text = GAZETTEER_CREDIT
    ws.oddFooter.right.size = 10
    ws.oddFooter.center.size = 14
    ws.sheet_view.zoomScale = 90


def _nominee_rows(
    selection: Selection, part: pd.DataFrame, carried: list[str], multi_file: bool, with_place: bool
):
    official = vocab().producer_type_official
    extra = selection.carried.loc[part.index, carried] if carried else None
    for seq, (idx, r) in enumerate(part.iterrows(), start=1):
        place = [r["province"], r["district"]] if with_place else []
        values = [
            seq,
            *place,
            r["producer"],
            r["product"],
            r["category"],
            official.get(r["producer_type"], r["producer_type"]),
            r["quadrant"],
            r["stars"],
            r["registered"],
        ]
        if extra is not None:
            values.extend(extra.loc[idx].tolist())
        if multi_file:
            values.append(Path(r["file"]).name)
        values.extend([r["sheet"], r["row"]])
        yield values


def _nominee_headers(carried: list[str], multi_file: bool, with_place: bool) -> list[str]:
    place = ["จังหวัด", "อำเภอ"] if with_place else []
    return [
        NOMINEE_HEADERS[0],
        *place,
        *NOMINEE_HEADERS[1:],
        *carried,
        *([FILE_HEADER] if multi_file else []),
        *SOURCE_HEADERS,
    ]


def _titles(selection: Selection, heading: str, place: str) -> list[str]:
    c = selection.criteria
    return [
        heading,
        f"{c.title} ปีงบประมาณ พ.ศ. {c.fiscal_year}",
        place,
        f"เกณฑ์การคัดเลือก: {c.describe('th')}",
    ]


def _district_book(
    selection: Selection,
    part: pd.DataFrame,
    tally: DistrictCount,
    carried: list[str],
    multi_file: bool,
) -> Workbook:
    book = Workbook()
    ws = book.active
    ws.title = NOMINATION_SHEET
    titles = _titles(
        selection,
        "ทะเบียนรายชื่อผู้ผลิต ผู้ประกอบการ OTOP ที่ได้รับการคัดเลือก",
        district_title(tally.district, tally.province, tally.official),
    )
    titles.append(f"จำนวน {tally.eligible} ผลิตภัณฑ์ จาก {tally.producers} กลุ่ม/ผู้ประกอบการ")
    headers = _nominee_headers(carried, multi_file, with_place=False)
    rows = _nominee_rows(selection, part, carried, multi_file, with_place=False)
    write_table(ws, titles, headers, rows, centered=(1, 6, 7, 8, len(headers)))
    return book


def _summary_book(selection: Selection, carried: list[str], multi_file: bool) -> Workbook:
    book = Workbook()
    counts = selection.by_district()
    codes = selection.reason_codes()
    totals = selection.counts
    provinces = sorted({c.province for c in counts if c.province})
    place = "จังหวัด" + ", ".join(provinces) if provinces else "ไม่ระบุจังหวัด"

    ws = book.active
    ws.title = "สรุปรายอำเภอ"
    headers = [
        "จังหวัด",
        "อำเภอ",
        "จำนวนรายการ",
        "ผลิตภัณฑ์ที่ได้รับคัดเลือก",
        "กลุ่ม/ผู้ประกอบการที่ได้รับคัดเลือก",
        "ไม่ผ่านเกณฑ์",
        *(f"ไม่ผ่าน: {selection.reason_text((code,))}" for code in codes),
    ]
    rows = [
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
    rows.append(
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
    titles = _titles(selection, "สรุปผลการคัดเลือกผู้ผลิต ผู้ประกอบการ OTOP", place)
    titles.append(
        f"อ่าน {totals['records']} รายการ · ได้รับคัดเลือก {totals['eligible']} · "
        f"ไม่ผ่านเกณฑ์ {totals['excluded']} · แถวที่ไม่ใช่รายการ {totals['skipped']} · "
        f"ปัญหาข้อมูล {totals['issues']} (รายการหนึ่งอาจไม่ผ่านเกณฑ์หลายข้อ)"
    )
    write_table(ws, titles, headers, rows, centered=range(3, len(headers) + 1))
    last = ws.max_row
    for j in range(1, len(headers) + 1):
        ws.cell(row=last, column=j).font = _BOLD

    ws = book.create_sheet(NOMINATION_SHEET)
    headers = _nominee_headers(carried, multi_file, with_place=True)
    rows = _nominee_rows(selection, selection.nominees, carried, multi_file, with_place=True)
    write_table(
        ws,
        _titles(selection, "รายชื่อผู้ได้รับการคัดเลือก ทุกอำเภอ", place),
        headers,
        rows,
        centered=(1, 8, 9, 10, len(headers)),
    )

    ws = book.create_sheet("รายการที่ไม่ผ่านเกณฑ์")
    excluded = selection.excluded
    headers = [
        "จังหวัด",
        "อำเภอ",
        "ชื่อกลุ่ม/ผู้ประกอบการ",
        "ชื่อผลิตภัณฑ์",
        "ประเภทผู้ผลิต (ตามทะเบียน)",
        "Quadrant (ตามทะเบียน)",
        "ระดับดาว (ตามทะเบียน)",
        "ปีที่ลงทะเบียน (ตามทะเบียน)",
        "เหตุผลที่ไม่ผ่าน",
        *([FILE_HEADER] if multi_file else []),
        *SOURCE_HEADERS,
    ]
    records = selection.records
    rows = (
        [
            r["province"],
            r["district"],
            r["producer"],
            r["product"],
            r["producer_type_written"],
            r["quadrant_written"],
            r["stars_written"],
            r["registered_written"],
            _reasons_text(selection, r, records),
            *([Path(r["file"]).name] if multi_file else []),
            r["sheet"],
            r["row"],
        ]
        for _, r in excluded.iterrows()
    )
    write_table(
        ws,
        _titles(selection, "รายการที่ไม่ผ่านเกณฑ์การคัดเลือก", place),
        headers,
        rows,
        centered=(len(headers),),
    )

    ws = book.create_sheet("ปัญหาข้อมูล")
    headers = ["ไฟล์", "ชีต", "แถว", "คอลัมน์", "หัวคอลัมน์", "ข้อมูล", "ค่าที่พบ", "ปัญหา"]
    write_table(
        ws,
        _titles(selection, "ปัญหาข้อมูลในทะเบียน", place),
        headers,
        _issue_rows(selection),
        centered=(3, 4),
    )
    return book


def _reasons_text(selection: Selection, r: pd.Series, records: pd.DataFrame) -> str:
    text = selection.reason_text(r["reasons"])
    if r["duplicate_of"] is not None:
        first = records.loc[r["duplicate_of"]]
        text += f" (ซ้ำกับชีต {first['sheet']} แถว {first['row']})"
    return text


def _issue_rows(selection: Selection):
    for i in selection.issues:
        yield _issue_row(i)
    for s in selection.skipped:
        yield [
            Path(s.file).name,
            s.sheet,
            s.row,
            "",
            "",
            "แถวที่ไม่ใช่รายการ",
            s.text,
            label("skipped", s.kind),
        ]
    for file, sheet in selection.other_sheets:
        yield [Path(file).name, sheet, "", "", "", "ชีต", "", "ไม่พบหัวตารางทะเบียน ไม่ได้อ่านชีตนี้"]


def _issue_row(i: DataIssue) -> list[object]:
    return [
        Path(i.file).name,
        i.sheet,
        i.row,
        i.column,
        i.header,
        label("fields", i.field),
        i.value,
        label("problems", i.problem),
    ]

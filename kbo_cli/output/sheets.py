"""What each sheet shows: its title lines and its columns, by name. Edit here to change a sheet.

A sheet is declared as a tuple of `Show`s, each a header, the field whose values the column
shows and how they are aligned, in the order of the sheet. A `Show` whose field a run does not
have (the file column, when there is one file) is left out; a field of None is an empty column
to fill in by hand. `Many` stands for columns a run decides: the registry's carried columns, a
column per reason of exclusion.

The values come from the `Selection` (the fields of each table are made by the `*_fields`
functions below), and `output.xlsx` turns the declared tables into workbooks; nothing here
knows how.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from kbo_cli.core.districts import GAZETTEER_CREDIT
from kbo_cli.core.result import DistrictCount, Selection, name_keys
from kbo_cli.core.rules import Criteria, reason_field, reason_label
from kbo_cli.core.text import arabic_digits
from kbo_cli.core.vocab import contact_role, label, thai_day, thai_digits, vocab
from kbo_cli.output.xlsx import CENTER, DATE_FORMAT, LEFT, Cells, Chart, Column, Note, Table


@dataclass(frozen=True)
class Show:
    """A column of a sheet: its header, the field it shows (None: empty, for handwriting),
    its alignment, and the least width it is given (characters: room to write in)."""

    header: str
    field: str | None
    align: str = LEFT
    min_width: int = 0
    # A column the reader expects whether or not the run has its field: blank, to fill in by
    # hand, when it has not.
    always: bool = False
    # A label it shares with its neighbours of the same group, above their headers.
    group: str = ""


@dataclass(frozen=True)
class Many:
    """Columns a run decides, given by the table's fields under this name."""

    name: str


# The sheets' names.
NOMINATION_SHEET = "รายชื่อผู้ได้รับการคัดเลือก"
SIGNIN_SHEET = "ใบลงทะเบียนเข้าร่วมประชุม"
COUNTS_SHEET = "สรุปรายอำเภอ"
CHART_SHEET = "แผนภูมิ"
EXCLUDED_SHEET = "รายการที่ไม่ผ่านเกณฑ์"
ISSUES_SHEET = "ปัญหาข้อมูล"

SUMMARY_NAME = "สรุปผลการคัดเลือก.xlsx"

# Where a row came from, for tracing it and for collecting the returns: kept in the sheet,
# outside what prints.
PROVENANCE = (
    Show("ไฟล์ต้นฉบับ", "file"),  # when the run read several files
    Show("ชีตต้นฉบับ", "sheet"),
    Show("แถวต้นฉบับ", "row", CENTER),
)
# The nomination sheet of a district workbook: one row per nominated product, its columns in
# the order a province reads them. The producer type is the criteria line's, the same for all.
NOMINATION = (
    Show("ลำดับ", "seq", CENTER),
    Show("ชื่อกลุ่ม/ผู้ประกอบการ", "producer"),
    Many("location"),  # the registry's ตำบล, หมู่บ้าน ..., under its own headers
    Show("ชื่อผลิตภัณฑ์", "product"),
    Show("ประเภทผลิตภัณฑ์", "category"),
    Show("ระดับดาว", "stars", CENTER),  # headed with the registry's round (`stars_header`)
    Show("กลุ่มผลิตภัณฑ์ (Quadrant)", "quadrant", CENTER),
    Show("ปีที่ลงทะเบียน (พ.ศ.)", "registered", CENTER),
    # What the province asks of every list, from the registry where it has it.
    *(
        Show(header, role, always=True, min_width=width)
        for role, header, width in (
            ("leader", vocab().contact_headers["leader"], 16),
            ("address", vocab().contact_headers["address"], 16),
            ("phone", vocab().contact_headers["phone"], 12),
            ("note", vocab().contact_headers["note"], 10),
        )
    ),
    Many("carried"),  # the registry's other columns with a value, as they were
    *PROVENANCE,
)
PLACE = (Show("จังหวัด", "province"), Show("อำเภอ", "district"))
# The summary's list of every nominee: the nomination sheet with the place of each.
ALL_NOMINEES = (NOMINATION[0], *PLACE, *NOMINATION[1:])

# The sign-in sheet, as the usual form: a row for each of the district's community development
# officers the letter summons, one per nominated producer with the products to bring, and
# spare rows; room for each attendee's name, position, phone, signature and a remark.
SIGNIN = (
    Show("ลำดับ", "seq", CENTER),
    Show("ชื่อ - สกุล", None, min_width=24),
    Show("ตำแหน่ง", "position", min_width=12),
    Show("กลุ่ม/หน่วยงาน", "unit"),
    Show("ผลิตภัณฑ์", "products"),
    Show("เบอร์โทรศัพท์", None, min_width=12),
    Show("ลายมือชื่อ", None, min_width=14),
    Show("หมายเหตุ", None, min_width=8),
)
ALL_SIGNIN = (SIGNIN[0], *PLACE, *SIGNIN[1:])
# Room to sign: a sign-in row is at least this many lines high.
SIGNIN_LINES = 2
# The district's officers on every sign-in sheet, and the spare rows after the producers.
SIGNIN_OFFICERS = ("พัฒนาการอำเภอ", "นักวิชาการพัฒนาชุมชน")
SIGNIN_SPARE = 2

# Products that meet every criterion but the stars, not yet rated: the letter asks for those
# "ซึ่งมีศักยภาพหรือระดับ ๑-๓ ดาว", so the district judges them on potential.
CANDIDATES_SHEET = "พิจารณาตามศักยภาพ"
CANDIDATES = (
    Show("ลำดับ", "seq", CENTER),
    Show("ชื่อกลุ่ม/ผู้ประกอบการ", "producer"),
    Many("location"),
    Show("ชื่อผลิตภัณฑ์", "product"),
    Show("ประเภทผลิตภัณฑ์", "category"),
    Show("กลุ่มผลิตภัณฑ์ (Quadrant)", "quadrant", CENTER),
    Show("ปีที่ลงทะเบียน (พ.ศ.)", "registered", CENTER),
    Show(vocab().contact_headers["leader"], "leader", always=True, min_width=16),
    Show(vocab().contact_headers["phone"], "phone", always=True, min_width=12),
    Show("ความเห็นของอำเภอ (เสนอ/ไม่เสนอ พร้อมเหตุผล)", None, min_width=24),
    *PROVENANCE,
)

# The summary's count per district.
COUNTS = (
    *PLACE,
    # (A header's spaces are where it may wrap: a narrow column breaks a run of Thai between
    # words, or inside one wider than itself: ผลิตภัณ-ฑ์.)
    Show("จำนวน รายการ", "records", CENTER),
    Show("ผลิตภัณฑ์", "eligible", CENTER, group="ได้รับคัดเลือก"),
    Show("กลุ่ม", "producers", CENTER, group="ได้รับคัดเลือก"),  # only groups are nominated
    Show("พิจารณา ตามศักยภาพ", "candidates", CENTER),  # when the rules list them
    Show("ไม่ผ่าน เกณฑ์", "excluded", CENTER),
    Many("reasons"),  # a column per reason of exclusion that occurs
)
# In the count per district, the reasons about these criteria stand under one label each.
REASONS_GROUPED = ("quadrant", "stars", "producer_type", "registered")

# Every excluded record, with its values as the registry wrote them and its reasons.
EXCLUDED = (
    *PLACE,
    Show("ชื่อกลุ่ม/ผู้ประกอบการ", "producer"),
    Show("ชื่อผลิตภัณฑ์", "product"),
    Show("ประเภทผู้ผลิต (ตามทะเบียน)", "producer_type_written"),
    Show("Quadrant (ตามทะเบียน)", "quadrant_written"),
    Show("ระดับดาว (ตามทะเบียน)", "stars_written"),
    Show("ปีที่ลงทะเบียน (ตามทะเบียน)", "registered_written"),
    Show("เหตุผลที่ไม่ผ่าน", "reasons"),
    Show("ไฟล์ต้นฉบับ", "file"),
    Show("ชีตต้นฉบับ", "sheet"),
    Show("แถวต้นฉบับ", "row", CENTER),
)

# The data issues, the rows that are not records, the sheets not read, the rows outside
# --province/--district.
ISSUES = (
    Show("ไฟล์", "file"),
    Show("ชีต", "sheet"),
    Show("แถว", "row", CENTER),
    Show("คอลัมน์", "column", CENTER),
    Show("หัวคอลัมน์", "header"),
    Show("ข้อมูล", "field"),
    Show("ค่าที่พบ", "value"),
    Show("ปัญหา", "problem"),
)

# Fields: a column's cells by field name; a `Many` name maps to its columns.
Fields = dict[str, "Cells | list[Column]"]


def columns(
    shown: Sequence[Show | Many], fields: Fields, rows: int, headers: dict[str, str] | None = None
) -> tuple[Column, ...]:
    """A sheet's columns as declared, filled from `fields`; `headers`: a header by field, for
    the run to name a column (the registry's round of stars)."""
    out: list[Column] = []
    headers = headers or {}
    for show in shown:
        header = headers.get(show.field or "", show.header) if isinstance(show, Show) else ""
        if isinstance(show, Many):
            out.extend(fields.get(show.name, ()))
        elif show.field in fields:
            cells = fields[show.field]
            out.append(Column(header, cells, show.align, None, show.min_width, show.group))
        elif show.field is None or show.always:
            blank = Cells.blank(rows)
            out.append(Column(header, blank, show.align, None, show.min_width, show.group))
    return tuple(out)


def printed(cols: Sequence[Column]) -> int:
    """How many of a sheet's columns print: those before where the rows came from."""
    tracing = {s.header for s in PROVENANCE}
    return next((j for j, c in enumerate(cols) if c.header in tracing), len(cols))


# The registry's round of star ratings, in its header: `ระดับดาว (ปี 2562)`.
_ROUND = re.compile(r"\((?:ปี\s*(?:พ\.ศ\.)?\s*)?([0-9๐-๙]{4})\)")


def stars_header(selection: Selection) -> str:
    """The star column's header: with the round the registry names, when its sheets name
    one and the same (`ระดับดาว (ปี 2562)`); else `ระดับดาว`."""
    rounds = set()
    for info in selection.sheets:
        found = _ROUND.search(info.fields.get("stars", ("", ""))[1])
        rounds.add(arabic_digits(found.group(1)) if found else None)
    year = rounds.pop() if len(rounds) == 1 else None
    return f"ระดับดาว (ปี {year})" if year else "ระดับดาว"


# ----------------------------------------------------------------------------------- titles


def official(c: Criteria, text: str) -> str:
    """Text of a title, a heading or the sign-off in the digits the rules ask for (Thai by
    default, as official documents write them); numbers in the table stay numbers."""
    return thai_digits(text) if c.digits == "thai" else text


def project_titles(c: Criteria, heading: str, place: str) -> list[str]:
    project = f"{c.title} ประจำปีงบประมาณ พ.ศ. {c.fiscal_year}"
    if c.letter:
        project += f" ตามหนังสือ{c.letter}"
    return [heading, project, place, f"เกณฑ์การคัดเลือก: {c.describe('th')}"]


def district_title(district: str | None, province: str | None, official: bool) -> str:
    """`อำเภอบางคล้า จังหวัดฉะเชิงเทรา`; Bangkok's districts are already `เขต…`."""
    district = district or "ไม่ระบุอำเภอ"
    place = district if district.startswith(("เขต", "อำเภอ", "กิ่งอำเภอ")) else f"อำเภอ{district}"
    if not official:
        place += f" (ชื่อตามทะเบียน {NOT_IN_GAZETTEER})"
    if province == "กรุงเทพมหานคร":
        return f"{place} กรุงเทพมหานคร"
    return f"{place} จังหวัด{province}" if province else place


def nomination_titles(c: Criteria, tally: DistrictCount) -> list[str]:
    return project_titles(
        c,
        "ทะเบียนรายชื่อผู้ผลิต ผู้ประกอบการ OTOP ที่ได้รับการคัดเลือก",
        district_title(tally.district, tally.province, tally.official),
    )


# Below a district's list: what a list a district sends the province carries, the district's
# name filled in. A line of dots is a blank to write on.
DOTS = "." * 40
NIL_RETURN = "ไม่มีผู้ผลิต ผู้ประกอบการที่ผ่านเกณฑ์"


def district_notes(tally: DistrictCount, source: str, candidates: int = 0) -> tuple[Note, ...]:
    """The total (or the nil return), where the data came from, and the sign-off: short, so
    that a list of a few producers prints with it on one page."""
    total = (
        f"รวมทั้งสิ้น {tally.producers} กลุ่ม {tally.eligible} ผลิตภัณฑ์"
        if tally.eligible
        else f"รวมทั้งสิ้น 0 กลุ่ม 0 ผลิตภัณฑ์ ({NIL_RETURN})"
    )
    if candidates:
        total += (
            f" และผลิตภัณฑ์ที่อาจพิจารณาตามศักยภาพ {candidates} รายการ"
            f" (รายละเอียดตามบัญชีแนบ แผ่นงาน {CANDIDATES_SHEET})"
        )
    return (Note(total), Note(f"ที่มา: {source}"), *signoff(tally))


def signatures(office: str) -> tuple[Note, ...]:
    """Who made a list and who certifies it, side by side: the certifier the head of `office`
    (`อำเภอบางคล้า`, `จังหวัดฉะเชิงเทรา`), พัฒนาการ of it."""
    return (
        Note(f"ลงชื่อ {DOTS} ผู้จัดทำ", f"ลงชื่อ {DOTS} ผู้รับรองข้อมูล"),
        Note(f"      ({DOTS})", f"      ({DOTS})"),
        Note(f"ตำแหน่ง {DOTS}", f"ตำแหน่ง พัฒนาการ{office}"),
        Note(f"วันที่ {'.' * 30}", f"วันที่ {'.' * 30}"),
    )


def signoff(tally: DistrictCount) -> tuple[Note, ...]:
    """The sign-off of a district's list: the signatures, the district's name filled in, and
    the contact."""
    office = district_title(tally.district, None, True) if tally.district else "อำเภอ"
    return (*signatures(office), Note(f"ผู้ประสานงาน {DOTS} โทร {'.' * 24}"))


# "ข้อมูล ณ วันที่ ๓๐ กันยายน ๒๕๖๒" in a registry's title lines: the date its data are as of.
_AS_OF = re.compile(r"ข้อมูล\s*ณ\s*วันที่\s*[^()|]*[0-9๐-๙]{4}")


def source_lines(selection: Selection) -> dict[str, str]:
    """By file, what its data are: the registry as of the date its title lines state, else
    the file's name."""
    titles: dict[str, list[str]] = {}
    for row in selection.skipped:
        if row.kind == "title":
            titles.setdefault(row.file, []).append(row.text)
    out = {}
    for file in selection.files:
        found = next((m.group(0) for t in titles.get(file, ()) if (m := _AS_OF.search(t))), None)
        out[file] = (
            f"ทะเบียนผู้ผลิต ผู้ประกอบการ OTOP {found.strip()}"
            if found
            else f"ทะเบียนผู้ผลิต ผู้ประกอบการ OTOP (ไฟล์ {selection.file_name(file)})"
        )
    return out


# The meeting line of a sign-in sheet whose meeting the rules file does not hold (another
# province's): dotted blanks to write date, time and place in by hand.
MEETING_BLANK = f"วันที่ {'.' * 24} เวลา {'.' * 12} น."
PLACE_BLANK = f"ณ {'.' * 48}"


def signin_titles(c: Criteria, tally: DistrictCount | None, provinces: Sequence[str]) -> list[str]:
    """A sign-in sheet's titles, as the usual form: one district's (`tally`), or every
    district's of `provinces` (รวมทุกอำเภอ)."""
    named = [tally.province] if tally else list(provinces)
    province = named[0] if len(named) == 1 and named[0] else ""
    if tally:
        place = district_title(tally.district, tally.province, tally.official)
    else:
        place = f"รวมทุกอำเภอ จังหวัด{province}" if province else "รวมทุกอำเภอ"
    m = c.meeting_for(named)
    return [
        "ใบลงทะเบียนผู้เข้าร่วมประชุม",
        "การประชุมคณะกรรมการเครือข่ายองค์ความรู้ (Knowledge-Based OTOP : KBO)"
        + (f" จังหวัด{province}" if province and province != "กรุงเทพมหานคร" else ""),
        f"{thai_day(m.date)} เวลา {m.time} น." if m else MEETING_BLANK,
        f"ณ {m.venue}" if m else PLACE_BLANK,
        place,
    ]


def official_table(
    c: Criteria, name: str, titles: list[str], cols: tuple[Column, ...], **more
) -> Table:
    """A sheet of a workbook: its titles, headers and notes in the digits the rules ask for."""
    cols = tuple(replace(col, header=official(c, col.header)) for col in cols)
    if "notes" in more:
        more["notes"] = tuple(
            replace(n, text=official(c, n.text), right=official(c, n.right)) for n in more["notes"]
        )
    return Table(name, tuple(official(c, t) for t in titles), cols, **{"footer": FOOTER, **more})


# On the right of every printed page, beside its number.
FOOTER = f"ที่มาของ{GAZETTEER_CREDIT}"


# ------------------------------------------------------------------------- district workbooks


@dataclass(frozen=True)
class DistrictJob:
    """What the district workbooks are made of, and all a second process is sent to write
    them: every nominee's and sign-in row's fields, and which rows are each district's."""

    criteria: Criteria
    tallies: list[DistrictCount]  # of the districts with a workbook, in filing order
    paths: dict[tuple[str | None, str | None], Path]
    nominees: Fields  # every nominee, in filing order
    nominee_rows: dict[tuple, np.ndarray]  # (province, district) -> positions in `nominees`
    signins: Fields
    signin_rows: dict[tuple, np.ndarray]
    fast: bool = True
    headers: dict[str, str] = field(default_factory=dict)  # a header by field (`columns`)
    sources: dict[tuple, str] = field(default_factory=dict)  # the `ที่มา` line of each place
    candidates: Fields = field(default_factory=dict)  # `Selection.candidates`, in filing order
    candidate_rows: dict[tuple, np.ndarray] = field(default_factory=dict)


def district_job(
    selection: Selection, paths: dict[tuple[str | None, str | None], Path], fast: bool = True
) -> DistrictJob:
    """The fields of the nominees and of their sign-in rows, for the district workbooks at
    `paths` and for the summary."""
    nominees = selection.nominees
    signins, signin_places = signin_fields(selection)
    fields = nominee_fields(selection)
    candidates = selection.candidates if selection.criteria.candidates else nominees[:0]
    candidate_fields = record_fields(selection, candidates)
    for cells in _every_cells(fields, signins, candidate_fields):
        # Measured once here, for the summary and for every district's slice of them (a
        # second process is sent them measured).
        cells.value_widths()
        cells.spaced()
    return DistrictJob(
        selection.criteria,
        [c for c in selection.by_district() if (c.province, c.district) in paths],
        paths,
        fields,
        _rows_of(nominees["province"], nominees["district"]),
        signins,
        _rows_of(*signin_places),
        fast,
        {"stars": stars_header(selection)},
        _sources(selection),
        candidate_fields,
        _rows_of(candidates["province"], candidates["district"]),
    )


def _sources(selection: Selection) -> dict[tuple, str]:
    """The `ที่มา` line of each place: its file's (`source_lines`), or its files'."""
    lines = source_lines(selection)
    files: dict[tuple, list[str]] = {}
    # Each place's files once, in the order read: a few hundred pairs, not a record each.
    places = selection.records[["province", "district", "file"]].drop_duplicates()
    for province, district, file in places.itertuples(index=False, name=None):
        files.setdefault((province, district), []).append(file)
    return {place: "; ".join(dict.fromkeys(lines[f] for f in fs)) for place, fs in files.items()}


def _every_cells(*fields: Fields) -> Iterator[Cells]:
    for part in fields:
        for value in part.values():
            yield from (c.cells for c in value) if isinstance(value, list) else (value,)


def _rows_of(provinces, districts) -> dict[tuple, np.ndarray]:
    """The positions of each (province, district)'s rows."""
    places = pd.Series(list(zip(provinces, districts, strict=True)), dtype=object)
    return {key: np.asarray(index) for key, index in places.groupby(places).indices.items()}


def district_tables(job: DistrictJob) -> Iterator[tuple[tuple, list[Table]]]:
    """(place, tables) of each district workbook, in filing order: its nomination sheet, with
    the total and the sign-off below (a nil return when it has no nominee); the products to
    judge on potential, when it has some; and its sign-in sheet, each numbered from 1."""
    none = np.zeros(0, dtype=np.int64)
    c = job.criteria
    for tally in job.tallies:
        key = (tally.province, tally.district)
        rows = job.nominee_rows.get(key, none)
        listed = columns(NOMINATION, _part(job.nominees, rows), len(rows), job.headers)
        judged_rows = job.candidate_rows.get(key, none)
        tables = [
            official_table(
                c,
                NOMINATION_SHEET,
                nomination_titles(c, tally),
                listed,
                printed=printed(listed),
                notes=district_notes(tally, job.sources.get(key, ""), len(judged_rows)),
                footer="",  # a signed form carries no credit; the summary does
            )
        ]
        if len(judged_rows):
            judged = columns(CANDIDATES, _part(job.candidates, judged_rows), len(judged_rows))
            total = Note(f"รวมทั้งสิ้น {len(judged_rows)} รายการ")
            tables.append(
                official_table(
                    c,
                    CANDIDATES_SHEET,
                    candidate_titles(c, tally),
                    judged,
                    printed=printed(judged),
                    notes=(total, *signoff(tally)),
                    footer="",
                )
            )
        rows = job.signin_rows.get(key, none)
        tables.append(
            official_table(
                c,
                SIGNIN_SHEET,
                signin_titles(c, tally, ()),
                columns(SIGNIN, _part(job.signins, rows), len(rows)),
                min_lines=SIGNIN_LINES,
                footer="",
            )
        )
        yield key, tables


def candidate_titles(c: Criteria, tally: DistrictCount) -> list[str]:
    heading, project, place, _ = project_titles(
        c,
        "ผลิตภัณฑ์ที่ยังไม่ได้รับการคัดสรรระดับดาว (พิจารณาตามศักยภาพ)",
        district_title(tally.district, tally.province, tally.official),
    )
    return [heading, project, place, candidates_note(c)]


def candidates_note(c: Criteria) -> str:
    """Why the candidates are listed, under their titles: the letter's own words."""
    letter = f"ตามหนังสือ{c.letter} " if c.letter else ""
    return (
        "รายการต่อไปนี้ผ่านเกณฑ์ทุกข้อ ยกเว้นยังไม่ได้รับการคัดสรรระดับดาว ทั้งนี้ "
        f"{letter}ให้พิจารณาผลิตภัณฑ์ที่มีศักยภาพหรือระดับ {c.stars_as_written()} ดาว "
        "อำเภอจึงอาจพิจารณาเสนอ"
        "ตามศักยภาพได้ (ยังไม่นับรวมเป็นผู้ได้รับการคัดเลือก)"
    )


def _part(fields: Fields, index: np.ndarray) -> Fields:
    """The rows at `index` of every field, numbered from 1."""
    part: Fields = {}
    for name, value in fields.items():
        if isinstance(value, Cells):
            part[name] = value.take(index)
        else:
            part[name] = [replace(c, cells=c.cells.take(index)) for c in value]
    part["seq"] = Cells.of(range(1, len(index) + 1))
    return part


# ---------------------------------------------------------------------------------- fields


def nominee_fields(selection: Selection) -> Fields:
    """Every nominee's fields as the nomination sheet shows them, in filing order."""
    return record_fields(selection, selection.nominees)


def record_fields(selection: Selection, nominees: pd.DataFrame) -> Fields:
    """The fields of these records (nominees, or candidates) as the district's sheets show
    them, in the frame's order."""
    official = vocab().producer_type_official
    fields: Fields = {
        "seq": Cells.of(range(1, len(nominees) + 1)),
        "province": Cells.of(nominees["province"].to_numpy(dtype=object)),
        "district": Cells.of(nominees["district"].to_numpy(dtype=object)),
        "producer": Cells.of(nominees["producer"].to_numpy(dtype=object)),
        "product": Cells.of(nominees["product"].to_numpy(dtype=object)),
        "category": Cells.of(nominees["category"].to_numpy(dtype=object)),
        "producer_type": Cells.of(
            nominees["producer_type"].map(lambda c: official.get(c, c)).to_numpy(dtype=object)
        ),
        "quadrant": Cells.of(nominees["quadrant"].to_numpy(dtype=object)),
        "stars": Cells.of(nominees["stars"].to_numpy(dtype=object)),
        "registered": Cells.of(nominees["registered"].to_numpy(dtype=object)),
        "sheet": Cells.of(nominees["sheet"].to_numpy(dtype=object)),
        "row": Cells.of(nominees["row"].to_numpy(dtype=object)),
    }
    if len(selection.files) > 1:
        fields["file"] = Cells.of(nominees["file"].map(selection.file_name).to_numpy(object))
    carried = selection.carried.loc[nominees.index]
    fields["location"], fields["carried"] = [], []
    for name, cells, dates in _carried(carried):
        role = contact_role(name)
        if role == "location":
            fields["location"].append(Column(name, cells, LEFT))
        elif role is not None and role not in fields:  # the first column of a role takes it
            fields[role] = cells
        else:
            fields["carried"].append(Column(name, cells, LEFT, DATE_FORMAT if dates else None))
    return fields


def _carried(carried: pd.DataFrame) -> Iterator[tuple[str, Cells, bool]]:
    """(header, cells, all dates?) of each carried column with a value for some nominee."""
    for name in carried.columns:
        values = carried[name].to_numpy(dtype=object)
        cells = Cells.of(values)
        shown = [v for v in cells.values.tolist() if v is not None]
        if not shown:
            continue  # a column empty for every nominee is left out
        dates = all(isinstance(v, dt.date) for v in shown)
        yield name, cells, dates


def signin_fields(selection: Selection) -> tuple[Fields, tuple[list, list]]:
    """The sign-in rows of every district with a workbook, in filing order: its officers,
    then one row per nominated producer (not per product) with the products to bring, then
    spare rows; and the (province, district) of each row."""
    nominees = selection.nominees
    keys = name_keys(nominees["producer"])  # the same producer as the tallies count
    groups: dict[tuple, dict[tuple, list[str]]] = {}
    names: dict[tuple, str] = {}
    for prov, dist, key, name, product in zip(
        nominees["province"].tolist(),
        nominees["district"].tolist(),
        keys.tolist(),
        nominees["producer"].tolist(),
        nominees["product"].tolist(),
        strict=True,
    ):
        names.setdefault((prov, dist, key), name)
        products = groups.setdefault((prov, dist), {}).setdefault(key, [])
        if product not in products:
            products.append(product)
    rows: list[tuple] = []  # (province, district, position, unit, products)
    for tally in selection.by_district():
        if not tally.official:
            continue  # a misspelt name gets no workbook of its own to sign in on
        place = (tally.province, tally.district)
        office = f"สำนักงานพัฒนาชุมชน{district_title(tally.district, None, True)}"
        rows += [(*place, officer, office, None) for officer in SIGNIN_OFFICERS]
        for key, products in groups.get(place, {}).items():
            rows.append((*place, None, names[(*place, key)], ", ".join(products)))
        rows += [(*place, None, None, None)] * SIGNIN_SPARE
    provinces = [r[0] for r in rows]
    districts = [r[1] for r in rows]
    fields: Fields = {
        "seq": Cells.of(range(1, len(rows) + 1)),
        "district": Cells.of(districts),
        "position": Cells.of([r[2] for r in rows]),
        "unit": Cells.of([r[3] for r in rows]),
        "products": Cells.of([r[4] for r in rows]),
    }
    if selection.multi_province:  # a column of one value says nothing
        fields["province"] = Cells.of(provinces)
    return fields, (provinces, districts)


# How a name the gazetteer does not know is marked where places are listed.
NOT_IN_GAZETTEER = "ไม่พบในทำเนียบ"


def place_shown(name: str | None, official: bool, mark: str = "") -> str | None:
    """`บางคล้ (ไม่พบในทำเนียบ)` for a name the gazetteer does not know (the district it most
    likely means is on the data-issues sheet: a long note here widens the column, and every
    name wraps), or the name and `mark`; an official name, or none, as it is."""
    if official or not name:
        return name
    return f"{name} {mark}" if mark else f"{name} ({NOT_IN_GAZETTEER})"


# A name the gazetteer does not know, in the chart: a label of two lines there made
# LibreOffice name every other bar only (it spaces every label for the tallest).
CHART_MARK = "*"
CHART_MARK_NOTE = f"{CHART_MARK} {NOT_IN_GAZETTEER}อำเภอ/จังหวัด"


def count_fields(selection: Selection) -> Fields:
    """One row per district with its counts, then the totals."""
    counts = selection.by_district()
    codes = selection.reason_codes()
    totals = selection.counts
    # The province where there are several (a column of one value says nothing); the total's
    # label in the first column.
    several = selection.multi_province
    fields: Fields = {
        "district": Cells.of(
            [*(place_shown(c.district, c.official) for c in counts), "" if several else "รวม"]
        ),
        "records": Cells.of([*(c.records for c in counts), totals["records"]]),
        "eligible": Cells.of([*(c.eligible for c in counts), totals["eligible"]]),
        "producers": Cells.of([*(c.producers for c in counts), sum(c.producers for c in counts)]),
        "excluded": Cells.of([*(c.excluded for c in counts), totals["excluded"]]),
    }
    if several:
        provinces = (place_shown(c.province, c.province_official) for c in counts)
        fields["province"] = Cells.of([*provinces, "รวม"])
    if selection.criteria.candidates:
        per = selection.candidates_by_place()
        fields["candidates"] = Cells.of(
            [*(per.get((c.province, c.district), 0) for c in counts), sum(per.values())]
        )
    reasons = []
    # The reasons about one criterion side by side, under one label naming it.
    order = {field: i for i, field in enumerate(REASONS_GROUPED)}
    for code in sorted(codes, key=lambda code: order.get(reason_field(code), len(order))):
        per = [c.excluded_by_reason.get(code, 0) for c in counts]
        field = reason_field(code)
        if field in order:
            group = f"ไม่ผ่าน: {label('fields', field)}"
            header = reason_label(code, selection.criteria, short=True)
        else:
            group, header = "", f"ไม่ผ่าน: {selection.reason_text((code,))}"
        reasons.append(Column(header, Cells.of([*per, sum(per)]), CENTER, group=group))
    fields["reasons"] = reasons
    return fields


def excluded_fields(selection: Selection) -> Fields:
    """Every excluded record with its values as written and its reasons in Thai (worked out
    once per distinct combination of reasons), by district in official order, then file, sheet
    and row (`Selection.excluded_rows`); the columns normalising kept by distinct value are
    taken so, not factorized again (`Records.distinct`)."""
    records = selection.records
    rows = selection.excluded_rows

    def column(name: str) -> np.ndarray:  # the excluded records' values, not a frame of them
        return records[name].to_numpy(dtype=object)[rows]

    codes, combos = pd.factorize(column("reasons"))
    texts = np.empty(len(combos), dtype=object)
    texts[:] = [official(selection.criteria, selection.reason_text(rs)) for rs in combos]
    dup = column("duplicate_of")
    has_dup = np.asarray([d is not None for d in dup], dtype=bool)
    if has_dup.any():  # a copy's reasons name the record it copies, and its file if another
        first = records.loc[dup[has_dup].astype(int)]
        other = first["file"].to_numpy(dtype=object) != column("file")[has_dup]
        where = np.where(other, "ไฟล์ " + first["file"].map(selection.file_name) + " ", "")
        note = (
            " (ซ้ำกับ" + where + "ชีต " + first["sheet"].astype(str)
            + " แถวที่ " + first["row"].astype(str) + ")"
        )  # fmt: skip
        noted, notes = pd.factorize(texts[codes[has_dup]] + note.to_numpy(dtype=object))
        codes[has_dup] = len(texts) + noted
        texts = np.concatenate([texts, notes.astype(object)])
    fields: Fields = {"reasons": Cells.coded(codes, texts)}
    several = ("province",) if selection.multi_province else ()
    for name in (
        *several,
        "district",
        "producer",
        "product",
        "producer_type_written",
        "quadrant_written",
        "stars_written",
        "registered_written",
        "sheet",
    ):
        known = selection.distinct(name, rows)
        if known is not None:
            fields[name] = Cells.coded(*known)
        else:
            fields[name] = Cells.of(column(name))
    fields["row"] = Cells.of(column("row"))
    if len(selection.files) > 1:
        fields["file"] = Cells.of(
            pd.Series(column("file")).map(selection.file_name).to_numpy(object)
        )
    return fields


def issue_fields(selection: Selection) -> tuple[Fields, int]:
    """What the rules file may have wrong for the run (its notices), the data issues, the rows
    that are not records (but blank rows: no problem of the data, they are only counted), the
    sheets not read and the rows outside the province or districts chosen; and how many rows
    that is."""
    source = Path(selection.criteria.source).name
    rows = [[source, "", "", "", "", "ไฟล์เกณฑ์", "", text] for text in selection.notice_texts("th")]
    rows += [
        [
            selection.file_name(i.file),
            i.sheet,
            i.row,
            i.column,
            i.header,
            label("fields", i.field),
            i.value,
            selection.problem_text(i),
        ]
        for i in selection.issues
    ]
    rows += [
        [
            selection.file_name(s.file),
            s.sheet,
            s.row,
            "",
            "",
            "แถวที่ไม่ใช่รายการ",
            s.text,
            label("skipped", s.kind),
        ]
        for s in selection.skipped
        if s.kind != "blank"
    ]
    # Sheets not read, or read though hidden: one row each, saying why.
    for sheets_of, why in (
        (selection.other_sheets, "ไม่พบหัวตารางทะเบียน ไม่ได้อ่านชีตนี้"),
        (selection.hidden_sheets, "ชีตซ่อนอยู่ ไม่ได้อ่าน (อ่านได้ด้วย --sheet)"),
        (selection.unasked_sheets, "ไม่ได้ระบุใน --sheet ไม่ได้อ่านชีตนี้"),
        (selection.hidden_asked, "ชีตซ่อนอยู่ อ่านตามที่ระบุ --sheet"),
    ):
        rows += [[selection.file_name(f), s, "", "", "", "ชีต", "", why] for f, s in sheets_of]
    rows += [
        [
            selection.file_name(c),
            "",
            "",
            "",
            "",
            "ไฟล์",
            "",
            selection.same_file_note(f, c),
        ]
        for f, c in selection.same_files
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
    names = [s.field for s in ISSUES]
    values = list(zip(*rows, strict=True)) if rows else [()] * len(names)
    return {n: Cells.of(list(v)) for n, v in zip(names, values, strict=True)}, len(rows)


# ----------------------------------------------------------------------------------- summary


def summary_tables(selection: Selection, job: DistrictJob) -> list[Table]:
    """The summary's sheets: the counts, the chart, every nominee, every excluded record, the
    data issues, and the sign-in sheet of every district."""
    counts = selection.by_district()
    totals = selection.counts
    provinces = list(dict.fromkeys(c.province for c in counts if c.province))  # official order
    place = "จังหวัด" + ", ".join(provinces) if provinces else "ไม่ระบุจังหวัด"
    criteria = selection.criteria
    titles = project_titles(criteria, "สรุปผลการคัดเลือกผู้ผลิต ผู้ประกอบการ OTOP", place)
    # Blank rows are counted here, not listed one by one on the issues sheet.
    blank = sum(s.kind == "blank" for s in selection.skipped)
    titles.append(
        f"รายการในทะเบียน {totals['records']} รายการ ได้รับการคัดเลือก {totals['eligible']} รายการ "
        f"ไม่ผ่านเกณฑ์ {totals['excluded']} รายการ แถวที่ไม่ใช่รายการผู้ผลิต {totals['skipped']} แถว"
        + (f" (แถวว่าง {blank} แถว)" if blank else "")
        + f" ข้อมูลที่ต้องตรวจสอบ {totals['issues']} รายการ"
    )
    issues, issue_rows = issue_fields(selection)
    n_nominees = len(selection.nominees)
    # Every nominee, with the district's sheet's columns; the province where there are several.
    everyone = dict(job.nominees)
    if not selection.multi_province:
        everyone.pop("province", None)
    listed = columns(ALL_NOMINEES, everyone, n_nominees, job.headers)
    return [
        official_table(
            criteria,
            COUNTS_SHEET,
            titles,
            columns(COUNTS, count_fields(selection), len(counts) + 1),
            # A record failing several criteria is counted under each.
            notes=(Note("หมายเหตุ: จำนวนที่ไม่ผ่านแต่ละเกณฑ์นับซ้ำได้ กรณีไม่ผ่านหลายข้อ"),),
        ),
        _chart_table(selection, counts, place),
        official_table(
            criteria,
            NOMINATION_SHEET,
            project_titles(
                criteria, "บัญชีรายชื่อผู้ผลิต ผู้ประกอบการ OTOP ที่ได้รับการคัดเลือก จำแนกรายอำเภอ", place
            ),
            listed,
            printed=printed(listed),
        ),
        official_table(
            criteria,
            EXCLUDED_SHEET,
            project_titles(criteria, "รายการที่ไม่ผ่านเกณฑ์การคัดเลือก", place),
            columns(EXCLUDED, excluded_fields(selection), totals["excluded"]),
        ),
        official_table(
            criteria,
            ISSUES_SHEET,
            project_titles(criteria, "ข้อมูลในทะเบียนที่ต้องตรวจสอบ (สำหรับเจ้าหน้าที่ ไม่ต้องแนบส่ง)", place),
            columns(ISSUES, issues, issue_rows),
        ),
        official_table(
            criteria,
            SIGNIN_SHEET,
            signin_titles(criteria, None, provinces),
            columns(ALL_SIGNIN, job.signins, len(job.signins["seq"])),
            min_lines=SIGNIN_LINES,
        ),
    ]


def _chart_table(selection: Selection, counts: list[DistrictCount], place: str) -> Table:
    """Nominees per district (per province for a national run) as a native bar chart beside
    its own small table: the count sheet's totals row would otherwise be drawn as a bar."""
    if selection.multi_province:
        totals: dict[str, int] = {}
        for c in counts:
            name = place_shown(c.province, c.province_official, CHART_MARK) or "-"
            totals[name] = totals.get(name, 0) + c.eligible
        rows = list(totals.items())
        what = "จังหวัด"
        marked = not all(c.province_official for c in counts)
    else:
        shown_as = [place_shown(c.district, c.official, CHART_MARK) or "-" for c in counts]
        rows = list(zip(shown_as, (c.eligible for c in counts), strict=True))
        what = "อำเภอ"
        marked = not all(c.official for c in counts)
    title = f"จำนวนผลิตภัณฑ์ที่ได้รับการคัดเลือก จำแนกราย{what}"
    fields = {
        "place": Cells.of([r[0] for r in rows]),
        "eligible": Cells.of([r[1] for r in rows]),
    }
    shown = (Show(what, "place"), Show("ผลิตภัณฑ์ ที่ได้รับ คัดเลือก", "eligible", CENTER))
    return official_table(
        selection.criteria,
        CHART_SHEET,
        project_titles(selection.criteria, title, place),
        columns(shown, fields, len(rows)),
        chart=Chart(title, categories=0, values=1),
        notes=(Note(CHART_MARK_NOTE),) if marked else (),
    )

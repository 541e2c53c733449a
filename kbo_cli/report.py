"""The terminal report of a `Selection`, rendered with rich, and its JSON form."""

from __future__ import annotations

from collections import Counter

import pandas as pd
from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table

from kbo_cli.core.districts import GAZETTEER_CREDIT
from kbo_cli.core.result import DistrictCount, Selection
from kbo_cli.core.rules import reason_field
from kbo_cli.core.values import UNREADABLE
from kbo_cli.core.vocab import label, vocab
from kbo_cli.output.paths import NO_DISTRICT
from kbo_cli.output.sheets import CANDIDATES_SHEET, EXCLUDED_SHEET, ISSUES_SHEET
from kbo_cli.output.workbooks import Written

# Where a district with no column of its own was found (`SheetInfo.district_from`).
WRITTEN_IN_LABELS = {
    "sheet": ("ชื่อชีต", "sheet name"),
    "title": ("แถวชื่อเรื่อง", "title line"),
    "file": ("ชื่อไฟล์", "file name"),
}
# How many warnings of one kind are listed before "... and N more".
SHOWN = 10
# The per-district table counts excluded records under one heading, a short column a
# criterion (short, so that 80 columns hold every name whole); the full reasons follow.
REASONS_HEADING = ("ไม่ผ่านเพราะ", "Reasons")
REASON_GROUPS = {
    "quadrant": ("Quadrant", "Quadrant"),
    "stars": ("ดาว", "Stars"),
    "producer_type": ("ประเภท", "Type"),
    "registered": ("ปี", "Year"),
    "duplicate": ("ซ้ำ", "Dup."),
    "other": ("ขาด", "Missing"),
}


BAR_WIDTH = 16
BAR_MIN_WIDTH = 100  # terminal columns needed to draw the bars


def bar(value: int, most: int, width: int = BAR_WIDTH) -> str:
    """A horizontal bar of block characters, `width` long for the largest value."""
    if most <= 0 or value <= 0:
        return ""
    eighths = round(value / most * width * 8)
    return "█" * (eighths // 8) + ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")[eighths % 8]


def _group_of(code: str) -> str:
    """The short column a reason is counted under: its criterion's, `duplicate`, or `other`."""
    group = reason_field(code) or code
    return group if group in REASON_GROUPS else "other"


def _group_counts(selection: Selection, by_province: bool) -> dict[object, dict[str, int]]:
    """Excluded records per place and reason group; a record counts once in a group, however
    many of the group's reasons it has."""
    recs = selection.records
    excluded = recs[~recs["nominated"]]
    groups: dict[tuple, tuple] = {}
    names = excluded["reasons"].map(
        lambda rs: groups.setdefault(rs, tuple(dict.fromkeys(_group_of(r) for r in rs)))
    )
    frame = pd.DataFrame(
        {
            "province": excluded["province"].fillna(""),
            "district": excluded["district"].fillna(""),
            "group": names,
        }
    ).explode("group")
    keys = ["province"] if by_province else ["province", "district"]
    out: dict[object, dict[str, int]] = {}
    for key, n in frame.groupby([*keys, "group"]).size().items():
        *place, group = key
        place = tuple(p or None for p in place)
        out.setdefault(place[0] if by_province else place, {})[group] = int(n)
    return out


def _province_rows(by_district: list[DistrictCount]) -> list[DistrictCount]:
    """The district tallies added up per province."""
    rows: dict[str | None, DistrictCount] = {}
    for c in by_district:
        p = rows.get(c.province)
        merged = dict(p.excluded_by_reason) if p else {}
        for code, n in c.excluded_by_reason.items():
            merged[code] = merged.get(code, 0) + n
        rows[c.province] = DistrictCount(
            province=c.province,
            district=None,
            official=c.official and (p.official if p else True),
            records=c.records + (p.records if p else 0),
            eligible=c.eligible + (p.eligible if p else 0),
            producers=c.producers + (p.producers if p else 0),
            excluded_by_reason=merged,
        )
    return list(rows.values())


def to_json(selection: Selection, written: Written | None) -> dict:
    """The run as one JSON-ready object: totals, per-district counts, warnings, files."""
    counts = selection.counts
    return {
        **counts,
        "criteria": selection.criteria.describe("en"),
        "candidates": len(selection.candidates) if selection.criteria.candidates else 0,
        "notices": [
            {"code": code, "text": text}
            for (code, _), text in zip(selection.notices, selection.notice_texts("en"), strict=True)
        ],
        "province_inferred": [{"file": f, "province": p} for f, p in selection.inferred],
        "districts": [
            {
                "province": c.province,
                "district": c.district,
                "official": c.official,
                "records": c.records,
                "eligible": c.eligible,
                "excluded": c.excluded,
                "producers": c.producers,
                "excluded_by_reason": c.excluded_by_reason,
            }
            for c in selection.by_district()
        ],
        "data_issues": [
            {
                "file": i.file,
                "sheet": i.sheet,
                "row": i.row,
                "column": i.column,
                "field": i.field,
                "value": i.value,
                "problem": i.problem,
            }
            for i in selection.issues
        ],
        "out_of_scope_rows": [
            {"province": o.province, "district": o.district, "rows": o.rows}
            for o in selection.out_of_scope
        ],
        "skipped_rows": [
            {"file": s.file, "sheet": s.sheet, "row": s.row, "kind": s.kind}
            for s in selection.skipped
        ],
        "hidden_sheets": [{"file": f, "sheet": s} for f, s in selection.hidden_sheets],
        "unasked_sheets": [{"file": f, "sheet": s} for f, s in selection.unasked_sheets],
        "hidden_asked": [{"file": f, "sheet": s} for f, s in selection.hidden_asked],
        "same_files": [{"file": f, "copy": c} for f, c in selection.same_files],
        "files": [str(p) for p in written.districts] if written else [],
        "summary": str(written.summary) if written else None,
        "removed": [str(p) for p in written.removed] if written else [],
        "renamed": [
            {"province": province, "district": district, "file": str(path)}
            for (province, district), path in written.renamed
        ]
        if written
        else [],
    }


def render(
    selection: Selection, written: Written | None, console: Console, lang: str = "th"
) -> None:
    """Print the per-district table, totals, warnings and where the files went."""
    th = lang == "th"
    counts = selection.counts
    by_district = selection.by_district()
    codes = selection.reason_codes()
    console.print(f"[bold]{'เกณฑ์' if th else 'Criteria'}:[/] {selection.criteria.describe(lang)}")
    # One line a province: a province's districts each send a file, all of that province.
    inferred: dict[str, list[str]] = {}
    for file, province in selection.inferred:
        inferred.setdefault(province, []).append(selection.file_name(file))
    for province, files in inferred.items():
        where = ", ".join(files) if len(files) <= 3 else None
        if where is None:
            where = f"{len(files)} ไฟล์" if th else f"{len(files)} files"
        console.print(
            f"{'จังหวัด' if th else 'Province'} [bold]{province}[/] "
            + (
                f"อนุมานจากชื่ออำเภอใน {where}"
                if th
                else f"inferred from the district names in {where}"
            ),
            highlight=False,
        )
    multi = selection.multi_province
    # A national run is shown by province (77 rows, not 928); the summary workbook has every
    # district.
    rows = _province_rows(by_district) if multi else by_district
    table = Table(
        title=("ผลการคัดเลือกรายจังหวัด" if multi else "ผลการคัดเลือกรายอำเภอ")
        if th
        else ("Selection by province" if multi else "Selection by district"),
        show_footer=True,
        box=box.SIMPLE_HEAD,
        collapse_padding=True,  # two spaces between columns, not three: 80 columns hold it
    )
    place = ("จังหวัด" if multi else "อำเภอ") if th else ("Province" if multi else "District")
    names = [_place_name(c, multi) for c in rows]
    # A place's name is never cut or wrapped: the headers and the bars give way instead.
    table.add_column(
        place,
        footer="รวม" if th else "Total",
        no_wrap=True,
        min_width=max(map(cell_len, names), default=0),
    )
    grouped = _group_counts(selection, by_province=multi)
    groups = [g for g in REASON_GROUPS if any(g in c for c in grouped.values())]
    # Headers of two lines: the reason columns' first says what they count, once.
    above = "\n" if groups else ""
    columns = [
        ("รายการ" if th else "Records", str(counts["records"]), None),
        ("คัดเลือก" if th else "Chosen", str(counts["eligible"]), "green"),
        ("ไม่ผ่าน" if th else "Excluded", str(counts["excluded"]), None),
    ]
    for title, footer, style in columns:
        table.add_column(above + title, justify="right", footer=footer, style=style)
    for n, group in enumerate(groups):
        total = sum(c.get(group, 0) for c in grouped.values())
        heading = REASONS_HEADING[0 if th else 1] if n == 0 else ""
        table.add_column(
            f"{heading}\n{REASON_GROUPS[group][0 if th else 1]}",
            justify="right",
            style="dim",
            footer=str(total),
        )
    # Nominees as a bar, as in the chart, where the terminal has room: on 80 columns the bar
    # would squeeze the district names.
    bars = console.width >= BAR_MIN_WIDTH
    if bars:
        table.add_column("", style="green", no_wrap=True)
    most = max((c.eligible for c in rows), default=0)
    for c, name in zip(rows, names, strict=True):
        key = c.province if multi else (c.province, c.district)
        table.add_row(
            name,
            str(c.records),
            str(c.eligible),
            str(c.excluded),
            *(str(grouped.get(key, {}).get(g, "") or "") for g in groups),
            *([bar(c.eligible, most)] if bars else []),
        )
    console.print(table)
    if codes:
        reasons = Table(
            title="เหตุผลที่ไม่ผ่านเกณฑ์ (รายการหนึ่งอาจมีหลายข้อ)"
            if th
            else "Why records were excluded (a record can have several reasons)",
            box=box.SIMPLE_HEAD,
            show_header=False,
        )
        reasons.add_column()
        reasons.add_column(justify="right")
        tally = Counter()
        for c in by_district:
            tally.update(c.excluded_by_reason)
        for code in codes:
            reasons.add_row(selection.reason_text((code,), lang), str(tally[code]))
        console.print(reasons)
    if selection.criteria.candidates and len(selection.candidates):
        n = len(selection.candidates)
        console.print(
            f"ผลิตภัณฑ์ที่ผ่านเกณฑ์ทุกข้อเว้นแต่ยังไม่ได้คัดสรรระดับดาว {n} รายการ "
            f"ให้อำเภอพิจารณาตามศักยภาพ ในชีต '{CANDIDATES_SHEET}' ของไฟล์รายอำเภอ"
            if th
            else f"{n} product(s) meet every criterion but are not yet rated: listed for the "
            f"districts to judge on potential (sheet '{CANDIDATES_SHEET}')",
            highlight=False,
        )
    if counts["eligible"] == 0:
        console.print(
            "[bold yellow]ไม่มีผู้ผลิตรายใดผ่านเกณฑ์[/]" if th else "[bold yellow]Nobody qualifies.[/]"
        )
    _warnings(selection, console, th)
    if written:
        n = len(written.districts)
        console.print(
            f"บันทึกไฟล์ทะเบียนรายชื่อรายอำเภอ {n} ไฟล์ ไว้ที่โฟลเดอร์ [bold]{written.folder}[/]"
            if th
            else f"Wrote {n} district workbook(s) in [bold]{written.folder}[/]"
        )
        console.print(
            f"บันทึกไฟล์สรุปผล ไว้ที่ [bold]{written.summary}[/] "
            f"(รายการที่ไม่ผ่านเกณฑ์ดูในชีต '{EXCLUDED_SHEET}')"
            if th
            else f"Summary: [bold]{written.summary}[/] "
            f"(excluded records: sheet '{EXCLUDED_SHEET}')",
            highlight=False,
        )
        nil = [c.district for c in by_district if c.official and not c.eligible and c.district]
        if nil:
            console.print(
                "อำเภอที่ไม่มีผู้ผ่านเกณฑ์ (ไฟล์แจ้งว่าไม่มี พร้อมลงนาม): " + ", ".join(nil)
                if th
                else "Districts with nobody qualifying (a nil return, to sign): " + ", ".join(nil),
                highlight=False,
            )
        if written.renamed:
            console.print(
                "ไฟล์ที่ไม่ได้ตั้งชื่อตามชื่ออำเภอ:" if th else "Workbooks not named as their district:"
            )
        for (_, district), path in written.renamed:  # a note of 300 letters shown by its start
            district = district or NO_DISTRICT
            shown = district if len(district) <= 60 else f"{district[:60]}…"
            where = path.relative_to(written.folder)
            console.print(f"  {shown} → {where}", markup=False, highlight=False)
        if written.removed:
            names = ", ".join(p.name for p in written.removed)
            console.print(
                f"[yellow]ลบไฟล์จากการรันครั้งก่อนที่ไม่มีผู้ได้รับคัดเลือกแล้ว: {names}[/]"
                if th
                else f"[yellow]Removed workbooks of an earlier run with no nominee now: {names}[/]"
            )
    # Last, where the officer reads on from: what the rules file may have wrong.
    _notices(selection, console, lang)
    console.print(f"[dim]{GAZETTEER_CREDIT}[/]")


def _place_name(c: DistrictCount, multi: bool) -> str:
    """A row's place as the table shows it; ⚠ for a name the gazetteer does not know."""
    name = (c.province if multi else c.district) or "-"
    return name if c.official else name + " ⚠"


def _notices(selection: Selection, console: Console, lang: str) -> None:
    """What the rules file may have wrong for this run, before anything else is read."""
    for text in selection.notice_texts(lang):
        console.print(f"⚠ {text}", style="yellow", markup=False, highlight=False)


def _warnings(selection: Selection, console: Console, th: bool, shown: int | None = SHOWN) -> None:
    """Data issues (the first `shown`, all for None), skipped rows, sheets not read."""
    lang = "th" if th else "en"
    issues = selection.issues
    # Names that match no district are one warning per name: each makes its own workbook.
    for line in _unknown_names(selection, lang):
        console.print(
            f"⚠ {line} — "
            + (
                "เก็บชื่อตามที่เขียน แก้ในทะเบียนแล้วรันใหม่"
                if th
                else "kept as written; correct the registry and run again"
            ),
            style="yellow",
            markup=False,
            highlight=False,
        )
    if issues:
        console.print(f"[yellow]{'ปัญหาข้อมูล' if th else 'Data issues'}: {len(issues)}[/]")
        for i in issues[:shown]:
            console.print(
                f"  {selection.file_name(i.file)} · {'ชีต' if th else 'sheet'} {i.sheet} · "
                f"{'แถวที่' if th else 'row'} {i.row} · {'คอลัมน์' if th else 'column'} {i.column} "
                f"({label('fields', i.field, lang)}): {i.value!r} — "
                f"{selection.problem_text(i, lang)}",
                markup=False,
                highlight=False,
            )
        if shown is not None and len(issues) > shown:
            console.print(
                f"  … {'และอีก' if th else 'and'} {len(issues) - shown} "
                + (
                    f"รายการ ดูทั้งหมดในชีต '{ISSUES_SHEET}' ของไฟล์สรุปผล"
                    if th
                    else f"more in the summary workbook, sheet '{ISSUES_SHEET}'"
                )
            )
    skipped = selection.skipped
    if skipped:
        kinds: dict[str, int] = {}
        for s in skipped:
            kinds[s.kind] = kinds.get(s.kind, 0) + 1
        parts = ", ".join(f"{label('skipped', k, lang)} {n}" for k, n in kinds.items())
        console.print(f"{'แถวที่ไม่ใช่รายการ (ข้าม)' if th else 'Rows skipped (not records)'}: {parts}")
    if selection.out_of_scope:
        n = sum(o.rows for o in selection.out_of_scope)
        places = len(selection.out_of_scope)
        console.print(
            f"แถวนอกจังหวัด/อำเภอที่เลือก (ไม่ได้พิจารณา): {n} แถว ใน {places} อำเภอ"
            if th
            else f"Rows outside the province/districts chosen, not considered: {n} "
            f"in {places} places"
        )
    for o, meant in selection.left_out_alike:
        console.print(
            f"⚠ {o.district!r} ({o.rows} แถว) ไม่ได้รวมไว้ แต่น่าจะหมายถึง {meant} "
            f"แก้ชื่อในทะเบียน หรือเพิ่ม --district '{o.district}' แล้วรันใหม่"
            if th
            else f"⚠ {o.district!r} ({o.rows} rows) was left out but most likely means "
            f"{meant}: correct the registry, or add --district '{o.district}', and run again",
            style="yellow",
            markup=False,
            highlight=False,
        )
    for file, copy in selection.same_files:
        note = selection.same_file_note(file, copy, lang)
        console.print(f"[yellow]⚠ {selection.file_name(copy)}: {note}[/]", highlight=False)

    def not_read(file: str, sheet: str, heading: tuple[str, str], why: tuple[str, str]) -> None:
        lead, because = heading[0 if th else 1], why[0 if th else 1]
        console.print(f"{lead} {sheet!r} ({selection.file_name(file)}): {because}", markup=False)

    for file, sheet in selection.hidden_sheets:
        not_read(
            file,
            sheet,
            ("ไม่ได้อ่านชีตที่ซ่อนอยู่", "Hidden sheet not read"),
            (
                f"หากต้องการอ่าน ระบุ --sheet '{sheet}' (แล้วจะอ่านเฉพาะชีตที่ระบุ)",
                f"to read it, give --sheet '{sheet}' (then only the sheets named are read)",
            ),
        )
    for file, sheet in selection.hidden_asked:
        console.print(
            f"[yellow]⚠ {'อ่านชีตที่ซ่อนอยู่' if th else 'Hidden sheet read'} {sheet!r} "
            f"({selection.file_name(file)}) "
            + ("ตามที่ระบุ --sheet[/]" if th else "as --sheet asked[/]"),
            highlight=False,
        )
    unread = ("ไม่ได้อ่านชีต", "Sheet not read")
    for file, sheet in selection.unasked_sheets:
        not_read(file, sheet, unread, ("ไม่ได้ระบุใน --sheet", "not named by --sheet"))
    for file, sheet in selection.other_sheets:
        not_read(file, sheet, unread, ("ไม่พบหัวตารางทะเบียน", "no registry header"))


# How many distinct spellings of a field `kbo check` lists before "... and N more".
CHECK_VALUES = 15


def render_check(selection: Selection, console: Console, lang: str = "th") -> None:
    """`kbo check`: how each sheet was read, how each rule field's values were interpreted,
    what cannot be read, and how many each district would nominate. Writes nothing."""
    th = lang == "th"
    for info in selection.sheets:
        name, rows = selection.file_name(info.file), info.header_rows_shown
        table = Table(
            title=(
                f"{name} · ชีต '{info.sheet}' · หัวตารางแถวที่ {rows}"
                if th
                else f"{name} · sheet '{info.sheet}' · header row {rows}"
            ),
            box=box.SIMPLE_HEAD,
        )
        table.add_column("ข้อมูล" if th else "Field")
        table.add_column("คอลัมน์" if th else "Column")
        table.add_column("หัวคอลัมน์ในทะเบียน" if th else "Header in the registry")
        for name, (letter, header) in info.fields.items():
            table.add_row(label("fields", name, lang), letter, header)
        if info.sheet_district:
            where = WRITTEN_IN_LABELS[info.district_from or "sheet"][0 if th else 1]
            table.add_row(label("fields", "district", lang), "-", f"{where}: {info.sheet_district}")
        if info.carried:
            table.add_row(
                "คอลัมน์อื่น (คัดลอกไปด้วย)" if th else "Other columns (carried)",
                "",
                ", ".join(info.carried),
            )
        console.print(table)
    for name in ("producer_type", "quadrant", "stars", "registered"):
        _value_table(selection, name, console, lang)
    by_district = selection.by_district()
    table = Table(
        title="จำนวนที่จะได้รับคัดเลือกรายอำเภอ" if th else "What select would nominate, by district",
        box=box.SIMPLE_HEAD,
    )
    if selection.multi_province:
        table.add_column("จังหวัด" if th else "Province")
    table.add_column("อำเภอ" if th else "District")
    table.add_column("รายการ" if th else "Records", justify="right")
    table.add_column("คัดเลือก" if th else "Nominated", justify="right", style="green")
    for c in by_district:
        table.add_row(
            *([c.province or "-"] if selection.multi_province else []),
            (c.district or "-") + ("" if c.official else " ⚠"),
            str(c.records),
            str(c.eligible),
        )
    console.print(table)
    duplicates = int(selection.records["duplicate_of"].notna().sum())
    console.print(
        (f"รายการซ้ำ: {duplicates}" if th else f"Duplicates: {duplicates}")
        if duplicates
        else ("ไม่มีรายการซ้ำ" if th else "No duplicates")
    )
    _warnings(selection, console, th, shown=None)  # check writes no summary: list all
    _notices(selection, console, lang)
    fixes = _to_fix(selection, lang)
    if fixes:
        console.print(f"[bold yellow]{'ควรแก้ในทะเบียนก่อนส่ง' if th else 'To fix before sending'}:[/]")
        for line in fixes:
            console.print(f"  • {line}", markup=False, highlight=False)
        console.print(
            f"[yellow]เลือกจากทะเบียนนี้ได้ แต่ควรแก้ {len(fixes)} เรื่องข้างต้นก่อนส่ง[/] "
            "(kbo check ไม่เขียนไฟล์ใด)"
            if th
            else f"[yellow]Selection is possible, but fix the {len(fixes)} matter(s) above "
            "before sending[/] (kbo check writes nothing)"
        )
        return
    console.print(
        "[green]เลือกจากทะเบียนนี้ได้[/] (kbo check ไม่เขียนไฟล์ใด)"
        if th
        else "[green]Selection is possible[/] (kbo check writes nothing)"
    )


# Problems of a cell that exclude its row until the registry is corrected.
_UNREADABLE_PROBLEMS = ("unreadable", "formula", "error")


def _unknown_names(selection: Selection, lang: str) -> list[str]:
    """One line per district or province name the gazetteer does not know, with the name it
    most likely means and the rows that write it: `'บางคล้': … หมายถึง บางคล้า หรือไม่ (แถวที่ 91)`."""
    names: dict[tuple[str, str, str], list] = {}
    for i in selection.issues:
        if i.field in ("district", "province") and i.problem != "missing":
            names.setdefault((i.field, i.value, i.problem), []).append(i)
    out = []
    for (_, value, _), found in names.items():
        rows = ", ".join(str(i.row) for i in found[:5]) + (" …" if len(found) > 5 else "")
        plural = "s" if len(found) > 1 else ""
        out.append(
            f"{value!r}: {selection.problem_text(found[0], lang)} "
            + (f"(แถวที่ {rows})" if lang == "th" else f"(row{plural} {rows})")
        )
    return out


def _to_fix(selection: Selection, lang: str) -> list[str]:
    """What `kbo check` asks to correct before the lists are sent: district and province names
    the gazetteer does not know (each would get a workbook of its own), with the name meant;
    and cells that cannot be read (their rows are excluded)."""
    th = lang == "th"
    out = _unknown_names(selection, lang)
    cells = [i for i in selection.issues if i.problem in _UNREADABLE_PROBLEMS]
    if cells:
        out.append(
            f"ค่าที่อ่านไม่ได้ {len(cells)} เซลล์ (รายการข้างบน) แถวเหล่านี้จะไม่ได้รับการคัดเลือกจนกว่าจะแก้"
            if th
            else f"{len(cells)} cell(s) that cannot be read (listed above): their rows are "
            "excluded until corrected"
        )
    return out


def _value_table(selection: Selection, name: str, console: Console, lang: str) -> None:
    """The distinct values of one field as written, with counts and how each was read."""
    th = lang == "th"
    records = selection.records
    if records.empty:
        return
    pairs = pd.DataFrame({"written": records[f"{name}_written"], "read": records[name]})
    pairs["read"] = pairs["read"].map(lambda v: _interpretation(name, v, th))
    counts = pairs.value_counts(sort=True)
    if len(counts) > CHECK_VALUES and name == "registered":
        _grouped_value_table(pairs, name, console, lang)
        return
    table = _values_table(name, lang)
    table.add_column("ค่าตามทะเบียน" if th else "As written")
    table.add_column("จำนวน" if th else "Rows", justify="right")
    table.add_column("อ่านเป็น" if th else "Read as")
    # The values that cannot be read come first, all of them: they are what to correct.
    rows = list(counts.items())
    unreadable = [r for r in rows if r[0][1] == _UNREADABLE[th]]
    readable = [r for r in rows if r[0][1] != _UNREADABLE[th]]
    for (written, read), n in unreadable + readable[:CHECK_VALUES]:
        style = "red" if read == _UNREADABLE[th] else None
        table.add_row(written or "(ว่าง)" if th else written or "(empty)", str(n), read, style=style)
    if len(readable) > CHECK_VALUES:
        more = len(readable) - CHECK_VALUES
        table.add_row(f"… {'และอีก' if th else 'and'} {more}", "", "")
    console.print(table)


def _values_table(name: str, lang: str) -> Table:
    title = ("ค่าในคอลัมน์ " if lang == "th" else "Values of ") + label("fields", name, lang)
    return Table(title=title, box=box.SIMPLE_HEAD)


def _grouped_value_table(pairs: pd.DataFrame, name: str, console: Console, lang: str) -> None:
    """Dates are mostly distinct: one row per year read, with a few of its spellings."""
    th = lang == "th"
    table = _values_table(name, lang)
    table.add_column("อ่านเป็น" if th else "Read as")
    table.add_column("จำนวน" if th else "Rows", justify="right")
    table.add_column("ตัวอย่างค่าตามทะเบียน" if th else "Written, for example")
    for read, group in sorted(pairs.groupby("read"), key=lambda kv: kv[0]):
        unreadable = read == _UNREADABLE[th]
        spellings = list(dict.fromkeys(group["written"]))
        shown = spellings if unreadable else spellings[:3]
        table.add_row(
            read,
            str(len(group)),
            ", ".join(repr(s) for s in shown),
            style="red" if unreadable else None,
        )
    console.print(table)


_UNREADABLE = {True: "อ่านไม่ได้", False: "unreadable"}  # by `th`


def _interpretation(name: str, value: object, th: bool) -> str:
    if value is UNREADABLE:
        return _UNREADABLE[th]
    if value is None:
        return "ว่าง" if th else "empty"
    if name == "producer_type":
        return vocab().producer_type_official.get(value, str(value))
    if name == "stars":
        return ("ยังไม่ได้รับการคัดสรร" if th else "not rated") if value == 0 else f"{value}"
    if name == "registered":
        return f"พ.ศ. {value}" if th else f"BE {value}"
    return str(value)

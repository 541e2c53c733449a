"""The province's compiled list (`kbo collect`): what each sheet of ทะเบียนรายชื่อจังหวัด.xlsx shows.

One workbook for the committee meeting: the compiled list, signed off as a district's list is;
each district's status; every change a district made; the rows a district added that do not
qualify, with their reasons; and the sign-in sheet for the meeting, from the compiled list.
The sheets are `Table`s as the select run's are, in the same house style and wording
(`sheets`), written by the same writer.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

from kbo_cli.core.collect import CollectedRow, Collection
from kbo_cli.core.returns import comment_of
from kbo_cli.core.vocab import contact_role
from kbo_cli.errors import OutputError, OutputExistsError
from kbo_cli.output.files import Locked, write_made
from kbo_cli.output.paths import check_folder
from kbo_cli.output.sheets import (
    SIGNIN,
    SIGNIN_LINES,
    SIGNIN_OFFICERS,
    Cells,
    Column,
    Note,
    Show,
    Table,
    columns,
    district_title,
    official_table,
    project_titles,
    signatures,
    signin_titles,
)
from kbo_cli.output.xlsx import CENTER, Writer

COMPILED_NAME = "ทะเบียนรายชื่อจังหวัด.xlsx"
# Rows at the end of the meeting's sign-in for the committee and the province's staff.
COMMITTEE_ROWS = 6
COMPILED_SHEET = "รายชื่อรวมทั้งจังหวัด"
STATUS_SHEET = "สถานะรายอำเภอ"
CHANGES_SHEET = "รายการที่อำเภอแก้ไข"
NOT_QUALIFIED_SHEET = "ที่เพิ่มแต่ไม่ผ่านเกณฑ์"
PROPOSED_SHEET = "เสนอตามศักยภาพ"
SIGNIN_SHEET = "ใบลงทะเบียนเข้าร่วมประชุม"

# Each status as the sheets say it.
STATUS = {"kept": "คงเดิม", "edited": "อำเภอแก้ไข", "added": "อำเภอเพิ่ม"}
RETURNED = {"returned": "ส่งแล้ว", "missing": "ยังไม่ส่ง"}
FIELD_NAMES = {
    "producer": "ชื่อกลุ่ม/ผู้ประกอบการ",
    "product": "ชื่อผลิตภัณฑ์",
    "category": "ประเภทผลิตภัณฑ์",
    "stars": "ระดับดาว",
    "quadrant": "Quadrant",
    "registered": "ปีที่ลงทะเบียน",
}

COMPILED = (
    Show("ลำดับ", "seq", CENTER),
    Show("อำเภอ", "district"),
    Show("ชื่อกลุ่ม/ผู้ประกอบการ", "producer"),
    Show("ตำบล", "location"),
    Show("ชื่อผลิตภัณฑ์", "product"),
    Show("ประเภทผลิตภัณฑ์", "category"),
    Show("ระดับดาว", "stars", CENTER),
    Show("กลุ่มผลิตภัณฑ์ (Quadrant)", "quadrant", CENTER),
    Show("ปีที่ลงทะเบียน (พ.ศ.)", "registered", CENTER),
)
STATUS_COLUMNS = (
    Show("อำเภอ", "district"),
    Show("สถานะ", "status", CENTER),
    Show("ได้รับ คัดเลือก", "nominees", CENTER),
    Show("คงเดิม", "kept", CENTER),
    Show("อำเภอ แก้ไข", "edited", CENTER),
    Show("อำเภอ เสนอเพิ่ม", "added", CENTER),
    Show("เสนอเพิ่ม แต่ไม่ผ่าน เกณฑ์", "added_not_eligible", CENTER),
    Show("ไม่พบใน ทะเบียน", "not_in_registry", CENTER),
    Show("อำเภอ ตัดออก", "removed", CENTER),
    Show("ในบัญชี รวม", "listed", CENTER),
    Show("ไฟล์ที่ส่ง", "files"),
)
CHANGE_COLUMNS = (
    Show("อำเภอ", "district"),
    Show("ชื่อกลุ่ม/ผู้ประกอบการ", "producer"),
    Show("ชื่อผลิตภัณฑ์", "product"),
    Show("การเปลี่ยนแปลง", "change"),
    Show("ผลการพิจารณา", "outcome"),
    Show("ไฟล์", "file"),
    Show("แถว", "row", CENTER),
)
NOT_QUALIFIED_COLUMNS = (
    Show("อำเภอ", "district"),
    Show("ชื่อกลุ่ม/ผู้ประกอบการ", "producer"),
    Show("ชื่อผลิตภัณฑ์", "product"),
    Show("เหตุผลที่ไม่ผ่าน", "reasons"),
    Show("ผลการพิจารณา", "outcome"),
    Show("ไฟล์", "file"),
    Show("แถว", "row", CENTER),
)
# What becomes of a row: on the province's list or not.
LISTED, NOT_LISTED = "นำเข้าบัญชี", "ไม่นำเข้าบัญชี"
NOT_IN_REGISTRY = "ไม่พบในทะเบียนผู้ผลิต ผู้ประกอบการ OTOP"


def compiled_tables(collection: Collection) -> list[Table]:
    """The sheets of the compiled workbook."""
    selection = collection.selection
    c = selection.criteria
    provinces = sorted({d.place[0] for d in collection.districts if d.place[0]})
    office = f"จังหวัด{provinces[0]}" if len(provinces) == 1 else "จังหวัด"
    place = f"รวมทุกอำเภอ {office}" if len(provinces) == 1 else "รวมทุกอำเภอ"
    rows = collection.compiled
    listed = _compiled_columns(rows)
    listed_in = {r.place for r in rows}
    total = (
        f"รวมทั้งสิ้น {len({(r.place, r.values.get('producer')) for r in rows})} กลุ่ม "
        f"{len(rows)} ผลิตภัณฑ์ จาก {len(listed_in)} อำเภอ"
    )
    # The districts the list leaves out, said below it: the committee reads the list alone.
    missing = [d for d in collection.districts if d.status == "missing"]
    nobody = [
        d for d in collection.districts if d.status == "returned" and d.place not in listed_in
    ]
    below = [Note(total)]
    if missing:
        below.append(
            Note(
                "อำเภอที่ยังไม่ส่งรายชื่อ (ยังไม่นำรายชื่อเข้าบัญชี): "
                + ", ".join(f"{d.place[1]} (ได้รับคัดเลือก {d.nominees} ราย)" for d in missing)
            )
        )
    if nobody:
        below.append(Note("อำเภอที่ส่งกลับโดยไม่มีผู้เข้าร่วม: " + ", ".join(d.place[1] for d in nobody)))

    def sheet(name: str, heading: str, cols: tuple[Column, ...], **more) -> Table:
        return official_table(c, name, project_titles(c, heading, place), cols, **more)

    proposals = "ผลิตภัณฑ์ที่อำเภอเสนอตามศักยภาพ (เพื่อคณะกรรมการพิจารณา)"
    return [
        sheet(
            COMPILED_SHEET,
            "ทะเบียนรายชื่อผู้ผลิต ผู้ประกอบการ OTOP ที่ได้รับการคัดเลือก ทั้งจังหวัด",
            listed,
            notes=(*below, *signatures(office)),
        ),
        sheet(STATUS_SHEET, "สถานะการส่งรายชื่อของอำเภอ", _status(collection)),
        sheet(CHANGES_SHEET, "รายการที่อำเภอแก้ไข เพิ่ม หรือตัดออก", _changes(collection)),
        sheet(
            NOT_QUALIFIED_SHEET,
            "รายการที่อำเภอเพิ่ม แต่ไม่ผ่านเกณฑ์การคัดเลือก",
            _not_qualified(collection),
        ),
        *([sheet(PROPOSED_SHEET, proposals, _proposed(collection))] if collection.proposed else []),
        official_table(
            c,
            SIGNIN_SHEET,
            signin_titles(c, None, provinces),
            _signin(collection),
            min_lines=SIGNIN_LINES,
        ),
    ]


def _name(path: str) -> str:
    return Path(path).name


def _compiled_columns(rows: tuple[CollectedRow, ...]) -> tuple[Column, ...]:
    """The list's columns, then each contact column a district filled in, then the status."""
    fields = {
        "seq": Cells.of(range(1, len(rows) + 1)),
        "district": Cells.of([r.place[1] for r in rows]),
    }
    for name in ("producer", "location", "product", "category", "stars", "quadrant", "registered"):
        fields[name] = Cells.of([_shown(_value(r, name)) for r in rows])
    # The contact columns a province expects (vocab.toml [headers.contacts]: the leader, the
    # address, the phone, a note), as the districts head them; a column of another kind a
    # district added stays in its file: on the list it squeezed the names into lines of a
    # few letters.
    contacts: list[str] = []
    for r in rows:
        contacts += [h for h in r.contacts if h not in contacts and contact_role(h)]
    extra = (
        *(Column(h, Cells.of([r.contacts.get(h) for r in rows])) for h in contacts),
        Column("สถานะ", Cells.of([_status_text(r) for r in rows])),
    )
    return columns(COMPILED, fields, len(rows)) + extra


# The fields the criteria judge: the registry's values stand on the province's list, whatever
# a district wrote (a rating changed to 4 in a list of 1-3 stars is not the registry's).
JUDGED = ("stars", "quadrant", "registered")


def _value(row: CollectedRow, name: str) -> str | None:
    """A field of a row on the list: as the district wrote it, but a judged field the district
    changed, which is the registry's."""
    if name in JUDGED:
        old = next((old for f, old, _ in row.edits if f == name), None)
        if old is not None:
            return old
    return row.values.get(name)


def _status_text(row: CollectedRow) -> str:
    """`ตามที่คัดเลือก`, `อำเภอแก้ไข ชื่อผลิตภัณฑ์`, `อำเภอเพิ่ม`."""
    if row.status == "edited":
        return f"{STATUS['edited']} " + ", ".join(FIELD_NAMES.get(f, f) for f, _, _ in row.edits)
    return STATUS[row.status]


def _shown(value: str | None) -> object:
    """A number as a number (`2.0` -> 2), text as text."""
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        return value
    return int(number) if number.is_integer() else number


COUNTED = (
    "nominees",
    "kept",
    "edited",
    "added",
    "added_not_eligible",
    "not_in_registry",
    "removed",
)


def _status(collection: Collection) -> tuple[Column, ...]:
    """A row per district, then the totals: from the nominees to the rows on the list."""
    ds = collection.districts
    listed = Counter(r.place for r in collection.compiled)
    fields = {
        "district": Cells.of([*(d.place[1] for d in ds), "รวม"]),
        "status": Cells.of([*(RETURNED[d.status] for d in ds), None]),
        "files": Cells.of([*(", ".join(_name(f) for f in d.files) or None for d in ds), None]),
        "listed": Cells.of([*(listed[d.place] for d in ds), sum(listed.values())]),
    }
    for name in COUNTED:
        counts = [getattr(d, name) for d in ds]
        fields[name] = Cells.of([*counts, sum(counts)])
    return columns(STATUS_COLUMNS, fields, len(ds) + 1)


def change_text(row: CollectedRow, selection) -> str:
    """What a district changed in a row, in words, and what kbo noticed matching it."""
    if row.status == "kept":
        text = "ตามที่คัดเลือก"
    elif row.status == "edited":
        text = "แก้ไข " + "; ".join(
            f"{FIELD_NAMES.get(f, f)}: {old or '-'} → {new or '-'}"
            + (" (บัญชีใช้ค่าตามทะเบียน)" if f in JUDGED else "")
            for f, old, new in row.edits
        )
    elif not row.in_registry:
        text = f"เพิ่ม: {NOT_IN_REGISTRY}"
    elif row.eligible:
        text = "เพิ่ม: อยู่ในทะเบียน ผ่านเกณฑ์"
    else:
        text = f"เพิ่ม: ไม่ผ่านเกณฑ์ ({selection.reason_text(row.reasons)})"
    return f"{text} ({row.note})" if row.note else text


def _changes(collection: Collection) -> tuple[Column, ...]:
    """Every change a district made, by district (the districts' order), then by row."""
    selection = collection.selection
    order = {d.place: k for k, d in enumerate(collection.districts)}
    items: list[tuple] = []  # order, district, producer, product, change, outcome, file, row
    for r in collection.rows:
        if r.status != "kept" or r.note:
            v = r.values
            outcome = LISTED if r.compiled else NOT_LISTED
            items.append(
                (order[r.place], r.place[1], v.get("producer"), v.get("product"),
                 change_text(r, selection), outcome, _name(r.file), r.row)
            )  # fmt: skip
    for r in collection.removed:
        gone = "อำเภอตัดออก (ไม่อยู่ในรายชื่อที่ส่งกลับ)"
        items.append((order[r.place], r.place[1], r.producer, r.product, gone, NOT_LISTED, None, 0))
    items.sort(key=lambda item: (item[0], item[7]))
    names = ("district", "producer", "product", "change", "outcome", "file", "row")
    fields = {n: Cells.of([item[k + 1] or None for item in items]) for k, n in enumerate(names)}
    return columns(CHANGE_COLUMNS, fields, len(items))


def _not_qualified(collection: Collection) -> tuple[Column, ...]:
    selection = collection.selection
    rows = [r for r in collection.rows if r.status == "added" and not r.eligible]
    fields = {
        "district": Cells.of([r.place[1] for r in rows]),
        "producer": Cells.of([r.values.get("producer") for r in rows]),
        "product": Cells.of([r.values.get("product") for r in rows]),
        "reasons": Cells.of(
            [selection.reason_text(r.reasons) if r.in_registry else NOT_IN_REGISTRY for r in rows]
        ),
        "outcome": Cells.of([NOT_LISTED] * len(rows)),
        "file": Cells.of([_name(r.file) for r in rows]),
        "row": Cells.of([r.row for r in rows]),
    }
    return columns(NOT_QUALIFIED_COLUMNS, fields, len(rows))


PROPOSED_COLUMNS = (
    Show("อำเภอ", "district"),
    Show("ชื่อกลุ่ม/ผู้ประกอบการ", "producer"),
    Show("ชื่อผลิตภัณฑ์", "product"),
    Show("ความเห็นของอำเภอ", "comment"),
    Show("ตามทะเบียน", "registry"),
    Show("ไฟล์", "file"),
    Show("แถว", "row", CENTER),
)


def _proposed(collection: Collection) -> tuple[Column, ...]:
    """The candidates the districts propose on their potential, with what the registry says
    of each (not yet rated, as a rule)."""
    selection = collection.selection
    rows = collection.proposed
    fields = {
        "district": Cells.of([r.place[1] for r in rows]),
        "producer": Cells.of([r.values.get("producer") for r in rows]),
        "product": Cells.of([r.values.get("product") for r in rows]),
        "comment": Cells.of([comment_of(r.contacts) for r in rows]),
        "registry": Cells.of(
            [
                (selection.reason_text(r.reasons) if r.reasons else "ผ่านเกณฑ์")
                if r.in_registry
                else NOT_IN_REGISTRY
                for r in rows
            ]
        ),
        "file": Cells.of([_name(r.file) for r in rows]),
        "row": Cells.of([r.row for r in rows]),
    }
    return columns(PROPOSED_COLUMNS, fields, len(rows))


def _signin(collection: Collection) -> tuple[Column, ...]:
    """The meeting's sign-in: each district's officers, then its producers on the compiled
    list (one row a producer, its products to bring); then rows for the committee."""
    rows: list[tuple] = []  # district, position, unit, products, name, phone
    by_place: dict[tuple[str, str], list[CollectedRow]] = defaultdict(list)
    for r in collection.compiled:  # once, not once a district (928 nationally)
        by_place[r.place].append(r)
    for d in collection.districts:  # a district yet to return is summoned all the same
        office = f"สำนักงานพัฒนาชุมชน{district_title(d.place[1], None, True)}"
        rows += [(d.place[1], officer, office, None, None, None) for officer in SIGNIN_OFFICERS]
        products: dict[str, list[str]] = {}
        contact: dict[str, dict[str, str]] = {}  # the leader and phone a district filled in
        for r in by_place[d.place]:
            producer = r.values.get("producer") or ""
            products.setdefault(producer, []).append(r.values.get("product") or "")
            known = contact.setdefault(producer, {})
            for header, value in r.contacts.items():
                known.setdefault(contact_role(header) or "", value)
        rows += [
            (d.place[1], None, p, ", ".join(ps), contact[p].get("leader"), contact[p].get("phone"))
            for p, ps in products.items()
        ]
    rows += [(None,) * 6] * COMMITTEE_ROWS  # the committee, the province's staff
    fields = {
        "seq": Cells.of(range(1, len(rows) + 1)),
        **{
            name: Cells.of([r[k] for r in rows])
            for k, name in enumerate(("district", "position", "unit", "products", "name", "phone"))
        },
    }
    # The usual form, with the district, and the names and phones the districts filled in.
    filled = {"ชื่อ - สกุล": "name", "เบอร์โทรศัพท์": "phone"}
    shown = (
        SIGNIN[0],
        Show("อำเภอ", "district"),
        *(replace(s, field=filled[s.header]) if s.header in filled else s for s in SIGNIN[1:]),
    )
    return columns(shown, fields, len(rows))


def write_compiled(collection: Collection, out_dir: Path, *, force: bool) -> Path:
    """Write the compiled workbook into `out_dir`, atomically; an existing one only with
    `force`, and never over a returned file."""
    out_dir = Path(out_dir)
    path = out_dir / COMPILED_NAME
    check_folder(out_dir)
    inputs = {Path(r.file).resolve() for r in collection.returns}
    if path.resolve() in inputs:
        raise OutputError(
            f"{path}: is one of the returned files. Give another --out folder.",
            f"{path}: เป็นไฟล์ที่อำเภอส่งกลับ ระบุโฟลเดอร์อื่นใน --out",
        )
    if path.exists() and not force:
        raise OutputExistsError(
            f"{path}: already exists. Give another --out folder, or --force to replace it.",
            f"{path}: มีไฟล์นี้อยู่แล้ว ระบุโฟลเดอร์อื่นใน --out หรือใช้ --force เพื่อเขียนทับ",
        )
    data = Writer().book(compiled_tables(collection))
    try:
        write_made(data, path)
    except Locked as exc:
        raise OutputError(
            f"{path}: is open in another program. Close it and run again.",
            f"{path}: เปิดอยู่ในโปรแกรมอื่น ปิดไฟล์แล้วรันใหม่",
        ) from exc
    except OSError as exc:
        raise OutputError(
            f"{path}: cannot be written ({exc.strerror}).",
            f"{path}: เขียนไฟล์ไม่ได้ ({exc.strerror})",
        ) from exc
    return path

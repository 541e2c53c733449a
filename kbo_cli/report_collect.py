"""The terminal report of a `Collection` (`kbo collect`), rendered with rich, and its JSON form."""

from __future__ import annotations

from pathlib import Path

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table

from kbo_cli.core.collect import CollectedRow, Collection
from kbo_cli.core.returns import comment_of

# The per-district table's columns: (DistrictReturn field, Thai header, English header).
COUNTS = (
    ("nominees", "คัดเลือก", "Chosen"),
    ("kept", "คงเดิม", "Kept"),
    ("edited", "แก้ไข", "Edited"),
    ("added", "เพิ่ม", "Added"),
    ("added_not_eligible", "ไม่ผ่าน", "Inelig."),  # added, failing the criteria
    ("not_in_registry", "ไม่พบ", "Unreg."),  # added, in no registry
    ("removed", "ตัดออก", "Gone"),
)
STATUS = {"returned": ("ส่งแล้ว", "returned"), "missing": ("ยังไม่ส่ง", "missing")}


def to_json(collection: Collection, written: Path | None) -> dict:
    """The collection as one JSON object: districts, rows, the compiled list's size."""
    return {
        "districts": [
            {
                "province": d.place[0],
                "district": d.place[1],
                "status": d.status,
                "files": list(d.files),
                **{name: getattr(d, name) for name, _, _ in COUNTS if name != "nominees"},
            }
            for d in collection.districts
        ],
        "rows": [_row(r) for r in collection.rows],
        "removed": [
            {
                "province": r.place[0],
                "district": r.place[1],
                "producer": r.producer,
                "product": r.product,
                "registry": {"file": r.registry[0], "sheet": r.registry[1], "row": r.registry[2]},
            }
            for r in collection.removed
        ],
        "compiled": len(collection.compiled),
        "proposed": [{**_row(r), "comment": comment_of(r.contacts)} for r in collection.proposed],
        "warnings": [en for en, _ in collection.warnings],
        "written": str(written) if written else None,
    }


def _row(r: CollectedRow) -> dict:
    return {
        "province": r.place[0],
        "district": r.place[1],
        "file": r.file,
        "sheet": r.sheet,
        "row": r.row,
        "status": r.status,
        "producer": r.values.get("producer"),
        "product": r.values.get("product"),
        "edits": [{"field": f, "registry": old, "returned": new} for f, old, new in r.edits],
        "note": r.note or None,
        "eligible": r.eligible,
        "in_registry": r.in_registry,
        "reasons": list(r.reasons),
        "registry": (
            {"file": r.registry[0], "sheet": r.registry[1], "row": r.registry[2]}
            if r.registry
            else None
        ),
    }


def render(collection: Collection, written: Path | None, console: Console, lang: str = "th"):
    """The per-district table, the districts yet to return, the warnings, the file written."""
    th = lang == "th"
    k = 0 if th else 1
    names = [d.place[1] for d in collection.districts]
    table = Table(
        title="ผลการรวบรวมรายชื่อจากอำเภอ" if th else "Returns by district",
        caption=(
            "ไม่ผ่าน, ไม่พบ: รายการที่อำเภอเพิ่ม ซึ่งไม่ผ่านเกณฑ์ หรือไม่พบในทะเบียน"
            if th
            else "Inelig., Unreg.: rows a district added that fail the criteria, or are in "
            "no registry"
        ),
        caption_justify="left",
        show_footer=True,
        box=box.SIMPLE_HEAD,
        collapse_padding=True,
    )
    table.add_column(
        "อำเภอ" if th else "District",
        footer="รวม" if th else "Total",
        no_wrap=True,
        min_width=max(map(cell_len, names), default=0),
    )
    table.add_column("สถานะ" if th else "Status", no_wrap=True)
    for name, *headers in COUNTS:
        total = sum(getattr(d, name) for d in collection.districts)
        table.add_column(headers[k], justify="right", footer=str(total))
    for d in collection.districts:
        status = STATUS[d.status][k]
        table.add_row(
            d.place[1],
            status if d.status == "returned" else f"[red]{status}[/]",
            *(str(getattr(d, name)) for name, _, _ in COUNTS),
        )
    console.print(table)
    missing = [d.place[1] for d in collection.districts if d.status == "missing"]
    if missing:
        console.print(
            ("อำเภอที่ยังไม่ส่งรายชื่อ: " if th else "Districts yet to return their list: ")
            + ", ".join(missing),
            style="red",
        )
    for en, thai in collection.warnings:
        console.print(f"⚠ {thai if th else en}", style="yellow")
    if collection.proposed:
        n = len(collection.proposed)
        console.print(
            f"อำเภอเสนอตามศักยภาพ {n} รายการ เพื่อคณะกรรมการพิจารณา (ชีต 'เสนอตามศักยภาพ')"
            if th
            else f"Proposed on potential by the districts: {n}, for the committee "
            "(sheet 'เสนอตามศักยภาพ')"
        )
    compiled = len(collection.compiled)
    console.print(f"รายชื่อรวมทั้งจังหวัด {compiled} รายการ" if th else f"Compiled list: {compiled} rows")
    if written:
        console.print(
            f"บันทึกไฟล์ไว้ที่ {written} (การแก้ไขของอำเภอดูในชีต 'รายการที่อำเภอแก้ไข')"
            if th
            else f"Written to {written} (what districts changed: sheet 'รายการที่อำเภอแก้ไข')"
        )

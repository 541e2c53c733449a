"""Reading a district's returned list: the workbook kbo wrote, as the district sent it back.

A district officer opens the nomination workbook, deletes the producers who declined, fills in
contacts, corrects a spelling, types a producer in by hand, saves it (as .xls, sometimes),
renames it and e-mails it back. So the list is found by its header, not by its sheet's name
or place; each column by its label, wherever it was moved; and the district by the title line
kbo wrote above the table (`อำเภอบางคล้า จังหวัดฉะเชิงเทรา`), or else, by `collect`, from
where its rows came from (`ชีตต้นฉบับ`, `แถวต้นฉบับ`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from kbo_cli.core.read import match_header, read_sheets
from kbo_cli.core.text import clean_text, is_blank, label_key
from kbo_cli.core.vocab import contact_role
from kbo_cli.errors import KboError

# The registry's fields a list shows, compared with the registry to tell an edit.
SHOWN = ("producer", "product", "category", "stars", "quadrant", "registered")
# Where a row came from: kbo writes these beside the printed columns.
SOURCE_HEADERS = {"ไฟล์ต้นฉบับ": "file", "ชีตต้นฉบับ": "sheet", "แถวต้นฉบับ": "row"}
_SOURCE_KEYS = {label_key(h): f for h, f in SOURCE_HEADERS.items()}
# Tables of the other sheets kbo writes, with a header much like the list's: the sign-in
# sheet (a column to sign in) and the candidates' (a column for the district's comment).
SIGNATURE = "ลายมือชื่อ"
COMMENT = "ความเห็น"
# The first words of the lines kbo writes below the table: its end.
BELOW_TABLE = ("รวมทั้งสิ้น", "ที่มา:", "ลงชื่อ")
# A word every header of a list's product column holds (ชื่อผลิตภัณฑ์, ผลิตภัณฑ์): rows
# without it are not looked at closer.
PRODUCT_WORD = "ผลิตภัณฑ์"
# How far down a header is looked for: below kbo's title lines and a few an officer added.
HEADER_WITHIN = 40


class NotNominationError(KboError):
    """A file given to `kbo collect` that holds no nomination list kbo wrote."""


@dataclass(frozen=True)
class ReturnedRow:
    """One row of a returned list: the registry's fields as the district left them (text),
    the contact columns and any others it filled in (header -> text), and where kbo said the
    row came from ((file name, sheet, row); the file's name is "" when the run read one)."""

    row: int  # 1-based, in its sheet
    values: dict[str, str]
    contacts: dict[str, str]
    source: tuple[str, str, int] | None
    sheet: str = ""  # a proposal's: the candidates' sheet (a row of the list is the list's)


@dataclass(frozen=True)
class Returned:
    """A returned list: its file, sheet and header row, the title lines above it, the district
    and province a title line names (None where none does), and its rows."""

    file: str
    sheet: str
    header_row: int
    titles: tuple[str, ...]
    district: str | None
    province: str | None
    rows: tuple[ReturnedRow, ...]
    # Products proposed on their potential: rows of the candidates' sheet whose district's
    # comment says เสนอ (`COMMENT`), the comment among their contacts.
    proposed: tuple[ReturnedRow, ...] = ()


def read_returned(path: str | Path) -> Returned:
    """The nomination list in a returned workbook. Raises `NotNominationError` for a file
    that holds none, and a `KboError` for one that cannot be read."""
    path = Path(path)
    # Cells that read as empty but hold a formula never calculated are not looked for: a
    # returned row's values are only compared with the registry's, never judged.
    sheets, _, _, _ = read_sheets(path, no_value_cells=dict)
    found = []  # (sheet, its rows, (header row, columns), the title lines above)
    for name, rows, _, _ in sheets:
        header = _header(rows)
        if header is not None:
            found.append((name, rows, header, _titles(rows, header[0])))
    if not found:
        raise NotNominationError(
            f"{path}: holds no district's nomination list written by kbo (no sheet has the "
            "columns ชื่อกลุ่ม/ผู้ประกอบการ and ชื่อผลิตภัณฑ์ without one of อำเภอ): a registry "
            "is given with --registry, and kbo's summary is no return. Give the workbooks the "
            "districts sent back.",
            f"{path}: ไม่ใช่ทะเบียนรายชื่อของอำเภอที่ kbo เขียน (ไม่มีชีตที่มีคอลัมน์ "
            "ชื่อกลุ่ม/ผู้ประกอบการ และ ชื่อผลิตภัณฑ์ โดยไม่มีคอลัมน์อำเภอ) ไฟล์ทะเบียนให้ระบุด้วย "
            "--registry ส่วนไฟล์สรุปผลไม่ใช่ไฟล์ที่อำเภอส่งกลับ ระบุไฟล์ที่อำเภอส่งกลับ",
        )
    # kbo's list: its titles say who was selected, or its rows say where they came from (a
    # registry has neither). The list before any other sheet like it.
    ours = [f for f in found if _ours(f[3], f[2][1])]
    if not ours:
        raise NotNominationError(
            f"{path}: is not a nomination list written by kbo (no title line says "
            "ที่ได้รับการคัดเลือก, and it has no ชีตต้นฉบับ/แถวต้นฉบับ columns); a registry is "
            "given with --registry. Give the workbooks the districts sent back.",
            f"{path}: ไม่ใช่ทะเบียนรายชื่อที่ kbo เขียน (ไม่มีชื่อเรื่อง ที่ได้รับการคัดเลือก และไม่มีคอลัมน์ "
            "ชีตต้นฉบับ/แถวต้นฉบับ) ไฟล์ทะเบียนให้ระบุด้วย --registry ระบุไฟล์ที่อำเภอส่งกลับ",
        )
    name, rows, (at, columns), titles = next(
        (f for f in ours if "ที่ได้รับการคัดเลือก" in " ".join(f[3])), ours[0]
    )
    district, province = _place(titles)
    return Returned(
        str(path),
        name,
        at + 1,
        titles,
        district,
        province,
        tuple(_rows(rows, at, columns)),
        tuple(_proposed(sheets)),
    )


def comment_of(contacts: dict[str, str]) -> str | None:
    """The district's comment among a candidate's columns (`ความเห็นของอำเภอ …`)."""
    return next((v for h, v in contacts.items() if COMMENT in h), None)


def _proposed(sheets) -> list[ReturnedRow]:
    """The candidates' rows a district proposes: its comment starts with เสนอ (not ไม่เสนอ)."""
    out = []
    for name, rows, _, _ in sheets:
        header = _header(rows, comment=True)
        if header is None:
            continue
        for row in _rows(rows, *header):
            said = comment_of(row.contacts) or ""
            if said.replace(" ", "").startswith("เสนอ"):
                out.append(replace(row, sheet=name))
    return out


def _header(
    rows: list[list[object]], comment: bool = False
) -> tuple[int, dict[int, tuple[str, str]]] | None:
    """(row from 0, {column: (kind, key)}) of a list's header: the first row naming a
    producer and a product, and neither a column to sign in nor one for a comment (with
    `comment`, the candidates' header: one with a column for the district's comment). A
    column's kind is `field` (a registry field), `contact` (its header as written: a contact,
    the comment, any other) or `source`."""
    for i, row in enumerate(rows[:HEADER_WITHIN]):
        if not any(isinstance(v, str) and PRODUCT_WORD in v for v in row):
            continue  # no header of a product: a title line, a row of the list
        labels = {j: clean_text(v) for j, v in enumerate(row) if not is_blank(v)}
        fields = {j: match_header(text) for j, text in labels.items()}
        if not {"producer", "product"} <= set(fields.values()):
            continue
        if comment != any(COMMENT in text for text in labels.values()):
            return None  # the candidates' sheet, or the list, not the one looked for
        if any(SIGNATURE in text for text in labels.values()):
            return None  # the sign-in sheet
        if "district" in fields.values():
            return None  # a list of every district: kbo's summary or compiled workbook
        columns: dict[int, tuple[str, str]] = {}
        for j, text in labels.items():
            source = _SOURCE_KEYS.get(label_key(text))
            if source:
                columns[j] = ("source", source)
            elif fields[j] in (*SHOWN, "producer_type") and fields[j] not in {
                k for _, k in columns.values()
            }:
                columns[j] = ("field", fields[j])
            elif contact_role(text) == "location":
                columns[j] = ("field", "location")
            elif fields[j] != "seq":
                columns[j] = ("contact", text)
        return i, columns
    return None


def _ours(titles: tuple[str, ...], columns: dict[int, tuple[str, str]]) -> bool:
    """Is this a list kbo wrote: a title saying who was selected, the source columns, or
    else no column of the producer's type (which every registry has, and a list does not:
    a district that deleted both its titles and the source columns sends a list still)?"""
    kinds = set(columns.values())
    return (
        any("คัดเลือก" in t for t in titles)
        or any(kind == "source" for kind, _ in kinds)
        or ("field", "producer_type") not in kinds
    )


def _titles(rows: list[list[object]], header: int) -> tuple[str, ...]:
    """The non-empty lines above the header, each its cells' text joined."""
    lines = (" ".join(clean_text(v) for v in row if not is_blank(v)) for row in rows[:header])
    return tuple(line for line in lines if line)


def _place(titles: tuple[str, ...]) -> tuple[str | None, str | None]:
    """The district and province the title line kbo wrote names (`อำเภอบางคล้า
    จังหวัดฉะเชิงเทรา`), as written; (None, None) where no line names a district."""
    from kbo_cli.core.districts import gazetteer, named_in

    for line in titles:
        if not line.startswith(("อำเภอ", "เขต", "กิ่งอำเภอ", "อ.")):
            continue  # the project's line names the province's letter, not a district
        district = named_in(line)
        if district:
            # `จังหวัดฉะเชิงเทรา`, retyped `จ.ฉะเชิงเทรา`; Bangkok's districts are
            # `เขต… กรุงเทพมหานคร`, with neither before it
            after = re.split(r"จังหวัด|\bจ\.", line, maxsplit=1)
            if len(after) > 1 and after[1].split():
                named = after[1].split()[0]
            else:
                words = line.split()
                named = words[-1] if len(words) > 1 else None
            province = gazetteer().province(named) if named else None
            return district, province[1] if province else None
    return None, None


def _rows(rows: list[list[object]], header: int, columns: dict[int, tuple[str, str]]):
    """The list's rows, down to the lines kbo writes below it (a total, the sign-off); rows
    with no producer and no product (a blank row, a nil return's) are not rows of the list."""
    for i in range(header + 1, len(rows)):
        row = rows[i]
        first = next((clean_text(v) for v in row if not is_blank(v)), "")
        if first.startswith(BELOW_TABLE):
            break
        values: dict[str, str] = {}
        contacts: dict[str, str] = {}
        source: dict[str, object] = {}
        for j, (kind, key) in columns.items():
            value = row[j] if j < len(row) else None
            if is_blank(value):
                continue
            if kind == "field":
                values[key] = clean_text(value)
            elif kind == "contact":
                contacts[key] = clean_text(value)
            else:
                source[key] = value
        if not values.get("producer") and not values.get("product"):
            continue
        yield ReturnedRow(i + 1, values, contacts, _source(source))


def _source(cells: dict[str, object]) -> tuple[str, str, int] | None:
    """(file name, sheet, row) from the source columns, or None where they are not all
    there and readable."""
    try:
        row = int(float(str(cells["row"])))
    except (KeyError, ValueError):
        return None
    if "sheet" not in cells:
        return None
    return clean_text(cells.get("file", "")), clean_text(cells["sheet"]), row

"""The returns compiled: every returned row matched to the registry and told kept, edited or
added; every nominee a district left out, removed; every district, returned or missing.

The criteria are applied to the registry's values, never to the returned file's: a district
that corrects a star rating in its list has not changed the registry. A row is the registry
row its source columns point at (`แถวต้นฉบับ`), when that row is in the same district and
shares the producer or the product (a registry that changed since the selection moves rows);
otherwise the row of the same producer and product, written alike (`text.label_key`), in the
district.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from kbo_cli.core.pipeline import distinct_files
from kbo_cli.core.result import Selection
from kbo_cli.core.returns import SHOWN, Returned, ReturnedRow, read_returned
from kbo_cli.core.text import clean_text, label_key
from kbo_cli.core.values import read_quadrant, read_registered, read_stars
from kbo_cli.errors import KboError

# The workbook formats a folder given to collect stands for.
RETURN_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
# Files in such a folder that are not a district's return: kbo's own summary and compiled
# list (and their copies, `สรุปผลการคัดเลือก (1).xlsx`), and the lock files Excel and
# LibreOffice leave beside an open workbook.
NOT_RETURNS = ("สรุปผลการคัดเลือก", "ทะเบียนรายชื่อจังหวัด")
_READERS = {"stars": read_stars, "quadrant": read_quadrant, "registered": read_registered}

Place = tuple[str, str]  # (province, district), as the selection names them


@dataclass(frozen=True)
class CollectedRow:
    """A returned row and what it is. `registry`: (file, sheet, row) of the registry row it
    is, or None; `reasons`: that row's reasons of exclusion (codes); `edits`: (field, the
    registry's value, the return's) for each field the district changed."""

    place: Place
    file: str
    sheet: str
    row: int
    status: str  # kept, edited, added; proposed (on potential, from the candidates' sheet)
    in_registry: bool
    eligible: bool
    reasons: tuple[str, ...]
    registry: tuple[str, str, int] | None
    values: dict[str, str]
    contacts: dict[str, str]
    edits: tuple[tuple[str, str, str], ...] = ()
    note: str = ""  # e.g. a source that now points at another producer

    @property
    def compiled(self) -> bool:
        """Does the row go on the province's compiled list?"""
        return self.status in ("kept", "edited") or (self.status == "added" and self.eligible)


@dataclass(frozen=True)
class Removed:
    """A nominee a district's return left out."""

    place: Place
    producer: str
    product: str
    registry: tuple[str, str, int]


@dataclass(frozen=True)
class DistrictReturn:
    """A district that had nominees or sent a list: returned or missing, and its counts."""

    place: Place
    status: str  # returned, missing
    files: tuple[str, ...]
    nominees: int
    kept: int = 0
    edited: int = 0
    added: int = 0
    added_not_eligible: int = 0
    not_in_registry: int = 0
    removed: int = 0


@dataclass(frozen=True)
class Collection:
    """What `collect` found: the selection the returns answer, the returns read, and every
    row, removal and district, in the province's filing order."""

    selection: Selection
    returns: tuple[Returned, ...]
    rows: tuple[CollectedRow, ...]
    removed: tuple[Removed, ...]
    districts: tuple[DistrictReturn, ...]
    warnings: tuple[tuple[str, str], ...] = field(default=())  # (English, Thai)
    # The candidates a district proposes on their potential (the letter's "ซึ่งมีศักยภาพ"):
    # for the committee to judge, on no list.
    proposed: tuple[CollectedRow, ...] = field(default=())

    @cached_property
    def compiled(self) -> tuple[CollectedRow, ...]:
        """The rows on the province's list (`CollectedRow.compiled`), in order."""
        return tuple(r for r in self.rows if r.compiled)


def returned_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files given, a folder standing for the workbooks in it and its subfolders (a
    national run's are by province), by path; kbo's own outputs and lock files (`~$…`,
    `.~lock…`) in a folder are left out."""
    out: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            out += sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in RETURN_SUFFIXES
                and not p.name.startswith(NOT_RETURNS)
                and not p.name.startswith(("~$", ".~lock"))
            )
        else:
            out.append(path)
    if not out:
        raise KboError(
            "no returned workbook given: the folders hold no .xlsx, .xls or .ods file.",
            "ไม่พบไฟล์ที่อำเภอส่งกลับ: ในโฟลเดอร์ไม่มีไฟล์ .xlsx .xls หรือ .ods",
        )
    return out


def collect(returns: Sequence[str | Path], selection: Selection) -> Collection:
    """Compile the returned lists `returns` (files, or folders of them) against the
    `selection` made from the same registries. Raises a `KboError` for a file that is not a
    nomination list, one whose district cannot be told, or two files of one district."""
    files, copies = distinct_files(returned_files(returns))
    read = [read_returned(p) for p in files]
    index = _Index(selection)
    warnings = [
        (f"{copy} is a copy of {kept}: read once", f"{copy} เป็นสำเนาของ {kept} อ่านครั้งเดียว")
        for kept, copy in copies
    ]
    places: dict[Place, Returned] = {}
    for ret in read:
        place, doubt = index.place_of(ret)
        if doubt:
            warnings.append(doubt)
        if place in places:
            other = places[place].file
            raise KboError(
                f"{other} and {ret.file}: both are {place[1]}'s list. Keep the one to compile "
                "and give the other no more.",
                f"{other} และ {ret.file}: เป็นรายชื่อของอำเภอ{place[1]} ทั้งสองไฟล์ "
                "เลือกไฟล์ที่จะใช้เพียงไฟล์เดียว",
            )
        places[place] = ret
    rows: list[CollectedRow] = []
    matched: set[int] = set()
    for place, ret in places.items():
        for returned in ret.rows:
            rows.append(index.classify(place, ret, returned, matched))
    proposed, judged = [], set()
    for place, ret in places.items():
        for returned in ret.proposed:
            row = index.classify(place, ret, returned, judged)
            proposed.append(replace(row, status="proposed", sheet=returned.sheet))
    removed = [
        Removed(place, *index.text(i, "producer", "product"), index.where(i))
        for i, place in index.nominees
        if place in places and i not in matched
    ]
    districts = _districts(index, places, rows, removed)
    order = {d.place: k for k, d in enumerate(districts)}
    rows.sort(key=lambda r: (order[r.place], r.file, r.sheet, r.row))
    return Collection(
        selection,
        tuple(read),
        tuple(rows),
        tuple(removed),
        tuple(districts),
        tuple(warnings + _twice(rows)),
        tuple(proposed),
    )


def _keys(returned: ReturnedRow) -> tuple[str, str]:
    """A returned row's producer and product as names are compared (`text.label_key`)."""
    values = returned.values
    return label_key(values.get("producer", "")), label_key(values.get("product", ""))


def _key(value: object, known: dict[object, str]) -> str:
    """`label_key(value)`, each distinct value's worked out once."""
    if value not in known:
        known[value] = label_key(value)
    return known[value]


class _Index:
    """The registry's records, looked up by source and by producer and product."""

    def __init__(self, selection: Selection) -> None:
        self.selection = selection
        frame = selection.records
        # Columns as lists: a row is looked up thousands of times in a national run.
        self.columns = {
            name: frame[name].tolist() for name in ("sheet", "row", *SHOWN) if name in frame
        }
        self.places = list(zip(frame["province"], frame["district"], strict=True))
        names = {f: selection.file_name(f) for f in set(frame["file"].tolist())}
        self.files = [names[f] for f in frame["file"].tolist()]
        self.by_source: dict[tuple[str, int], list[int]] = defaultdict(list)
        self.by_content: dict[tuple, list[int]] = defaultdict(list)
        self.anywhere: dict[tuple[str, str], list[int]] = defaultdict(list)  # any district
        sheets, rows = self.columns["sheet"], self.columns["row"]
        keys: dict[object, str] = {}  # label_key of each distinct name, worked out once
        producers = [_key(v, keys) for v in self.columns["producer"]]
        products = [_key(v, keys) for v in self.columns["product"]]
        self.keys = {"producer": producers, "product": products}
        for i in range(len(frame)):
            self.by_source[(str(sheets[i]), int(rows[i]))].append(i)
            self.by_content[(self.places[i], producers[i], products[i])].append(i)
            self.anywhere[(producers[i], products[i])].append(i)
        self.nominated = frame["nominated"].to_numpy(dtype=bool)
        self.reasons = frame["reasons"].tolist()
        # Each nominee's position and district, in filing order.
        at = {k: i for i, k in enumerate(frame.index)}
        positions = [at[k] for k in selection.nominees.index]
        self.nominees = [(i, self.places[i]) for i in positions]

    def text(self, i: int, *fields: str) -> tuple[str, ...]:
        return tuple(clean_text(self.columns[f][i]) for f in fields)

    def where(self, i: int) -> tuple[str, str, int]:
        return self.files[i], str(self.columns["sheet"][i]), int(self.columns["row"][i])

    def place_of(self, ret: Returned) -> tuple[Place, tuple[str, str] | None]:
        """The district a return is, and a warning where its rows say otherwise: the one its
        title line names; else the one its rows are in, by their sources (where the registry
        row a source points at shares the row's producer or product), else by their producer
        and product. An error names a file whose district none of these tells."""
        from kbo_cli.core.districts import gazetteer

        votes = Counter(self._row_place(r) for r in ret.rows)
        votes.pop(None, None)
        named = None
        if ret.district:
            gaz = gazetteer()
            province = gaz.province(ret.province) if ret.province else None
            found = gaz.candidates(ret.district, province[0] if province else None)
            if len(found) > 1 and votes:  # one name, several places: the rows tell which
                found = [f for f in found if (f.province, f.district) in votes] or found
            if len(found) == 1:
                named = found[0].province, found[0].district
            else:
                # A name the gazetteer does not know, as the registry spells it.
                known = {p for p in self.places if p[1] == ret.district}
                if not found and len(known) == 1:
                    named = known.pop()
        if named is not None:
            most = votes.most_common(1)
            if most and most[0][0] != named and most[0][1] > sum(votes.values()) / 2:
                other = most[0][0][1]
                return named, (
                    f"{ret.file}: its title names {named[1]}, but most of its rows are "
                    f"{other}'s producers; compiled as {named[1]}'s list",
                    f"{ret.file}: ชื่อเรื่องระบุอำเภอ{named[1]} แต่แถวส่วนใหญ่เป็นผู้ผลิตของ"
                    f"อำเภอ{other} รวบรวมเป็นรายชื่อของอำเภอ{named[1]}",
                )
            return named, None
        if votes:
            return votes.most_common(1)[0][0], None
        raise KboError(
            f"{ret.file}: cannot tell which district's list this is: no title line names a "
            "district (อำเภอ…), and no row is a producer of the registry. Write the district "
            "in the title line as kbo wrote it (อำเภอบางคล้า จังหวัดฉะเชิงเทรา).",
            f"{ret.file}: บอกไม่ได้ว่าเป็นรายชื่อของอำเภอใด ไม่มีบรรทัดชื่อเรื่องที่ระบุอำเภอ "
            "และไม่มีแถวใดเป็นผู้ผลิตในทะเบียน เขียนชื่ออำเภอในบรรทัดชื่อเรื่องตามที่ kbo เขียนไว้ "
            "(อำเภอบางคล้า จังหวัดฉะเชิงเทรา)",
        )

    def _row_place(self, returned: ReturnedRow) -> Place | None:
        """The district of the registry row a returned row is, by its source where that row
        shares its producer or product, else by its producer and product; None for neither."""
        producer, product = _keys(returned)
        agreeing = self._agreeing(returned, producer, product)
        if agreeing:
            return self.places[agreeing[0]]
        found = self.anywhere.get((producer, product))
        return self.places[found[0]] if found else None

    def _sourced(self, source: tuple[str, str, int]) -> list[int]:
        """The registry rows a source names (of its file, where it names one)."""
        file, sheet, row = source
        found = self.by_source.get((sheet, row), [])
        return [i for i in found if self.files[i] == file] if file else found

    def _agreeing(self, returned: ReturnedRow, producer: str, product: str) -> list[int]:
        """The registry rows a returned row's source names that share its producer or its
        product (written alike): where it came from, as far as the source still tells."""
        if not returned.source:
            return []
        return [
            i
            for i in self._sourced(returned.source)
            if self.keys["producer"][i] == producer or self.keys["product"][i] == product
        ]

    def classify(
        self, place: Place, ret: Returned, returned: ReturnedRow, matched: set[int]
    ) -> CollectedRow:
        values = returned.values
        producer, product = _keys(returned)
        note = ""
        agreeing = self._agreeing(returned, producer, product)
        found = next((i for i in agreeing if self.places[i] == place), None)
        pointed = self._sourced(returned.source) if returned.source and found is None else []
        if pointed:
            _, sheet, row = returned.source
            who, where = self.columns["producer"][pointed[0]], self.places[pointed[0]][1]
            note = (
                f"ชีต {sheet} แถวที่ {row} ในทะเบียนคือ {who} อำเภอ{where} "
                "ไม่ตรงกับแถวนี้ จึงจับคู่ด้วยชื่อผู้ผลิตและผลิตภัณฑ์"
            )
        if found is None:
            same = self.by_content.get((place, producer, product), [])
            # A nominee first, then a row not yet matched.
            same = sorted(same, key=lambda i: (not self.nominated[i], i in matched))
            found = same[0] if same else None
        base = {
            "place": place,
            "file": ret.file,
            "sheet": ret.sheet,
            "row": returned.row,
            "values": values,
            "contacts": returned.contacts,
            "note": note,
        }
        if found is None:
            elsewhere = self.anywhere.get((producer, product))
            if elsewhere:
                where = self.places[elsewhere[0]][1]
                note = f"{note} พบในทะเบียนของอำเภอ{where}".strip()
            return CollectedRow(
                **base, status="added", in_registry=False, eligible=False, reasons=(),
                registry=None,
            )  # fmt: skip
        reasons = tuple(self.reasons[found])
        first = found not in matched
        matched.add(found)
        if self.nominated[found] and first:
            edits = self._edits(found, values)
            return CollectedRow(
                **base, status="edited" if edits else "kept", in_registry=True, eligible=True,
                reasons=(), registry=self.where(found), edits=edits,
            )  # fmt: skip
        if not first:  # the same registry row twice in the returns
            reasons = (*reasons, "duplicate") if "duplicate" not in reasons else reasons
        return CollectedRow(
            **base, status="added", in_registry=True, eligible=not reasons, reasons=reasons,
            registry=self.where(found),
        )  # fmt: skip

    def _edits(self, i: int, values: dict[str, str]) -> tuple[tuple[str, str, str], ...]:
        """(field, the registry's value, the return's) of each registry field the return
        shows otherwise: text compared as written, spacing aside; stars, quadrant and year
        as read (`2.0`, `๒` and `2` are one rating)."""
        edits = []
        for name in SHOWN:
            if name not in self.columns:
                continue
            mine = self.columns[name][i]
            theirs = values.get(name, "")
            if not theirs:
                continue  # a cell left blank (a row typed anew) changes nothing
            if name in _READERS:
                read = _READERS[name](theirs)
                same = read == mine
                shown = "" if mine is None else str(mine)
                theirs = str(read) if isinstance(read, int | str) else theirs  # 3.0 as 3
            else:
                shown = clean_text(mine)
                same = label_key(shown) == label_key(theirs)
            if not same:
                edits.append((name, shown, theirs))
        return tuple(edits)


def _districts(
    index: _Index, places: dict[Place, Returned], rows: list[CollectedRow], removed
) -> list[DistrictReturn]:
    """Every district with nominees or a return, in the summary's order (official code
    order), then any other place a return named."""
    order = [(c.province, c.district) for c in index.selection.by_district()]
    nominees = Counter(p for _, p in index.nominees)
    wanted = [p for p in order if nominees[p] or p in places]
    wanted += [p for p in places if p not in wanted]
    by_place: dict[Place, list[CollectedRow]] = defaultdict(list)
    for r in rows:
        by_place[r.place].append(r)
    removals = Counter(r.place for r in removed)
    out = []
    for place in wanted:
        mine = by_place[place]
        counts = Counter(r.status for r in mine)
        out.append(
            DistrictReturn(
                place,
                "returned" if place in places else "missing",
                (places[place].file,) if place in places else (),
                nominees[place],
                kept=counts["kept"],
                edited=counts["edited"],
                added=counts["added"],
                added_not_eligible=sum(
                    1 for r in mine if r.status == "added" and r.in_registry and not r.eligible
                ),
                not_in_registry=sum(1 for r in mine if not r.in_registry),
                removed=removals[place],
            )
        )
    return out


def _twice(rows: list[CollectedRow]) -> list[tuple[str, str]]:
    """A warning for each producer on the compiled list of two districts."""
    seen: dict[str, set[Place]] = defaultdict(set)
    names: dict[str, str] = {}
    for r in rows:
        if r.compiled:
            key = label_key(r.values.get("producer", ""))
            seen[key].add(r.place)
            names.setdefault(key, r.values.get("producer", ""))
    out = []
    for key, where in seen.items():
        if len(where) > 1:
            shown = ", ".join(sorted(d for _, d in where))
            out.append(
                (
                    f"{names[key]} is on the lists of {shown}",
                    f"{names[key]} อยู่ในรายชื่อของหลายอำเภอ: {shown}",
                )
            )
    return out

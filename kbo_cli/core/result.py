"""The one result of a selection run, rendered by both the workbook writer and the terminal report.

Counts are derived from the records, never kept in a second place.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from kbo_cli.core.districts import gazetteer
from kbo_cli.core.normalise import DataIssue
from kbo_cli.core.read import SkippedRow
from kbo_cli.core.records import Coded, Records
from kbo_cli.core.rules import REASON_ORDER, Criteria, notices, reason_label
from kbo_cli.core.scope import OutOfScope
from kbo_cli.core.text import label_key, thai_sort_key
from kbo_cli.core.vocab import label

# The sort of every list of nominees: by district, then producer, then product.
NOMINEE_ORDER = ["province", "district", "producer", "product", "file", "sheet", "row"]


@dataclass(frozen=True)
class DistrictCount:
    """The tally of one district."""

    province: str | None
    district: str | None
    official: bool
    records: int
    eligible: int
    producers: int
    excluded_by_reason: dict[str, int]

    @property
    def excluded(self) -> int:
        """Records of the district that were not nominated."""
        return self.records - self.eligible


@dataclass(frozen=True)
class SheetInfo:
    """How one registry sheet was read: its header row and which column holds which field."""

    file: str
    sheet: str
    header_row: int
    fields: dict[str, tuple[str, str]]  # field -> (column letter, header as written)
    carried: tuple[str, ...]
    sheet_district: str | None
    district_from: str | None = None  # sheet, title or file (`read.SheetTable.district_from`)
    header_rows: int = 1

    @property
    def header_rows_shown(self) -> str:
        """The header's row, or rows (`2–3`), as the spreadsheet numbers them."""
        last = self.header_row + self.header_rows - 1
        return f"{self.header_row}–{last}" if last > self.header_row else str(self.header_row)


@dataclass(frozen=True, eq=False)
class Selection:
    """Every record read with its verdict, the rows that were not records, and the data issues."""

    # The records: normalised fields with the rules' `reasons`, `nominated`, `duplicate_of`;
    # the registry columns carried through; some columns by distinct value.
    data: Records
    issues: tuple[DataIssue, ...]
    skipped: tuple[SkippedRow, ...]
    other_sheets: tuple[tuple[str, str], ...]  # (file, sheet) holding no registry
    inferred: tuple[tuple[str, str], ...]  # (file, province) inferred from district names
    criteria: Criteria
    files: tuple[str, ...] = field(default=())
    out_of_scope: tuple[OutOfScope, ...] = field(default=())  # rows outside --province/--district
    sheets: tuple[SheetInfo, ...] = field(default=())
    hidden_sheets: tuple[tuple[str, str], ...] = field(default=())  # (file, sheet) not read
    # With --sheet: (file, sheet) not named so not read, and hidden but named so read.
    unasked_sheets: tuple[tuple[str, str], ...] = field(default=())
    hidden_asked: tuple[tuple[str, str], ...] = field(default=())
    same_files: tuple[tuple[str, str], ...] = field(default=())  # (file read, its copy not read)

    @cached_property
    def _file_names(self) -> dict[str, str]:
        every = {*self.files, *(c for _, c in self.same_files)}
        return file_names(every)

    def file_name(self, path: str) -> str:
        """A file as the terminal and the workbooks show it: its name, with as many of its
        folders as tell it apart from another file of the same name (district offices all
        send `OTOP.xlsx`, each kept in its own folder)."""
        return self._file_names.get(path) or Path(path).name

    @property
    def records(self) -> pd.DataFrame:
        """Every record with its verdict, in input order."""
        return self.data.frame

    @property
    def carried(self) -> pd.DataFrame:
        """The registry columns carried through, row for row with `records`."""
        return self.data.carried

    @cached_property
    def nominees(self) -> pd.DataFrame:
        """The nominated records, in filing order."""
        return _sorted(self.records[self.records["nominated"]])

    @property
    def excluded(self) -> pd.DataFrame:
        """The records not nominated, in input order."""
        return self.records[~self.records["nominated"]]

    @cached_property
    def counts(self) -> dict[str, int]:
        """records = eligible + excluded; skipped rows are not records."""
        eligible = int(self.records["nominated"].sum())
        return {
            "records": len(self.records),
            "eligible": eligible,
            "excluded": len(self.records) - eligible,
            "skipped": len(self.skipped),
            "out_of_scope": sum(o.rows for o in self.out_of_scope),
            "issues": len(self.issues),
        }

    @cached_property
    def multi_province(self) -> bool:
        """True when the records span more than one province (outputs go in one folder each)."""
        return self.records["province"].dropna().nunique() > 1

    def distinct(self, column: str, rows: np.ndarray) -> Coded | None:
        """(codes, distinct values) of `column` for the records `rows` (see
        `Records.distinct`)."""
        return self.data.distinct(column, rows)

    def same_file_note(self, file: str, copy: str, lang: str = "th") -> str:
        """What is said of `copy`, a file given twice or a copy of `file` given beside it
        (`same_files`): that it was read once."""
        if Path(copy).resolve() == Path(file).resolve():
            return "ให้มาสองครั้ง อ่านครั้งเดียว" if lang == "th" else "given twice; read once"
        other = self.file_name(file)
        if lang == "th":
            return f"เนื้อหาเดียวกับ {other} อ่าน {other} ครั้งเดียว"
        return f"the same content as {other}; {other} read once"

    @cached_property
    def notices(self) -> tuple[tuple[str, dict[str, str]], ...]:
        """What the rules file may have wrong for this run (`rules.notices`): another
        province's meeting, a meeting date passed, a fiscal year before the window."""
        provinces = self.records["province"].dropna().unique().tolist()
        return tuple(notices(self.criteria, provinces, dt.date.today()))

    def notice_texts(self, lang: str = "th") -> list[str]:
        """The notices as sentences, in a language."""
        return [label("notices", code, lang).format(**values) for code, values in self.notices]

    @cached_property
    def district_guesses(self) -> dict[str, str]:
        """For each district name the gazetteer does not know, the official district it most
        likely means (`บางคล้` -> บางคล้า): of its province where one is close, else of any
        province, then named with it (`องครักษ์ (จังหวัดนครนายก)`)."""
        recs = self.records
        unknown = recs[recs["district_code"].isna() & recs["district"].notna()]
        pairs = set(zip(unknown["district"], unknown["province_code"], strict=True))
        guesses = {}
        gaz = gazetteer()
        for name, province_code in sorted(pairs, key=str):
            place = gaz.closest(name, province_code) if province_code else None
            if place is None:
                place = gaz.closest(name)
                if place is not None and province_code and place.province_code != province_code:
                    guesses.setdefault(name, f"{place.district} (จังหวัด{place.province})")
                    continue
            if place is not None:
                guesses.setdefault(name, place.district)
        return guesses

    @cached_property
    def left_out_alike(self) -> tuple[tuple[OutOfScope, str], ...]:
        """Rows left outside the districts chosen whose district name the gazetteer does not
        know but most likely means one chosen (`บางคล้` beside --district บางคล้า), with it:
        the officer asked for that district, and a misspelling must not drop its rows
        unsaid."""
        chosen = set(self.records["district"].dropna())
        gaz = gazetteer()
        out = []
        for o in self.out_of_scope:
            if o.district and not gaz.candidates(o.district):
                place = gaz.closest(o.district)
                if place is not None and place.district in chosen:
                    out.append((o, place.district))
        return tuple(out)

    def problem_text(self, issue: DataIssue, lang: str = "th") -> str:
        """What is wrong with a cell, with the district meant where a name is misspelt."""
        text = label("problems", issue.problem, lang)
        guess = self.district_guesses.get(issue.value) if issue.field == "district" else None
        if guess and issue.problem == "unknown_district":
            text += " " + label("problems", "closest", lang).format(name=guess)
        return text

    def reason_text(self, reasons: tuple[str, ...], lang: str = "th") -> str:
        """The reasons of one record as one line."""
        return "; ".join(reason_label(r, self.criteria, lang) for r in reasons)

    def by_district(self) -> list[DistrictCount]:
        """One tally per district, in province then district order."""
        return self._tallies

    @cached_property
    def _tallies(self) -> list[DistrictCount]:
        """Counted with numpy over integer codes: one code per place, one per distinct
        combination of reasons."""
        recs = self.records
        if recs.empty:
            return []
        province = recs["province"].fillna("").to_numpy(dtype=object)
        district = recs["district"].fillna("").to_numpy(dtype=object)
        place, places = pd.factorize(pd.Series(list(zip(province, district, strict=True))))
        n = len(places)
        nominated = recs["nominated"].to_numpy(dtype=bool)
        size = np.bincount(place, minlength=n)
        eligible = np.bincount(place, weights=nominated, minlength=n).astype(int)
        official = np.bincount(place, weights=recs["district_code"].notna(), minlength=n) > 0
        # Producers: distinct (place, name key) pairs among the nominees.
        keys = pd.factorize(
            name_keys(recs["producer"][nominated]).to_numpy(dtype=object), use_na_sentinel=False
        )[0]
        pairs = np.unique(place[nominated].astype(np.int64) * (len(keys) + 1) + keys)
        producers = np.bincount(pairs // (len(keys) + 1), minlength=n)
        # Reasons: each distinct combination counted per place, then spread over its codes.
        combo, combos = pd.factorize(recs["reasons"].to_numpy(dtype=object))
        per_combo = np.bincount(place * len(combos) + combo, minlength=n * len(combos))
        per_combo = per_combo.reshape(n, len(combos))
        order = {code: i for i, code in enumerate(REASON_ORDER)}
        out = []
        ranked = sorted(range(n), key=lambda k: tuple(map(thai_sort_key, places[k])))
        for k in ranked:
            by_reason: dict[str, int] = {}
            for c in np.flatnonzero(per_combo[k]):
                for code in combos[c]:
                    by_reason[code] = by_reason.get(code, 0) + int(per_combo[k, c])
            prov, dist = places[k]
            out.append(
                DistrictCount(
                    province=prov or None,
                    district=dist or None,
                    official=bool(official[k]),
                    records=int(size[k]),
                    eligible=int(eligible[k]),
                    producers=int(producers[k]),
                    excluded_by_reason=dict(sorted(by_reason.items(), key=lambda kv: order[kv[0]])),
                )
            )
        return out

    def reason_codes(self) -> list[str]:
        """The reason codes that occur, in the order the rules give them."""
        seen = {r for c in self.by_district() for r in c.excluded_by_reason}
        return [code for code in REASON_ORDER if code in seen]


def name_keys(names: pd.Series) -> pd.Series:
    """Producer names as compared: the same group written with other spacing is one producer."""
    keys = {v: label_key(v) for v in pd.unique(names)}
    return names.map(keys)


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    """The records in filing order (NOMINEE_ORDER, Thai dictionary order for text): each
    column's distinct values ranked once, the rows then sorted on the ranks (stable)."""
    keys = []
    for name in NOMINEE_ORDER:
        if name == "row":
            keys.append(frame[name].to_numpy(dtype=np.int64))
            continue
        codes, uniques = pd.factorize(frame[name].fillna("").to_numpy(dtype=object))
        order = sorted(range(len(uniques)), key=lambda k: thai_sort_key(uniques[k]))
        rank = np.empty(len(uniques), dtype=np.int64)
        rank[order] = np.arange(len(uniques))
        keys.append(rank[codes])
    return frame.iloc[np.lexsort(keys[::-1])] if len(frame) else frame  # the first key leads


def file_names(paths: Iterable[str]) -> dict[str, str]:
    """Each path as its last parts, as few as tell it apart from the others."""
    parts = {p: Path(p).resolve().parts for p in paths}
    distinct = set(parts.values())  # the same file named two ways is one file
    names: dict[str, str] = {}
    left, k = dict(parts), 1
    while left:
        counts = Counter(own[-k:] for own in distinct)
        for path, own in list(left.items()):
            if counts[own[-k:]] == 1 or k >= len(own):
                names[path] = str(Path(*own[-k:]))
                del left[path]
        k += 1
    return names

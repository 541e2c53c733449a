"""The one result of a selection run, rendered by both the workbook writer and the terminal report.

Counts are derived from the records, never kept in a second place.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from kbo_cli.normalise import DataIssue
from kbo_cli.read import SkippedRow
from kbo_cli.rules import REASON_ORDER, Criteria, reason_label
from kbo_cli.text import label_key, thai_sort_key

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


@dataclass(frozen=True, eq=False)
class Selection:
    """Every record read with its verdict, the rows that were not records, and the data issues."""

    records: pd.DataFrame  # normalised fields, `reasons`, `nominated`, `duplicate_of`
    carried: pd.DataFrame  # registry columns carried through, same index as records
    issues: tuple[DataIssue, ...]
    skipped: tuple[SkippedRow, ...]
    other_sheets: tuple[tuple[str, str], ...]  # (file, sheet) holding no registry
    inferred: tuple[tuple[str, str], ...]  # (file, province) inferred from district names
    criteria: Criteria
    files: tuple[str, ...] = field(default=())

    @property
    def nominees(self) -> pd.DataFrame:
        """The nominated records, in filing order."""
        return _sorted(self.records[self.records["nominated"]])

    @property
    def excluded(self) -> pd.DataFrame:
        """The records not nominated, in input order."""
        return self.records[~self.records["nominated"]]

    @property
    def counts(self) -> dict[str, int]:
        """records = eligible + excluded; skipped rows are not records."""
        eligible = int(self.records["nominated"].sum())
        return {
            "records": len(self.records),
            "eligible": eligible,
            "excluded": len(self.records) - eligible,
            "skipped": len(self.skipped),
            "issues": len(self.issues),
        }

    @property
    def multi_province(self) -> bool:
        """True when the records span more than one province (outputs go in one folder each)."""
        return self.records["province"].dropna().nunique() > 1

    def reason_text(self, reasons: tuple[str, ...], lang: str = "th") -> str:
        """The reasons of one record as one line."""
        return "; ".join(reason_label(r, self.criteria, lang) for r in reasons)

    def by_district(self) -> list[DistrictCount]:
        """One tally per district, in province then district order."""
        out = []
        recs = self.records
        keys = (
            recs[["province", "district"]]
            .astype(object)
            .where(recs[["province", "district"]].notna(), None)
        )
        groups: dict[tuple, list[int]] = {}
        for idx, prov, dist in zip(recs.index, keys["province"], keys["district"], strict=True):
            groups.setdefault((prov, dist), []).append(idx)
        for (prov, dist), idx in sorted(
            groups.items(), key=lambda kv: tuple(map(thai_sort_key, kv[0]))
        ):
            part = recs.loc[idx]
            chosen = part[part["nominated"]]
            reasons = Counter(r for rs in part["reasons"] for r in rs)
            out.append(
                DistrictCount(
                    province=prov,
                    district=dist,
                    official=bool(part["district_code"].notna().any()),
                    records=len(part),
                    eligible=len(chosen),
                    producers=chosen["producer"].map(_name_key).nunique(),
                    excluded_by_reason=dict(reasons),
                )
            )
        return out

    def reason_codes(self) -> list[str]:
        """The reason codes that occur, in the order the rules give them."""
        seen = {r for rs in self.records["reasons"] for r in rs}
        return [code for code in REASON_ORDER if code in seen]


def _name_key(name: str) -> str:
    return label_key(name)


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    def key(column: pd.Series) -> pd.Series:
        if column.name == "row":
            return column
        return column.map(lambda v: thai_sort_key("" if v is None else v))

    return frame.sort_values(NOMINEE_ORDER, key=key, kind="stable")

"""Narrowing a run to one province or some districts (`--province`, `--district`, or the
rules file's province). Rows outside are not records of this run: they are counted per place
and reported, never dropped silently."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from kbo_cli.core.districts import gazetteer
from kbo_cli.errors import KboError


class UnknownDistrictError(KboError):
    """--district names no district (of the province given)."""


@dataclass(frozen=True)
class OutOfScope:
    """Rows of a place outside the run's province or districts."""

    province: str | None
    district: str | None
    rows: int


def district_codes(names: Sequence[str], province_code: str | None) -> set[str]:
    """The DOPA codes --district names, resolved as registries are (`อ.เมือง`, English)."""
    gaz = gazetteer()
    codes = set()
    for name in names:
        found = gaz.candidates(name, province_code)
        if len(found) != 1:
            where = " in the province given" if province_code else ""
            why = "names several districts; add --province" if found else f"is no district{where}"
            why_th = (
                "ตรงกับหลายอำเภอ ระบุ --province ด้วย"
                if found
                else "ไม่พบอำเภอนี้" + (" ในจังหวัดที่ระบุ" if province_code else "")
            )
            raise UnknownDistrictError(
                f"--district {name!r}: {why}. Write the district as the gazetteer does, "
                "e.g. --district บางคล้า or --district 'Bang Khla'.",
                f"--district {name!r}: {why_th} เขียนชื่ออำเภอตามทำเนียบ "
                "เช่น --district บางคล้า หรือ --district 'Bang Khla'",
            )
        codes.add(found[0].code)
    return codes


def narrow(
    records: pd.DataFrame,
    province_code: str | None,
    districts: set[str] | None,
) -> tuple[pd.Series, tuple[OutOfScope, ...]]:
    """A mask of the records in scope, and a count of the others per place."""
    keep = pd.Series(True, index=records.index)
    if province_code:
        keep &= records["province_code"] == province_code
    if districts:
        keep &= records["district_code"].isin(districts)
    outside = records[~keep]
    counts = outside.groupby(
        [outside["province"].fillna(""), outside["district"].fillna("")], sort=True
    ).size()
    return keep, tuple(OutOfScope(p or None, d or None, int(n)) for (p, d), n in counts.items())

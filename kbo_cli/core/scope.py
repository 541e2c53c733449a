"""Narrowing a run to one province or some districts (`--province`, `--district`, or the
rules file's province). Rows outside are not records of this run: they are counted per place
and reported, never dropped silently."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kbo_cli.core.districts import district_key, gazetteer
from kbo_cli.core.text import closest
from kbo_cli.errors import KboError


class UnknownDistrictError(KboError):
    """--district names no district (of the province given)."""


@dataclass(frozen=True)
class OutOfScope:
    """Rows of a place outside the run's province or districts."""

    province: str | None
    district: str | None
    rows: int


def district_mask(
    names: Sequence[str], records: pd.DataFrame, province_code: str | None
) -> np.ndarray:
    """The records of the districts --district names. A name is taken as the gazetteer knows
    it (`อ.เมือง`, English) or as the registry writes it, official or not (`บางคล้`). A name
    that is neither is an error suggesting the closest; so is a real district with no row here
    (another province's, most often), naming its province."""
    present = set(records["district_code"].dropna())
    provinces = set(records["province_code"].dropna())
    # `เมือง` and shared names resolve within the run's one province, given or inferred.
    within = province_code or (next(iter(provinces)) if len(provinces) == 1 else None)
    written = _written_keys(records)
    mask = np.zeros(len(records), dtype=bool)
    for name in names:
        mask |= _one_district(name, records, present, within, written)
    return mask


def _written_keys(records: pd.DataFrame) -> dict[str, list[str]]:
    """The registry's district names, as written and as normalised, by comparison key."""
    keys: dict[str, list[str]] = {}
    for column in ("district", "district_written"):  # the official name first
        for value in pd.unique(records[column].dropna()):
            keys.setdefault(district_key(str(value)), []).append(str(value))
    return keys


def _one_district(
    name: str,
    records: pd.DataFrame,
    present: set[str],
    within: str | None,
    written: dict[str, list[str]],
) -> np.ndarray:
    gaz = gazetteer()
    found = gaz.candidates(name, within)
    here = [p for p in found if p.code in present]
    if len(here) == 1:
        return (records["district_code"] == here[0].code).to_numpy(dtype=bool)
    if len(here) > 1:
        raise _error(
            name, "names several districts; add --province", "ตรงกับหลายอำเภอ ระบุ --province ด้วย"
        )
    key = district_key(name)
    if key in written and not found:
        values = written[key]
        return (
            records["district_written"].isin(values) | records["district"].isin(values)
        ).to_numpy(dtype=bool)
    elsewhere = found or gaz.candidates(name)
    if elsewhere:
        where = sorted({p.province for p in elsewhere})
        ours = sorted(set(records["province"].dropna()))
        if ours and not set(where) & set(ours):
            raise _error(
                name,
                f"is a district of {', '.join(where)}, not of {', '.join(ours)}, the registry's",
                f"เป็นอำเภอของจังหวัด{', '.join(where)} ไม่ใช่ของจังหวัด{', '.join(ours)} ตามทะเบียน",
            )
        raise _error(
            name,
            f"the registry has no row of this district ({', '.join(where)})",
            f"ไม่มีแถวของอำเภอนี้ในทะเบียน (จังหวัด{', '.join(where)})",
        )
    choices: dict[str, str] = {}
    for values in written.values():
        choices.setdefault(district_key(values[0]), values[0])
    suggestion = closest(key, choices)
    guess = choices[suggestion] if suggestion else None
    if guess is None:
        place = gaz.closest(name, within)
        guess = place.district if place else None
    if guess:
        raise UnknownDistrictError(
            f"--district {name!r}: is no district of the registry or the gazetteer; did you "
            f"mean {guess!r}? Then give --district '{guess}'.",
            f"--district {name!r}: ไม่พบอำเภอนี้ทั้งในทะเบียนและในทำเนียบ หมายถึง {guess!r} "
            f"หรือไม่ ถ้าใช่ ระบุ --district '{guess}'",
        )
    raise _error(
        name,
        "is no district of the registry or the gazetteer",
        "ไม่พบอำเภอนี้ทั้งในทะเบียนและในทำเนียบ",
    )


def _no_row_of(province_code: str, records: pd.DataFrame) -> KboError:
    """--province (or the rules file's) names a province no record is of."""
    name = gazetteer().province_name(province_code)
    theirs = ", ".join(sorted(set(records["province"].dropna()))) or "-"
    return KboError(
        f"--province {name}: no row of the registry is of {name}; its districts are of "
        f"{theirs}. Leave --province out (and the rules file's province), or give theirs.",
        f"--province {name}: ไม่มีแถวใดในทะเบียนเป็นของจังหวัด{name} อำเภอในทะเบียนเป็นของจังหวัด"
        f"{theirs} ไม่ต้องระบุ --province (และ province ในไฟล์เกณฑ์) หรือระบุจังหวัดตามทะเบียน",
    )


def _error(name: str, why: str, why_th: str) -> UnknownDistrictError:
    return UnknownDistrictError(
        f"--district {name!r}: {why}. Write the district as the registry or the gazetteer "
        "does, e.g. --district บางคล้า or --district 'Bang Khla'.",
        f"--district {name!r}: {why_th} เขียนชื่ออำเภอตามทะเบียนหรือตามทำเนียบ "
        "เช่น --district บางคล้า หรือ --district 'Bang Khla'",
    )


def narrow(
    records: pd.DataFrame,
    province_code: str | None,
    districts: Sequence[str] = (),
) -> tuple[pd.Series, tuple[OutOfScope, ...]]:
    """A mask of the records in scope (of the province, and of the districts named as
    `district_mask` takes them), and a count of the others per place."""
    keep = pd.Series(True, index=records.index)
    if province_code:
        keep &= records["province_code"] == province_code
        if len(records) and not keep.any():
            raise _no_row_of(province_code, records)
    if districts:
        inside = records[keep]
        keep[keep.to_numpy()] = district_mask(districts, inside, province_code)
    outside = records[~keep]
    counts = outside.groupby(
        [outside["province"].fillna(""), outside["district"].fillna("")], sort=True
    ).size()
    return keep, tuple(OutOfScope(p or None, d or None, int(n)) for (p, d), n in counts.items())

"""The records of a run as one value: their fields, the columns carried through, and the
columns kept by distinct value, always row for row.

Normalising reads each column once per distinct value and keeps it so (`coded`): a code per
record and the values. The rules test those codes, and the summary's sheet of excluded
records writes them, instead of hashing 200,000 values a column again. Every step that drops
records (`--province`, `--district`) or keeps fewer carried columns does it through this type,
so the three parts never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kbo_cli.core.values import first_seen

# A column by distinct value: (a code per record, the values). `values[codes[i]]` is record
# i's value and code -1 is an empty cell, as `values.factorize_cells` gives them.
Coded = tuple[np.ndarray, np.ndarray]


@dataclass(frozen=True, eq=False)
class Records:
    """Records, row for row: `frame` (the normalised fields, and the rules' verdicts once
    applied), `carried` (the registry's other columns, as read) and `coded` (some of
    `frame`'s columns by distinct value)."""

    frame: pd.DataFrame
    carried: pd.DataFrame
    coded: Mapping[str, Coded] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.frame)

    def narrow(self, keep: np.ndarray) -> Records:
        """Only the records where `keep` (a mask) is true, numbered from 0 again."""
        keep = np.asarray(keep, dtype=bool)
        return Records(
            self.frame[keep].reset_index(drop=True),
            self.carried[keep].reset_index(drop=True),
            {name: (codes[keep], values) for name, (codes, values) in self.coded.items()},
        )

    def carrying(self, headers: Iterable[str]) -> Records:
        """Only the carried columns named, in the registry's order."""
        wanted = set(headers)
        carried = self.carried[[c for c in self.carried.columns if c in wanted]]
        return Records(self.frame, carried, self.coded)

    def with_frame(self, frame: pd.DataFrame) -> Records:
        """The same records with `frame` for their fields (the rules add their verdicts)."""
        if len(frame) != len(self.frame):
            raise ValueError("a frame of other records")
        return Records(frame, self.carried, self.coded)

    def distinct(self, column: str, rows: np.ndarray) -> Coded | None:
        """(codes, distinct values) of `column` for the records `rows` (a mask, or positions
        in the order wanted), the values in the order they first appear there, as
        `values.factorize_cells` gives them; None for a column not kept by distinct value. Made
        from the codes: no value is hashed."""
        if column not in self.coded:
            return None
        codes, values = self.coded[column]
        return first_seen(codes[rows], values)

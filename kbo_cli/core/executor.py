"""Work the core may have done elsewhere: an executor it is handed, serial by default.

Normalising reads each column once per distinct value. A column of many distinct values (the
producer names, the registration dates) can be read by another process while this one does the
rest; the core does not know how. It asks its executor for `later(fn, values)`, a call that
gives `[fn(v) for v in values]` when made, and goes on. `SERIAL` works it out at once, here;
`kbo_cli.engine` has the executor that hands large columns to a second process.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol


class Executor(Protocol):
    """What the core asks of an executor."""

    def later(
        self, fn: Callable[[object], object], values: Sequence[object], patient: bool = False
    ) -> Callable[[], Sequence[object]]:
        """`[fn(v) for v in values]`, given when the returned call is made. `fn` is a
        module-level function (it may be sent to another process); it never raises.
        `patient`: the answer is wanted only a while later (after a parse), so the work may
        wait for an executor still starting."""
        ...


class Serial:
    """Every call worked out here, at once."""

    def later(
        self, fn: Callable[[object], object], values: Sequence[object], patient: bool = False
    ) -> Callable[[], Sequence[object]]:
        results = [fn(v) for v in values]
        return lambda: results


SERIAL = Serial()

"""How a workbook becomes bytes: the plain writer, and the fast paths held to it.

`Writer.book(tables)` makes one workbook; `Writer.alike(tables)` one of many laid out alike
(the district workbooks). The plain writer (`plain`, xlsxwriter) writes every cell and is the
reference. Two fast paths fill a workbook it laid out without rows: `rows` writes a long
table's rows itself, `template` fills one laid-out workbook for many tables of one shape. A fast
path that cannot be sure of the result declines (`rows.Declined`); the plain writer then makes
that workbook, and the reason is kept in `Writer.declined`, which `kbo --debug` prints and the
tests require empty. Which path a table takes is decided here, by `tuning.LONG_TABLE`.
"""

from __future__ import annotations

from collections.abc import Sequence

from kbo_cli.engine import tuning
from kbo_cli.output.xlsx import plain
from kbo_cli.output.xlsx.cells import Cells, cell_value
from kbo_cli.output.xlsx.layout import Layout, lay_out
from kbo_cli.output.xlsx.rows import Declined, LaidOut, fill
from kbo_cli.output.xlsx.styles import DATE_FORMAT
from kbo_cli.output.xlsx.table import CENTER, LEFT, Chart, Column, Note, Table
from kbo_cli.output.xlsx.template import Template

__all__ = [
    "CENTER",
    "DATE_FORMAT",
    "LEFT",
    "Cells",
    "Chart",
    "Column",
    "Layout",
    "Note",
    "Table",
    "Writer",
    "cell_value",
    "lay_out",
]


class Writer:
    """Makes workbooks, by the fast paths unless `fast=False`, and remembers where a fast
    path declined."""

    def __init__(self, fast: bool = True) -> None:
        self.fast = fast
        self.declined: list[str] = []
        self._templates: dict[tuple, Template | None] = {}

    def book(self, tables: Sequence[Table]) -> bytes:
        """A workbook with a sheet per table. A long table's rows are written by `rows`."""
        layouts = [lay_out(t) for t in tables]
        long = [self._long(t) for t in tables]
        if not any(long):
            return plain.write(tables, layouts, [True] * len(tables))
        laid = plain.write(tables, layouts, [not x for x in long])
        try:
            filled = [(j, t, layouts[j]) for j, t in enumerate(tables) if long[j]]
            return fill(LaidOut(laid), filled)
        except Declined as why:
            self._declined("rows", tables, why)
            return plain.write(tables, layouts, [True] * len(tables))

    def alike(self, tables: Sequence[Table]) -> bytes:
        """A workbook of tables laid out like others this writer made: filled from a template
        of their shape, made from the first."""
        if not self.fast:
            return self.book(tables)
        key = tuple(t.shape() for t in tables)
        if key not in self._templates:
            try:
                self._templates[key] = Template(tables)
            except Declined as why:
                self._declined("template", tables, why)
                self._templates[key] = None
        template = self._templates[key]
        if template is None:
            return self.book(tables)
        try:
            return template.book(tables)
        except Declined as why:
            self._declined("template", tables, why)
            return self.book(tables)

    def _long(self, table: Table) -> bool:
        return self.fast and table.rows >= tuning.LONG_TABLE and table.chart is None

    def _declined(self, path: str, tables: Sequence[Table], why: Exception) -> None:
        sheets = ", ".join(t.name for t in tables)
        self.declined.append(f"{path} ({sheets}): {why}")

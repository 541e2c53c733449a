"""What the writer layer takes: a sheet as title lines above one table of named columns.

This layer knows nothing of KBO: `output/sheets.py` says what each sheet shows and builds these;
the layer lays them out (`layout`) and turns them into workbook bytes (`book`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from kbo_cli.output.xlsx.cells import Cells

LEFT = "left"
CENTER = "center"


@dataclass(frozen=True)
class Column:
    """One column: its header, its cells, how they are aligned and, for dates, their format.
    `min_width` leaves room for handwriting. Neighbouring columns of one `group` share a
    label above their headers, which then say only what tells them apart."""

    header: str
    cells: Cells
    align: str = LEFT
    number_format: str | None = None
    min_width: int = 0
    group: str = ""


@dataclass(frozen=True)
class Note:
    """A line below the table, after a blank one: its text at the left edge, and `right` from
    the middle of the printed width (two signature blocks side by side). Each runs on over the
    empty cells to its right."""

    text: str = ""
    right: str = ""


@dataclass(frozen=True)
class Chart:
    """A native bar chart beside the table: one bar per row, labelled by the column
    `categories`, as long as the column `values` says."""

    title: str
    categories: int
    values: int


@dataclass(frozen=True)
class Table:
    """One sheet: title lines merged across the printed columns, a header row, and the rows.
    Rows are at least `min_lines` lines high (room to sign). `footer` goes on the right of
    every printed page (a credit), beside the page numbers."""

    name: str
    titles: tuple[str, ...]
    columns: tuple[Column, ...]
    min_lines: int = 1
    chart: Chart | None = None
    footer: str = ""
    # How many columns, from the first, print (0: all): the others (where a row came from, for
    # tracing) stay in the sheet, outside the print area, and the page is fitted to these.
    printed: int = 0
    notes: tuple[Note, ...] = ()  # lines below the table: a total, a sign-off

    @property
    def last_row(self) -> int:
        """The last row that prints, from 0: the table's, or its last note's."""
        last = self.header_row + self.rows
        return last + 1 + len(self.notes) if self.notes else last

    @property
    def printed_columns(self) -> int:
        """The number of columns that print."""
        return self.printed or len(self.columns)

    @property
    def rows(self) -> int:
        return len(self.columns[0].cells) if self.columns else 0

    @cached_property
    def grouped(self) -> bool:
        """True when some columns share a label above their headers (`Column.group`): the
        header is then two rows."""
        return any(c.group for c in self.columns)

    @property
    def header_row(self) -> int:
        """The row of the columns' headers, from 0: below the title lines and the group
        labels. The data start on the row below."""
        return len(self.titles) + (1 if self.grouped else 0)

    def groups(self) -> list[tuple[str, int, int]]:
        """(label, first column, last column) of each run of columns of one group, and of
        each column of none (label "")."""
        runs: list[tuple[str, int, int]] = []
        for j, column in enumerate(self.columns):
            if runs and column.group and runs[-1][0] == column.group:
                runs[-1] = (column.group, runs[-1][1], j)
            else:
                runs.append((column.group, j, j))
        return runs

    def shape(self) -> tuple:
        """What lays two tables out alike, but for their titles' text, widths and rows: two
        workbooks of tables of one shape can be made from one template (`template`)."""
        return (
            self.name,
            len(self.titles),
            tuple((c.header, c.align, c.number_format, c.min_width, c.group) for c in self.columns),
            self.min_lines,
            self.chart,
            self.footer,
            self.printed,
            len(self.notes),
        )


def note_cells(table: Table, layout, after: int) -> list[tuple[int, list[str]]]:
    """(row from 0, the text of each cell: "" for none) of the rows below a table: a blank one
    from `after`, then a row per note, its texts where `layout.note_column` puts them."""
    if not table.notes:
        return []
    width = max(len(table.columns), 1)
    rows = [(after, [""] * width)]
    for i, note in enumerate(table.notes):
        texts = [""] * width
        texts[0] = note.text
        if note.right and layout.note_column:
            texts[layout.note_column] = note.right
        elif note.right:  # a table of one printed column: one cell holds both
            texts[0] = f"{note.text}    {note.right}".strip()
        rows.append((after + 1 + i, texts))
    return rows

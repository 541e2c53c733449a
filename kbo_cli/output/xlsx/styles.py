"""How the cells look: the house style of an official Thai document (TH SarabunPSK, 16 pt), and
each style's meaning as a workbook's `styles.xml` states it.

The plain writer makes its formats from these styles. When kbo writes rows itself it looks up
each column's style in the workbook the writer made by what the style means (font, size,
border, alignment, fill, number format), never by where the writer happened to put it: a style
the writer did not write is a reason to decline, not a cell drawn in Calibri.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.etree import ElementTree

from kbo_cli.output.xlsx.table import CENTER, Column

FONT = "TH SarabunPSK"
SIZE = 16
DATE_FORMAT = "dd/mm/yyyy"
HEADER_FILL = "D9D9D9"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@dataclass(frozen=True)
class Style:
    """A cell style: font size and weight, border, alignment, fill and number format."""

    size: int = SIZE
    bold: bool = False
    border: bool = False
    align: str | None = None  # left, center
    valign: str | None = None  # top, vcenter
    wrap: bool = False
    indent: int = 0
    fill: str | None = None  # RGB hex
    num_format: str | None = None

    def xlsxwriter(self) -> dict:
        """The properties of an xlsxwriter format with this style."""
        props: dict = {"font_name": FONT, "font_size": self.size}
        if self.bold:
            props["bold"] = True
        if self.border:
            props["border"] = 1
        if self.align:
            props["align"] = self.align
        if self.valign:
            props["valign"] = self.valign
        if self.wrap:
            props["text_wrap"] = True
        if self.indent:
            props["indent"] = self.indent
        if self.fill:
            props["bg_color"] = "#" + self.fill
            props["pattern"] = 1
        if self.num_format:
            props["num_format"] = self.num_format
        return props

    def meaning(self) -> tuple:
        """What `styles.xml` says of a cell in this style (see `StyleSheet`)."""
        vertical = "center" if self.valign == "vcenter" else self.valign
        return (
            FONT,
            float(self.size),
            self.bold,
            self.fill.upper() if self.fill else None,
            self.border,
            self.align,
            vertical,
            self.wrap,
            self.indent,
            self.num_format,
        )


# A line below a table (a total, a sign-off): plain text, unwrapped, running on over the empty
# cells to its right.
NOTE_STYLE = Style()


def title_style(line: int) -> Style:
    """The first title line a size larger; every line bold and centred across the table."""
    return Style(size=SIZE + 2 if line == 0 else SIZE, bold=True, align=CENTER, wrap=True)


HEADER_STYLE = Style(
    bold=True, border=True, align=CENTER, valign="vcenter", wrap=True, fill=HEADER_FILL
)


def data_style(column: Column) -> Style:
    """A column's cells: bordered, wrapped, at the top of the row; text indented from the
    border, short values centred."""
    centred = column.align == CENTER
    return Style(
        border=True,
        wrap=True,
        valign="top",
        align=column.align,
        indent=0 if centred else 1,
        num_format=column.number_format,
    )


class StyleSheet:
    """A workbook's cell styles (`xl/styles.xml`) by meaning: `find(style)` is the index cells
    in that style take, or None when the workbook has no such style."""

    def __init__(self, xml: bytes) -> None:
        root = ElementTree.fromstring(xml)
        formats = {
            int(f.get("numFmtId")): f.get("formatCode")
            for f in root.iterfind(f"{_MAIN}numFmts/{_MAIN}numFmt")
        }
        fonts = [_font(f) for f in root.iterfind(f"{_MAIN}fonts/{_MAIN}font")]
        fills = [_fill(f) for f in root.iterfind(f"{_MAIN}fills/{_MAIN}fill")]
        borders = [_border(b) for b in root.iterfind(f"{_MAIN}borders/{_MAIN}border")]
        self.meanings: list[tuple] = []
        for xf in root.iterfind(f"{_MAIN}cellXfs/{_MAIN}xf"):
            align = xf.find(f"{_MAIN}alignment")
            attrs = align.attrib if align is not None else {}
            number = int(xf.get("numFmtId", "0"))
            self.meanings.append(
                (
                    *fonts[int(xf.get("fontId", "0"))],
                    fills[int(xf.get("fillId", "0"))],
                    borders[int(xf.get("borderId", "0"))],
                    attrs.get("horizontal"),
                    attrs.get("vertical"),
                    attrs.get("wrapText") in ("1", "true"),
                    int(attrs.get("indent", "0")),
                    None if number == 0 else formats.get(number, f"builtin {number}"),
                )
            )

    def find(self, style: Style) -> int | None:
        want = style.meaning()
        for index, meaning in enumerate(self.meanings):
            if meaning == want:
                return index
        return None


def _font(font) -> tuple:
    name = font.find(f"{_MAIN}name")
    size = font.find(f"{_MAIN}sz")
    bold = font.find(f"{_MAIN}b")
    return (
        name.get("val") if name is not None else None,
        float(size.get("val")) if size is not None else None,
        bold is not None and bold.get("val", "1") in ("1", "true"),
    )


def _fill(fill) -> str | None:
    pattern = fill.find(f"{_MAIN}patternFill")
    if pattern is None or pattern.get("patternType") != "solid":
        return None
    color = pattern.find(f"{_MAIN}fgColor")
    rgb = color.get("rgb", "") if color is not None else ""
    return rgb[-6:].upper() or "?"


def _border(border) -> bool | str:
    sides = [border.find(f"{_MAIN}{side}") for side in ("left", "right", "top", "bottom")]
    styles = {side.get("style") if side is not None else None for side in sides}
    if styles == {None}:
        return False
    return True if styles == {"thin"} else "other"

"""Measure the advance widths written into `kbo_cli/data/widths.toml`.

    pip install pillow          # only for this script; kbo does not use it
    apt-get install fonts-thai-tlwg fonts-crosextra-carlito
    python bench/font_widths.py > kbo_cli/data/widths.toml

The workbooks are in TH SarabunPSK 16 pt; a column's width is counted in the digits of the
workbook's default font, Calibri 11 pt (7 pixels a digit at 96 dpi). Laksaman, of the Thai
Linux Working Group's fonts (Debian's fonts-thai-tlwg), is TH SarabunPSK under a free name with
the same metrics; this prints each character's advance in Laksaman at 16 pt, in Calibri digits.
"""

import json
import sys

from PIL import ImageFont

LAKSAMAN = "/usr/share/fonts/truetype/tlwg/Laksaman.ttf"
LAKSAMAN_BOLD = "/usr/share/fonts/truetype/tlwg/Laksaman-Bold.ttf"
EM = 1000  # measured at this size, then scaled
PIXELS_16PT = 16 * 96 / 72
DIGIT_PIXELS = 7  # Calibri 11 pt at 96 dpi: Excel's unit of column width
CHARACTERS = [chr(c) for c in range(0x20, 0x7F)] + [chr(c) for c in range(0x0E01, 0x0E5C)]
CHARACTERS += ["–", "—", "·", "…", "“", "”", "‘", "’", "★", "☆", "\u00a0"]
# Thai vowels above and below and tone marks sit on the letter before; measured alone, a font
# draws them beside a placeholder.
MARKS = {chr(c) for c in [0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F)]}


def widths(path: str) -> dict[str, float]:
    font = ImageFont.truetype(path, EM)
    out = {}
    for ch in CHARACTERS:
        try:
            advance = font.getlength(ch)
        except (ValueError, OSError):
            continue
        out[ch] = 0.0 if ch in MARKS else round(advance / EM * PIXELS_16PT / DIGIT_PIXELS, 3)
    return out


def main() -> None:
    regular, bold = widths(LAKSAMAN), widths(LAKSAMAN_BOLD)
    ratio = sum(bold.values()) / sum(regular.values())
    print("# Advance widths of TH SarabunPSK 16 pt (measured on Laksaman, its free twin, by")
    print("# bench/font_widths.py), in digits of Calibri 11 pt, Excel's unit of column width.")
    print("# Thai vowels above and below and tone marks take none.")
    print(f"bold = {ratio:.3f}  # bold text is this much wider")
    print(f"default = {regular['ก']}  # a character not listed")
    print("\n[regular]")
    for ch, width in regular.items():
        print(f"{json.dumps(ch)} = {width}")


if __name__ == "__main__":
    sys.exit(main())

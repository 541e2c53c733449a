"""How large each sheet of kbo's workbooks prints: LibreOffice renders them, this reads the PDF.

    apt-get install libreoffice-calc-nogui poppler-utils fonts-thai-tlwg fonts-crosextra-carlito
    python bench/print_sizes.py kbo-output            # every workbook in the folder

For each sheet it prints the median height of its words on the page, and that height as a share
of what the same words measure at full size (TH SarabunPSK 16 pt, measured on Laksaman, its free
twin: 20.8 pt from the top of its marks to the bottom), which is the scale the sheet prints at,
one page wide. Carlito must be installed: LibreOffice measures column widths in the default
font's digits, and without Calibri or its twin it takes another font's, wider ones.
"""

import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from openpyxl import load_workbook

FULL_SIZE_WORD = 20.78  # a word's box, 16 pt Laksaman printed at 100%
_WORD = re.compile(r'<word xMin="[^"]+" yMin="([^"]+)" xMax="[^"]+" yMax="([^"]+)">([^<]*)</word>')


def pages_of(pdf: Path) -> list[tuple[list[float], list[str]]]:
    """Each page's word heights and words."""
    text = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages: list[tuple[list[float], list[str]]] = []
    for line in text.splitlines():
        if "<page " in line:
            pages.append(([], []))
        elif found := _WORD.search(line):
            pages[-1][0].append(float(found.group(2)) - float(found.group(1)))
            pages[-1][1].append(found.group(3))
    return pages


def main(folder: Path) -> None:
    for book in sorted(folder.rglob("*.xlsx")):
        names = load_workbook(book, read_only=True).sheetnames
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(
                ["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, str(book)],
                capture_output=True,
                check=True,
                timeout=600,
            )
            pages = pages_of(Path(tmp) / (book.stem + ".pdf"))
        # A sheet's first page starts with its first title line (A1), which no other page
        # repeats (only the header row is repeated).
        firsts = [str(ws["A1"].value or "").split()[:1] for ws in load_workbook(book).worksheets]
        sheets: list[list] = []
        for heights, words in pages:
            if len(sheets) < len(firsts) and words[:1] == firsts[len(sheets)]:
                sheets.append([])
            if sheets:
                sheets[-1].append(heights)
        for name, sheet_pages in zip(names, sheets, strict=False):
            # The footer's small credit is left out: the text of the sheet is what is read.
            heights = [h for page in sheet_pages for h in page if h > 5]
            median = statistics.median(heights) if heights else 0
            print(
                f"{book.name:32} {name:28} pages {len(sheet_pages):3}  "
                f"word {median:5.2f} pt  scale {median / FULL_SIZE_WORD:.2f}"
            )


if __name__ == "__main__":
    main(Path(sys.argv[1]))

"""(C) The straightforward script an officer's analyst would write instead of kbo: pandas with its
default (openpyxl) engine, a filter, one `to_excel` per district. Used only by the benchmark.

    python bench/naive.py REGISTRY OUT_DIR
"""

import sys
from pathlib import Path

import pandas as pd

path, out = Path(sys.argv[1]), Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
df = pd.read_excel(path, header=1)  # the title is row 1, the header row 2
df.columns = [str(c).replace("\n", "") for c in df.columns]
stars = pd.to_numeric(df["ระดับดาว (ปี 2562)"].astype(str).str.extract(r"(\d)")[0], errors="coerce")
year = pd.to_numeric(df["ปีที่ลงทะเบียน"].astype(str).str.extract(r"(25\d\d)")[0], errors="coerce")
chosen = df[
    df["กลุ่ม Quadrant"].astype(str).str.upper().str.contains("D")
    & stars.between(1, 3)
    & df["ประเภทผู้ผลิต/ผู้ประกอบการ"].astype(str).str.contains("กลุ่ม")
    & year.between(2557, 2562)
]
for (province, district), part in chosen.groupby(["จังหวัด", "อำเภอ"]):
    part.to_excel(out / f"{province}-{district}.xlsx", index=False)

"""The benchmark of `kbo collect`: the national run's 928 returns compiled, beside `kbo select`.

    python bench/collect.py                  # 200,000 rows, 3 rounds

The returns are the district workbooks `kbo select` writes for the national registry
(`make_national.py`, 200,000 rows), every tenth edited as a district would (its first row
deleted, a product renamed, a contact filled in) with openpyxl, made once into a temporary
folder. Each round then runs, in turn, (S) `kbo select` on the registry and (K) `kbo collect`
of the returns against it, each as its own process writing into a fresh folder; the order
turns from round to round. Printed: the medians and K/S (the target: below 2).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from run import interleaved, registry

HERE = Path(__file__).resolve().parent


def returns(path: Path, folder: Path) -> Path:
    """The national run's district workbooks, every tenth edited."""
    from openpyxl import load_workbook

    out = folder / "returned"
    py = sys.executable
    cmd = [py, "-m", "kbo_cli", "select", str(path), "--out", str(out), "--json"]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    books = sorted(p for p in out.rglob("*.xlsx") if p.name != "สรุปผลการคัดเลือก.xlsx")
    for book in books[::10]:
        wb = load_workbook(book)
        ws = wb.worksheets[0]
        header = next((r[0].row for r in ws.iter_rows(max_row=20) if r[0].value == "ลำดับ"), None)
        if header and ws.cell(header + 2, 1).value is not None:
            ws.delete_rows(header + 1)
            ws.cell(header + 1, 4).value = f"{ws.cell(header + 1, 4).value} (แก้ไข)"
        wb.save(book)
    (out / "สรุปผลการคัดเลือก.xlsx").unlink()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    path = registry(args.rows)
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        returned = returns(path, Path(tmp))
        runs = {
            "S kbo select": lambda out: [
                py, "-m", "kbo_cli", "select", str(path), "--out", out, "--json",
            ],
            "K kbo collect": lambda out: [
                py, "-m", "kbo_cli", "collect", str(returned), "--registry", str(path),
                "--out", out, "--json",
            ],
        }  # fmt: skip
        median, peak = interleaved(runs, args.rounds)
    print(f"{path.name}: {args.rows} rows, {args.rounds} rounds")
    for name in runs:
        print(f"  {name:16} median {median[name]:8.2f} s   peak RSS {peak[name]:8.0f} MiB")
    print(f"  K/S = {median['K kbo collect'] / median['S kbo select']:.2f}")


if __name__ == "__main__":
    main()

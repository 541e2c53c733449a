"""The benchmark: kbo select against pandas reading the same file, side by side, interleaved.

    python bench/run.py                      # 200,000 rows, 3 rounds
    python bench/run.py --rows 1048576 --rounds 1 --skip-naive
    python bench/run.py --against ../other-checkout   # and another version of kbo, as A0

(A) `kbo select` end to end, writing every workbook; (B) `pandas.read_excel(path,
engine="calamine")` alone; (C) the straightforward script a user would write instead
(`bench/naive.py`). Each runs as its own process, in turn within each round, the order turning
from round to round; the medians, the ratios A/B and A/C and A's peak resident memory are
printed. The registry is made once by `make_national.py` into `bench/data/` (deterministic, so
every run times the same cells).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def registry(rows: int) -> Path:
    path = HERE / "data" / f"national-{rows}.xlsx"
    if not path.exists():
        print(f"making {path.name} ...", file=sys.stderr)
        subprocess.run(
            [sys.executable, str(HERE / "make_national.py"), str(rows), str(path)], check=True
        )
    return path


def timed(cmd: list[str]) -> tuple[float, float]:
    """(seconds, peak RSS in MiB) of one process. The files the previous run wrote are flushed
    to disk first, so that no run pays for another's writing."""
    os.sync()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode()
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err}")
    return seconds, usage.ru_maxrss / 1024


def interleaved(runs: dict, rounds: int) -> tuple[dict[str, float], dict[str, float]]:
    """Each command of `runs` (name -> a command given an output folder) `rounds` times, in
    turn, each into a fresh folder: (median seconds, peak RSS in MiB) by name."""
    times: dict[str, list[float]] = {k: [] for k in runs}
    peak: dict[str, float] = dict.fromkeys(runs, 0.0)
    names = list(runs)
    for n in range(rounds):
        # The order turns each round (A B C, B C A, C A B, ...): a run straight after the naive
        # script's 50 s of work was measured 0.6 s slower (7.25 s against 6.66 s 20 s later),
        # and no command should always take that place.
        for name in names[n % len(names) :] + names[: n % len(names)]:
            with tempfile.TemporaryDirectory() as tmp:
                seconds, rss = timed(runs[name](str(Path(tmp) / "out")))
            times[name].append(seconds)
            peak[name] = max(peak[name], rss)
            print(f"round {n + 1}: {name:26} {seconds:8.2f} s  {rss:8.0f} MiB", file=sys.stderr)
    return {k: statistics.median(v) for k, v in times.items()}, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-naive", action="store_true", help="leave out (C), slow at 1M rows")
    parser.add_argument(
        "--against",
        type=Path,
        help="also time kbo select from this checkout (another version of kbo_cli), as A0",
    )
    args = parser.parse_args()
    path = registry(args.rows)
    py = sys.executable
    runs = {
        "A kbo select": lambda out: [
            py, "-m", "kbo_cli", "select", str(path), "--out", out, "--json",
        ],
        "B pandas read (calamine)": lambda out: [
            py, "-c", "import sys, pandas; pandas.read_excel(sys.argv[1], engine='calamine')",
            str(path),
        ],
        "C naive script": lambda out: [py, str(HERE / "naive.py"), str(path), out],
    }  # fmt: skip
    if args.skip_naive:
        del runs["C naive script"]
    if args.against:
        runs["A0 kbo select (--against)"] = lambda out: [
            "env",
            f"PYTHONPATH={args.against.resolve()}",
            *runs["A kbo select"](out),
        ]
    median, peak = interleaved(runs, args.rounds)
    print(f"{path.name}: {args.rows} rows, {args.rounds} rounds, {os.cpu_count()} cores")
    for name in runs:
        print(f"  {name:26} median {median[name]:8.2f} s   peak RSS {peak[name]:8.0f} MiB")
    a = median["A kbo select"]
    print(f"  A/B = {a / median['B pandas read (calamine)']:.2f}")
    if "C naive script" in median:
        print(f"  A/C = {a / median['C naive script']:.3f}")
    print(f"  A peak RSS = {peak['A kbo select']:.0f} MiB")
    if args.against:
        print(f"  A/A0 = {a / median['A0 kbo select (--against)']:.3f}")


if __name__ == "__main__":
    main()

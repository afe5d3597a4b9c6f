"""Importing a clinic's big CSV export from the command line: 330,000 practices in a 60 MB
file (made up, valid in every row), added to an empty log by `python app.py import FILE` in
its own process. Prints the child's peak resident memory (target ≤ 300 MB; the whole file
read at once took 842 MB) and the time it took, median and min-max over a few runs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, header, report

from tests.support.big_csv import write_big_csv

RUNS = 330_000
REPEATS = 3


def import_once(csv_file: Path) -> tuple[float, float]:
    """(peak MB, seconds) of one `app.py import` into a fresh data folder."""
    with tempfile.TemporaryDirectory(prefix="calm-bench-import-") as home:
        env = {**os.environ, "CALM_HOME": home}
        script = (
            "import resource, subprocess, sys, json; "
            "done = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
            "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss; "
            "print(json.dumps([done.returncode, peak, done.stderr[-300:]]))"
        )
        began = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-c", script, sys.executable, str(ROOT / "app.py"), "import",
             str(csv_file)],
            env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        seconds = time.perf_counter() - began
    code, peak_kb, stderr = json.loads(result.stdout)
    if code:
        raise SystemExit(f"import failed: {stderr}")
    return peak_kb / 1024, seconds


def main() -> None:
    header()
    with tempfile.TemporaryDirectory(prefix="calm-bench-csv-") as folder:
        csv_file = write_big_csv(Path(folder) / "clinic.csv", RUNS)
        size_mb = csv_file.stat().st_size / 1e6
        peaks, times = [], []
        for _ in range(REPEATS):
            peak, seconds = import_once(csv_file)
            peaks.append(peak)
            times.append(seconds)
    report(f"import {size_mb:.0f} MB CSV: peak memory", peaks, "MB", "<= 300", 0)
    report(f"import {RUNS:,} runs: time", times, "s", "info", 1)


if __name__ == "__main__":
    main()

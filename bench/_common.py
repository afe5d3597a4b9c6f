"""Shared pieces of the benchmarks: a temporary CALM_HOME and the one table-row format.

Every figure is printed as: name, median, min-max over its runs, unit, target.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

HEADER = f"{'figure':<34} {'median':>10} {'min-max':>21} {'unit':<8} target"


def header() -> None:
    """Print the table header, unless run_all.py already did (it passes --no-header)."""
    if "--no-header" in sys.argv:
        return
    print(HEADER)
    print("-" * len(HEADER))


def report(name: str, samples: list[float], unit: str, target: str, digits: int = 2) -> float:
    """Print one row and return the median."""
    median = statistics.median(samples)
    spread = f"{min(samples):.{digits}f}-{max(samples):.{digits}f}"
    print(f"{name:<34} {median:>10.{digits}f} {spread:>21} {unit:<8} {target}", flush=True)
    return median


@contextlib.contextmanager
def temp_home() -> Iterator[Path]:
    """Point CALM_HOME at a fresh temporary folder for the duration."""
    previous = os.environ.get("CALM_HOME")
    with tempfile.TemporaryDirectory(prefix="calm-bench-") as folder:
        os.environ["CALM_HOME"] = folder
        try:
            yield Path(folder)
        finally:
            if previous is None:
                os.environ.pop("CALM_HOME", None)
            else:
                os.environ["CALM_HOME"] = previous


def child_result(script: str, args: list[str], env: dict[str, str], timeout: float) -> list[float]:
    """Run bench/<script> with `args` in its own process; the numbers on its "result" line."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    for line in result.stdout.splitlines():
        if line.startswith("result "):
            return [float(x) for x in line.split()[1:]]
    raise RuntimeError(f"{script} {' '.join(args)} failed:\n{result.stderr[-2000:]}")

"""Start-up: the whole process, from spawning Python to the main window shown.

`app.py --smoke` (the real window on a fresh temporary data folder) against a bare PySide6
window that also imports pygame (the floor: an interpreter, Qt, SDL and one empty window), run
alternately so the shared machine's noise falls on both alike. Time is taken from outside,
from spawning the process to reading its "shown" line, on a real X server (Xvfb) when there is
one. The figure is the ratio of the medians; the target is at most 1.5. The CPU seconds each
child used are printed too: on a machine shared with other work they vary far less than wall
time, and they say the same thing (both processes exit right after the window is shown).
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, header, report
from _display import child_env, xvfb

RUNS = 9
BARE = """
import os
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
import pygame
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
window = QWidget()
window.resize(980, 760)
window.show()
QTimer.singleShot(0, lambda: (print("shown", flush=True), app.exit(0)))
app.exec()
"""


def time_to_shown(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds from spawning `command` to its first line of output starting with "shown", and
    the CPU seconds the whole child used (steadier than wall time on a busy machine)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    child = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    )
    wall = None
    for line in child.stdout:
        if line.startswith("shown"):
            wall = time.perf_counter() - started
            break
    child.wait(30)
    if wall is None:
        raise RuntimeError(f"{command[-1]} exited without showing a window")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> int:
    header()
    app_times: list[float] = []
    bare_times: list[float] = []
    app_cpu: list[float] = []
    bare_cpu: list[float] = []
    with xvfb() as display, tempfile.TemporaryDirectory(prefix="calm-bench-") as home:
        env = child_env(display, Path(home))
        python = sys.executable
        time_to_shown([python, "-c", BARE], env)  # warm the disk cache for both sides
        time_to_shown([python, str(ROOT / "app.py"), "--smoke"], env)
        for _ in range(RUNS):
            wall, cpu = time_to_shown([python, "-c", BARE], env)
            bare_times.append(wall)
            bare_cpu.append(cpu)
            wall, cpu = time_to_shown([python, str(ROOT / "app.py"), "--smoke"], env)
            app_times.append(wall)
            app_cpu.append(cpu)
    report("start-up: app.py --smoke", app_times, "s", "-", digits=3)
    report("start-up: bare window + pygame", bare_times, "s", "-", digits=3)
    ratio_row("start-up ratio (wall)", app_times, bare_times)
    report("start-up CPU: app.py --smoke", app_cpu, "s", "-", digits=3)
    report("start-up CPU: bare window + pygame", bare_cpu, "s", "-", digits=3)
    ratio_row("start-up ratio (CPU, steadier)", app_cpu, bare_cpu)
    return 0


def ratio_row(name: str, app: list[float], bare: list[float]) -> None:
    """The ratio of the medians, with the spread of the pairwise ratios (pairs ran together)."""
    ratios = [a / b for a, b in zip(app, bare, strict=True)]
    ratio = statistics.median(app) / statistics.median(bare)
    spread = f"{min(ratios):.2f}-{max(ratios):.2f}"
    print(f"{name:<34} {ratio:>10.2f} {spread:>21} {'x':<8} <= 1.5", flush=True)


if __name__ == "__main__":
    sys.exit(main())

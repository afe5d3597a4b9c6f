"""Peak resident memory of a 10-minute practice, against the floor the app is built on.

Window: slow breathing, 10 minutes, run to its end through the real window (bench/
_window_child.py) on a clock running SPEED times faster than real time (the controller's timer
is scaled alike, so every cue is still dispatched on time in the practice's own time), with
the real audio engine on SDL's dummy driver (voice, tones, ambience) and the store writing the
run, on a real X window under Xvfb. Its floor is a bare PySide6 window with the pygame mixer
open. Terminal: `play --no-window` of the same practice (app.main, same fast clock) against
bare Python with the pygame mixer open. Each side is a fresh process printing its own peak
resident set (VmHWM); the sides run alternately, so the shared machine's state falls on both
alike. The sound cache is warm (a first window run fills it; its figure, the first practice
after installing, is printed as information).

    .venv/bin/python bench/bench_memory.py [--runs N] [--speed S]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

from _common import child_result, header, report
from _display import child_env, xvfb
from bench_cpu import run_child

WINDOW_TARGET_MB = 35
TERMINAL_TARGET_MB = 20


def run_other(mode: str, amount: float, env: dict[str, str]) -> float:
    """Peak MB of one bench/_memory_child.py process."""
    return child_result("_memory_child.py", [mode, str(amount)], env, 900)[0]


def difference_row(name: str, ours: list[float], floor: list[float], target: float) -> None:
    """Median of ours minus median of the floor, with the spread of the pairwise differences."""
    pairs = [a - b for a, b in zip(ours, floor, strict=True)]
    value = statistics.median(ours) - statistics.median(floor)
    spread = f"{min(pairs):.1f}-{max(pairs):.1f}"
    print(f"{name:<34} {value:>10.1f} {spread:>21} {'MB':<8} <= +{target}", flush=True)


def main() -> int:
    header()
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 3
    speed = float(sys.argv[sys.argv.index("--speed") + 1]) if "--speed" in sys.argv else 20.0
    window, bare_window, terminal, bare_python = [], [], [], []
    with xvfb() as display, tempfile.TemporaryDirectory(prefix="calm-bench-") as home:
        env = child_env(display, Path(home))
        first = run_child("memory", speed, env)  # fills the sound cache
        for _ in range(runs):
            bare_window.append(run_other("bare-window", 5, env))
            window.append(run_child("memory", speed, env))
            bare_python.append(run_other("bare-python", 3, env))
            terminal.append(run_other("play", speed, env))
    report("memory: first practice (cold cache)", [first], "MB", "(info)", digits=1)
    report("memory: window, 10-min practice", window, "MB", "-", digits=1)
    report("memory: bare window + mixer", bare_window, "MB", "-", digits=1)
    difference_row("memory: window above its floor", window, bare_window, WINDOW_TARGET_MB)
    report("memory: play --no-window", terminal, "MB", "-", digits=1)
    report("memory: bare Python + mixer", bare_python, "MB", "-", digits=1)
    difference_row("memory: terminal above its floor", terminal, bare_python, TERMINAL_TARGET_MB)
    return 0


if __name__ == "__main__":
    sys.exit(main())

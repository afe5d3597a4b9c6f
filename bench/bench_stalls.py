"""Interface stalls: the longest the interface thread is away while a practice plays and the
person moves every volume slider through its range and changes the ambience again and again.

Slow breathing plays through the real window (Xvfb) and the real mixer (SDL's dummy driver);
two sliders are dragged step by step (pressed, moved, let go), one is moved as the arrow keys
move it, and the ambience goes through every choice twice, a new one every 1.4 s (the first
run finds beds not yet made; later runs find them cached). A 1 ms timer on the interface
thread measures the gaps between its firings (bench/_stalls_child.py). The figure is the
longest gap less the time the thread sat waiting for a core that other programs held (the
kernel's run-queue time): its own work and its own waits on the disk, locks or sound device.
The plain wall-time gap is printed as information (on a busy shared machine it mostly measures
the other programs). Stop to the mixer closed (the run's last write, the check-out page, the
mixer closed on a worker) is printed as information.

    .venv/bin/python bench/bench_stalls.py [--runs N]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from _common import child_result, header, report
from _display import child_env, xvfb


def main() -> int:
    header()
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 3
    practice, stop, wall = [], [], []
    with xvfb() as display, tempfile.TemporaryDirectory(prefix="calm-bench-") as home:
        env = child_env(display, Path(home))
        for _ in range(runs):
            own, after, whole = child_result("_stalls_child.py", [], env, 300)
            practice.append(own)
            stop.append(after)
            wall.append(whole)
    report("interface stall, sliders+ambience", practice, "ms", "<= 16", digits=1)
    report("  same, wall time incl. other load", wall, "ms", "(info)", digits=1)
    report("interface stall, Stop to closed", stop, "ms", "(info)", digits=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())

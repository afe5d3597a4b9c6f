"""Peak resident memory after a 10-minute practice, run to its end through the real window.

Slow breathing, 10 minutes, on a clock running SPEED times faster than real time (the
controller's timer is scaled alike, so every cue is still dispatched on time in the practice's
own time): the window, the pacer, the real audio engine on SDL's dummy driver with voice,
tones and ambience, the store writing the run. The figure is the process's peak resident set
(getrusage ru_maxrss) when the practice has finished, measured by the app process itself
(bench/_window_child.py), on a real X window under Xvfb. The first run starts with an empty
sound cache, so it synthesises every bed and tone (numpy temporaries): that is the
first practice after installing, printed on its own row; the rest are every later practice.

    .venv/bin/python bench/bench_memory.py [--runs N] [--speed S]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from _common import header, report
from _display import child_env, xvfb
from bench_cpu import run_child


def main() -> int:
    header()
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 3
    speed = float(sys.argv[sys.argv.index("--speed") + 1]) if "--speed" in sys.argv else 20.0
    peaks: list[float] = []
    with xvfb() as display, tempfile.TemporaryDirectory(prefix="calm-bench-") as home:
        env = child_env(display, Path(home))
        first = run_child("memory", speed, env)
        for _ in range(runs):
            peaks.append(run_child("memory", speed, env))
    report("peak memory, first practice", [first], "MB", "<= 100", digits=1)
    report("peak memory, 10-min practice", peaks, "MB", "<= 100", digits=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())

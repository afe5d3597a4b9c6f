"""CPU while playing and CPU idle, as % of one core, on a real X window (Xvfb).

Playing: belly breathing at its first paced block — the pacer moving on screen, the counts
spoken, breath tones and the ambience bed playing through SDL's dummy audio driver (it mixes
as a sound card would; only the output goes nowhere) — measured over 60 s. Idle: the main
window open on Practices, nothing playing, over 30 s. Each figure is the CPU time of the
whole app process (every thread, SDL's mixer included) over the wall time, measured by the
app process itself with getrusage (bench/_window_child.py). A first short run renders the
practice's sounds into the cache, so no run measures synthesis. With the CPU while playing,
the pacer's frames per second while the breath moves (frames painted in in- and out-breaths
over the time spent in them).

    .venv/bin/python bench/bench_cpu.py [--runs N] [--quick]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from _common import child_result, header, report
from _display import child_env, xvfb


def run_child(mode: str, amount: float, env: dict[str, str]) -> float:
    return child_figures(mode, amount, env)[0]


def child_figures(mode: str, amount: float, env: dict[str, str]) -> list[float]:
    """The measured child's figures: % of a core (and, playing, the pacer's frames per
    second of in- and out-breath)."""
    return child_result("_window_child.py", [mode, str(amount)], env, amount + 300)


def main() -> int:
    header()
    quick = "--quick" in sys.argv
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 3
    playing_s, idle_s = (15, 10) if quick else (60, 30)
    playing: list[float] = []
    frames: list[float] = []
    mixer: list[float] = []
    idle: list[float] = []
    floor: dict[str, list[float]] = {"drawn": [], "nothing drawn": []}
    with xvfb() as display, tempfile.TemporaryDirectory(prefix="calm-bench-") as home:
        env = child_env(display, Path(home))
        run_child("playing", 2, env)  # renders and caches the practice's sounds
        for _ in range(runs):
            cpu, per_second, mixer_cpu = child_figures("playing", playing_s, env)
            playing.append(cpu)
            frames.append(per_second)
            mixer.append(mixer_cpu)
            idle.append(run_child("idle", idle_s, env))
            if "--floor" in sys.argv:
                fast = {**env, "CALM_PACER_FPS": "15"}
                floor["drawn"].append(run_child("playing", playing_s, fast))
                blank = {**fast, "CALM_BENCH_PAINT_NOTHING": "1"}
                floor["nothing drawn"].append(run_child("playing", playing_s, blank))
    report(f"CPU while playing ({playing_s} s)", playing, "% core", "<= 1.5")
    report("pacer frames, in/out-breath", frames, "frames/s", ">= 15", digits=1)
    report("  of the CPU: SDL's mixer thread", mixer, "% core", "-")
    report(f"CPU idle ({idle_s} s)", idle, "% core", "<= 0.1", digits=3)
    for name, samples in floor.items():
        if samples:
            report(f"15 frames/s, {name}", samples, "% core", "<= 1.5")
    return 0


if __name__ == "__main__":
    sys.exit(main())

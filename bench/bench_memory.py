"""Memory: peak resident memory after a 10-minute practice through the real window.

A child process builds the real main window (offscreen) on a temporary CALM_HOME, chooses
Slow Breathing (10 min), starts it with ratings, and plays it to the end through the real
pygame engine (SDL's dummy driver) and the real controller, with every event dispatched and the
pacer painted. Only the clock is sped up (a fake clock moved 250 ms per timer turn), so ten
minutes take seconds; every sound, caption and store write still happens. Target ≤ 100 MB.
"""

from __future__ import annotations

import os
import subprocess
import sys

from _common import ROOT, header, report, temp_home

RUNS = 3
CHILD = r"""
import os, resource, sys
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
sys.path.insert(0, sys.argv[1])
from PySide6.QtWidgets import QApplication
app = QApplication([])
from app import build_window
from calm.clock import FakeClock
from calm.paths import AppPaths
from calm.store import open_store
from ui.tasks import run_immediately

paths = AppPaths.from_environment().ensure()
store = open_store(paths)
clock = FakeClock(1_000_000)
parts = build_window(paths, store, clock=clock, runner=run_immediately)
parts.settings.set("screening.done", True)
parts.window.resize(1000, 760)
parts.window.show()
flow = parts.screens["flow"]
flow.choose("slow-breathing", "10")
flow.start({"pain": 5, "stress": 6})
controller = parts.controller
began = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # window built, practice started
while controller.active:
    clock.advance(250)
    controller.tick()
    app.processEvents()
run = store.runs_for_client(store.default_client().id)[-1]
assert run.status == "completed", run.status
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"{peak / 1024:.1f} {began / 1024:.1f}")
parts.shutdown()
store.close()
"""


def play_once() -> tuple[float, float]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT)],
        capture_output=True,
        text=True,
        env={**os.environ},
        timeout=600,
    )
    if done.returncode:
        print(done.stderr[-2000:], file=sys.stderr)
        raise SystemExit(1)
    peak, start = (float(x) for x in done.stdout.split()[-2:])
    return peak, start


def main() -> None:
    cold, warm = [], []
    for _ in range(RUNS):
        with temp_home():
            cold.append(play_once()[0])  # first practice ever: every sound synthesised now
            peak, _ = play_once()  # the next day: sounds and speech come from the cache
            warm.append(peak)
    report("memory: peak, 10-min practice", warm, "MB", "≤ 100 MB", digits=1)
    report("memory: peak, first practice ever", cold, "MB", "(info: cold cache)", digits=1)


if __name__ == "__main__":
    header()
    main()

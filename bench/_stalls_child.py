"""The measured process of the stall benchmark: the real window playing a practice while every
volume slider is dragged through its range and the ambience is changed again and again.

    python bench/_stalls_child.py

A 1 ms precise timer on the interface thread notes when it fires; a gap longer than that is
time the thread spent busy or waiting (on the disk, on synthesis, on the sound device). It
prints "result <longest own gap during the practice> <longest own gap from Stop until the
mixer is closed> <longest wall-time gap during the practice>" (ms); the longest gaps, and what
was going on, go to stderr.
"""

from __future__ import annotations

import sys
import time

from _window_child import start_practice, wait_running  # also puts the project on sys.path
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractSlider, QApplication

from app import build_window
from calm.paths import AppPaths
from calm.store import open_store
from ui.tasks import wait_for_workers

STEP_MS = 12  # a slider moves one step per mouse event, about this often while dragged
AMBIENCE_EVERY_MS = 1400
AFTER_STOP_MS = 1500  # the fade (800 ms) and the mixer's close that follows it


class Heartbeat:
    """Gaps between firings of a 1 ms timer on the interface thread, labelled with `doing`.

    Each gap is noted twice: as wall time, and less the time the thread sat ready on the
    kernel's run queue (/proc/self/task/<tid>/schedstat) because other programs had both
    cores: what is left is the thread's own work and its own waits (disk, locks, sleeps).
    """

    def __init__(self) -> None:
        import threading

        self.doing = "starting"
        self.gaps: list[tuple[float, float, str]] = []  # (own ms, wall ms, doing)
        self._stat = open(f"/proc/self/task/{threading.get_native_id()}/schedstat")  # noqa: SIM115
        self._last = time.perf_counter()
        self._queued = self._run_queue_ms()
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._beat)
        self.timer.start(1)

    def _run_queue_ms(self) -> float:
        self._stat.seek(0)
        return int(self._stat.read().split()[1]) / 1e6

    def _beat(self) -> None:
        now, queued = time.perf_counter(), self._run_queue_ms()
        wall = (now - self._last) * 1000
        self.gaps.append((wall - (queued - self._queued), wall, self.doing))
        self._last, self._queued = now, queued

    def watch(self) -> None:
        """With CALM_STALL_STACKS=1: a thread prints where the interface thread is whenever it
        has been away 30 ms, or CALM_STALL_STACK_MS (for finding a stall, not for the
        figure)."""
        import os
        import threading
        import traceback

        if os.environ.get("CALM_STALL_STACKS") != "1":
            return
        main = threading.main_thread().ident
        limit = float(os.environ.get("CALM_STALL_STACK_MS", "30")) / 1000

        def look() -> None:
            while True:
                time.sleep(0.002)
                if time.perf_counter() - self._last > limit:
                    frame = sys._current_frames().get(main)
                    stack = "".join(traceback.format_stack(frame, limit=8)) if frame else ""
                    print(f"# stalled ({self.doing}):\n{stack}", file=sys.stderr)
                    time.sleep(0.05)

        threading.Thread(target=look, daemon=True).start()

    def take(self) -> list[tuple[float, float, str]]:
        gaps, self.gaps = self.gaps, []
        return gaps


def drag_plan(sliders: dict) -> list:
    """Each slider down to 0 and up to 100 one step at a time: the first two dragged with the
    mouse (pressed, moved, let go), the last moved as the arrow keys move it (saved once it has
    been still for a moment)."""
    steps = []
    down = QAbstractSlider.SliderAction.SliderSingleStepSub
    up = QAbstractSlider.SliderAction.SliderSingleStepAdd
    for n, (layer, slider) in enumerate(sliders.items()):
        if n < len(sliders) - 1:
            values = [*range(slider.value(), -1, -1), *range(1, 101)]
            steps.append((f"drag {layer}", lambda s=slider: s.setSliderDown(True)))
            steps += [(f"drag {layer}", lambda s=slider, v=v: s.setValue(v)) for v in values]
            steps.append((f"release {layer}", lambda s=slider: s.setSliderDown(False)))
        else:
            moves = [down] * slider.value() + [up] * 100
            steps += [(f"keys {layer}", lambda s=slider, m=m: s.triggerAction(m)) for m in moves]
    return steps


def main() -> int:
    app = QApplication(sys.argv[:1])
    paths = AppPaths.from_environment().ensure()
    store = open_store(paths)
    store.set_client_setting(store.default_client().id, "screening.done", True)
    parts = build_window(paths, store)
    window = parts.window
    window.resize(1000, 760)
    window.show()
    beat = Heartbeat()
    beat.watch()
    found: dict[str, float] = {}

    def running() -> None:
        player = parts.screens["player"]
        player.sound_toggle.setChecked(True)  # the sound panel on screen, as a person sees it
        beat.take()
        steps = drag_plan(player.sliders)
        combo = player.ambience
        choices = [combo.itemData(i) for i in range(combo.count())]
        changes = iter(choices[1:] + choices[1:] + [choices[0]])

        def next_step() -> None:
            if steps:
                beat.doing, move = steps.pop(0)
                move()
                QTimer.singleShot(STEP_MS, next_step)

        def next_ambience() -> None:
            choice = next(changes, None)
            if choice is None:
                QTimer.singleShot(AMBIENCE_EVERY_MS, stop)
                return
            beat.doing = f"ambience {choice}"
            combo.setCurrentIndex(combo.findData(choice))
            QTimer.singleShot(AMBIENCE_EVERY_MS, next_ambience)

        def stop() -> None:
            while steps:  # the drags outlasted the ambience changes: let them finish first
                QTimer.singleShot(200, stop)
                return
            practice = beat.take()
            found["practice"] = max(own for own, _, _ in practice)
            found["wall"] = max(wall for _, wall, _ in practice)
            show_worst("during the practice", practice)
            beat.doing = "stop, fade and close"
            parts.controller.stop()
            QTimer.singleShot(AFTER_STOP_MS, finish)

        def finish() -> None:
            after = beat.take()
            found["stop"] = max(own for own, _, _ in after)
            show_worst("from Stop to the mixer closed", after)
            app.exit(0)

        next_step()
        next_ambience()

    start_practice(parts, "slow-breathing", "10")
    wait_running(parts, running)
    code = app.exec()
    parts.shutdown()
    wait_for_workers()
    store.close()
    if code == 0 and "stop" in found:
        print(f"result {found['practice']:.1f} {found['stop']:.1f} {found['wall']:.1f}", flush=True)
    return code


def show_worst(when: str, gaps: list[tuple[float, float, str]]) -> None:
    worst = sorted(gaps, reverse=True)[:4]
    listed = ", ".join(f"{own:.1f} ms of {wall:.1f} ({doing})" for own, wall, doing in worst)
    print(f"# longest gaps {when} (own of wall): {listed}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())

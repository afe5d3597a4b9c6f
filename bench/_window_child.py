"""The measured process of the window benchmarks: the real app window, measuring itself.

    python bench/_window_child.py idle SECONDS       main window open, nothing playing
    python bench/_window_child.py playing SECONDS   belly breathing at its first paced block:
                                                    pacer on screen, spoken counts (voice),
                                                    breath tones and ambience playing
    python bench/_window_child.py memory SPEED      a 10-minute practice (slow breathing) run
                                                    to its end through the window on a clock
                                                    SPEED times faster than real time

It builds the window exactly as app.py does (build_window, the real audio factory on SDL's
driver from the environment), so what it costs is what the app costs. It prints one line,
"result <number>": % of one core (CPU time of the whole process, every thread, over the
measured wall time; resource.getrusage), followed when playing by the pacer's frames per
second of in- and out-breath and the share of SDL's mixer thread in the CPU (% of a core);
or peak resident memory in MB. With CALM_PACER_FPS the pacer runs at another rate; with
CALM_BENCH_PAINT_NOTHING its frames are repainted but draw nothing (the floor of a frame).
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SDL_NO_SIGNAL_HANDLERS", "1")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app import build_window  # noqa: E402
from calm.heap import steady_heap  # noqa: E402
from calm.paths import AppPaths  # noqa: E402
from calm.store import open_store  # noqa: E402
from ui.pacer import MOVING  # noqa: E402
from ui.tasks import wait_for_workers  # noqa: E402

SETTLE_MS = 3000  # let start-up work and the first frames finish before measuring


class FastClock:
    """Monotonic time running `speed` times faster than real time (for the memory run)."""

    def __init__(self, speed: float):
        self.speed = speed
        self.origin = time.monotonic_ns()

    def now_ms(self) -> int:
        return int((time.monotonic_ns() - self.origin) * self.speed) // 1_000_000


class ScaledTimer:
    """The controller's timer with its delays shortened by the clock's speed, so a practice
    on a fast clock is ticked as often, in its own time, as a real one."""

    def __init__(self, timer: QTimer, speed: float):
        self.timer, self.speed = timer, speed

    def start(self, ms: int) -> None:
        self.timer.start(max(1, round(ms / self.speed)))

    def stop(self) -> None:
        self.timer.stop()

    def isActive(self) -> bool:  # noqa: N802 (Qt's name)
        return self.timer.isActive()


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def mixer_seconds() -> float:
    """CPU time of SDL's audio threads (named "SDLAudio…"), from /proc; 0 where there is none."""
    total = 0
    for task in Path("/proc/self/task").glob("*"):
        try:
            if not (task / "comm").read_text().startswith("SDLAudio"):
                continue
            stat = (task / "stat").read_text()
        except OSError:  # the thread ended
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def paint_nothing(pacer) -> None:
    """The floor (bench_cpu.py --floor): every frame still asked for, repainted and counted,
    but the pacer's paintEvent draws nothing, so the run measures all a frame costs but the
    drawing."""

    def paint_event(event) -> None:
        pacer.frames_painted += 1
        if pacer.state is not None and pacer.state.phase in MOVING:
            pacer.moving_frames += 1

    pacer.paintEvent = paint_event


def main() -> int:
    mode, amount = sys.argv[1], float(sys.argv[2])
    steady_heap()  # as app.main does
    app = QApplication(sys.argv[:1])
    paths = AppPaths.from_environment().ensure()
    store = open_store(paths)
    store.set_client_setting(store.default_client().id, "screening.done", True)
    clock = FastClock(amount) if mode == "memory" else None
    parts = build_window(paths, store, clock=clock)
    if os.environ.get("CALM_PACER_FPS"):  # trying another rate (docs/performance.md)
        parts.screens["player"].pacer.fps = float(os.environ["CALM_PACER_FPS"])
    if os.environ.get("CALM_BENCH_PAINT_NOTHING"):
        paint_nothing(parts.screens["player"].pacer)
    window = parts.window
    window.resize(1000, 760)
    window.show_page("home")
    window.show()

    def measure(seconds: float) -> None:
        start_cpu, start_wall, start_mixer = cpu_seconds(), time.perf_counter(), mixer_seconds()
        frames = FrameCount(parts) if mode == "playing" else None

        def done() -> None:
            cpu, wall = cpu_seconds() - start_cpu, time.perf_counter() - start_wall
            mixer = mixer_seconds() - start_mixer
            more = ""
            if frames is not None:
                more = f" {frames.per_second():.2f} {100 * mixer / wall:.3f}"
            print(f"result {100 * cpu / wall:.3f}{more}", flush=True)
            app.exit(0)

        QTimer.singleShot(round(seconds * 1000), done)

    if mode == "idle":
        QTimer.singleShot(SETTLE_MS, lambda: measure(amount))
    elif mode == "playing":
        start_practice(parts, "belly-breathing", "10")
        wait_running(parts, lambda: to_breathing(parts, lambda: measure(amount)))
    elif mode == "memory":
        start_practice(parts, "slow-breathing", "10")
        controller = parts.controller
        controller.timer = ScaledTimer(controller.timer, amount)
        controller.finished.connect(lambda _status: finish_memory(app))
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    code = app.exec()
    parts.shutdown()
    wait_for_workers()
    store.close()
    return code


class FrameCount:
    """Frames the pacer paints per second of in- and out-breath while measured: the frames
    painted in moving phases over the time the breath spent moving (from the timeline)."""

    def __init__(self, parts):
        self.controller = parts.controller
        self.pacer = parts.screens["player"].pacer
        self.start_frames = self.pacer.moving_frames
        self.start_ms = self.controller.position_ms()

    def per_second(self) -> float:
        end_ms = self.controller.position_ms()
        timeline = self.controller.timeline
        moving_ms = 0
        for at in range(self.start_ms, end_ms, 10):
            state = timeline.pacer_at(at)
            if state is not None and state.phase.value in ("inhale", "exhale"):
                moving_ms += 10
        frames = self.pacer.moving_frames - self.start_frames
        return 1000 * frames / moving_ms if moving_ms else 0.0


def start_practice(parts, script_id: str, variant: str) -> None:
    parts.screens["flow"].choose(script_id, variant)
    parts.screens["checkin"].start.click()


def wait_running(parts, then) -> None:
    """Sounds are prepared in the background first; go on once the practice plays."""
    if parts.controller.stage.value == "running":
        then()
    else:
        QTimer.singleShot(200, lambda: wait_running(parts, then))


def to_breathing(parts, then) -> None:
    """Skip to the part holding the first paced breathing block, wait (in real time) for the
    block to begin, settle, then measure."""
    controller = parts.controller
    block_start = controller.timeline.blocks[0].start_ms
    marks = controller.timeline.marks
    while any(controller.position_ms() < m.at_ms <= block_start for m in marks):
        controller.next_step()
    if controller.audio is None or not controller.audio.available:
        print("# sound unavailable: measuring without audio", file=sys.stderr)
    wait_for_pacer(controller, then)


def wait_for_pacer(controller, then) -> None:
    if controller.pacer_state() is not None:
        QTimer.singleShot(SETTLE_MS, then)
    else:
        QTimer.singleShot(200, lambda: wait_for_pacer(controller, then))


def finish_memory(app: QApplication) -> None:
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kB on Linux
    print(f"result {peak_kb / 1024:.1f}", flush=True)
    QTimer.singleShot(500, app.quit)


if __name__ == "__main__":
    sys.exit(main())

"""The measured processes of the memory benchmark that are not the window app itself.

    python bench/_memory_child.py bare-window SECONDS   the floor of the window: a bare PySide6
                                                        window shown, the pygame mixer open
    python bench/_memory_child.py bare-python SECONDS   the floor of the terminal player: bare
                                                        Python with the pygame mixer open
    python bench/_memory_child.py play SPEED            `play --no-window` (app.main) of the
                                                        10-minute slow breathing on a clock
                                                        SPEED times faster than real time

Each prints one line, "result <MB>": the process's peak resident memory (VmHWM).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SDL_NO_SIGNAL_HANDLERS", "1")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")


def peak_mb() -> float:
    """Peak resident memory of this process so far (VmHWM), in MB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def open_mixer() -> None:
    import pygame.mixer

    pygame.mixer.init(44_100, -16, 2, 512, allowedchanges=0)


def bare_window(seconds: float) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication(sys.argv[:1])
    open_mixer()
    window = QWidget()
    window.resize(1000, 760)
    window.show()
    QTimer.singleShot(round(seconds * 1000), app.quit)
    app.exec()


def bare_python(seconds: float) -> None:
    open_mixer()
    time.sleep(seconds)


def play(speed: float) -> None:
    import calm.clock
    import cli.terminal_player as terminal
    from app import main

    class FastClock(calm.clock.MonotonicClock):
        """Monotonic time running `speed` times faster (the practice in 1/speed of the time)."""

        def __init__(self) -> None:
            super().__init__()
            self._origin = time.monotonic_ns()

        def now_ms(self) -> int:
            return int((time.monotonic_ns() - self._origin) * speed) // 1_000_000

    calm.clock.MonotonicClock = FastClock  # the runner builds its clock from here
    terminal.TICK_MS = max(1, round(terminal.TICK_MS / speed))
    ratings = ["--pain-before", "4", "--stress-before", "5", "--pain-after", "3"]
    ratings += ["--stress-after", "3"]
    with open(os.devnull, "w") as quiet:
        sys.stdout = quiet
        code = main(["play", "slow-breathing", "--length", "10", "--no-window", *ratings])
        sys.stdout = sys.__stdout__
    if code:
        raise SystemExit(f"play exited with {code}")


def main() -> int:
    mode, amount = sys.argv[1], float(sys.argv[2])
    {"bare-window": bare_window, "bare-python": bare_python, "play": play}[mode](amount)
    print(f"result {peak_mb():.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

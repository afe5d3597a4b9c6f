"""The window's life at its edges: what it is built from, a plain refusal when it cannot start,
and a calm end on SIGTERM or SIGINT. app.py uses these; they decide nothing about screens.
"""

from __future__ import annotations

import gc
import os
import signal
import socket
import sys
from collections.abc import Callable

from PySide6.QtCore import QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

QUIT_DELAY_MS = 400  # long enough for a practice's fade-out to be heard before the app goes


class WindowParts:
    """Everything the window is built from, for app.py, tests and benchmarks alike."""

    def __init__(self, window, store, settings, library, screens: dict):
        self.window = window
        self.store = store
        self.settings = settings
        self.library = library
        self.screens = screens  # "flow" holds the practice path and its controller

    @property
    def controller(self):
        """The practice controller (built with the practice screens when first needed)."""
        return self.screens["flow"].controller

    def shutdown(self) -> None:
        """Save a practice in progress as stopped and let its sound go (on quit or SIGTERM)."""
        self.screens["flow"].shutdown()


def settle_collector(collect: bool = False) -> None:
    """Take what is alive now out of the cycle collector's full passes (gc.freeze): they walk
    every object it tracks, and with the window's widgets and a practice's timeline one took
    20-26 ms on the interface thread, the longest stall of a practice (bench_stalls.py). The
    objects are still freed once nothing refers to them; `collect` first clears cycles that
    are already garbage, so none is kept for good."""
    if collect:
        gc.collect()
    gc.freeze()


def refuse_to_start(sentence: str) -> int:
    """A plain dialog (never a traceback) when the app cannot start; returns exit code 1."""
    print(f"calm-harbor: {sentence}", file=sys.stderr)
    box = QMessageBox(QMessageBox.Icon.Warning, "Calm Harbor", sentence)
    box.setAccessibleName("Calm Harbor cannot start")
    if os.environ.get("QT_QPA_PLATFORM") != "offscreen":  # nobody could answer it offscreen
        box.exec()
    return 1


def handle_termination(
    app: QApplication, parts: WindowParts, quit: Callable[[], None] | None = None
) -> None:
    """On SIGTERM or SIGINT: save the practice as stopped, fade out, and quit.

    SDL's own handlers are off (SDL_NO_SIGNAL_HANDLERS), and a Python handler only runs when
    Python gets control, so the signal wakes Qt through a socket: no polling timer, so an idle
    window stays idle."""
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: None)  # the wake-up byte does the work
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)

    def woken() -> None:
        try:
            reader.recv(64)
        except OSError:
            return
        parts.shutdown()
        QTimer.singleShot(QUIT_DELAY_MS, quit or app.quit)

    notifier.activated.connect(woken)
    app.setProperty("calm_signal_sockets", True)
    _kept.append((reader, writer, notifier))  # alive as long as the app


_kept: list[tuple] = []

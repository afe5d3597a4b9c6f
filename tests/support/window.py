"""The real window on a real store for tests: a fake clock, silent sound, work done at once."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from app import build_window
from audio.engine import SilentEngine
from calm.clock import FakeClock
from calm.store import open_store
from ui.tasks import run_immediately, wait_for_workers


@contextmanager
def window_parts(paths, qtbot, screened: bool = True) -> Iterator:
    """The window's parts (`.clock` is the fake clock), shown on Practices; shut down and the
    store closed afterwards. `screened`: the first-start questions count as answered."""
    store = open_store(paths)
    clock = FakeClock(1_000_000)
    parts = build_window(
        paths, store, clock=clock, runner=run_immediately, audio_factory=lambda: SilentEngine()
    )
    parts.clock = clock
    if screened:
        parts.settings.set("screening.done", True)
    qtbot.addWidget(parts.window)
    parts.window.show_page("home")
    parts.window.show()
    try:
        yield parts
    finally:
        parts.shutdown()
        wait_for_workers()
        store.close()

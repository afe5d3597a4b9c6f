"""Errors during use: an unexpected one is logged and named in a calm dialog and the app goes
on; a store problem mid-practice becomes a plain sentence while the practice carries on."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtCore import QTimer

from app import build_window
from audio.engine import SilentEngine
from calm.clock import FakeClock
from calm.errors import StoreError
from calm.logs import setup_logging
from calm.store import open_store
from ui.errors import install_excepthook
from ui.tasks import run_immediately


@pytest.fixture
def parts(paths, qtbot):
    store = open_store(paths)
    clock = FakeClock()
    parts = build_window(
        paths, store, clock=clock, runner=run_immediately, audio_factory=SilentEngine
    )
    parts.clock = clock
    qtbot.addWidget(parts.window)
    parts.window.show_page("home")
    parts.window.show()
    yield parts
    parts.shutdown()
    store.close()


@pytest.fixture
def reporter(paths, parts):
    """The app's unexpected-error hook, installed for one test and then taken away."""
    handler = setup_logging(paths.log_file)
    before = sys.excepthook
    reporter = install_excepthook(paths.log_file, lambda: parts.window)
    yield reporter
    sys.excepthook = before
    logging.getLogger().removeHandler(handler)
    handler.close()


def test_unexpected_error_is_logged_and_named_and_the_app_goes_on(parts, reporter, paths, qtbot):
    """A bug in a handler shows a dialog naming the log file, the log has the traceback, and
    the person can still start a practice."""

    def broken() -> None:
        raise ZeroDivisionError("a bug")

    QTimer.singleShot(0, broken)
    qtbot.waitUntil(lambda: reporter.count == 1, timeout=3_000)
    assert reporter.dialog is not None and reporter.dialog.isVisible()
    assert str(paths.log_file) in reporter.dialog.text()
    assert "Traceback" in paths.log_file.read_text("utf-8")
    assert "ZeroDivisionError: a bug" in paths.log_file.read_text("utf-8")
    reporter.dialog.accept()
    parts.screens["flow"].choose("belly-breathing", "5")
    parts.screens["checkin"].start.click()
    assert parts.controller.stage.value == "running"


def test_store_error_mid_practice_is_a_sentence_and_the_practice_goes_on(parts, monkeypatch):
    """When the log cannot be written during a practice, the window says so plainly and the
    practice keeps playing."""
    parts.screens["flow"].choose("belly-breathing", "5")
    parts.screens["checkin"].start.click()
    sentence = "Calm Harbor could not write to your practice log: the disk is full."

    def full_disk(*_args, **_kwargs):
        raise StoreError(sentence)

    monkeypatch.setattr(parts.store, "heartbeat", full_disk)
    for _ in range(30):
        parts.clock.advance(1_000)
        parts.controller.tick()
    assert sentence in parts.window.notices.texts()
    assert parts.window.notices.isVisible()
    assert parts.controller.stage.value == "running"

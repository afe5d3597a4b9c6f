"""The whole practice path by keyboard alone, as a person would go through it: Home → check-in
→ player → check-out → summary, with the run and its ratings in the practice log."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app import build_window
from audio.engine import SilentEngine
from calm.clock import FakeClock
from calm.store import open_store
from ui.tasks import run_immediately


@pytest.fixture
def app_parts(paths, qtbot):
    """The real window on a real store, with a fake clock and silent sound."""
    store = open_store(paths)
    clock = FakeClock(1_000_000)
    parts = build_window(
        paths, store, clock=clock, runner=run_immediately, audio_factory=lambda: SilentEngine()
    )
    parts.clock = clock
    parts.settings.set("screening.done", True)
    window = parts.window
    qtbot.addWidget(window)
    window.show_page("home")
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    yield parts
    parts.shutdown()
    store.close()


def focused():
    return QApplication.focusWidget()


def press(qtbot, key, times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(focused(), key)


def tab_to(qtbot, name: str, limit: int = 30) -> None:
    """Press Tab until the control with this accessible name has focus."""
    for _ in range(limit):
        widget = focused()
        if widget is not None and widget.accessibleName() == name:
            return
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {name!r}; stuck at {focused().accessibleName()!r}")


def play_to_end(parts, step_ms: int = 1000) -> None:
    controller = parts.controller
    while controller.active:
        parts.clock.advance(step_ms)
        controller.tick()


def test_keyboard_alone_from_opening_to_summary(app_parts, qtbot):
    """Using only the keyboard, a person can choose, rate, practise, rate again, see the change."""
    home = app_parts.screens["home"]
    home.search.setFocus()
    qtbot.keyClicks(home.search, "box")
    tab_to(qtbot, "Start Box Breathing, 2 min")
    press(qtbot, Qt.Key.Key_Return)
    assert app_parts.window.current_page() == "checkin"
    qtbot.waitUntil(lambda: focused() is app_parts.screens["checkin"].pain.buttons[0])
    press(qtbot, Qt.Key.Key_Right, 6)
    press(qtbot, Qt.Key.Key_Return)  # pain 6, on to stress
    press(qtbot, Qt.Key.Key_Right, 7)
    press(qtbot, Qt.Key.Key_Space)  # stress 7, on to Start
    assert focused() is app_parts.screens["checkin"].start
    press(qtbot, Qt.Key.Key_Return)
    assert app_parts.window.current_page() == "player"
    assert app_parts.controller.stage.value == "running"
    play_to_end(app_parts)
    assert app_parts.window.current_page() == "checkout"
    checkout = app_parts.screens["checkout"]
    qtbot.waitUntil(lambda: focused() is checkout.pain.buttons[0])
    press(qtbot, Qt.Key.Key_Right, 4)
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Right, 3)
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is checkout.finish
    qtbot.keyClick(focused(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is checkout.note
    qtbot.keyClicks(checkout.note, "Shoulders softer")
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Return)
    assert app_parts.window.current_page() == "summary"
    summary = app_parts.screens["summary"]
    assert summary.change.text() == "Pain 6 → 4 · Stress 7 → 3"
    run = app_parts.store.run(app_parts.controller.run_id)
    assert run.status == "completed"
    assert (run.value("pain", "before"), run.value("pain", "after")) == (6, 4)
    assert (run.value("stress", "before"), run.value("stress", "after")) == (7, 3)
    assert run.note == "Shoulders softer"
    assert "first practice this week" in summary.week.text()

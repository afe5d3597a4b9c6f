"""The whole practice path by keyboard alone, as a person would go through it: Home → check-in
→ player → check-out → summary, with the run and its ratings in the practice log."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from app import build_window
from audio.engine import SilentEngine
from calm.clock import FakeClock
from calm.store import open_store
from tests.support.window import window_parts
from ui.lifecycle import handle_termination
from ui.models import RecordRole
from ui.tasks import run_immediately

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def app_parts(paths, qtbot):
    """The real window on a real store, with a fake clock and silent sound."""
    with window_parts(paths, qtbot) as parts:
        qtbot.waitExposed(parts.window)
        parts.window.activateWindow()
        yield parts


def real(page):
    """The screen behind a page that builds itself when first shown."""
    return getattr(page, "page", page)


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
    qtbot.waitUntil(lambda: focused() is summary.home)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is summary.progress
    press(qtbot, Qt.Key.Key_Return)
    assert app_parts.window.current_page() == "progress"
    runs = real(app_parts.screens["progress"]).runs_model
    assert runs.rowCount() == 1
    assert runs.data(runs.index(0, 0), RecordRole).id == run.id


def test_first_start_shows_welcome_then_practices(paths, qtbot):
    """At the very first start the welcome and safety questions come before anything else."""
    store = open_store(paths)
    parts = build_window(paths, store, runner=run_immediately, audio_factory=SilentEngine)
    qtbot.addWidget(parts.window)
    assert parts.window.current_page() == "welcome"
    assert not any(b.isVisible() for b in parts.window.nav_buttons.values())
    real(parts.screens["welcome"]).completed.emit()
    assert parts.window.current_page() == "home"
    parts.settings.set("screening.done", True)
    again = build_window(paths, store, runner=run_immediately, audio_factory=SilentEngine)
    qtbot.addWidget(again.window)
    assert again.window.current_page() == "home"
    store.close()


def test_damaged_practice_file_is_unavailable_and_the_rest_work(paths, qtbot):
    """A broken practice file is listed as unavailable with its reason; the others still play."""
    (paths.user_sessions / "broken.toml").write_text('id = "broken"\ntitle = ', "utf-8")
    store = open_store(paths)
    clock = FakeClock()
    parts = build_window(
        paths, store, clock=clock, runner=run_immediately, audio_factory=SilentEngine
    )
    parts.clock = clock
    qtbot.addWidget(parts.window)
    parts.window.show_page("home")
    home = parts.screens["home"]
    notes = [w.text() for w in home.findChildren(QLabel) if w.text().startswith("Unavailable")]
    assert len(notes) == 1 and "broken.toml" in notes[0]
    card = next(c for c in home.cards if c.script.id == "belly-breathing")
    card.length_buttons[0].click()
    parts.screens["checkin"].start.click()
    play_to_end(parts)
    assert parts.store.run(parts.controller.run_id).status == "completed"
    store.close()


def test_store_in_use_gives_a_plain_sentence_and_exit_code(paths, tmp_path):
    """When another copy holds the data folder the app says so plainly and exits 1, with no
    traceback."""
    holder = open_store(paths)  # this process holds the folder, as a running copy would
    env = {
        "QT_QPA_PLATFORM": "offscreen",
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "CALM_HOME": os.environ["CALM_HOME"],
    }
    result = subprocess.run(
        [sys.executable, str(ROOT / "app.py")], capture_output=True, text=True, env=env, timeout=60
    )
    holder.close()
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "calm-harbor:" in result.stderr


def test_sigterm_saves_the_practice_as_stopped(app_parts, qtbot):
    """Terminating the app mid-practice logs the run as stopped and quits, losing nothing."""
    quits = []
    restore = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    try:
        handle_termination(QApplication.instance(), app_parts, quit=lambda: quits.append(1))
        app_parts.screens["flow"].choose("slow-breathing", "5")
        app_parts.screens["checkin"].pain.choose(3)
        app_parts.screens["checkin"].start.click()
        app_parts.clock.advance(60_000)
        app_parts.controller.tick()
        os.kill(os.getpid(), signal.SIGTERM)
        qtbot.waitUntil(lambda: bool(quits), timeout=3_000)
    finally:
        signal.signal(signal.SIGTERM, restore[0])
        signal.signal(signal.SIGINT, restore[1])
        signal.set_wakeup_fd(-1)
    run = app_parts.store.run(app_parts.controller.run_id)
    assert run.status == "stopped"
    assert run.value("pain", "before") == 3
    assert run.practised_ms >= 59_000


def test_clinic_mode_shows_clients_and_the_client_name(app_parts):
    """At home nobody meets the word "client"; in clinic mode the nav and the name appear."""
    window, settings = app_parts.window, app_parts.settings
    assert not window.nav_buttons["clients"].isVisible()
    assert not window.client_label.isVisible()
    settings.set("mode", "clinic")
    window.apply_settings("mode")
    assert window.nav_buttons["clients"].isVisible()
    assert window.client_label.isVisible() and window.client_label.text() == "Me"
    settings.set("mode", "home")
    window.apply_settings("mode")
    assert not window.nav_buttons["clients"].isVisible()
    assert not window.client_label.isVisible()


def test_theme_and_text_size_apply_live(app_parts):
    """Changing the theme or the text size restyles the open window at once."""
    app = QApplication.instance()
    app_parts.settings.set("theme", "high-contrast")
    app_parts.window.apply_settings("theme")
    assert "#FFFF00" in app.styleSheet()
    app_parts.settings.set("text.scale", 2.0)
    app_parts.window.apply_settings("text.scale")
    assert "font-size: 26pt" in app.styleSheet()
    app_parts.settings.set("theme", "light")
    app_parts.settings.set("text.scale", 1.0)
    app_parts.window.apply_settings()
    assert "#FFFF00" not in app.styleSheet()


def test_window_remembers_its_size(paths, qtbot):
    """The window opens at the size it had when it was last closed."""
    store = open_store(paths)
    first = build_window(paths, store, runner=run_immediately, audio_factory=SilentEngine)
    qtbot.addWidget(first.window)
    first.window.show()
    first.window.resize(720, 530)
    qtbot.waitUntil(lambda: first.window.size().width() == 720)
    first.window.close()
    again = build_window(paths, store, runner=run_immediately, audio_factory=SilentEngine)
    qtbot.addWidget(again.window)
    # Within a few pixels: a platform may add or take its frame's margins on the way back.
    assert abs(again.window.width() - 720) <= 4 and abs(again.window.height() - 530) <= 4
    assert again.window.width() < 800  # not the 980 x 760 of a first start
    store.close()

"""The records and settings pages inside the real main window (as app.py builds it)."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app import build_window
from audio.engine import SilentEngine
from calm.clock import FakeClock
from calm.practice.screening import QUESTION_IDS
from calm.store import open_store
from tests.support.passphrase import SECRET, Typist
from ui.click_guard import NEAR_PX
from ui.tasks import run_immediately


@pytest.fixture
def parts(paths, qtbot):
    store = open_store(paths)
    store.reset_passphrase(SECRET)  # clinic mode, when a test turns it on, has one
    built = build_window(
        paths, store, clock=FakeClock(0), runner=run_immediately, audio_factory=SilentEngine,
        ask=Typist(qtbot),
    )  # fmt: skip
    qtbot.addWidget(built.window)
    built.window.show()
    yield built
    built.shutdown()
    store.close()
    # Gone now, not at some later event loop: a window left behind is restyled by every
    # later test's theme change (seconds each).
    shiboken6.delete(built.window)


def test_first_start_shows_welcome_then_practices(parts, qtbot):
    """A first start opens on the welcome; answering the questions leads to the practices,
    with a practice hidden by the answers."""
    window = parts.window
    assert window.current_page() == "welcome"
    assert not parts.screens["progress"].is_built  # built when first opened, not at start
    welcome = parts.screens["welcome"].page
    assert not any(button.isVisible() for button in window.nav_buttons.values())
    welcome.show_questions()
    qtbot.wait(10)
    for qid in QUESTION_IDS:
        row = welcome.form.rows[qid]
        qtbot.mouseClick(row.yes if qid == "heart-lung" else row.no, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(welcome.finish, Qt.MouseButton.LeftButton)
    assert window.current_page() == "home"
    assert "four-seven-eight" in parts.screens["home"].hidden_ids
    assert parts.settings.get("screening.done") is True


def test_a_double_click_on_continue_answers_no_safety_question(parts, qtbot):
    """The second click of a double click on Continue lands on an answer that the questions
    bring up near it: it is ignored (a safety answer is never given by accident); a moment
    later a click there answers."""
    window = parts.window
    window.resize(980, 760)
    welcome = parts.screens["welcome"].page
    qtbot.waitUntil(lambda: window.size().width() == 980 and welcome.begin.isVisible())
    QApplication.processEvents()
    spot = welcome.begin.mapTo(window, welcome.begin.rect().center())
    qtbot.mouseClick(welcome.begin, Qt.MouseButton.LeftButton)
    assert welcome.steps.currentIndex() == 1
    # Where a shaky second click lands: the nearest point of an answer near the first.
    answer, near = min(
        ((b, _nearest(b, window, spot)) for row in welcome.form.rows.values()
         for b in (row.yes, row.no)),
        key=lambda found: (found[1] - spot).manhattanLength(),
    )  # fmt: skip
    assert (near - spot).manhattanLength() <= NEAR_PX and window.childAt(near) is answer
    second = (Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, near)
    QTest.mouseClick(window.windowHandle(), *second)
    QApplication.processEvents()
    assert len(welcome.form.unanswered()) == len(QUESTION_IDS)
    qtbot.wait(600)  # a person reading the questions
    QTest.mouseClick(window.windowHandle(), *second)
    QApplication.processEvents()
    assert answer.isChecked() and len(welcome.form.unanswered()) == len(QUESTION_IDS) - 1


def _nearest(widget, window, spot: QPoint) -> QPoint:
    """The point of `widget` (a pixel inside its edge) nearest to `spot`, in the window."""
    box = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size()).adjusted(2, 2, -2, -2)
    return QPoint(min(max(spot.x(), box.left()), box.right()),
                  min(max(spot.y(), box.top()), box.bottom()))  # fmt: skip


def test_nav_has_progress_and_settings_and_clients_only_in_clinic(parts, qtbot):
    """Progress and Settings are in the top bar; Clients appears only in clinic mode, once
    the therapist has unlocked it, with the name of whoever practises beside it."""
    window = parts.window
    parts.settings.set("screening.done", True)
    window.show_page("home")
    assert list(window.nav_buttons) == ["home", "progress", "settings", "clients"]
    assert window.nav_buttons["progress"].isVisible()
    assert not window.nav_buttons["clients"].isVisible()
    settings = parts.screens["settings"].page
    window.show_page("settings")
    qtbot.mouseClick(settings.choices["mode"].button_for("clinic"), Qt.MouseButton.LeftButton)
    assert window.current_page() == "who"  # clinic mode starts locked
    assert not window.nav_buttons["clients"].isVisible()
    qtbot.mouseClick(window.page("who").therapist, Qt.MouseButton.LeftButton)
    assert window.current_page() == "clients" and window.nav_buttons["clients"].isVisible()
    clients = parts.screens["clients"].page
    clients.reload(select=parts.store.default_client().id)
    qtbot.mouseClick(clients.switch_button, Qt.MouseButton.LeftButton)
    assert window.client_label.isVisible() and window.client_label.text() == "Me"


def test_switching_client_updates_the_top_bar(parts, qtbot):
    """Choosing another client in the clinic shows their name in the top bar at once."""
    parts.settings.set("mode", "clinic")
    parts.window.apply_settings("mode")
    alex = parts.store.add_client("Alex")
    parts.settings.for_client(alex.id).set("screening.done", True)
    clients = parts.screens["clients"].page
    parts.window.show_page("clients")
    clients.reload(select=alex.id)
    qtbot.mouseClick(clients.switch_button, Qt.MouseButton.LeftButton)
    assert parts.window.client_label.text() == "Alex"
    clients.reload(select=alex.id)
    clients.rename_field.setText("Alexandra")
    clients.rename()
    assert parts.window.client_label.text() == "Alexandra"


def test_text_size_applies_to_the_whole_window(parts, qtbot):
    """Choosing 150 % text in Settings enlarges the whole window at once."""
    settings = parts.screens["settings"].page
    parts.window.show_page("settings")
    qtbot.mouseClick(settings.choices["text.scale"].button_for(1.5), Qt.MouseButton.LeftButton)
    assert parts.settings.get("text.scale") == 1.5
    assert "font-size: 20pt" in QApplication.instance().styleSheet()  # 13 pt × 1.5

"""First start: the welcome and the safety questions, by keyboard alone."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from calm.practice.library import load_library
from calm.practice.screening import QUESTION_IDS
from calm.settings import Settings
from calm.store import open_store
from ui.screens.welcome import WelcomeScreen


@pytest.fixture
def settings(paths):
    store = open_store(paths)
    yield Settings(store)
    store.close()


def press(qtbot, key) -> None:
    """A key press where a person's keyboard would send it: the focused widget."""
    focused = QApplication.focusWidget()
    assert focused is not None, "nothing has the keyboard focus"
    qtbot.keyClick(focused, key)


def shown(qtbot, widget) -> None:
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=2000)


def test_welcome_and_screening_by_keyboard(qtbot, settings):
    """A person can read the welcome and answer every question with Tab, arrows and Space."""
    screen = WelcomeScreen(settings, load_library())
    qtbot.addWidget(screen)
    shown(qtbot, screen)
    screen.begin.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    assert screen.steps.currentIndex() == 1
    qtbot.wait(20)  # the page is laid out before a person could press the next key
    rows = list(screen.form.rows.values())
    assert QApplication.focusWidget() is rows[0].yes
    # first question: move to No with the arrow key, answer with Space
    press(qtbot, Qt.Key.Key_Right)
    assert QApplication.focusWidget() is rows[0].no
    press(qtbot, Qt.Key.Key_Space)
    for row in rows[1:]:
        press(qtbot, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is row.yes, row.question.id
        if row.question.id == "surgery":
            press(qtbot, Qt.Key.Key_Space)  # yes
        else:
            press(qtbot, Qt.Key.Key_Right)
            press(qtbot, Qt.Key.Key_Space)
    assert settings.get("screening.answers") == {q: q == "surgery" for q in QUESTION_IDS}
    assert settings.get("screening.done") is False
    with qtbot.waitSignal(screen.completed, timeout=1000):
        screen.finish.setFocus()
        press(qtbot, Qt.Key.Key_Space)
    assert settings.get("screening.done") is True


def test_unanswered_question_is_asked_not_assumed(qtbot, settings):
    """Continuing with a question left open asks for it instead of taking it as a no."""
    screen = WelcomeScreen(settings)
    qtbot.addWidget(screen)
    shown(qtbot, screen)
    screen.show_questions()
    qtbot.wait(20)
    rows = list(screen.form.rows.values())
    for row in rows[:-1]:
        qtbot.mouseClick(row.no, Qt.MouseButton.LeftButton)
    screen.finish.click()
    assert screen.missing.isVisible()
    assert "1 question is still unanswered" in screen.missing.text()
    assert QApplication.focusWidget() is rows[-1].yes
    assert settings.get("screening.done") is False
    with qtbot.waitSignal(screen.completed, timeout=1000):
        qtbot.mouseClick(rows[-1].no, Qt.MouseButton.LeftButton)
        screen.finish.click()
    assert not screen.missing.isVisible()


def test_answers_say_what_they_change(qtbot, settings):
    """A "yes" that hides practices says so, so nothing disappears without a word."""
    screen = WelcomeScreen(settings, load_library())
    qtbot.addWidget(screen)
    shown(qtbot, screen)
    screen.show_questions()
    qtbot.wait(20)
    assert screen.form.effect.text() == "Every practice suits these answers."
    qtbot.mouseClick(screen.form.rows["heart-lung"].yes, Qt.MouseButton.LeftButton)
    assert "1 practice will be hidden" in screen.form.effect.text()


def test_saved_answers_shown_again(qtbot, settings):
    """Answers given before (say, half-way through a first start) are shown as given."""
    settings.set("screening.answers", {"pregnancy": True, "seizures": False})
    screen = WelcomeScreen(settings)
    qtbot.addWidget(screen)
    rows = screen.form.rows
    assert rows["pregnancy"].value() is True
    assert rows["seizures"].value() is False
    assert rows["dizziness"].value() is None
    assert [row.question.id for row in screen.form.unanswered()] == [
        "heart-lung",
        "blood-pressure",
        "surgery",
        "injury-flare",
        "panic",
        "trauma",
        "dissociation",
        "dizziness",
    ]

"""Two people use Calm Harbor from its very first start to their progress: one with the
keyboard alone (Tab, Space, Enter and the arrows), one with the mouse alone (clicks and the
wheel). Each goes through the welcome and the safety questions, chooses a practice, rates,
practises, rates again, writes a note (the keyboard user), sees the summary and goes on to
Progress, where the practice is listed."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.support.ui_window import (
    click,
    close_window,
    focused,
    open_window,
    press,
    real,
    tab_to,
    wheel_into_view,
)
from ui.models import RecordRole

READING_MS = 600  # a person takes in a new page before clicking on it


def _play_to_end(opened) -> None:
    controller = opened.controller
    while controller.active:
        opened.clock.advance(1000)
        controller.tick()


def test_keyboard_alone_from_first_start_to_progress(paths, qtbot):
    """Tab, Space, Enter and the arrows are enough for everything, from the welcome on."""
    opened = open_window(paths, qtbot, first_start=True, size=(900, 620))
    try:
        window = opened.window
        assert window.current_page() == "welcome"
        welcome = real(opened.screens["welcome"])
        tab_to(qtbot, "Continue to the safety questions")
        press(qtbot, Qt.Key.Key_Return)
        qtbot.wait(20)
        rows = list(welcome.form.rows.values())
        assert focused() is rows[0].yes
        for n, row in enumerate(rows):
            if n:
                press(qtbot, Qt.Key.Key_Tab)
            assert focused() is row.yes, row.question.id
            press(qtbot, Qt.Key.Key_Right)  # to No
            press(qtbot, Qt.Key.Key_Space)
            assert row.value() is False
        tab_to(qtbot, "Save the answers and continue")
        press(qtbot, Qt.Key.Key_Return)
        assert window.current_page() == "home"
        assert opened.settings.get("screening.done") is True

        tab_to(qtbot, "Search practices")
        tab_to(qtbot, "Start 5-4-3-2-1 Grounding, 3 min", limit=120)
        press(qtbot, Qt.Key.Key_Return)
        assert window.current_page() == "checkin"
        checkin = opened.screens["checkin"]
        qtbot.waitUntil(lambda: focused() is checkin.pain.buttons[0])
        press(qtbot, Qt.Key.Key_Right, 5)
        press(qtbot, Qt.Key.Key_Return)  # pain 5, on to stress
        press(qtbot, Qt.Key.Key_Right, 6)
        press(qtbot, Qt.Key.Key_Space)  # stress 6, on to Start
        assert focused() is checkin.start
        press(qtbot, Qt.Key.Key_Return)
        assert window.current_page() == "player"
        player = opened.screens["player"]
        qtbot.waitUntil(lambda: focused() is player.pause)
        press(qtbot, Qt.Key.Key_Space)  # a pause, and on again
        assert opened.controller.stage.value == "paused"
        press(qtbot, Qt.Key.Key_Space)
        assert opened.controller.stage.value == "running"
        _play_to_end(opened)

        assert window.current_page() == "checkout"
        checkout = opened.screens["checkout"]
        qtbot.waitUntil(lambda: focused() is checkout.pain.buttons[0])
        press(qtbot, Qt.Key.Key_Right, 3)
        press(qtbot, Qt.Key.Key_Return)
        press(qtbot, Qt.Key.Key_Right, 2)
        press(qtbot, Qt.Key.Key_Return)
        assert focused() is checkout.note
        for key in (Qt.Key.Key_O, Qt.Key.Key_K, Qt.Key.Key_Space):  # a short note, typed
            press(qtbot, key)
        press(qtbot, Qt.Key.Key_Tab)
        assert focused() is checkout.finish
        press(qtbot, Qt.Key.Key_Return)

        assert window.current_page() == "summary"
        summary = opened.screens["summary"]
        assert summary.change.text() == "Pain 5 → 3 · Stress 6 → 2"
        assert summary.title.text() == "Well done"
        qtbot.waitUntil(lambda: focused() is summary.home)
        tab_to(qtbot, "See your progress over the weeks")
        press(qtbot, Qt.Key.Key_Return)
        assert window.current_page() == "progress"
        run = opened.store.run(opened.controller.run_id)
        assert (run.status, run.note) == ("completed", "ok")
        runs = real(opened.screens["progress"]).runs_model
        assert runs.rowCount() == 1
        assert runs.data(runs.index(0, 0), RecordRole).id == run.id
    finally:
        close_window(opened)


def test_mouse_alone_from_first_start_to_progress(paths, qtbot):
    """Clicks and the wheel are enough for everything, from the welcome on."""
    opened = open_window(paths, qtbot, first_start=True, size=(900, 620))
    try:
        window = opened.window
        welcome = real(opened.screens["welcome"])
        click(qtbot, welcome.begin)
        questions = welcome.steps.currentWidget()
        qtbot.wait(READING_MS)
        for row in welcome.form.rows.values():
            wheel_into_view(row.no, questions)
            click(qtbot, row.no)
            assert row.value() is False
        wheel_into_view(welcome.finish, questions)
        click(qtbot, welcome.finish)
        assert window.current_page() == "home"

        home = opened.screens["home"]
        card = next(c for c in home.cards if c.script.id == "grounding")
        qtbot.wait(READING_MS)
        wheel_into_view(card.length_buttons[0], home.scroll)
        assert home.scroll.verticalScrollBar().value() > 0  # the wheel scrolled the list
        click(qtbot, card.length_buttons[0])
        assert window.current_page() == "checkin"
        checkin = opened.screens["checkin"]
        qtbot.wait(READING_MS)
        click(qtbot, checkin.pain.buttons[7])
        wheel_into_view(checkin.stress.buttons[4], checkin.scroll)
        click(qtbot, checkin.stress.buttons[4])
        click(qtbot, checkin.start)
        assert window.current_page() == "player"
        player = opened.screens["player"]
        qtbot.wait(READING_MS)
        click(qtbot, player.pause)
        assert opened.controller.stage.value == "paused"
        click(qtbot, player.pause)
        assert opened.controller.stage.value == "running"
        _play_to_end(opened)

        assert window.current_page() == "checkout"
        checkout = opened.screens["checkout"]
        qtbot.wait(READING_MS)
        click(qtbot, checkout.pain.buttons[5])
        wheel_into_view(checkout.stress.buttons[2], checkout.scroll)
        click(qtbot, checkout.stress.buttons[2])
        click(qtbot, checkout.finish)

        assert window.current_page() == "summary"
        summary = opened.screens["summary"]
        assert summary.change.text() == "Pain 7 → 5 · Stress 4 → 2"
        qtbot.wait(READING_MS)
        click(qtbot, summary.progress)
        assert window.current_page() == "progress"
        run = opened.store.run(opened.controller.run_id)
        assert run.status == "completed"
        runs = real(opened.screens["progress"]).runs_model
        assert runs.rowCount() == 1
        assert runs.data(runs.index(0, 0), RecordRole).id == run.id
    finally:
        close_window(opened)

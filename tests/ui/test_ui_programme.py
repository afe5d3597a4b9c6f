"""The home programme in the window: "Your programme" first on Home, the weekly questions
after a practice, and the pacing check-in's energy rating."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from app import build_window
from audio.engine import SilentEngine
from calm.clock import FakeClock
from calm.programme.model import Programme, ProgrammeItem
from calm.store import open_store
from ui.tasks import run_immediately


@pytest.fixture
def parts(paths, qtbot):
    """The real window on a real store whose one person has a programme and a goal."""
    store = open_store(paths)
    me = store.default_client().id
    items = (
        ProgrammeItem(
            "box-breathing", "2", per_day=2, start=date.today(), instruction="Sitting up"
        ),
        ProgrammeItem("pacing-check-in", "5", days_a_week=3, start=date.today()),
    )
    store.set_programme(Programme(me, items, note="Little and often."))
    store.add_goal(me, "Cook a meal standing")
    clock = FakeClock(1_000_000)
    parts = build_window(
        paths, store, clock=clock, runner=run_immediately, audio_factory=lambda: SilentEngine()
    )
    parts.clock, parts.me = clock, me
    parts.settings.set("screening.done", True)
    qtbot.addWidget(parts.window)
    parts.window.show_page("home")
    parts.window.show()
    qtbot.waitExposed(parts.window)
    yield parts
    parts.shutdown()
    store.close()


def play_to_end(parts) -> None:
    while parts.controller.active:
        parts.clock.advance(1000)
        parts.controller.tick()


def test_home_shows_the_programme_first_with_what_is_left_today(parts, qtbot):
    """A client must see today's programme before anything else, and start it in one click."""
    home = parts.screens["home"]
    section = home.programme
    assert section is not None and section.isVisibleTo(home)
    layout = home.body_layout
    assert layout.itemAt(0).widget() is section
    texts = [w.text() for w in section.findChildren(type(section.summary))]
    assert "2 of 2 still to do today." in texts
    assert "0 of 2 today" in texts and "This week: 0 of 3 days" in texts
    assert "Sitting up" in texts and "Little and often." in texts
    start = section.start_buttons[0]
    assert start.accessibleName() == "Start Box Breathing, 2 min (0 of 2 today)"
    assert start.height() >= 44
    qtbot.mouseClick(start, Qt.MouseButton.LeftButton)
    assert parts.window.current_page() == "checkin"
    assert parts.screens["checkin"].variant.id == "2"


def test_a_completed_practice_moves_the_programme_on(parts, qtbot):
    """After a practice, Home says '1 of 2 today'; after the weekly questions, the summary."""
    home = parts.screens["home"]
    qtbot.mouseClick(home.programme.start_buttons[0], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(parts.screens["checkin"].start, Qt.MouseButton.LeftButton)
    play_to_end(parts)
    qtbot.mouseClick(parts.screens["checkout"].finish, Qt.MouseButton.LeftButton)
    assert parts.window.current_page() == "weekly"
    weekly = parts.screens["weekly"]
    ((goal, row),) = weekly.goal_rows
    assert goal.text == "Cook a meal standing"
    assert "Cook a meal standing" in row.question.text()
    assert weekly.impression_group is None  # not four weeks of practice yet
    qtbot.mouseClick(row.buttons[6], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(weekly.go_on, Qt.MouseButton.LeftButton)
    assert parts.window.current_page() == "summary"
    assert [(r.goal_id, r.value) for r in parts.store.goal_ratings(parts.me)] == [(goal.id, 6)]
    parts.screens["summary"].home_requested.emit()
    texts = [w.text() for w in home.programme.findChildren(type(home.programme.summary))]
    assert "1 of 2 today" in texts
    # the second practice this week asks nothing more
    qtbot.mouseClick(home.programme.start_buttons[0], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(parts.screens["checkin"].start, Qt.MouseButton.LeftButton)
    play_to_end(parts)
    qtbot.mouseClick(parts.screens["checkout"].finish, Qt.MouseButton.LeftButton)
    assert parts.window.current_page() == "summary"


def test_the_weekly_questions_can_be_skipped_and_nothing_is_saved(parts, qtbot):
    """'Not now' must save no rating and go on to the summary."""
    qtbot.mouseClick(parts.screens["home"].programme.start_buttons[0], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(parts.screens["checkin"].start, Qt.MouseButton.LeftButton)
    play_to_end(parts)
    qtbot.mouseClick(parts.screens["checkout"].finish, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(parts.screens["weekly"].later, Qt.MouseButton.LeftButton)
    assert parts.window.current_page() == "summary"
    assert parts.store.goal_ratings(parts.me) == []


def test_the_pacing_check_in_asks_energy_and_keeps_it_on_the_run(parts, qtbot):
    """Energy right now is asked for the pacing check-in only, and saved with its run."""
    home = parts.screens["home"]
    qtbot.mouseClick(home.programme.start_buttons[1], Qt.MouseButton.LeftButton)
    checkin = parts.screens["checkin"]
    assert checkin.energy.isVisibleTo(checkin)
    qtbot.mouseClick(checkin.energy.buttons[3], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(checkin.start, Qt.MouseButton.LeftButton)
    assert [v for _, v in parts.store.energy_ratings(parts.me)] == [3]
    parts.controller.stop()
    checkin.back_requested.emit()
    qtbot.mouseClick(home.programme.start_buttons[0], Qt.MouseButton.LeftButton)
    assert not checkin.energy.isVisibleTo(checkin)


def test_progress_shows_adherence_goals_and_the_impression_of_change(parts, qtbot):
    """Progress must say how much of the programme was done, and how the goals moved."""
    store, me = parts.store, parts.me
    (goal,) = store.goals(me)
    store.rate_goal(goal.id, 3)
    store.add_impression(me, 6)
    qtbot.mouseClick(parts.screens["home"].programme.start_buttons[0], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(parts.screens["checkin"].start, Qt.MouseButton.LeftButton)
    play_to_end(parts)
    qtbot.mouseClick(parts.screens["checkout"].finish, Qt.MouseButton.LeftButton)
    parts.window.show_page("progress")
    progress = parts.screens["progress"].page
    texts = progress.programme.texts()
    assert texts[0].startswith("This week: done 1 of ")
    assert "Cook a meal standing: 3 of 10 so far." in texts
    assert "Impression of change" in texts[-1] and "6 of 7" in texts[-1]


def test_the_clients_page_opens_the_programme_page_of_the_chosen_client(parts, qtbot):
    """'Programme and goals…' on Clients leads to that client's page, and Back returns."""
    parts.window.show_page("clients")
    clients = parts.screens["clients"].page
    clients.reload(select=parts.me)
    qtbot.mouseClick(clients.programme_button, Qt.MouseButton.LeftButton)
    assert parts.window.current_page() == "programme"
    programme = parts.screens["programme"].page
    assert programme.title.text().startswith("Programme and goals — ")
    assert "Box Breathing" in " ".join(
        w.text() for w in programme.findChildren(type(programme.title))
    )
    qtbot.mouseClick(programme.back, Qt.MouseButton.LeftButton)
    assert parts.window.current_page() == "clients"

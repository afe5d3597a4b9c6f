"""Every way of starting a practice in the window goes through the screening's one decision: a
client who answered "yes" to pregnancy never hears a hold they were advised against (Home,
favourites, practise again, a programme item, `play ID` with a window), unless they press
"Start anyway", which the run records."""

from __future__ import annotations

from datetime import date

import pytest

from app import build_window
from audio.engine import SilentEngine
from calm.clock import FakeClock
from calm.practice.patterns import BreathPattern
from calm.programme.model import Programme, ProgrammeItem
from calm.store import open_store
from tests.support.breaths import breath_phases, held_breaths
from ui.tasks import run_immediately

HOLDING = BreathPattern(4000, 4000, 6000, 0, "Square-ish")


@pytest.fixture
def parts(paths, qtbot):
    """The real window on a real store, for a client who is pregnant."""
    store = open_store(paths)
    me = store.default_client().id
    store.save_pattern(HOLDING)
    store.set_programme(Programme(me, (ProgrammeItem("box-breathing", "2", per_day=2),)))
    parts = build_window(
        paths,
        store,
        clock=FakeClock(1_000_000),
        runner=run_immediately,
        audio_factory=lambda: SilentEngine(),
    )
    parts.settings.set("screening.done", True)
    parts.settings.set("screening.answers", {"pregnancy": True})
    parts.screens["home"].refresh()
    qtbot.addWidget(parts.window)
    parts.window.show_page("home")
    parts.window.show()
    parts.store, parts.me = store, me
    yield parts
    parts.shutdown()
    store.close()


def card(home, script_id, favourites=False):
    cards = home.favourite_cards if favourites else home.cards
    return next(c for c in cards if c.script.id == script_id)


def start_from_checkin(parts):
    """Press the check-in's Start (whatever it says) and give back the run and what plays."""
    flow = parts.screens["flow"]
    assert parts.window.current_page() == "checkin"
    flow.checkin.start.click()
    controller = flow.controller
    run = parts.store.run(controller.run_id)
    return run, controller.timeline


def assert_no_holds(run, timeline) -> None:
    assert breath_phases(timeline.events), "the practice should still breathe"
    assert held_breaths(timeline.events) == []
    assert not run.despite_screening


def test_home_card_plays_box_breathing_without_holds(parts):
    """Choosing box breathing on Home plays its no-hold version and says so first."""
    card(parts.screens["home"], "box-breathing").length_buttons[0].click()
    checkin = parts.screens["flow"].checkin
    assert "without holding the breath" in checkin.advice.text()
    assert checkin.start.text() == "Start"
    assert_no_holds(*start_from_checkin(parts))


def test_favourite_plays_without_holds(parts):
    """A favourite starts through the same decision."""
    home = parts.screens["home"]
    card(home, "box-breathing").star.click()
    card(home, "box-breathing", favourites=True).length_buttons[0].click()
    assert_no_holds(*start_from_checkin(parts))


def test_practise_again_plays_without_holds(parts):
    """'Practise again' after a box breathing run (logged before the answers) has no holds."""
    earlier = parts.store.start_run(parts.me, "box-breathing", "Box Breathing", variant="2")
    parts.store.finish_run(earlier.id, "completed", 120_000, 1.0)
    home = parts.screens["home"]
    home.refresh()
    home.again_button.click()
    assert_no_holds(*start_from_checkin(parts))


def test_programme_item_plays_without_holds(parts):
    """The therapist's programme item for box breathing starts adapted too."""
    home = parts.screens["home"]
    home.programme.start_buttons[0].click()
    assert_no_holds(*start_from_checkin(parts))


def test_play_with_a_window_goes_through_the_decision(parts):
    """`play ID` with a window opens the check-in through the same decision (as app.py does)."""
    parts.screens["flow"].choose("box-breathing", "2")
    assert_no_holds(*start_from_checkin(parts))


def test_a_saved_holding_pattern_is_neither_offered_nor_played(parts):
    """Her own pattern with holds is not offered, and a choice saved before is set aside."""
    home = parts.screens["home"]
    slow = card(home, "slow-breathing")
    assert all(pattern != HOLDING for _key, _label, pattern in slow.options)
    parts.settings.set("pattern.choice", {"slow-breathing": "own:Square-ish"})
    parts.screens["flow"].choose("slow-breathing", "5")
    assert "“Square-ish” is not advised" in parts.screens["flow"].checkin.advice.text()
    assert_no_holds(*start_from_checkin(parts))


def test_not_advised_says_why_and_starts_only_with_start_anyway(parts):
    """4-7-8 has no version without holds: not advised, and only 'Start anyway' plays it."""
    flow = parts.screens["flow"]
    flow.choose("four-seven-eight", "4-cycles")
    checkin = flow.checkin
    assert checkin.advice.text().startswith("Not advised for you. Hidden because it holds")
    assert checkin.start.text() == "Start anyway"
    assert not checkin.start.isDefault()
    checkin.back.click()
    assert parts.window.current_page() == "home"
    assert parts.store.count_runs(parts.me) == 0  # nothing started
    flow.choose("four-seven-eight", "4-cycles")
    run, timeline = start_from_checkin(parts)
    assert run.despite_screening  # the deliberate choice is on the run
    assert held_breaths(timeline.events)  # and she hears the practice as written


def test_advised_practice_runs_are_not_marked(parts):
    """A practice started as advised is not recorded as started despite the screening."""
    parts.screens["flow"].choose("grounding", "3")
    run, _timeline = start_from_checkin(parts)
    assert not run.despite_screening
    assert date.today() == run.started.date()

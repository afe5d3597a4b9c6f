"""Home: favourites, practise again, the safety screening's advice, the pattern choice, and at
most two choices from opening the app to breathing."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from app import build_window
from audio.engine import SilentEngine
from calm.clock import FakeClock
from calm.store import open_store
from ui.tasks import run_immediately


def make(paths, qtbot, store):
    parts = build_window(
        paths, store, clock=FakeClock(), runner=run_immediately, audio_factory=SilentEngine
    )
    qtbot.addWidget(parts.window)
    parts.window.show_page("home")
    parts.window.show()
    return parts


@pytest.fixture
def store(paths):
    store = open_store(paths)
    store.set_client_setting(store.default_client().id, "screening.done", True)
    yield store
    store.close()


def card(home, script_id, favourites=False):
    cards = home.favourite_cards if favourites else home.cards
    return next(c for c in cards if c.script.id == script_id)


def test_favourite_star_keeps_practice_at_the_top(paths, qtbot, store):
    """Starring a practice puts it under "Your favourites", and it is still there next time."""
    home = make(paths, qtbot, store).screens["home"]
    assert home.favourite_cards == []
    star = card(home, "body-scan").star
    star.setFocus()
    star.click()
    assert [c.script.id for c in home.favourite_cards] == ["body-scan"]
    assert star.text() == "★" and star.isChecked()
    assert store.get_client_setting(store.default_client().id, "favourites") == ["body-scan"]
    later = make(paths, qtbot, store).screens["home"]
    assert [c.script.id for c in later.favourite_cards] == ["body-scan"]
    card(later, "body-scan", favourites=True).star.click()  # un-star from the top
    assert later.favourite_cards == []
    assert not card(later, "body-scan").star.isChecked()
    assert store.get_client_setting(store.default_client().id, "favourites") == []


def test_practise_again_offers_the_last_practice(paths, qtbot, store):
    """After a practice, "Practise again" at the top opens the same practice and length."""
    parts = make(paths, qtbot, store)
    home = parts.screens["home"]
    assert home.again is None
    parts.screens["flow"].choose("slow-breathing", "10")
    parts.screens["checkin"].start.click()
    parts.controller.stop()
    parts.screens["checkout"].finish.click()
    parts.screens["summary"].home.click()
    assert parts.window.current_page() == "home"
    assert home.again is not None
    name = home.again_button.accessibleName()
    assert name == "Practise again: Slow Breathing, 6 a minute, 10 min"
    home.again_button.click()
    checkin = parts.screens["checkin"]
    assert parts.window.current_page() == "checkin"
    assert (checkin.script.id, checkin.variant.id) == ("slow-breathing", "10")


def test_two_choices_from_opening_to_breathing(paths, qtbot, store):
    """One click on a length and one on Start, and the practice is playing."""
    parts = make(paths, qtbot, store)
    card(parts.screens["home"], "belly-breathing").length_buttons[0].click()  # choice one
    parts.screens["checkin"].start.click()  # choice two
    assert parts.controller.stage.value == "running"
    assert parts.window.current_page() == "player"


def test_screening_hides_and_warns(paths, qtbot, store):
    """With a heart condition, practices with breath holds are hidden or switched to their
    version without holds, with a sentence saying why; nothing else changes."""
    store.set_client_setting(store.default_client().id, "screening.answers", {"heart-lung": True})
    parts = make(paths, qtbot, store)
    home = parts.screens["home"]
    shown = {c.script.id for c in home.cards}
    assert "four-seven-eight" not in shown  # holds, and no version without them
    assert "four-seven-eight" in home.hidden_ids
    box = card(home, "box-breathing")
    assert "without holding the breath" in box.warning.text()
    assert not box.pattern().has_holds
    assert "belly-breathing" in shown
    box.length_buttons[0].click()
    assert "without holding the breath" in parts.screens["checkin"].advice.text()
    parts.screens["checkin"].start.click()
    block = parts.controller.timeline.blocks[0]
    assert not block.pattern.has_holds


def test_pattern_choice_is_remembered_and_used(paths, qtbot, store):
    """The breathing pattern chosen on a card is used for the practice and kept for next time."""
    parts = make(paths, qtbot, store)
    slow = card(parts.screens["home"], "slow-breathing")
    box = slow.pattern_box
    index = box.findData("alt:5-0-5-0")
    assert index > 0 and box.currentIndex() == 0
    box.setCurrentIndex(index)
    chosen = store.get_client_setting(store.default_client().id, "pattern.choice")
    assert chosen == {"slow-breathing": "alt:5-0-5-0"}
    slow.length_buttons[0].click()
    parts.screens["checkin"].start.click()
    pattern = parts.controller.timeline.blocks[0].pattern
    assert (pattern.inhale_ms, pattern.exhale_ms) == (5000, 5000)
    later = card(make(paths, qtbot, store).screens["home"], "slow-breathing")
    assert later.pattern_box.currentData() == "alt:5-0-5-0"


def test_search_hides_headings_without_matches(paths, qtbot, store):
    """Searching leaves only matching practices and their group headings."""
    home = make(paths, qtbot, store).screens["home"]
    home.search.setText("muscle")
    visible = {c.script.id for c in home.cards if c.isVisible()}
    assert visible and all(
        "muscle" in c.script.description.lower() or "muscle" in c.script.title.lower()
        for c in home.cards
        if c.script.id in visible
    )
    headings = [h.text() for h, _group in home.headings if h.isVisible()]
    assert "Breathing" not in headings
    home.search.setText("")
    assert all(c.isVisible() for c in home.cards)


def test_check_in_says_once_when_to_get_urgent_help(paths, qtbot, store):
    """The check-in tells a person, once, that chest pain or breathlessness that does not
    settle needs urgent medical help; the welcome says it too."""
    from calm.practice.questions import URGENT_LINE
    from ui.screens.welcome import WELCOME_LINES

    parts = make(paths, qtbot, store)
    card(parts.screens["home"], "body-scan").length_buttons[0].click()
    checkin = parts.screens["checkin"]
    texts = [w.text() for w in checkin.findChildren(QLabel)]
    assert texts.count(URGENT_LINE) == 1
    assert "urgent medical help" in URGENT_LINE and "chest pain" in URGENT_LINE.lower()
    assert list(WELCOME_LINES).count(URGENT_LINE) == 1


def test_stronger_hand_setting_puts_that_side_first(paths, qtbot, store):
    """A left-handed person who says so in Settings hears muscle relaxation begin with the
    left hand."""
    parts = make(paths, qtbot, store)
    settings_screen = parts.screens["settings"].page
    settings_screen.choices["hand.stronger"].button_for("left").click()
    assert parts.window.settings.get("hand.stronger") == "left"
    card(parts.screens["home"], "pmr-full").length_buttons[0].click()
    parts.screens["checkin"].start.click()
    texts = [e.action.text for e in parts.controller.timeline.events if e.kind == "narration"]
    first = next(text for text in texts if text.startswith("First,"))
    assert first.startswith("First, the left hand and forearm")
    parts.controller.stop()

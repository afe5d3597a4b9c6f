"""Gentle on hands that shake and eyes that tire: each test is a person's story, told with real
wheel turns, key presses and mouse clicks on the real window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractScrollArea, QApplication

from tests.support.ui_window import (
    click,
    close_window,
    focused,
    move_mouse,
    open_window,
    press,
    real,
    visible_in_window,
    wheel,
)
from ui.screens.player import LAYERS


@pytest.fixture
def opened(paths, qtbot):
    opened = open_window(paths, qtbot, size=(900, 620))
    yield opened
    close_window(opened)


def _card(home, script_id: str):
    return next(c for c in home.cards if c.script.id == script_id)


def test_wheel_over_a_pattern_scrolls_home_and_changes_nothing(opened, qtbot):
    """Scrolling Home with the wheel, the pointer passing over Slow Breathing's pattern box,
    scrolls the page; the pattern stays as it was, and nothing is saved."""
    home = opened.screens["home"]
    box = _card(home, "slow-breathing").pattern_box
    home.scroll.ensureWidgetVisible(box, 0, 200)
    qtbot.wait(20)
    bar = home.scroll.verticalScrollBar()
    before, index = bar.value(), box.currentIndex()
    wheel(box, -3)
    assert bar.value() > before, "the page did not scroll"
    assert box.currentIndex() == index
    assert not box.hasFocus()  # the wheel gives no focus
    assert opened.settings.get("pattern.choice") == {}


def test_wheel_changes_a_pattern_only_once_chosen_by_keyboard(opened, qtbot):
    """A person who tabs to the pattern box on purpose can turn the wheel to change it."""
    home = opened.screens["home"]
    box = _card(home, "slow-breathing").pattern_box
    home.scroll.ensureWidgetVisible(box, 0, 200)
    box.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.wait(20)
    wheel(box, -1)
    assert box.currentIndex() == 1
    assert opened.settings.get("pattern.choice") == {"slow-breathing": box.currentData()}


def test_wheel_over_the_volume_scrolls_settings_and_keeps_the_volume(opened, qtbot):
    """Six notches of the wheel over the overall volume scroll Settings; the volume stays at
    its saved 80 %."""
    opened.window.nav_buttons["settings"].click()
    screen = real(opened.screens["settings"])
    slider = screen.volumes["volume.master"].slider
    scroll = screen.findChild(type(opened.screens["home"].scroll))
    qtbot.wait(20)
    bar = scroll.verticalScrollBar()
    before = bar.value()
    wheel(slider, -6)
    assert bar.value() > before, "the page did not scroll"
    assert slider.value() == 80
    assert opened.settings.get("volume.master") == 80
    assert focused() is not slider


def test_focus_goes_on_to_the_note_and_typing_never_presses_done(paths, qtbot):
    """After the stress rating, focus goes to the note; typing a sentence with spaces writes
    the note and leaves the person on the check-out, until they choose Done."""
    opened = open_window(paths, qtbot)
    try:
        flow = opened.screens["flow"]
        flow.choose("grounding", flow.library.get("grounding").variants[0].id)
        qtbot.waitUntil(lambda: focused() is opened.screens["checkin"].pain.buttons[0])
        press(qtbot, Qt.Key.Key_Return)  # pain 0 ...
        press(qtbot, Qt.Key.Key_Return)  # ... stress 0, on to Start
        press(qtbot, Qt.Key.Key_Return)
        controller = opened.controller
        while controller.active:
            opened.clock.advance(1000)
            controller.tick()
        checkout = opened.screens["checkout"]
        qtbot.waitUntil(lambda: focused() is checkout.pain.buttons[0])
        press(qtbot, Qt.Key.Key_Right, 2)
        press(qtbot, Qt.Key.Key_Return)
        press(qtbot, Qt.Key.Key_Right, 1)
        press(qtbot, Qt.Key.Key_Space)
        assert focused() is checkout.note
        qtbot.keyClicks(checkout.note, "Calmer now ")
        press(qtbot, Qt.Key.Key_Return)  # a new line in the note, not Done
        press(qtbot, Qt.Key.Key_Space)
        assert opened.window.current_page() == "checkout"
        assert checkout.note.toPlainText() == "Calmer now \n "
        press(qtbot, Qt.Key.Key_Tab)
        assert focused() is checkout.finish
        press(qtbot, Qt.Key.Key_Return)
        assert opened.window.current_page() == "summary"
        assert opened.store.run(controller.run_id).note == "Calmer now"
    finally:
        close_window(opened)


def test_a_click_on_a_length_then_start_by_mouse(opened, qtbot):
    """Mouse clicks go through the window to the button under the pointer (a check of the
    test's own hands)."""
    home = opened.screens["home"]
    button = _card(home, "grounding").length_buttons[0]
    home.scroll.ensureWidgetVisible(button)
    qtbot.wait(20)
    click(qtbot, button)
    assert opened.window.current_page() == "checkin"


def _start(opened, qtbot, script_id: str, variant: str):
    """Home → check-in (questions skipped by Start) → playing."""
    opened.screens["flow"].choose(script_id, variant)
    checkin = opened.screens["checkin"]
    qtbot.waitUntil(lambda: focused() is checkin.pain.buttons[0])
    checkin.start.click()
    qtbot.waitUntil(lambda: opened.controller.stage.value == "running")
    return opened.screens["player"]


def test_skipping_through_is_logged_as_such_and_said_kindly(opened, qtbot):
    """Six clicks on Next end a 2-minute practice in seconds: the run says "skipped through"
    with the seconds really practised, the week does not count it, and the summary is kind."""
    player = _start(opened, qtbot, "box-breathing", "2")
    for _ in range(12):
        if opened.window.current_page() != "player":
            break
        opened.clock.advance(1_500)
        click(qtbot, player.next)
        qtbot.wait(5)  # the controller's next wake-up
    assert opened.window.current_page() == "checkout"
    checkout = opened.screens["checkout"]
    assert "skipped through" in checkout.subtitle.text()
    click(qtbot, checkout.finish)
    run = opened.store.run(opened.controller.run_id)
    assert run.status == "skipped"
    assert 0 < run.practised_ms < 20_000
    summary = opened.screens["summary"]
    assert summary.title.text() == "You reached the end"
    assert "skipped through" in summary.how_far.text()
    assert "less than a minute of 2 minutes" in summary.how_far.text()
    assert "Well done" not in summary.title.text()
    assert summary.week.text() == "No practices logged yet this week."


def test_listening_to_the_end_is_completed(opened, qtbot):
    """Staying with a practice to its end is logged completed and summed up as well done."""
    _start(opened, qtbot, "box-breathing", "2")
    controller = opened.controller
    while controller.active:
        opened.clock.advance(1_000)
        controller.tick()
    run = opened.store.run(controller.run_id)
    assert run.status == "completed"
    assert run.practised_ms == run.planned_ms


def test_full_screen_shows_its_way_out_when_the_mouse_moves(opened, qtbot):
    """In full screen, moving the mouse or tapping brings up "Exit full screen" for a few
    seconds; clicking it leaves full screen."""
    player = _start(opened, qtbot, "box-breathing", "2")
    bar = player.stage_bar
    bar.timer.setInterval(150)  # a few seconds in use; short here
    click(qtbot, player.present)
    assert player.presenting and opened.window.isFullScreen()
    assert not player.controls.isVisible()
    qtbot.waitUntil(lambda: not bar.isVisible(), timeout=3000)  # it rests after a while
    move_mouse(player.pacer)
    assert bar.isVisible() and visible_in_window(bar.exit)
    assert bar.exit.text() == "Exit full screen"
    qtbot.waitUntil(lambda: not bar.isVisible(), timeout=3000)
    click(qtbot, player.pacer)  # a tap
    assert bar.isVisible()
    click(qtbot, bar.pause)
    assert opened.controller.stage.value == "paused" and bar.pause.text() == "Resume"
    click(qtbot, bar.exit)
    assert not player.presenting and not opened.window.isFullScreen()
    assert player.controls.isVisible() and not bar.isVisible()


def _whole(widget) -> bool:
    """Shown in full: inside the window and its scroll view, and not squeezed below its size."""
    return visible_in_window(widget) and widget.width() >= widget.sizeHint().width()


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_a_narrow_window_wraps_the_check_in_and_clips_nothing(opened, qtbot, scale):
    """At 520 px wide, at 100 % and 200 % text, 9, 10 and Skip are whole on the check-in,
    and the window cannot be made too small to use."""
    opened.settings.set("text.scale", scale)
    opened.window.apply_settings("text.scale")
    opened.window.resize(300, 300)
    qtbot.wait(20)
    assert opened.window.width() >= 480 and opened.window.height() >= 420
    opened.window.resize(520, 700)
    opened.screens["flow"].choose("box-breathing", "2")
    checkin = opened.screens["checkin"]
    qtbot.waitUntil(lambda: checkin.pain.columns < 12)  # wrapped onto more lines
    qtbot.wait(50)  # laid out again
    for row in (checkin.pain, checkin.stress):
        for widget in (row.buttons[9], row.buttons[10], row.skip):
            checkin.scroll.ensureWidgetVisible(widget, 0, 0)
            qtbot.wait(10)
            assert _whole(widget), f"{widget.accessibleName()} is clipped"
        assert row.skip.text() == "Skip"
    assert _whole(checkin.start) and _whole(checkin.back)


def test_enter_saves_the_safety_answers_and_the_count_keeps_true(paths, qtbot):
    """On the safety questions, "N questions are still unanswered" goes down as they are
    answered and goes away at the last one; Enter presses "Save and continue"."""
    opened = open_window(paths, qtbot, first_start=True)
    try:
        welcome = real(opened.screens["welcome"])
        welcome.begin.setFocus()
        press(qtbot, Qt.Key.Key_Return)
        qtbot.wait(20)
        welcome.finish.setFocus(Qt.FocusReason.TabFocusReason)
        press(qtbot, Qt.Key.Key_Return)  # nothing answered yet
        rows = list(welcome.form.rows.values())
        assert welcome.missing.isVisible()
        assert welcome.missing.text().startswith(f"{len(rows)} questions are")
        for n, row in enumerate(rows, start=1):
            row.no.setFocus(Qt.FocusReason.TabFocusReason)
            press(qtbot, Qt.Key.Key_Space)
            left = len(rows) - n
            if left:
                assert welcome.missing.text().startswith(f"{left} question")
        assert not welcome.missing.isVisible()
        welcome.finish.setFocus(Qt.FocusReason.TabFocusReason)
        press(qtbot, Qt.Key.Key_Return)
        assert opened.window.current_page() == "home"
        assert opened.settings.get("screening.done") is True
    finally:
        close_window(opened)


def test_left_from_skip_goes_back_to_ten_never_to_nought(opened, qtbot):
    """Arrowing along the pain scale to Skip and back lands on 10, beside it, with nothing
    recorded by the moving."""
    opened.screens["flow"].choose("box-breathing", "2")
    pain = opened.screens["checkin"].pain
    qtbot.waitUntil(lambda: focused() is pain.buttons[0])
    press(qtbot, Qt.Key.Key_Right, 11)
    assert focused() is pain.skip
    press(qtbot, Qt.Key.Key_Left)
    assert focused() is pain.buttons[10]
    assert pain.value is None and not pain.answered
    press(qtbot, Qt.Key.Key_Right)
    press(qtbot, Qt.Key.Key_Space)  # Skip chosen on purpose
    assert pain.answered and pain.value is None


def test_opening_the_sound_panel_leaves_the_controls_under_the_pointer(opened, qtbot):
    """Clicking Sound opens the panel without moving the row of controls away."""
    player = _start(opened, qtbot, "box-breathing", "2")
    toggle = player.sound_toggle
    where = toggle.mapTo(opened.window, toggle.rect().topLeft())
    click(qtbot, toggle)
    qtbot.wait(20)
    assert player.sound_panel.isVisible()
    moved = toggle.mapTo(opened.window, toggle.rect().topLeft()) - where
    assert abs(moved.x()) <= 4 and abs(moved.y()) <= 4, moved  # a focus ring's width at most
    click(qtbot, toggle)  # and closes it from the same place
    assert not player.sound_panel.isVisible()


def test_space_presses_the_focused_button_in_the_player(opened, qtbot):
    """With Sound focused, Space opens the sound panel (it does not pause); on Pause it
    pauses; with the pointer's click elsewhere and no button focused it pauses too."""
    player = _start(opened, qtbot, "box-breathing", "2")
    qtbot.waitUntil(lambda: focused() is player.pause)
    player.sound_toggle.setFocus(Qt.FocusReason.TabFocusReason)
    press(qtbot, Qt.Key.Key_Space)
    assert player.sound_toggle.isChecked() and player.sound_panel.isVisible()
    assert opened.controller.stage.value == "running"
    player.pause.setFocus(Qt.FocusReason.TabFocusReason)
    press(qtbot, Qt.Key.Key_Space)
    assert opened.controller.stage.value == "paused"
    player.setFocus(Qt.FocusReason.OtherFocusReason)  # nothing in particular
    qtbot.keyClick(player, Qt.Key.Key_Space)
    assert opened.controller.stage.value == "running"


def test_a_larger_text_size_keeps_its_button_on_screen(opened, qtbot):
    """Clicking "200 %" in Settings makes everything larger without scrolling the button
    just pressed off screen."""
    opened.window.nav_buttons["settings"].click()
    screen = real(opened.screens["settings"])
    row = screen.choices["text.scale"]
    screen.scroll.ensureWidgetVisible(row, 0, 200)
    qtbot.wait(50)
    chosen = row.button_for(2.0)
    click(qtbot, chosen)
    assert opened.settings.get("text.scale") == 2.0
    qtbot.wait(300)
    assert visible_in_window(chosen), "the button pressed went off screen"


def _tab_round(qtbot, start, limit: int = 200) -> list:
    """Every stop Tab makes from `start` until it comes round again."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    stops = []
    for _ in range(limit):
        press(qtbot, Qt.Key.Key_Tab)
        if focused() is start:
            return stops
        stops.append(focused())
    raise AssertionError("Tab never came round")


def test_home_tab_order_reaches_the_search_and_every_stop_shows(opened, qtbot):
    """Tab along Home goes from the top bar to the search box and on into the practices, with
    no stop on something that shows no focus, before and after a practice."""
    home, nav = opened.screens["home"], opened.window.nav_buttons["home"]
    for when in ("at first", "after a practice"):
        stops = _tab_round(qtbot, nav)
        assert stops[0] is home.search, when
        assert all(w.isVisible() for w in stops), when
        assert not any(isinstance(w, QAbstractScrollArea) for w in stops), when
        if when == "at first":
            _start(opened, qtbot, "grounding", "3")
            controller = opened.controller
            while controller.active:
                opened.clock.advance(1000)
                controller.tick()
            opened.screens["checkout"].finish.click()
            opened.screens["summary"].home.click()
    assert stops[1] is home.again.findChildren(type(nav))[0]


def _second_click(qtbot, where) -> None:
    """The second click of a double click: same spot in the window, moments later."""
    window = QApplication.activeWindow()
    QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, where)  # fmt: skip
    QApplication.processEvents()


def test_a_double_click_never_lands_on_the_next_page(opened, qtbot):
    """A double click on Start does not press the player's Stop in the same spot, a double
    click on Done does not skip the summary; a moment later the new page takes clicks."""
    opened.screens["flow"].choose("grounding", "3")
    checkin = opened.screens["checkin"]
    qtbot.waitUntil(lambda: focused() is checkin.pain.buttons[0])
    player = opened.screens["player"]
    start = checkin.start.mapTo(opened.window, checkin.start.rect().center())
    click(qtbot, checkin.start)
    assert opened.window.current_page() == "player"
    player_widget = opened.window.childAt(start)
    assert player_widget is not None and player.isAncestorOf(player_widget)
    _second_click(qtbot, start)
    assert player.confirm is None and opened.controller.stage.value == "running"
    controller = opened.controller
    while controller.active:
        opened.clock.advance(1000)
        controller.tick()
    checkout = opened.screens["checkout"]
    qtbot.wait(600)  # a person reading the check-out
    done = checkout.finish.mapTo(opened.window, checkout.finish.rect().center())
    click(qtbot, checkout.finish)
    assert opened.window.current_page() == "summary"
    _second_click(qtbot, done)
    assert opened.window.current_page() == "summary"
    qtbot.wait(600)
    click(qtbot, opened.screens["summary"].home)
    assert opened.window.current_page() == "home"


def test_a_sound_chosen_in_the_player_stays_with_that_practice(opened, qtbot):
    """Choosing rain in one practice's Sound panel plays rain there, and the usual background
    sound stays as it was unless the person asks to keep rain; the panel's names are those
    of Settings."""
    player = _start(opened, qtbot, "box-breathing", "2")
    click(qtbot, player.sound_toggle)
    box = player.ambience
    box.setFocus(Qt.FocusReason.TabFocusReason)
    while box.currentData() != "rain":
        press(qtbot, Qt.Key.Key_Down)
    assert opened.controller.sound.choices.ambience == "rain"
    assert opened.settings.get("ambience.choice") == "script"
    click(qtbot, player.keep_ambience)
    qtbot.waitUntil(lambda: opened.settings.get("ambience.choice") == "rain")
    opened.window.nav_buttons["settings"].click()  # after the practice: the same words there
    settings = real(opened.screens["settings"])
    texts = [settings.ambience.itemText(i) for i in range(settings.ambience.count())]
    assert texts == [box.itemText(i) for i in range(box.count())]
    assert settings.ambience.accessibleName() == box.accessibleName()
    assert {title for _key, title in LAYERS} <= {row.title for row in settings.volumes.values()}

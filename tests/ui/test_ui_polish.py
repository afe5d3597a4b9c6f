"""The player's finishing touches, as a person meets them: honest minutes left, words that fade
once said, a Paused that shows, sliders that go where clicked, a star that is easy to hit, and
Home back at its top after a practice."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from tests.support.window import window_parts
from ui.controller import CAPTION_HOLD_MS


@pytest.fixture
def parts(paths, qtbot):
    with window_parts(paths, qtbot) as parts:
        parts.window.resize(1000, 760)
        qtbot.waitExposed(parts.window)
        parts.window.activateWindow()
        yield parts


def click(qtbot, widget, done, pos: QPoint | None = None) -> None:
    """Click as a person does, again if a screen that has just appeared let the first click
    pass (it ignores clicks for a moment, so a double click cannot land on it)."""
    for _ in range(6):
        where = pos if pos is not None else widget.rect().center()
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=where)
        try:
            qtbot.waitUntil(done, timeout=250)
            return
        except AssertionError:
            continue
    raise AssertionError(f"clicking {widget.accessibleName() or widget} had no effect")


def card(parts, script_id):
    return next(c for c in parts.screens["home"].cards if c.script.id == script_id)


def start_by_mouse(parts, qtbot, script_id: str, variant_label: str) -> None:
    """Click a length on a practice's card, then Start on the check-in."""
    length = next(b for b in card(parts, script_id).length_buttons if b.text() == variant_label)
    home = parts.screens["home"]
    home.scroll.ensureWidgetVisible(length)
    click(qtbot, length, lambda: parts.window.current_page() == "checkin")
    checkin = parts.screens["checkin"]
    click(qtbot, checkin.start, lambda: parts.window.current_page() == "player")
    qtbot.waitUntil(lambda: parts.controller.stage.value == "running", timeout=2_000)


def advance(parts, ms: int, step: int = 250) -> None:
    """Let practice time pass on the fake clock, the controller waking as its timer would."""
    for _ in range(ms // step):
        parts.clock.advance(step)
        parts.controller.tick()


def test_time_left_is_honest_from_start_to_end(parts, qtbot):
    """A 5-minute practice starts at "About 5 minutes left" (never 6) and ends on "Less than a
    minute left"."""
    start_by_mouse(parts, qtbot, "belly-breathing", "5 min")
    player = parts.screens["player"]
    assert player.time_left.text() == "About 5 minutes left"
    controller = parts.controller
    advance(parts, controller.duration_ms() - controller.position_ms() - 40_000, step=1000)
    assert player.time_left.text() == "Less than a minute left"


def test_caption_fades_after_the_speech_ends(parts, qtbot):
    """The words stay while they are said and a short while after, then fade away; the space
    they took stays, so the guide does not jump."""
    seen = []
    start_by_mouse(parts, qtbot, "belly-breathing", "5 min")
    controller, player = parts.controller, parts.screens["player"]
    controller.caption_changed.connect(seen.append)
    narration = next(
        e for e in controller.timeline.events if type(e.action).__name__ == "Narration"
    )
    advance(parts, narration.at_ms - controller.position_ms() + 250)
    assert player.caption.text() == narration.action.caption
    height = player.caption.height()
    advance(parts, narration.action.duration_ms)  # the speech has just ended
    assert player.caption.text() == narration.action.caption
    next_words = min(
        e.at_ms
        for e in controller.timeline.events
        if e.at_ms > narration.at_ms and type(e.action).__name__ in ("Narration", "Caption")
    )
    if next_words - narration.at_ms < narration.action.duration_ms + CAPTION_HOLD_MS + 500:
        pytest.skip("the next words come before this caption would fade")
    advance(parts, CAPTION_HOLD_MS + 250)
    assert "" in seen  # the controller says the words have been said
    qtbot.waitUntil(lambda: player.caption.text() == "", timeout=3_000)  # faded, then gone
    assert player.caption.height() == height


def test_paused_shows_on_the_guide(parts, qtbot):
    """Pausing dims the guide and says "Paused" on it, to the eye and to a screen reader;
    Resume brings the breath back."""
    start_by_mouse(parts, qtbot, "box-breathing", "2 min")
    controller, player = parts.controller, parts.screens["player"]
    block = controller.timeline.blocks[0]
    advance(parts, block.start_ms - controller.position_ms() + 1_500)  # in the first inhale
    pacer = player.pacer
    QApplication.processEvents()
    radius = pacer.radius_for(pacer.state)
    spot = QPoint(pacer.width() // 2, round(pacer.height() / 2 + radius * 0.85))
    running = QColor(pacer.grab().toImage().pixel(spot))
    click(qtbot, player.pause, lambda: controller.stage.value == "paused")
    QApplication.processEvents()
    assert pacer.phase_text == "Paused"
    assert pacer.accessibleName() == "Breathing guide: paused"
    paused = QColor(pacer.grab().toImage().pixel(spot))
    background = QColor(parts.window.palette_now.window)
    assert _distance(paused, background) < _distance(running, background) * 0.75  # dimmed
    click(qtbot, player.pause, lambda: controller.stage.value == "running")
    advance(parts, 500)
    assert pacer.phase_text != "Paused"
    assert pacer.accessibleName().startswith("Breathing guide: ")
    assert "paused" not in pacer.accessibleName()


def _distance(a: QColor, b: QColor) -> int:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue())


def _handle_and_groove(slider):
    from PySide6.QtWidgets import QStyle, QStyleOptionSlider

    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    style = slider.style()
    control = QStyle.ComplexControl.CC_Slider
    handle = style.subControlRect(control, option, QStyle.SubControl.SC_SliderHandle, slider)
    groove = style.subControlRect(control, option, QStyle.SubControl.SC_SliderGroove, slider)
    return handle, groove


def test_slider_goes_where_clicked_and_its_handle_is_large(parts, qtbot):
    """A click on a volume slider's track puts the handle there (not one page along), and
    the handle is at least 24 px each way, easy to see and to catch."""
    parts.window.show_page("settings")
    settings = parts.screens["settings"].page
    row = settings.volumes["volume.master"]
    slider = row.slider
    settings.findChild(type(parts.screens["home"].scroll)).ensureWidgetVisible(slider)
    QApplication.processEvents()
    assert slider.value() == parts.settings.get("volume.master")
    handle, groove = _handle_and_groove(slider)
    assert handle.width() >= 24 and handle.height() >= 24
    target = groove.left() + round(groove.width() * 0.25)
    click(qtbot, slider, lambda: abs(slider.value() - 25) <= 6, QPoint(target, groove.center().y()))
    assert abs(parts.settings.get("volume.master") - 25) <= 6  # saved as shown
    assert row.shown.text() == f"{slider.value()} %"


def test_player_sliders_go_where_clicked(parts, qtbot):
    """In the player's sound panel too, a click on the track sets the volume there."""
    start_by_mouse(parts, qtbot, "box-breathing", "2 min")
    player = parts.screens["player"]
    click(qtbot, player.sound_toggle, lambda: player.sound_panel.isVisible())
    slider = player.sliders["voice"]
    QApplication.processEvents()
    _handle, groove = _handle_and_groove(slider)
    target = groove.left() + round(groove.width() * 0.6)
    click(qtbot, slider, lambda: abs(slider.value() - 60) <= 6, QPoint(target, groove.center().y()))
    assert abs(parts.settings.get("volume.voice") - 60) <= 6


def test_favourite_star_is_a_large_target(parts, qtbot):
    """The star is at least 44 x 44 px, and a click near its edge still marks a favourite."""
    star = card(parts, "slow-breathing").star
    parts.screens["home"].scroll.ensureWidgetVisible(star)
    QApplication.processEvents()
    assert star.width() >= 44 and star.height() >= 44
    click(qtbot, star, lambda: star.isChecked(), QPoint(star.width() - 3, star.height() - 3))
    assert "slow-breathing" in parts.settings.get("favourites")


def test_back_home_after_a_practice_shows_practise_again(parts, qtbot):
    """Someone who scrolled down to a practice comes back to Home at its top, with
    "Practise again" in view."""
    home = parts.screens["home"]
    bar = home.scroll.verticalScrollBar()
    bar.setValue(bar.maximum())  # the last practice on the list, as they left it
    assert bar.value() > 0
    last = home.cards[-1]
    start_by_mouse(parts, qtbot, last.script.id, last.length_buttons[0].text())
    controller = parts.controller
    advance(parts, controller.duration_ms() + 1_000, step=2_000)
    qtbot.waitUntil(lambda: parts.window.current_page() == "checkout", timeout=2_000)
    checkout = parts.screens["checkout"]
    click(qtbot, checkout.finish, lambda: parts.window.current_page() == "summary")
    summary = parts.screens["summary"]
    click(qtbot, summary.home, lambda: parts.window.current_page() == "home")
    QApplication.processEvents()
    assert bar.value() == 0
    again = home.again_button
    assert again.isVisible()
    top_left = again.mapTo(home.scroll.viewport(), QPoint(0, 0))
    assert home.scroll.viewport().rect().contains(top_left)
    assert last.script.title in again.accessibleName()

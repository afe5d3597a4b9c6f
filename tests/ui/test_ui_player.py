"""The player as a person meets it: Space pauses, Esc stops gently, F11 presents, steps move,
the sound panel works, and a missing sound device never stops a practice."""

from __future__ import annotations

import gc
import weakref
from dataclasses import replace

import pygame
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app import build_window
from audio.bank import open_bank
from audio.device import open_engine
from audio.engine import SilentEngine
from calm.clock import FakeClock
from calm.store import open_store
from ui.tasks import run_immediately

NO_DEVICE = "No sound device could be opened (test), so this practice runs silently."


def make_parts(paths, qtbot, audio_factory):
    store = open_store(paths)
    clock = FakeClock(5_000_000)
    parts = build_window(
        paths, store, clock=clock, runner=run_immediately, audio_factory=audio_factory
    )
    parts.clock = clock
    parts.settings.set("screening.done", True)
    qtbot.addWidget(parts.window)
    parts.window.show_page("home")
    parts.window.show()
    qtbot.waitExposed(parts.window)
    parts.window.activateWindow()
    return parts


@pytest.fixture
def parts(paths, qtbot):
    parts = make_parts(paths, qtbot, lambda: SilentEngine(NO_DEVICE))
    yield parts
    parts.shutdown()
    parts.store.close()


def start(parts, script_id: str = "box-breathing", variant: str = "2", pain=5, stress=6):
    """Choose a practice and a length, rate, and press Start (as the screens would)."""
    parts.screens["flow"].choose(script_id, variant)
    checkin = parts.screens["checkin"]
    if pain is not None:
        checkin.pain.choose(pain)
    if stress is not None:
        checkin.stress.choose(stress)
    checkin.start.click()
    assert parts.window.current_page() == "player"


def advance(parts, ms: int, step: int = 500) -> None:
    for _ in range(ms // step):
        parts.clock.advance(step)
        parts.controller.tick()


def answer(qtbot, box, key) -> None:
    """Press a key in the question box once it has the keyboard (as it does on a desktop)."""
    box.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is box, timeout=2_000)
    qtbot.keyClick(QApplication.focusWidget() or box, key)


def key(qtbot, key):
    qtbot.keyClick(QApplication.focusWidget() or QApplication.activeWindow(), key)


def test_space_pauses_and_resumes(parts, qtbot):
    """Space pauses the practice where it is and Space again carries on from there."""
    start(parts)
    controller = parts.controller
    advance(parts, 20_000)
    key(qtbot, Qt.Key.Key_Space)
    assert controller.stage.value == "paused"
    assert parts.screens["player"].pause.text() == "Resume"
    assert not controller.timer.isActive()  # nothing ticks while paused
    held = controller.position_ms()
    parts.clock.advance(60_000)
    assert controller.position_ms() == held
    key(qtbot, Qt.Key.Key_Space)
    assert controller.stage.value == "running"
    advance(parts, 1_000)
    assert controller.position_ms() == held + 1_000


def test_esc_stops_half_way_keeping_before_ratings(parts, qtbot):
    """Esc, then Enter on the gentle question, stops; the run is logged as stopped with how far
    it got, and the ratings given before are kept."""
    start(parts, pain=7, stress=None)
    advance(parts, parts.controller.duration_ms() // 2)
    key(qtbot, Qt.Key.Key_Escape)
    player = parts.screens["player"]
    assert player.confirm is not None and player.confirm.isVisible()
    assert player.confirm.text() == "Stop now? Your ratings so far are kept."
    assert parts.controller.stage.value == "paused"  # nothing goes on while asked
    answer(qtbot, player.confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: parts.window.current_page() == "checkout", timeout=2_000)
    run = parts.store.run(parts.controller.run_id)
    assert run.status == "stopped"
    assert 0.45 < run.progress < 0.55
    assert run.practised_ms > 0
    assert run.value("pain", "before") == 7
    assert run.rating("stress", "before") is not None  # asked, skipped: saved as no answer
    assert run.value("stress", "before") is None


def test_esc_twice_keeps_going(parts, qtbot):
    """Esc opens the question; Esc again answers "keep going" and the practice carries on."""
    start(parts)
    advance(parts, 10_000)
    key(qtbot, Qt.Key.Key_Escape)
    player = parts.screens["player"]
    answer(qtbot, player.confirm, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: parts.controller.stage.value == "running", timeout=2_000)
    assert parts.window.current_page() == "player"


def test_presentation_mode_toggles(parts, qtbot):
    """F11 shows only the pacer and the words, full screen; Esc leaves it before anything else."""
    start(parts)
    window, player = parts.window, parts.screens["player"]
    key(qtbot, Qt.Key.Key_F11)
    assert window.presenting and window.isFullScreen()
    assert not window.top_bar.isVisible()
    assert not player.controls.isVisible() and not player.progress_row.isVisible()
    assert player.pacer.isVisible() and player.caption.isVisible()
    key(qtbot, Qt.Key.Key_Escape)
    assert not window.presenting and not window.isFullScreen()
    assert player.confirm is None  # the first Esc only left presentation
    assert player.controls.isVisible()
    player.present.click()
    assert window.presenting
    advance(parts, parts.controller.duration_ms() + 1_000)  # the end leaves presentation
    assert not window.presenting
    assert window.current_page() == "checkout"


def test_sound_unavailable_shows_notice_and_practice_runs(parts):
    """Without a sound device the person is told why, and the practice runs on with captions."""
    start(parts)
    player = parts.screens["player"]
    assert player.notice.isVisible()
    assert player.notice.text() == NO_DEVICE
    captions = []
    parts.controller.caption_changed.connect(captions.append)
    advance(parts, parts.controller.duration_ms() + 1_000)
    assert len([c for c in captions if c]) >= 2
    assert parts.store.run(parts.controller.run_id).status == "completed"


def test_next_and_previous_move_between_parts(parts):
    """Next jumps to the next part of the practice; Previous just after a part began goes
    back to the part before."""
    start(parts, "body-scan", "10")
    player = parts.screens["player"]
    player.next.click()
    first_part = player.step.text()
    at_first = parts.controller.position_ms()
    player.next.click()
    assert player.step.text() != first_part
    assert parts.controller.position_ms() > at_first
    player.previous.click()
    assert player.step.text() == first_part
    assert parts.controller.position_ms() == at_first


def test_time_left_changes_once_a_minute(parts):
    """The time left is shown in whole minutes, so it changes at most once a minute."""
    start(parts, "body-scan", "10")
    player = parts.screens["player"]
    shown = []
    for _ in range(120):
        parts.clock.advance(1_000)
        parts.controller.tick()
        if not shown or shown[-1] != player.time_left.text():
            shown.append(player.time_left.text())
    assert 2 <= len(shown) <= 3
    assert all(text.startswith("About ") for text in shown)


@pytest.fixture
def real_sound(paths, qtbot, shared_cache):
    """The real pygame engine on SDL's dummy driver, one bank for the test (on the run's
    shared sound cache, so its sounds are made once)."""
    bank = open_bank(replace(paths, cache=shared_cache))
    parts = make_parts(paths, qtbot, lambda: open_engine(bank, probe=False))
    yield parts
    parts.shutdown()
    parts.store.close()


def test_real_mixer_open_only_during_practice(real_sound, qtbot):
    """The sound device is opened when a practice starts and let go when it ends (an idle app
    keeps no mixer running), and the volume sliders reach the engine and the settings."""
    parts = real_sound
    assert not pygame.mixer.get_init()
    start(parts, "box-breathing", "2")
    controller = parts.controller
    assert controller.audio is not None and controller.audio.available
    assert pygame.mixer.get_init()
    player = parts.screens["player"]
    player.sound_toggle.click()
    assert player.sound_panel.isVisible()
    player.sliders["ambience"].setValue(20)
    assert controller.audio.volumes["ambience"] == 20
    assert parts.settings.get("volume.ambience") == 20
    advance(parts, controller.duration_ms() + 1_000)
    assert parts.window.current_page() == "checkout"
    qtbot.waitUntil(lambda: not pygame.mixer.get_init(), timeout=5_000)


def test_a_practice_plays_with_the_collector_settled(parts):
    """A full pass of Python's cycle collector over the window and a practice took 20-26 ms
    on the interface thread while the sound played (bench_stalls.py). What is alive when the
    practice starts is taken out of those passes, after the garbage already made is cleared
    (none of it is kept for good)."""

    class Cycle:
        pass

    garbage = Cycle()
    garbage.me = garbage  # a cycle only the collector can free
    gone = weakref.ref(garbage)
    del garbage
    gc.unfreeze()
    start(parts, "box-breathing", "2")
    assert parts.controller.stage.value == "running"
    assert gc.get_freeze_count() > 1000 and gone() is None

"""The interface never waits on the disk or on making sounds while a practice plays: volumes
are heard at once and saved once they settle, a new ambience is prepared on a worker, and the
mixer is closed on a worker."""

from __future__ import annotations

from dataclasses import replace

import pygame
import pytest
from PySide6.QtCore import Qt

from audio.bank import open_bank
from audio.device import open_engine
from audio.pygame_engine import BEDS
from calm.practice.events import Ambience
from calm.settings import Settings
from tests.ui.test_ui_player import advance, make_parts, start
from ui.controller import END_FADE_MS
from ui.controller_audio import SAVE_AFTER_MS
from ui.tasks import run_immediately


class HeldRunner:
    """Runs work at once, or, while `held`, keeps it until `release()` (a worker still busy)."""

    def __init__(self) -> None:
        self.held = False
        self.jobs: list = []

    def __call__(self, fn, on_done, on_error=None) -> None:
        if self.held:
            self.jobs.append((fn, on_done, on_error))
        else:
            run_immediately(fn, on_done, on_error)

    def release(self) -> None:
        self.held = False
        jobs, self.jobs = self.jobs, []
        for job in jobs:
            run_immediately(*job)


@pytest.fixture
def held(paths, qtbot, monkeypatch, shared_cache):
    """The window on the real mixer (SDL dummy driver), its work run through a HeldRunner."""
    bank = open_bank(replace(paths, cache=shared_cache))
    runner = HeldRunner()
    monkeypatch.setattr("tests.ui.test_ui_player.run_immediately", runner)
    parts = make_parts(paths, qtbot, lambda: open_engine(bank, probe=False))
    parts.runner, parts.bank = runner, bank
    yield parts
    runner.release()
    parts.shutdown()
    parts.store.close()


@pytest.fixture
def writes(held, monkeypatch):
    """Every setting written to the store, as (key, value)."""
    written: list[tuple[str, object]] = []
    original = held.store.set_setting

    def counting(key, value):
        written.append((key, value))
        original(key, value)

    monkeypatch.setattr(held.store, "set_setting", counting)
    return written


def test_arrow_keys_on_a_volume_are_heard_at_once_and_saved_once(held, writes, qtbot):
    """A durable save per slider step would make the pacer judder while a volume moves."""
    start(held, "box-breathing", "2")
    writes.clear()  # the run itself and "last practice" are written at the start
    player, controller = held.screens["player"], held.controller
    player.sound_toggle.click()
    slider = player.sliders["voice"]
    slider.setFocus()
    begun = slider.value()
    for _ in range(20):
        qtbot.keyClick(slider, Qt.Key.Key_Left)
    assert controller.audio.volumes["voice"] == begun - 20  # heard at once
    assert held.settings.get("volume.voice") == begun - 20
    assert writes == []  # nothing written yet
    qtbot.waitUntil(lambda: bool(writes), timeout=SAVE_AFTER_MS * 5)
    qtbot.wait(SAVE_AFTER_MS + 100)
    assert writes == [("volume.voice", begun - 20)]
    assert Settings(held.store).get("volume.voice") == begun - 20  # on disk, for next time


def test_a_dragged_volume_is_saved_when_let_go(held, writes):
    """A drag through the whole range is one write, made the moment the slider is let go."""
    start(held, "box-breathing", "2")
    writes.clear()
    slider = held.screens["player"].sliders["cue"]
    slider.setSliderDown(True)
    for value in range(100, -1, -1):
        slider.setValue(value)
    assert held.controller.audio.volumes["cue"] == 0 and writes == []
    slider.setSliderDown(False)
    assert writes == [("volume.cue", 0)]


def test_a_new_ambience_is_prepared_on_a_worker_then_faded_in(held):
    """Making or loading a bed on the interface thread would freeze the window for a moment."""
    start(held, "box-breathing", "2")
    events = held.controller.timeline.events
    beds = [e for e in events if isinstance(e.action, Ambience)]
    advance(held, beds[0].at_ms + 5_000)  # the practice's own bed is playing
    audio, stats = held.controller.audio, held.bank.sounds.stats
    written = {e.action.sound for e in beds}
    new = next(bed for bed in ("rain", "ocean", "pink", "brown") if bed not in written)
    before = (stats.rendered, stats.loaded)
    held.runner.held = True
    player = held.screens["player"]
    player.ambience.setCurrentIndex(player.ambience.findData(new))
    assert (stats.rendered, stats.loaded) == before  # not made here
    assert all(getattr(audio._playing.get(c), "ambience", None) != new for c in BEDS)
    assert held.runner.jobs  # waiting on the worker
    held.runner.release()
    assert (stats.rendered, stats.loaded) != before
    playing = [audio._playing[c].ambience for c in BEDS if c in audio._playing]
    assert new in playing and audio.volumes["ambience"] > 0


def test_the_mixer_is_closed_on_a_worker_after_the_end(held, qtbot):
    """Closing the mixer waits for SDL's audio thread; the window must not wait with it."""
    start(held, "box-breathing", "2")
    held.runner.held = True
    advance(held, held.controller.duration_ms() + 1_000)
    assert held.window.current_page() == "checkout"
    qtbot.wait(END_FADE_MS + 400)  # the end's fade is over: the close is due
    assert pygame.mixer.get_init()  # still open: the close waits on the (held) worker
    held.runner.release()
    assert not pygame.mixer.get_init()

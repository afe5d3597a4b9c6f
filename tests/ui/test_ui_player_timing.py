"""When the player wakes: cues on their millisecond, frames only while the disc moves and in
equal steps — what keeps a practice on time and the CPU low."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from app import build_window
from audio.engine import SilentEngine
from calm.clock import FakeClock
from calm.practice.events import Phase
from calm.practice.library import load_library
from calm.practice.timeline import PacerState, compile_timeline
from calm.store import open_store
from ui.pacer import FPS, MIN_FRAME_MS, PacerWidget
from ui.tasks import run_immediately
from ui.wakeups import RAMP_STEP_MS, WakePlan


@pytest.fixture
def parts(paths, qtbot):
    store = open_store(paths)
    clock = FakeClock(3_000_000)
    parts = build_window(
        paths, store, clock=clock, runner=run_immediately, audio_factory=SilentEngine
    )
    parts.clock = clock
    qtbot.addWidget(parts.window)
    parts.window.show_page("home")
    parts.window.show()
    yield parts
    parts.shutdown()
    store.close()


def test_timer_is_set_for_the_next_cue(parts):
    """Between cues the player sleeps until the very millisecond the next one is due."""
    parts.screens["flow"].choose("body-scan", "10")  # guidance only: no pacer frames
    parts.screens["checkin"].start.click()
    controller = parts.controller
    times = controller.plan.times
    position = controller.position_ms()
    upcoming = next(t for t in times if t > position + 50)
    parts.clock.advance(upcoming - 37 - position)
    controller.tick()
    period = controller.plan.period_ms
    now = controller.position_ms()
    assert controller.timer.isActive() and controller.timer.isSingleShot()
    assert controller.timer.interval() == min(upcoming - now, period - now % period)
    assert controller.timer.interval() <= 37


def test_frames_only_while_the_disc_moves():
    """In a hold only the number counts down; moving, frames come; reduced motion, none."""
    plan = WakePlan([0, 60_000], 60_000, 100)
    plan.consumed(10_000)
    hold = PacerState(Phase.HOLD_IN, 0.5, 2_300, 1.0, 0)
    assert plan.delay(10_000, hold, frame_in=None) == 300  # the number's next change
    inhale = PacerState(Phase.INHALE, 0.5, 2_000, 0.5, 0)
    assert plan.delay(10_000, inhale, frame_in=140) == 140
    plan.smooth = False  # reduced motion: no frames at all
    assert plan.delay(10_000, inhale, frame_in=140) == 1000
    plan.ramps_for(10_030, 500)  # a voice ducks the ambience: its ramp moves on a 100 ms grid
    assert plan.delay(10_030, None) == RAMP_STEP_MS - 30
    assert plan.delay(10_600, None) == plan.period_ms - 10_600 % plan.period_ms


def test_frames_come_in_equal_steps(qtbot):
    """Over an inhale the disc moves smoothly: FPS frames a second on average, each moving the
    edge the same distance, and never faster than MIN_FRAME_MS apart."""
    timeline = compile_timeline(load_library().get("slow-breathing"), "10")
    block = timeline.blocks[0]
    pacer = PacerWidget(lambda: None)
    qtbot.addWidget(pacer)
    pacer.resize(900, 450)
    at, radii = block.start_ms, []
    state = timeline.pacer_at(at)
    while state is not None and state.phase is Phase.INHALE:
        radii.append(pacer.radius_for(state))
        wait = pacer.ms_to_next_frame(state)
        assert wait is None or wait >= MIN_FRAME_MS
        at += wait
        state = timeline.pacer_at(at)
    steps = [b - a for a, b in zip(radii, radii[1:], strict=False)]
    expected = FPS * block.pattern.inhale_ms / 1000
    assert expected - 2 <= len(steps) <= expected + 2
    assert max(steps) - min(steps) < 0.01  # equal, not eased, steps
    assert min(steps) > 0
    held = timeline.pacer_at(block.start_ms + block.pattern.inhale_ms + 10)
    assert held.phase is not Phase.INHALE or pacer.ms_to_next_frame(held) is not None


def test_reduced_motion_asks_for_no_frames(qtbot):
    """The still ring of reduced motion never asks for a frame of its own."""
    pacer = PacerWidget(lambda: None)
    qtbot.addWidget(pacer)
    pacer.resize(600, 400)
    pacer.set_reduced_motion(True)
    assert pacer.ms_to_next_frame(PacerState(Phase.INHALE, 0.2, 3000, 0.1, 0)) is None
    QApplication.processEvents()


def test_a_number_due_just_before_a_frame_comes_with_it():
    """The pacer's seconds change with the disc's next frame when that is only a moment later
    (one repaint, not two), and on time otherwise."""
    plan = WakePlan([], 600_000, 100)
    inhale = PacerState(Phase.INHALE, 0.5, 2_050, 0.5, 0)  # its number changes in 50 ms
    assert plan.delay(10_000, inhale, frame_in=90) == 90  # 40 ms late, with the frame
    assert plan.delay(10_000, inhale, frame_in=200) == 50  # a frame too far off: on time
    plan.smooth = False  # reduced motion: no frames, the number on time
    assert plan.delay(10_000, inhale, frame_in=90) == 50

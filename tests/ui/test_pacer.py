"""The breathing pacer: it follows the clock (never its own ticks), says the phase once per phase,
paints only while shown and running, and has a still, reduced-motion form."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from calm.clock import FakeClock
from calm.practice.events import Phase
from calm.practice.library import load_library
from calm.practice.timeline import compile_timeline
from ui.pacer import FPS, PacerWidget, seconds_left


@pytest.fixture
def breathing():
    """Box breathing (4-4-4-4) compiled, a fake clock, and a position source reading both."""
    script = load_library().get("box-breathing")
    timeline = compile_timeline(script, "2")
    block = timeline.blocks[0]
    clock = FakeClock()

    def source():
        return timeline.pacer_at(block.start_ms + clock.now_ms())

    return clock, source


def test_pacer_follows_the_clock_not_its_ticks(qtbot, breathing):
    """The word and seconds shown match where the breath is in time, however often it ticks."""
    clock, source = breathing
    pacer = PacerWidget(source)
    qtbot.addWidget(pacer)
    for _ in range(50):  # many frames at the same moment move nothing
        pacer.refresh()
    assert (pacer.phase_text, pacer.seconds_text) == ("Breathe in", "4")
    clock.advance(2_500)
    pacer.refresh()
    assert (pacer.phase_text, pacer.seconds_text) == ("Breathe in", "2")
    assert 0.4 < pacer.state.fullness < 0.9
    clock.advance(2_000)  # 4.5 s: into the hold, one missed frame later
    pacer.refresh()
    assert pacer.state.phase is Phase.HOLD_IN
    assert pacer.seconds_text == "4"
    clock.advance(4_000)
    pacer.refresh()
    assert pacer.phase_text == "Breathe out"


def test_accessible_name_changes_per_phase_never_per_second(qtbot, breathing):
    """A screen reader hears "breathe in", "hold", "breathe out" — never a countdown."""
    clock, source = breathing
    pacer = PacerWidget(source)
    qtbot.addWidget(pacer)
    names = []
    pacer.refresh()
    names.append(pacer.accessibleName())
    for _ in range(16 * 10):  # one whole breath in 100 ms steps
        clock.advance(100)
        pacer.refresh()
        if pacer.accessibleName() != names[-1]:
            names.append(pacer.accessibleName())
    assert names == [
        "Breathing guide: breathe in",
        "Breathing guide: hold",
        "Breathing guide: breathe out",
        "Breathing guide: hold",  # the word the voice says too
        "Breathing guide: breathe in",
    ]


def test_frames_only_while_visible_and_running(qtbot, breathing):
    """The pacer's timer runs only when it is on screen and the practice is running."""
    _clock, source = breathing
    pacer = PacerWidget(source)
    qtbot.addWidget(pacer)
    pacer.set_running(True)
    assert not pacer.timer.isActive()  # not shown yet
    pacer.show()
    qtbot.waitExposed(pacer)
    assert pacer.timer.isActive()
    qtbot.wait(50)
    assert pacer.timer.isActive()  # woken for a frame, then set for the next step
    pacer.hide()
    assert not pacer.timer.isActive()
    pacer.show()
    pacer.set_running(False)  # paused: the last frame stays, no more frames
    assert not pacer.timer.isActive()


def count_frames(pacer, clock, steps: int, step_ms: int) -> int:
    before = pacer.frames_painted
    for _ in range(steps):
        clock.advance(step_ms)
        pacer.refresh()
        QApplication.processEvents()
    return pacer.frames_painted - before


def test_reduced_motion_paints_only_when_the_words_change(qtbot, breathing):
    """In reduced motion nothing moves: a new frame only for a new phase word or second."""
    clock, source = breathing
    pacer = PacerWidget(source)
    qtbot.addWidget(pacer)
    pacer.show()
    qtbot.waitExposed(pacer)
    pacer.refresh()
    QApplication.processEvents()
    moving = count_frames(pacer, clock, 120, 33)  # 4 s of inhale at 30 frames a second
    pacer.set_reduced_motion(True)
    QApplication.processEvents()
    steady = count_frames(pacer, clock, 120, 33)  # the 4 s hold, then into the exhale
    assert moving >= FPS * 4 - 2  # a frame per equal step of the inhale
    assert 3 <= steady <= 6  # one frame per second shown


def test_holds_paint_nothing_new(qtbot, breathing):
    """During a hold the shape rests: only the seconds change, so barely any frames."""
    clock, source = breathing
    pacer = PacerWidget(source)
    qtbot.addWidget(pacer)
    pacer.show()
    qtbot.waitExposed(pacer)
    clock.advance(4_100)  # just into the hold after the inhale
    pacer.refresh()
    QApplication.processEvents()
    assert count_frames(pacer, clock, 100, 33) <= 4


def test_driven_by_another_timer_only_while_shown_and_running(qtbot, breathing):
    """Driven by the controller's tick, the pacer still draws only when shown and running,
    and keeps no timer of its own."""
    from PySide6.QtCore import QObject, Signal

    class Ticker(QObject):
        ticked = Signal()

    clock, source = breathing
    ticker = Ticker()
    pacer = PacerWidget(source)
    qtbot.addWidget(pacer)
    pacer.drive_with(ticker.ticked)
    pacer.show()
    qtbot.waitExposed(pacer)
    pacer.set_running(True)
    assert not pacer.timer.isActive()
    clock.advance(1_000)
    ticker.ticked.emit()
    assert pacer.seconds_text == "3"
    pacer.set_running(False)
    clock.advance(1_000)
    ticker.ticked.emit()
    assert pacer.seconds_text == "3"  # paused: the last frame stays
    pacer.set_running(True)
    pacer.hide()
    clock.advance(1_000)
    ticker.ticked.emit()
    assert pacer.seconds_text == "2"  # hidden: no frames read at all (it would say 1)


def test_seconds_never_show_zero():
    """The last moment of a phase still shows 1, not 0."""
    from calm.practice.timeline import PacerState

    assert seconds_left(PacerState(Phase.INHALE, 0.99, 20, 1.0, 0)) == 1
    assert seconds_left(PacerState(Phase.INHALE, 0.0, 4000, 0.0, 0)) == 4
    assert seconds_left(PacerState(Phase.INHALE, 0.0, 3001, 0.0, 0)) == 4

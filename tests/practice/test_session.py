"""The session engine: each event exactly once, on time, whatever the ticks; pause, stop, skip."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calm.clock import FakeClock
from calm.practice.events import Ambience, Bell, Breath, Caption, Finished, Narration, StepStarted
from calm.practice.loader import parse_script
from calm.practice.session import SessionEngine, State
from calm.practice.timeline import compile_timeline

LONG = """\
id = "long"
title = "Long"
category = "body-scan"
description = "A 45-minute test practice."
[breathing]
pattern = [4, 0, 6, 0]
[[variants]]
id = "45"
minutes = 45
[[steps]]
kind = "ambience"
action = "start"
sound = "pink"
[[steps]]
kind = "section"
title = "One"
[[steps]]
kind = "narration"
text = "Notice your feet."
repeat = 20
gap = 30
[[steps]]
kind = "bell"
strikes = 3
[[steps]]
kind = "section"
title = "Two"
[[steps]]
kind = "breathing"
seconds = 600
[[steps]]
kind = "ambience"
action = "change"
sound = "rain"
[[steps]]
kind = "section"
title = "Three"
[[steps]]
kind = "narration"
text = "Rest here."
pause = 400
[[steps]]
kind = "silence"
seconds = 1100
[[steps]]
kind = "ambience"
action = "stop"
[[steps]]
kind = "bell"
"""


@pytest.fixture(scope="module")
def timeline():
    return compile_timeline(parse_script(LONG.encode(), Path("/tmp/long.toml")))


def started(timeline, at=1000):
    clock = FakeClock(at)
    engine = SessionEngine(timeline, clock)
    engine.start()
    return engine, clock


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=1400), min_size=1, max_size=40))
def test_jittery_ticks_deliver_every_event_once_on_time(timeline, gaps):
    """However uneven the timer, every event comes once, in order, late only by that tick."""
    assert timeline.duration_ms > 44 * 60_000
    engine, clock = started(timeline)
    seen = []
    n = 0
    while engine.state is State.RUNNING:
        # uneven gaps below the stall limit, repeated over the whole 45 minutes
        gap = gaps[n % len(gaps)]
        n += 1
        now = clock.advance(gap)
        for event in engine.tick():
            lateness = (now - 1000) - event.at_ms
            assert 0 <= lateness < gap + 1, (event, lateness, gap)
            seen.append(event)
    assert seen == list(timeline.events)
    assert engine.practised_ms() >= timeline.duration_ms


def test_nothing_drifts_with_a_slow_timer(timeline):
    """A timer that fires every 16.7 ms (rounding) keeps the 45th minute as exact as the first."""
    engine, clock = started(timeline)
    worst = 0
    step = [16, 17, 17]
    n = 0
    while engine.state is State.RUNNING:
        now = clock.advance(step[n % 3])
        n += 1
        for event in engine.tick():
            worst = max(worst, (now - 1000) - event.at_ms)
    assert worst <= 17


def test_pause_shifts_the_origin(timeline):
    """A ten-minute pause delays everything by ten minutes, and nothing is lost."""
    engine, clock = started(timeline)
    clock.advance(5000)
    engine.tick()
    engine.pause()
    clock.advance(600_000)
    assert engine.tick() == [] and engine.position_ms() == 5000
    engine.resume()
    clock.advance(1000)
    assert engine.position_ms() == 6000
    assert engine.practised_ms() == 6000


def test_stall_rule(timeline):
    """After a long freeze, late narration shows as captions, late bells are dropped."""
    engine, clock = started(timeline)
    events = engine.tick(clock.advance(0))
    assert any(isinstance(e.action, Narration) for e in events)
    clock.advance(15 * 60_000)  # frozen for a quarter of an hour
    events = engine.tick()
    kinds = [type(e.action) for e in events]
    assert Narration not in kinds and Caption in kinds
    assert Bell not in kinds
    assert kinds.count(Breath) <= 1 and kinds.count(StepStarted) == 1
    assert all(e.at_ms <= 15 * 60_000 for e in events)


def test_late_ambience_changes_are_kept(timeline):
    """After a freeze past an ambience change, the new ambience still starts."""
    engine, clock = started(timeline)
    clock.advance(timeline.duration_ms - 60_000)
    events = engine.tick()
    changes = [e.action for e in events if isinstance(e.action, Ambience)]
    assert [a.action for a in changes] == ["start", "change"]


def test_runs_to_finished(timeline):
    """At the end the engine says finished, once."""
    engine, clock = started(timeline)
    clock.advance(timeline.duration_ms + 5)
    events = engine.tick()
    assert isinstance(events[-1].action, Finished)
    assert engine.state is State.FINISHED and engine.tick() == []
    assert engine.position_ms() == timeline.duration_ms


def test_stop_keeps_how_far(timeline):
    """Stopping half-way records where the user got to."""
    engine, clock = started(timeline)
    clock.advance(120_000)
    engine.tick()
    engine.stop()
    assert engine.state is State.STOPPED and engine.position_ms() == 120_000
    assert engine.tick() == [] and engine.practised_ms() == 120_000


def test_next_and_previous_step(timeline):
    """Next jumps to the next section; previous goes back to this one, then the one before."""
    engine, clock = started(timeline)
    marks = [m.at_ms for m in timeline.marks]
    clock.advance(10_000)
    engine.tick()
    engine.next_step()
    assert engine.position_ms() == marks[1]
    first = engine.tick()
    assert first and first[0].at_ms == marks[1]
    clock.advance(20_000)
    engine.previous_step()
    assert engine.position_ms() == marks[1]
    engine.previous_step()
    assert engine.position_ms() == marks[0]


def test_skipping_past_an_ambience_change_restores_it(timeline):
    """Skipping over an ambience change still gives the ambience that should be playing."""
    engine, clock = started(timeline)
    engine.tick()
    engine.next_step()
    engine.tick()
    assert engine.next_step() == []  # the change sits at the new place: the next tick plays it
    assert [e.action.sound for e in engine.tick() if isinstance(e.action, Ambience)] == ["rain"]
    back = engine.previous_step()
    assert [(e.action.action, e.action.sound) for e in back] == [("change", "pink")]


def test_cannot_start_twice(timeline):
    """Starting a running practice again is a programming error, loudly."""
    engine, _ = started(timeline)
    with pytest.raises(RuntimeError):
        engine.start()


def test_ms_until_next_lets_a_player_wake_on_time(timeline):
    """A player can sleep exactly until the next event instead of polling."""
    engine, clock = started(timeline)
    assert engine.ms_until_next() == 0
    engine.tick()
    wait = engine.ms_until_next()
    assert wait > 0
    clock.advance(wait)
    events = engine.tick()
    assert events and events[0].at_ms == wait
    engine.pause()
    assert engine.ms_until_next() is None


def test_how_a_practice_ended_follows_the_time_really_heard(timeline):
    """Pressing Next to the end in seconds is "skipped" through, not "completed"; listening to
    at least 80 % of it is completed; stopping is stopped."""
    engine, clock = started(timeline)
    assert engine.outcome() == "running"
    while engine.state is State.RUNNING:
        clock.advance(2_000)
        engine.next_step()
        engine.tick()
    assert engine.state is State.FINISHED
    assert engine.outcome() == "skipped" and engine.practised_ms() < 20_000

    engine, clock = started(timeline)
    clock.advance(int(timeline.duration_ms * 0.7))
    engine.tick()
    engine.next_step()  # skips the last stretch, under a fifth of the whole
    clock.advance(int(timeline.duration_ms * 0.1) + 1)
    while engine.state is State.RUNNING:
        engine.next_step()
        engine.tick()
    assert engine.outcome() == "completed"

    engine, clock = started(timeline)
    clock.advance(60_000)
    engine.stop()
    assert engine.outcome() == "stopped"

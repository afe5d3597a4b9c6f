"""What sounds after Next or Previous, decided once in the core (ChosenSound.after_jump) and
heard through the real mixer: the ambience of the new place, as the person chose it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from audio.bank import open_bank
from calm.clock import FakeClock
from calm.practice.loader import parse_script
from calm.practice.practice_run import PracticeRun
from calm.practice.sound_choices import AudioChoices, ChosenSound
from calm.practice.timeline import compile_timeline

pygame = pytest.importorskip("pygame")

from audio.pygame_engine import BEDS, PygameEngine  # noqa: E402

SCRIPT = """\
id = "jumps"
title = "Jumps"
category = "stress"
description = "Two parts, two beds."
[[variants]]
id = "1"
minutes = 1
[[steps]]
kind = "section"
title = "Rain"
[[steps]]
kind = "ambience"
action = "start"
sound = "rain"
volume = 40
[[steps]]
kind = "silence"
seconds = 20
[[steps]]
kind = "section"
title = "Sea"
[[steps]]
kind = "ambience"
action = "change"
sound = "ocean"
volume = 40
[[steps]]
kind = "silence"
seconds = 20
"""


class NoLog:
    """The run's log is not what this test looks at."""

    def heartbeat(self, practised_ms: int, progress: float) -> None: ...

    def finish(self, status: str, practised_ms: int, progress: float) -> None: ...


@pytest.fixture
def playing(paths, tmp_path_factory, tmp_path):
    cache = tmp_path_factory.getbasetemp() / "shared-sound-cache"
    cache.mkdir(exist_ok=True)
    empty = tmp_path / "no-bin"
    empty.mkdir()
    bank = open_bank(replace(paths, cache=cache), search_path=str(empty))
    clock = FakeClock(1_000)
    engine = PygameEngine(bank, clock)
    timeline = compile_timeline(parse_script(SCRIPT.encode(), Path("/tmp/jumps.toml")), "1")

    def start(choices: AudioChoices) -> PracticeRun:
        sound = ChosenSound(choices, engine)
        engine.preload([e for e in timeline.events if e.kind == "ambience"])
        run = PracticeRun(timeline, clock, sound, NoLog())
        run.start()
        run.step()
        return run

    yield engine, clock, start
    engine.close()


def beds(engine) -> list[str]:
    """The beds sounding and not fading out."""
    bed = engine._playing.get(engine._bed) if engine._bed in BEDS else None
    return [bed.ambience] if bed is not None else []


def test_next_brings_the_new_places_bed_and_previous_the_old(playing):
    """Jumping ahead to the sea part, the sea is heard (not the rain left behind); jumping
    back, the rain returns."""
    engine, clock, start = playing
    run = start(AudioChoices())
    assert beds(engine) == ["rain"]
    run.next_step()
    assert beds(engine) == ["ocean"]
    clock.advance(5000)
    run.step()
    run.previous_step()  # within 3 s of nothing: back to this part's start...
    run.previous_step()  # ...and on to the part before
    assert beds(engine) == ["rain"]


def test_a_jump_while_paused_waits_for_resume(playing):
    """Paused, a jump is silent; the new place's bed comes with Resume."""
    engine, _clock, start = playing
    run = start(AudioChoices())
    run.pause()
    run.next_step()
    assert beds(engine) == []
    run.resume()
    assert beds(engine) == ["ocean"]


def test_the_persons_choice_holds_after_a_jump(playing):
    """With "no ambience" chosen, a jump brings no bed back; with pink noise chosen, pink."""
    engine, _clock, start = playing
    run = start(AudioChoices(ambience="none"))
    run.next_step()
    assert beds(engine) == []
    run = start(AudioChoices(ambience="pink"))
    run.next_step()
    assert beds(engine) == ["pink"]

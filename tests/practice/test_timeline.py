"""The timeline compiler: events in whole milliseconds, breathing that ends on a full breath."""

from __future__ import annotations

import time
from pathlib import Path

from calm.practice.events import Ambience, Bell, Breath, Finished, Narration, Phase, StepStarted
from calm.practice.loader import parse_script
from calm.practice.patterns import BreathPattern
from calm.practice.timeline import (
    BELL_INTERVAL_MS,
    Timeline,
    compile_timeline,
    estimate_speech_ms,
)

SCRIPT = """\
id = "t"
title = "T"
category = "breathing"
description = "Test."
[breathing]
pattern = [4, 1, 6, 1]
[[variants]]
id = "short"
minutes = 1
[[variants]]
id = "long"
minutes = 2
[[steps]]
kind = "ambience"
action = "start"
sound = "rain"
volume = 40
fade = 2
[[steps]]
kind = "section"
title = "Begin"
[[steps]]
kind = "narration"
text = "One two three."
seconds = 2
pause = 1
repeat = 2
gap = 0.5
[[steps]]
kind = "bell"
strikes = 2
seconds = 5
[[steps]]
kind = "section"
title = "Breathe"
[[steps]]
kind = "breathing"
seconds = { short = 40, long = 95 }
spoken = 12
[[steps]]
kind = "silence"
seconds = 10
only = ["long"]
"""


def compiled(variant="short", pattern=None):
    script = parse_script(SCRIPT.encode(), Path("/tmp/t.toml"))
    return compile_timeline(script, variant, pattern)


def test_events_are_absolute_milliseconds_in_order():
    """Narration, bells and breaths fall exactly where the script puts them."""
    timeline = compiled()
    timed = [(e.at_ms, type(e.action).__name__) for e in timeline.events]
    assert timed[:6] == [
        (0, "StepStarted"),
        (0, "Ambience"),
        (0, "StepStarted"),
        (0, "StepStarted"),
        (0, "Narration"),
        (2500, "Narration"),
    ]
    bells = [e.at_ms for e in timeline.events if isinstance(e.action, Bell)]
    assert bells == [5500, 9500]  # after 2 + 0.5 + 2 + 1 s of speech; strikes 4 s apart
    first_breath = next(e for e in timeline.events if isinstance(e.action, Breath))
    assert first_breath.at_ms == 10500 and first_breath.action.phase is Phase.INHALE
    assert isinstance(timeline.events[-1].action, Finished)
    assert all(isinstance(e.at_ms, int) for e in timeline.events)
    assert [e.at_ms for e in timeline.events] == sorted(e.at_ms for e in timeline.events)


def test_breathing_ends_on_a_completed_breath():
    """A breathing block is rounded to whole breaths: 40 s of a 12 s breath is 3 breaths."""
    timeline = compiled()
    (block,) = timeline.blocks
    assert block.cycles == 3 and block.end_ms == 10500 + 36000
    assert timeline.duration_ms == block.end_ms
    breaths = [e.action for e in timeline.events if isinstance(e.action, Breath)]
    assert len(breaths) == 12 and breaths[-1].phase is Phase.HOLD_OUT
    assert [b.spoken for b in breaths[:4]] == [True] * 4 and not breaths[4].spoken


def test_variants_and_user_pattern():
    """The long version includes its extra step; a user's own pattern replaces the default."""
    long = compiled("long")
    assert long.duration_ms == 10500 + 8 * 12000 + 10000
    mine = compiled("short", BreathPattern.from_seconds([5, 0, 5, 0]))
    assert mine.blocks[0].pattern.cycle_ms == 10000 and mine.blocks[0].cycles == 4


def test_pacer_phase_and_fullness():
    """The pacer knows the phase, its seconds left and how full the breath is at any moment."""
    timeline = compiled()
    assert timeline.pacer_at(0) is None
    start = 10500
    inhale = timeline.pacer_at(start + 2000)
    assert inhale.phase is Phase.INHALE and inhale.remaining_ms == 2000
    assert abs(inhale.fullness - 0.5) < 1e-9
    assert timeline.pacer_at(start + 4500).phase is Phase.HOLD_IN
    assert timeline.pacer_at(start + 4500).fullness == 1.0
    exhale = timeline.pacer_at(start + 12000 + 5000 + 3000)
    assert exhale.phase is Phase.EXHALE and exhale.cycle == 1 and exhale.remaining_ms == 3000
    assert timeline.pacer_at(start + 36000) is None


def test_marks_are_sections():
    """Next and previous move between the script's sections."""
    assert [(m.at_ms, m.title) for m in compiled().marks] == [(0, "Begin"), (10500, "Breathe")]


def test_speech_estimate_is_calm():
    """Longer sentences get more time; nothing gets less than a second."""
    assert estimate_speech_ms("Hi.") == 1000
    ten_words = "one two three four five six seven eight nine ten."
    assert 4500 <= estimate_speech_ms(ten_words) <= 5500


def test_compile_is_fast():
    """Compiling a long practice takes milliseconds (the player starts at once)."""
    script = parse_script(
        SCRIPT.replace("= { short = 40, long = 95 }", "= 2700").encode(), Path("/tmp/t.toml")
    )
    began = time.perf_counter()
    timeline = compile_timeline(script, "short")
    assert time.perf_counter() - began < 0.5
    assert timeline.duration_ms > 2_700_000 - 12000
    assert isinstance(timeline.ambience_at(1), Ambience)
    assert any(isinstance(e.action, StepStarted) for e in timeline.events)
    assert any(isinstance(e.action, Narration) for e in timeline.events)


def test_narration_over_the_next_step_takes_no_time():
    """A reminder spoken over the breathing does not stop the pacer."""
    text = SCRIPT.replace(
        '[[steps]]\nkind = "breathing"',
        '[[steps]]\nkind = "narration"\ntext = "Low and slow."\nover = true\n'
        '[[steps]]\nkind = "breathing"',
    )
    timeline = compile_timeline(parse_script(text.encode(), Path("/tmp/t.toml")), "short")
    reminder = [e for e in timeline.events if getattr(e.action, "text", "") == "Low and slow."]
    assert reminder[0].at_ms == 10500 == timeline.blocks[0].start_ms
    assert timeline.duration_ms == compiled().duration_ms


def _one_variant(*steps: str) -> Timeline:
    """A one-length practice of the given [[steps]] tables (12 s breaths by default)."""
    head = (
        'id = "r"\ntitle = "R"\ncategory = "breathing"\ndescription = "Rules."\n'
        '[breathing]\npattern = [4, 1, 6, 1]\n[[variants]]\nid = "v"\nminutes = 1\n'
    )
    text = head + "".join(f"[[steps]]\n{step}\n" for step in steps)
    return compile_timeline(parse_script(text.encode(), Path("/tmp/r.toml")), "v")


def _starts(timeline: Timeline) -> list[int]:
    return [e.at_ms for e in timeline.events if isinstance(e.action, StepStarted)]


def test_repeats_without_a_gap_are_spaced_by_the_pause():
    """A repeated line with no gap given waits its pause between repeats (2 s by default),
    so it is never said twice in one breath."""
    given = _one_variant(
        'kind = "narration"\ntext = "Soften."\nseconds = 2\npause = 3\nrepeat = 3',
        'kind = "silence"\nseconds = 1',
    )
    said = [e.at_ms for e in given.events if isinstance(e.action, Narration)]
    assert said == [0, 5000, 10000] and _starts(given)[1] == 15000
    default = _one_variant(
        'kind = "narration"\ntext = "Soften."\nseconds = 2\nrepeat = 2',
        'kind = "silence"\nseconds = 1',
    )
    said = [e.at_ms for e in default.events if isinstance(e.action, Narration)]
    assert said == [0, 4000] and _starts(default)[1] == 8000


def test_a_bell_step_shorter_than_its_strikes_lasts_until_its_last_strike():
    """Three strikes 4 s apart need 8 s: a 2 s bell step is stretched so the next step never
    talks over a strike; a longer one keeps its own length."""
    short = _one_variant('kind = "bell"\nstrikes = 3\nseconds = 2', 'kind = "silence"\nseconds = 1')
    strikes = [e.at_ms for e in short.events if isinstance(e.action, Bell)]
    assert strikes == [0, BELL_INTERVAL_MS, 2 * BELL_INTERVAL_MS] == [0, 4000, 8000]
    assert _starts(short)[1] == 8000
    long = _one_variant('kind = "bell"\nstrikes = 3\nseconds = 10', 'kind = "silence"\nseconds = 1')
    assert _starts(long)[1] == 10000


def test_a_breathing_block_has_at_least_one_breath():
    """Asking for less time than one breath still gives one whole breath, never none (a pacer
    that never moves) and never half of one."""
    timeline = _one_variant('kind = "breathing"\nseconds = 2')
    (block,) = timeline.blocks
    assert block.cycles == 1 and timeline.duration_ms == 12000
    phases = [e.action.phase for e in timeline.events if isinstance(e.action, Breath)]
    assert phases == [Phase.INHALE, Phase.HOLD_IN, Phase.EXHALE, Phase.HOLD_OUT]


def test_the_ambience_changes_exactly_at_its_moment():
    """At the very millisecond of a change the new bed is the one that should sound (a jump
    to that place brings it back); one millisecond before, the old one still is."""
    timeline = _one_variant(
        'kind = "ambience"\naction = "start"\nsound = "rain"\nvolume = 40',
        'kind = "silence"\nseconds = 5',
        'kind = "ambience"\naction = "change"\nsound = "pink"\nvolume = 30',
        'kind = "silence"\nseconds = 5',
        'kind = "ambience"\naction = "stop"',
        'kind = "silence"\nseconds = 1',
    )
    assert timeline.ambience_at(0).sound == "rain"
    assert timeline.ambience_at(4999).sound == "rain"
    assert timeline.ambience_at(5000).sound == "pink"
    assert timeline.ambience_at(9999).sound == "pink"
    assert timeline.ambience_at(10000).action == "stop"
    assert _one_variant('kind = "silence"\nseconds = 1').ambience_at(0) is None

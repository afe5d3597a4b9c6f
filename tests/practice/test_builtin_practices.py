"""The built-in practices of docs/content.md: present, loadable, the right lengths and safe.

These check the real files in sessions/ through the real loader and timeline compiler.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from calm.practice.events import Narration
from calm.practice.library import builtin_folder, load_library
from calm.practice.loader import load_script
from calm.practice.script import BreathingStep, NarrationStep, SectionStep
from calm.practice.timeline import compile_timeline

STOP_LINE = "Stop if you feel dizzy, short of breath or have chest pain."

# docs/content.md's table, in its order: id, title, category, lengths in minutes (4-7-8's "4 cycles"
# is about 2.5 minutes, with its opening out-breath).
EXPECTED = [
    ("belly-breathing", "Belly Breathing Basics", "breathing", (5, 10)),
    ("slow-breathing", "Slow Breathing, 6 a minute", "breathing", (5, 10, 15, 20)),
    ("extended-exhale", "Extended-Exhale Sigh", "breathing", (5,)),
    ("box-breathing", "Box Breathing", "breathing", (2, 4)),
    ("four-seven-eight", "4-7-8 Wind-Down", "breathing", (2.5,)),
    ("body-scan", "Body Scan", "body-scan", (10, 20, 45)),
    ("breathing-space", "Three-Minute Breathing Space", "body-scan", (3,)),
    ("pmr-full", "Progressive Muscle Relaxation", "stress", (27,)),
    ("pmr-short", "Short Muscle Relaxation", "stress", (5, 7, 12)),
    ("autogenic", "Heaviness and Warmth", "stress", (10, 15)),
    ("safe-place", "Safe-Place Imagery", "stress", (10, 15)),
    ("grounding", "5-4-3-2-1 Grounding", "stress", (3, 5)),
    ("breathing-with-pain", "Breathing With Pain", "pain", (10,)),
    ("pacing-check-in", "Pacing Check-In", "pain", (5,)),
    ("sleep-wind-down", "Winding Down for Sleep", "body-scan", (15, 20)),
    ("flare-up", "Getting Through a Flare-Up", "pain", (5, 10)),
    ("mini-drop-and-breathe", "Mini: Drop and Breathe", "pain", (1,)),
    ("mini-count-down", "Mini: Count Down", "pain", (1,)),
    ("mini-check-and-shift", "Mini: Check, Soften, Shift", "pain", (1,)),
    ("kindness-hard-day", "Kindness on a Hard Day", "pain", (10,)),
]
IDS = [row[0] for row in EXPECTED]
FLAGS = {
    "box-breathing": {"breath-holds", "slow-breathing"},
    "four-seven-eight": {"breath-holds", "slow-breathing"},
    "pmr-full": {"muscle-tension"},
    "pmr-short": {"muscle-tension"},
    "safe-place": {"imagery"},
    "grounding": {"eyes-open"},
    "slow-breathing": {"slow-breathing"},
    "belly-breathing": {"slow-breathing"},
    "extended-exhale": {"slow-breathing"},
}


@pytest.fixture(scope="module")
def library():
    return load_library()


def narrations(script) -> list[str]:
    return [step.text for step in script.steps if isinstance(step, NarrationStep)]


def spoken(script, variant_id: str) -> list[tuple[int, str]]:
    """(at_ms, text) of every narration the variant plays, in order."""
    timeline = compile_timeline(script, variant_id)
    return [(e.at_ms, e.action.text) for e in timeline.events if isinstance(e.action, Narration)]


def test_every_builtin_file_loads_without_problems(library):
    """A practice file with a mistake would be missing from the list, shown as unavailable."""
    assert library.unavailable == []
    files = sorted(builtin_folder().glob("*.toml"))
    assert len(files) == len(library.scripts)
    for path in files:
        assert load_script(path, builtin=True).builtin


def test_the_twenty_practices_have_their_titles_categories_and_lengths(library):
    """A practice would be missing, misnamed, in the wrong category or offer wrong lengths."""
    assert len(EXPECTED) == len(library.scripts) == 20
    for script_id, title, category, minutes in EXPECTED:
        script = library.get(script_id)
        assert (script.title, script.category) == (title, category)
        assert tuple(v.minutes for v in script.variants) == minutes
        assert script.description


def test_files_are_named_in_the_order_of_the_content_table(library):
    """The practice list would come out in a muddled order within each category."""
    stems = [Path(library.get(script_id).path).stem for script_id in IDS]
    assert stems == [f"{number:02d}-{script_id}" for number, script_id in enumerate(IDS, 1)]


def test_four_seven_eight_is_counted_in_breaths():
    """The 4-7-8 practice would show a length in minutes instead of its four cycles."""
    script = load_library().get("four-seven-eight")
    assert [(v.id, v.label) for v in script.variants] == [("4-cycles", "4 cycles")]
    timeline = compile_timeline(script, "4-cycles")
    assert [block.cycles for block in timeline.blocks] == [4]
    assert timeline.blocks[0].pattern.seconds() == (4, 7, 8, 0)


@pytest.mark.parametrize("script_id", IDS)
def test_every_length_lasts_within_five_percent_of_what_it_says(library, script_id):
    """A "10 min" practice would run noticeably longer or shorter than promised. Five per cent,
    stricter than the 10 % of docs/content.md; the shortest practices get its 30-second floor,
    since their safety lines (stop, ease off, light-headedness) take a fixed time."""
    script = library.get(script_id)
    for variant in script.variants:
        duration = compile_timeline(script, variant.id).duration_ms
        target = variant.minutes * 60_000
        assert abs(duration - target) <= max(0.05 * target, 30_000), (variant.label, duration)


def test_breathing_practices_say_to_stop_if_dizzy(library):
    """Someone getting dizzy while breathing with the pacer would not be told to stop."""
    for script in library.scripts.values():
        if script.category == "breathing" or script.is_breathing:
            for variant in script.variants:
                said = [(at, text) for at, text in spoken(script, variant.id) if text == STOP_LINE]
                assert said, (script.id, variant.id)
                assert said[0][0] < 60_000  # near the start, before any paced breathing
                first_breath = compile_timeline(script, variant.id).blocks[0].start_ms
                assert said[0][0] < first_breath


def test_safety_flags_match_what_each_practice_asks(library):
    """The screening would fail to warn about breath holds, tensing or imagery."""
    for script_id, flags in FLAGS.items():
        assert flags <= set(library.get(script_id).safety), script_id
    for script in library.scripts.values():
        patterns = [script.pattern] + [
            step.pattern for step in script.steps if isinstance(step, BreathingStep)
        ]
        if any(p is not None and p.has_holds for p in patterns):
            assert script.uses_breath_holds, script.id
        if any(isinstance(step, BreathingStep) for step in script.steps):
            assert "slow-breathing" in script.safety, script.id


def test_box_breathing_offers_a_pattern_without_holds(library):
    """Someone who should not hold the breath would have no way to do box breathing."""
    script = library.get("box-breathing")
    assert script.pattern.seconds() == (4, 4, 4, 4)
    assert (4, 0, 4, 0) in [p.seconds() for p in script.alternatives]


def test_belly_breathing_counts_fade_after_the_first_minute(library):
    """The voice would keep saying in and out for the whole practice instead of fading."""
    script = library.get("belly-breathing")
    for variant in script.variants:
        timeline = compile_timeline(script, variant.id)
        start = timeline.blocks[0].start_ms
        words = [e.at_ms for e in timeline.events if e.kind == "breath" and e.action.spoken]
        assert words and min(words) == start
        assert max(words) < start + 60_000
        assert any(e.kind == "breath" and e.at_ms > start + 60_000 for e in timeline.events)


def test_muscle_relaxation_offers_to_only_imagine_tensing(library):
    """A person in pain would be asked to tense a painful area with no gentler choice."""
    for script_id in ("pmr-full", "pmr-short"):
        script = library.get(script_id)
        assert any("only imagine" in text for text in narrations(script))
        hard = [text for text in narrations(script) if "hard" in text]
        assert all("Never tense hard" in text for text in hard), hard
        for variant in script.variants:
            texts = [text for _, text in spoken(script, variant.id)]
            assert any("imagine" in text for text in texts), variant.id


def _tension_and_release(script, variant_id: str) -> tuple[list[int], list[int]]:
    """Milliseconds of each tension (tense -> let go) and release (let go -> next tension or
    section) in one variant."""
    timeline = compile_timeline(script, variant_id)
    sections = [
        e.at_ms
        for e in timeline.events
        if e.kind == "stepstarted" and isinstance(script.steps[e.action.index], SectionStep)
    ]
    lines = spoken(script, variant_id)
    tensions, releases = [], []
    for n, (at, text) in enumerate(lines):
        if text.startswith(("Tense now", "Once more")):
            tensions.append(lines[n + 1][0] - at)
        if text.startswith(("Let go", "And let go")):
            later = [t for t, x in lines[n + 1 :] if x.startswith(("Tense now", "Once more"))]
            ends = [t for t in sections if t > at] + later + [timeline.duration_ms]
            releases.append(min(ends) - at)
    return tensions, releases


def test_muscle_groups_follow_the_protocol_counts_and_timings(library):
    """Muscle relaxation would tense too long, release too briefly, or skip muscle groups."""
    expected = {("pmr-full", "25"): 16, ("pmr-short", "12"): 7, ("pmr-short", "7"): 4}
    for (script_id, variant_id), groups in expected.items():
        tensions, releases = _tension_and_release(library.get(script_id), variant_id)
        assert len(tensions) == len(releases) == 2 * groups  # each group tensed twice
        assert all(5_000 <= ms <= 7_500 for ms in tensions), tensions
        assert all(30_000 <= ms <= 40_000 for ms in releases), releases
    tensions, releases = _tension_and_release(library.get("pmr-short"), "5")
    assert tensions == [] and releases == []  # the 5-minute form is release only


def test_autogenic_phrases_repeat_six_to_eight_times(library):
    """The heaviness and warmth phrases would be said too few or too many times."""
    script = library.get("autogenic")
    for variant in script.variants:
        texts = [text for _, text in spoken(script, variant.id)]
        for phrase in ("My right arm is heavy.", "My right arm is warm.", "My legs are heavy."):
            assert 6 <= texts.count(phrase) <= 8, (variant.id, phrase)


def test_longer_body_scans_say_more_not_only_wait_longer(library):
    """The 45-minute body scan would be the 10-minute one with long empty gaps."""
    script = library.get("body-scan")
    counts = {v.id: len(spoken(script, v.id)) for v in script.variants}
    assert counts["10"] < counts["20"] < counts["45"]
    timeline = compile_timeline(script, "45")
    starts = sorted(e.at_ms for e in timeline.events if isinstance(e.action, Narration))
    longest_quiet = max(b - a for a, b in zip(starts, starts[1:], strict=False))
    assert longest_quiet <= 90_000


def test_practices_end_with_a_bell_after_the_ambience_stops(library):
    """A practice would end abruptly, or leave background sound playing after its last bell."""
    for script in library.scripts.values():
        for variant in script.variants:
            timeline = compile_timeline(script, variant.id)
            kinds = [e.kind for e in timeline.events if e.kind in ("bell", "ambience")]
            assert kinds[-1] == "bell", script.id
            ambience = [e.action.action for e in timeline.events if e.kind == "ambience"]
            if ambience:
                assert ambience[0] == "start" and ambience[-1] == "stop", script.id


def test_every_practice_has_sections_to_move_between(library):
    """Next and previous in the player would jump between single sentences."""
    for script in library.scripts.values():
        for variant in script.variants:
            assert len(compile_timeline(script, variant.id).marks) >= 3, script.id


# The practices with a pacer and more than one breathing block, each with a reminder between.
PACED = ("belly-breathing", "slow-breathing", "extended-exhale", "box-breathing")


@pytest.mark.parametrize("script_id", PACED)
def test_reminders_are_spoken_over_the_breath_without_stopping_the_pacer(library, script_id):
    """The pacer would stop for a few seconds each time a "low and slow" reminder is said."""
    script = library.get(script_id)
    for variant in script.variants:
        for pattern in [None, *script.alternatives]:  # the user's chosen pattern too
            blocks = compile_timeline(script, variant.id, pattern).blocks
            for before, after in zip(blocks, blocks[1:], strict=False):
                assert before.end_ms == after.start_ms, (variant.id, pattern, before, after)
        timeline = compile_timeline(script, variant.id)
        starts = [block.start_ms for block in timeline.blocks]
        over = [
            e.at_ms
            for e in timeline.events
            if isinstance(e.action, Narration) and script.steps[e.step].over
        ]
        # Every reminder starts a later block: none is lost, none talks over the safety line
        # or the setting up before the first breath.
        assert over == starts[1:], variant.id


def test_slow_breathing_keeps_its_low_and_slow_reminders(library):
    """The longer slow-breathing practices would run many minutes with no word of guidance."""
    script = library.get("slow-breathing")
    for variant in script.variants:
        timeline = compile_timeline(script, variant.id)
        first, last = timeline.blocks[0].start_ms, timeline.blocks[-1].end_ms
        during = [text for at, text in spoken(script, variant.id) if first < at < last]
        assert len(during) == len(timeline.blocks) - 1 >= variant.minutes // 5, variant.id
        assert any("Low and slow" in text for text in during), variant.id

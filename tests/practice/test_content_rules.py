"""The content rules of docs/content.md, checked on every built-in practice file.

Each test reads the real scripts in sessions/ through the loader and the timeline compiler, and
checks what a person would actually hear, in every length (and, where words follow the
pattern, with every pattern the practice offers).
"""

from __future__ import annotations

import re

import pytest

from calm.practice.events import Narration
from calm.practice.flags import derived_flags
from calm.practice.library import load_library
from calm.practice.questions import PAIN_LINE, STOP_LINE
from calm.practice.script import BreathingStep, NarrationStep, SectionStep
from calm.practice.timeline import compile_timeline

LIBRARY = load_library()
SCRIPTS = sorted(LIBRARY.scripts)
# The permission lines of docs/content.md, by kind. A practice that offers one in any length
# offers it in every length ("only imagine" only where something is tensed).
PERMISSIONS = {
    "rest the arms": re.compile(r"rest them by your sides|rest your arms", re.I),
    "a smaller breath": re.compile(r"make (the breath|it) smaller|smaller still", re.I),
    "a shorter count": re.compile(r"shorter one is fine|three is fine", re.I),
    "only imagine": re.compile(r"only imagine", re.I),
}
TENSING = ("Tense now", "Once more")


def said(script, variant_id, pattern=None, stronger="right") -> list[str]:
    timeline = compile_timeline(script, variant_id, pattern, stronger)
    return [e.action.text for e in timeline.events if isinstance(e.action, Narration)]


def lengths(script):
    return [variant.id for variant in script.variants]


@pytest.mark.parametrize("script_id", SCRIPTS)
def test_every_length_keeps_its_permission_lines(script_id):
    """A short version would drop "rest your arms", "make the breath smaller" or "a shorter
    count is fine", which people in pain need most when time is short."""
    script = LIBRARY.get(script_id)
    for pattern in [None, *script.alternatives]:
        heard = {v: " ".join(said(script, v, pattern)) for v in lengths(script)}
        texts = list(heard.values())
        offered = {kind for kind, rule in PERMISSIONS.items() if any(map(rule.search, texts))}
        for variant_id, text in heard.items():
            for kind in offered:
                if kind == "only imagine" and not any(t in text for t in TENSING):
                    continue  # nothing is tensed in this length (release only)
                assert PERMISSIONS[kind].search(text), (variant_id, kind, pattern)


@pytest.mark.parametrize("script_id", SCRIPTS)
def test_every_practice_says_to_ease_off_if_pain_rises(script_id):
    """Someone whose pain rose during a practice would not hear that they may ease off or stop
    and come back another day."""
    script = LIBRARY.get(script_id)
    for variant_id in lengths(script):
        for pattern in [None, *script.alternatives]:
            assert said(script, variant_id, pattern).count(PAIN_LINE) == 1, variant_id


def test_body_scan_allows_skipping_and_stopping_and_getting_up_slowly():
    """The body scan would not say that any area may be skipped for any reason, that you can
    stop at any time, or to get up slowly after lying down."""
    script = LIBRARY.get("body-scan")
    for variant_id in lengths(script):
        text = " ".join(said(script, variant_id))
        assert "skip any part of the body, for any reason" in text
        assert "You can stop at any time" in text
        assert "get up slowly" in text


@pytest.mark.parametrize("script_id", SCRIPTS)
def test_practices_with_holds_say_light_headedness_is_common(script_id):
    """A person who feels light-headed in a breath-hold practice would not know it is common
    at first and passes when they breathe normally."""
    script = LIBRARY.get(script_id)
    for pattern in [None, *script.alternatives]:
        played = pattern or script.pattern
        if played is None or not played.has_holds:
            continue
        for variant_id in lengths(script):
            lines = [t for t in said(script, variant_id, pattern) if "light-headed" in t]
            assert lines and "common at first" in lines[0] and "passes" in lines[0]
            assert "breathe normally" in lines[0]


def test_four_seven_eight_opens_with_an_out_breath_and_offers_a_faster_pattern():
    """4-7-8 would start on an in-breath with stale air, or offer no shorter form of the same
    shape for someone who finds a 7-second hold too long."""
    script = LIBRARY.get("four-seven-eight")
    timeline = compile_timeline(script)
    first_breath = timeline.blocks[0].start_ms
    before = [e for e in timeline.events if isinstance(e.action, Narration)]
    before = [e for e in before if e.at_ms < first_breath]
    assert "breathe all the way out" in before[-1].action.text
    inhale, hold, exhale, _ = script.pattern.as_tuple()
    faster = [p for p in script.alternatives if p.cycle_ms < script.pattern.cycle_ms]
    assert faster
    for pattern in faster:
        i, h, e, _ = pattern.as_tuple()
        assert i * hold == h * inhale and i * exhale == e * inhale


def test_cyclic_sighing_five_minutes_holds_five_minutes_of_sighing():
    """The "5 min" sighing practice would give less than the five minutes a day of the study."""
    script = LIBRARY.get("extended-exhale")
    variant = script.variant("5")
    assert variant.label == "5 min"
    blocks = compile_timeline(script, "5").blocks
    sighing_ms = sum(block.end_ms - block.start_ms for block in blocks)
    assert sighing_ms >= 295_000  # 33 breaths of 9 s: 4 min 57 s


def section_ms(script, variant_id, title) -> int:
    """How long the section called `title` lasts in one length (0 when it is not there)."""
    timeline = compile_timeline(script, variant_id)
    marks = [(m.at_ms, m.title) for m in timeline.marks] + [(timeline.duration_ms, "")]
    for (at, name), (after, _) in zip(marks, marks[1:], strict=False):
        if name == title:
            return after - at
    return 0


def test_muscle_relaxation_closes_with_a_rest():
    """The full muscle relaxation would end without its closing rest of about two minutes, and
    the 7-minute version without any resting section."""
    full = LIBRARY.get("pmr-full")
    assert 100_000 <= section_ms(full, "25", "Resting") <= 150_000
    short = LIBRARY.get("pmr-short")
    for variant_id in lengths(short):
        assert section_ms(short, variant_id, "Resting") >= 20_000, variant_id


@pytest.mark.parametrize("script_id", ["pmr-full", "pmr-short", "autogenic"])
def test_the_stronger_side_comes_first(script_id):
    """A left-handed person would always be asked to start with the right hand; every side a
    practice names comes from the stronger-hand setting."""
    script = LIBRARY.get(script_id)
    for step in script.steps:
        if isinstance(step, NarrationStep):
            assert not re.search(r"\b(right|left)\b", step.text), step.text
    for variant_id in lengths(script):
        for stronger, other in (("right", "left"), ("left", "right")):
            text = " ".join(said(script, variant_id, stronger=stronger))
            sides = re.findall(r"\b(right|left)\b", text)
            if sides:
                assert sides[0] == stronger and other in sides, (variant_id, stronger)


def test_autogenic_begins_with_the_stronger_arm():
    """Autogenic training's first phrase names the stronger arm: "My left arm is heavy." for a
    left-handed person."""
    script = LIBRARY.get("autogenic")
    phrases = [t for t in said(script, "10", stronger="left") if t.startswith("My ")]
    assert phrases[0] == "My left arm is heavy."


@pytest.mark.parametrize("script_id", SCRIPTS)
def test_lying_practices_carry_the_lying_down_flag(script_id):
    """A pregnant person would not be advised against lying flat on the back in a practice
    that invites lying down."""
    script = LIBRARY.get(script_id)
    text = " ".join(s.text for s in script.steps if isinstance(s, NarrationStep))
    if re.search(r"\blie down\b|\blying\b|\blie in bed\b|\bon your back\b", text, re.I):
        assert "lying-down" in script.safety


@pytest.mark.parametrize("script_id", SCRIPTS)
def test_declared_flags_cover_what_the_patterns_do(script_id):
    """The screening would miss breath holds or fast breathing a file does not declare."""
    script = LIBRARY.get(script_id)
    assert derived_flags(script) <= set(script.safety)


@pytest.mark.parametrize("script_id", SCRIPTS)
def test_paced_breathing_says_when_to_stop_before_the_first_breath(script_id):
    """Someone breathing with the pacer would not first hear to stop if dizzy."""
    script = LIBRARY.get(script_id)
    if not any(isinstance(step, BreathingStep) for step in script.steps):
        return
    for variant_id in lengths(script):
        timeline = compile_timeline(script, variant_id)
        first = timeline.blocks[0].start_ms
        stops = [e.at_ms for e in timeline.events if getattr(e.action, "text", "") == STOP_LINE]
        assert stops and stops[0] < first, variant_id


def test_every_practice_has_a_title_for_each_section():
    """A section with no name would show an empty heading in the player."""
    for script_id in SCRIPTS:
        for step in LIBRARY.get(script_id).steps:
            if isinstance(step, SectionStep):
                assert step.title.strip(), script_id

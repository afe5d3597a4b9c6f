"""Narration follows the breathing pattern played: counts, hold lines, and the pacer's words."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from calm.errors import ScriptError
from calm.practice.events import Narration, Phase
from calm.practice.library import builtin_folder, load_library
from calm.practice.loader import parse_script
from calm.practice.patterns import BreathPattern
from calm.practice.spoken import number_words, says_hold
from calm.practice.timeline import compile_timeline
from cli.practices import cmd_validate

LIBRARY = load_library()
NO_HOLDS = BreathPattern.from_seconds([3, 0, 5, 0], name="my gentle one")
WITH_HOLDS = BreathPattern.from_seconds([4, 2, 6, 2], name="my square-ish one")


def said(script, variant_id, pattern=None) -> list[str]:
    timeline = compile_timeline(script, variant_id, pattern)
    return [e.action.text for e in timeline.events if isinstance(e.action, Narration)]


def test_box_breathing_without_holds_never_says_hold():
    """When the screening switches box breathing to 4-0-4-0, the voice no longer says "hold
    for four" and speaks the counts of the pattern played."""
    script = LIBRARY.get("box-breathing")
    for variant in script.variants:
        words = said(script, variant.id, BreathPattern.from_seconds([4, 0, 4, 0]))
        assert not [text for text in words if says_hold(text)], variant.id
        assert any("in for four, out for four" in text for text in words)
        held = " ".join(said(script, variant.id))
        assert "in for four, hold for four, out for four, hold for four" in held


def test_box_breathing_speaks_the_counts_of_the_chosen_side():
    """Choosing 3-second sides makes the voice say three, not four."""
    script = LIBRARY.get("box-breathing")
    words = " ".join(said(script, "2", BreathPattern.from_seconds([3, 3, 3, 3])))
    assert "in for three, hold for three, out for three, hold for three" in words
    assert "four" not in words


def test_four_seven_eight_faster_pattern_keeps_its_shape_and_its_counts():
    """4-7-8's faster alternative keeps the 4:7:8 ratio, and the voice says its counts."""
    script = LIBRARY.get("four-seven-eight")
    faster = [p for p in script.alternatives if p.as_tuple() != script.pattern.as_tuple()]
    assert faster
    for pattern in faster:
        inhale, hold, exhale, _ = pattern.as_tuple()
        assert inhale * 7 == hold * 4 and inhale * 8 == exhale * 4
        words = " ".join(said(script, "4-cycles", pattern))
        expected = (number_words(inhale), number_words(hold), number_words(exhale))
        assert "for {}, hold gently for {}, out through the mouth for {}".format(*expected) in words


@pytest.mark.parametrize("script_id", sorted(LIBRARY.scripts))
def test_no_practice_says_hold_while_the_pacer_does_not_hold(script_id):
    """With any pattern a person may choose (an alternative, or one of their own without
    holds) no line tells them to hold; with a pattern that holds, the hold lines come back."""
    script = LIBRARY.get(script_id)
    if script.pattern is None:
        return
    for variant in script.variants:
        for pattern in [None, *script.alternatives, NO_HOLDS, WITH_HOLDS]:
            played = pattern or script.pattern
            if played.has_holds:
                continue
            holding = [text for text in said(script, variant.id, pattern) if says_hold(text)]
            assert holding == [], (variant.id, played.describe())


def test_the_pacer_and_the_voice_use_the_same_word_for_every_phase():
    """The pacer would show "Rest" after the out-breath while the voice says "hold"."""
    for phase in Phase:
        assert phase.label.lower().endswith(phase.word), phase
    assert Phase.HOLD_OUT.label == Phase.HOLD_IN.label == "Hold"


def test_number_words():
    """Counts are spoken as words, halves included."""
    assert [number_words(ms) for ms in (1000, 3500, 7000, 20_000, 500)] == [
        "one",
        "three and a half",
        "seven",
        "twenty",
        "a half",
    ]


SCRIPT = """\
id = "words"
title = "Words"
category = "breathing"
description = "A test."
safety = ["slow-breathing"{extra_flags}]
{breathing}
[[variants]]
id = "1"
minutes = {minutes}

[[steps]]
kind = "narration"
text = "{text}"
{when}
[[steps]]
kind = "breathing"
seconds = 50
{step_pattern}
"""


def script_text(
    text="In for {inhale}.",
    when="",
    breathing="[breathing]\npattern = [4, 0, 6, 0]\n",
    step_pattern="",
    minutes=1,
    extra_flags="",
):
    return SCRIPT.format(
        text=text,
        when=when,
        breathing=breathing,
        step_pattern=step_pattern,
        minutes=minutes,
        extra_flags=extra_flags,
    )


def load(text: str):
    return parse_script(text.encode(), Path("/tmp/words.toml"))


def problems(text: str) -> str:
    with pytest.raises(ScriptError) as caught:
        load(text)
    return str(caught.value)


def test_placeholders_and_when_load_and_follow_the_pattern():
    """A line with {inhale} says the pattern's count; a no-holds line plays only without."""
    script = load(script_text(text="In for {inhale}, out for {exhale}.", when='when = "no-holds"'))
    assert said(script, "1") == ["In for four, out for six."]
    assert said(script, "1", WITH_HOLDS) == []


def test_format_mistakes_in_pattern_words_are_reported():
    """A typo in a placeholder, a wrong `when`, or words that follow a pattern the script does
    not have are each reported with their line."""
    assert "unknown {inhail}" in problems(script_text(text="In for {inhail}."))
    assert 'when: must be "holds" or "no-holds"' in problems(script_text(when='when = "x"'))
    no_pattern = script_text(breathing="", step_pattern="pattern = [4, 0, 6, 0]")
    assert "has no [breathing] pattern" in problems(no_pattern)


def run_validate(path: Path, builtin: Path) -> tuple[int, str]:
    out = io.StringIO()
    code = cmd_validate([str(path)], out, builtin=builtin)
    return code, out.getvalue()


CHECKS = [
    # an unmarked hold line where the person may choose a pattern without holds
    (dict(text="Hold for a moment."), 'says "hold", but the pattern played may have no hold'),
    # 7-second holds and fast breathing, with neither flag declared
    (
        dict(text="Breathe.", breathing="[breathing]\npattern = [1, 7, 1, 0]\n"),
        "call for 'breath-holds'",
    ),
    (
        dict(text="Breathe.", breathing="[breathing]\npattern = [1, 0, 1, 0]\n", minutes=1),
        "call for 'fast-breathing'",
    ),
    # a "5 min" that lasts under a minute
    (dict(text="Breathe.", minutes=5), "'5 min' lasts 0:"),
]


@pytest.mark.parametrize(("changes", "message"), CHECKS)
def test_validate_content_checks_are_errors_for_builtins_and_warnings_for_yours(
    tmp_path, changes, message
):
    """`validate` reports flags that miss what the patterns do, unmarked hold lines and
    lengths that do not match their label: an error (exit 1) for a built-in practice, a
    warning for a person's own file, which still passes."""
    builtin, own = tmp_path / "sessions", tmp_path / "mine"
    builtin.mkdir(), own.mkdir()
    (builtin / "p.toml").write_text(script_text(**changes), encoding="utf-8")
    shutil.copy(builtin / "p.toml", own / "p.toml")
    code, text = run_validate(builtin / "p.toml", builtin)
    assert code == 1 and message in text and "warning:" not in text, text
    code, text = run_validate(own / "p.toml", builtin)
    assert code == 0 and f"warning: {own / 'p.toml'}" in text and message in text, text
    assert ": ok (words:" in text


def test_every_builtin_practice_passes_the_content_checks():
    """`validate sessions/*.toml` passes with the flag, hold-line and length checks."""
    files = sorted(builtin_folder().glob("*.toml"))
    out = io.StringIO()
    assert cmd_validate([str(f) for f in files], out) == 0, out.getvalue()
    assert "warning" not in out.getvalue()


def test_sides_follow_the_stronger_hand_without_a_pattern():
    """A practice with no breathing pattern may name the stronger and the other side; a
    left-handed person hears "left" first."""
    text = script_text(text="First the {stronger} hand, then the {other}.", breathing="")
    text = text.replace('kind = "breathing"\nseconds = 50\n', 'kind = "silence"\nseconds = 50\n')
    script = load(text)
    assert said(script, "1") == ["First the right hand, then the left."]
    timeline = compile_timeline(script, "1", stronger="left")
    texts = [e.action.text for e in timeline.events if isinstance(e.action, Narration)]
    assert texts == ["First the left hand, then the right."]


def test_show_lists_the_flags_the_patterns_call_for(tmp_path):
    """`show` (and Home) list breath holds for a file that holds the breath but forgot to say
    so."""
    from calm.practice.flags import shown_flags

    script = load(script_text(text="Breathe.", breathing="[breathing]\npattern = [2, 3, 4, 0]\n"))
    assert "breath-holds" not in script.safety
    assert shown_flags(script)[:2] == ["breath-holds", "slow-breathing"]

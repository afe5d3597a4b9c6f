"""The one decision every start goes through: as is, adapted, or not advised."""

from __future__ import annotations

import pytest

from calm.practice.advice import (
    ADAPTED,
    AS_IS,
    NOT_ADVISED,
    allowed_patterns,
    decide,
    pattern_from_key,
)
from calm.practice.choice import pattern_key
from calm.practice.library import load_library
from calm.practice.patterns import BreathPattern
from calm.practice.timeline import compile_timeline
from tests.support.breaths import breath_phases, held_breaths

LIBRARY = load_library()
PREGNANT = {"pregnancy": True}
HOLDING = BreathPattern(4000, 4000, 6000, 0, "Square-ish")
FAST = BreathPattern(1000, 0, 1000, 0, "Quick")  # 30 breaths a minute
GENTLE = BreathPattern(4000, 0, 6000, 0, "Gentle")


def test_no_answers_play_as_written():
    """Someone with no "yes" answer hears the practice as it is written."""
    decision = decide(LIBRARY.get("box-breathing"), {})
    assert (decision.verdict, decision.pattern, decision.why) == (AS_IS, None, None)


def test_box_breathing_for_a_pregnant_client_is_adapted_to_its_no_hold_version():
    """Holds advised against, but a no-hold version exists: that is what plays, and it says so."""
    box = LIBRARY.get("box-breathing")
    decision = decide(box, PREGNANT)
    assert decision.verdict == ADAPTED
    assert decision.pattern is not None and not decision.pattern.has_holds
    assert "without holding the breath (4-0-4-0 seconds)" in decision.why
    played = compile_timeline(box, box.variants[0].id, decision.start_with(False))
    assert breath_phases(played.events) and not held_breaths(played.events)
    chosen = next(p for p in box.alternatives if p.hold_in_ms == 5000)  # a holding choice
    assert decide(box, PREGNANT, chosen).pattern == decision.pattern


def test_four_seven_eight_is_not_advised_and_starts_only_by_choice():
    """No version without holds: not advised, with the reason, unless started anyway."""
    decision = decide(LIBRARY.get("four-seven-eight"), PREGNANT)
    assert decision.verdict == NOT_ADVISED
    assert decision.why.startswith("Hidden because it holds the breath, which is not advised")
    with pytest.raises(ValueError):
        decision.start_with(despite_screening=False)
    assert decision.start_with(despite_screening=True) is None  # as written


def test_own_patterns_with_holds_or_fast_breathing_are_offered_only_when_allowed():
    """A pregnant client is never offered a saved pattern that holds or breathes fast."""
    slow = LIBRARY.get("slow-breathing")
    mine = [HOLDING, FAST, GENTLE]
    assert decide(slow, {}, None, mine).offered == (HOLDING, FAST, GENTLE)
    assert decide(slow, PREGNANT, None, mine).offered == (GENTLE,)
    assert allowed_patterns(mine, {"seizures": True}) == (HOLDING, GENTLE)  # holds only warned
    decision = decide(slow, PREGNANT, HOLDING, mine)
    assert (decision.verdict, decision.pattern, decision.dropped) == (ADAPTED, None, HOLDING)
    assert decision.why.startswith("Your pattern “Square-ish” is not advised when you are")


def test_a_chosen_fast_pattern_is_set_aside_not_played():
    """Fast breathing chosen earlier is not played for someone with any "yes" answer."""
    decision = decide(LIBRARY.get("belly-breathing"), {"dizziness": True}, FAST, [FAST])
    assert decision.pattern is None and decision.dropped == FAST
    assert decision.verdict == ADAPTED


def test_saved_choices_name_their_pattern():
    """The choice kept in the settings finds its pattern again, or none when it is gone."""
    box = LIBRARY.get("box-breathing")
    no_hold = box.alternatives[0]
    assert pattern_from_key(box, pattern_key(no_hold, False), []) == no_hold
    assert pattern_from_key(box, "own:gentle", [GENTLE]) == GENTLE
    assert pattern_from_key(box, "own:gone", [GENTLE]) is None
    assert pattern_from_key(box, "", [GENTLE]) is None
    assert pattern_from_key(LIBRARY.get("body-scan"), "own:gentle", [GENTLE]) is None

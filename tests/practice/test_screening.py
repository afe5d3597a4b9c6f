"""The safety screening: which answers hide or warn on which practices."""

from __future__ import annotations

import dataclasses

import pytest

from calm.practice.library import load_library
from calm.practice.patterns import BreathPattern
from calm.practice.screening import (
    QUESTION_IDS,
    QUESTIONS,
    Advice,
    assess,
    normalise_answers,
    yes_answers,
)

LIBRARY = load_library()


def script(script_id: str, **changes):
    return dataclasses.replace(LIBRARY.get(script_id), **changes)


def test_every_safety_topic_is_asked_in_plain_words():
    """The screening asks about each topic of docs/content.md separately, as a short question:
    panic, trauma and dissociation apart, high blood pressure by name, a recent injury or
    flare-up."""
    assert QUESTION_IDS == (
        "pregnancy",
        "heart-lung",
        "blood-pressure",
        "seizures",
        "surgery",
        "injury-flare",
        "panic",
        "trauma",
        "dissociation",
        "dizziness",
    )
    texts = {q.id: q.text for q in QUESTIONS}
    assert "high blood pressure" in texts["blood-pressure"]
    assert "injury" in texts["injury-flare"] and "flare-up" in texts["injury-flare"]
    for question in QUESTIONS:
        assert question.text.endswith("?") and len(question.text) < 90
        assert question.why


def test_no_answers_hide_nothing():
    """Before the screening (or with every answer no) every practice shows without a warning."""
    for item in LIBRARY.scripts.values():
        assert assess(item, {}).ok
        assert assess(item, dict.fromkeys(QUESTION_IDS, False)).ok
        assert assess(item, None).ok


def test_junk_answers_count_as_no():
    """A damaged answers value never hides a practice by accident nor crashes."""
    assert yes_answers({"pregnancy": "yes", "seizures": 1, "heart-lung": None}) == frozenset()
    assert yes_answers(["pregnancy"]) == frozenset()


@pytest.mark.parametrize("question", QUESTION_IDS)
def test_fast_breathing_hidden_by_any_yes(question):
    """Someone who answers yes to any question never sees a fast-breathing practice."""
    fast = script("slow-breathing", safety=("fast-breathing",))
    advice = assess(fast, {question: True})
    assert advice.hidden
    assert "fast breathing" in advice.warning


@pytest.mark.parametrize("question", ["pregnancy", "heart-lung", "blood-pressure"])
def test_breath_holds_hidden_in_pregnancy_heart_lung_and_blood_pressure(question):
    """4-7-8 (holds, no alternative) is hidden for pregnancy, a heart or lung condition or
    high blood pressure."""
    advice = assess(LIBRARY.get("four-seven-eight"), {question: True})
    assert advice == Advice(hidden=True, warning=advice.warning, instead="slow-breathing")
    assert advice.warning.startswith("Hidden because it holds the breath")
    assert advice.warning.endswith("Slow Breathing, which has no holds, may suit you better.")


def test_box_breathing_offers_its_no_hold_pattern_instead_of_hiding():
    """Box breathing stays, in its 4-0-4-0 form, for someone who should not hold the breath."""
    advice = assess(LIBRARY.get("box-breathing"), {"heart-lung": True, "dizziness": True})
    assert not advice.hidden
    assert advice.use_pattern is not None and not advice.use_pattern.has_holds
    assert advice.use_pattern.as_tuple() == (4000, 0, 4000, 0)
    assert "without holding the breath (4-0-4-0 seconds)" in advice.warning
    # the dizziness warning about holds no longer applies once the holds are gone
    assert "holds the breath, which can make dizziness" not in advice.warning
    assert "Breathe gently rather than deeply" in advice.warning


@pytest.mark.parametrize("question", ["seizures", "surgery", "panic", "dizziness"])
def test_breath_holds_warned_for_other_answers(question):
    """Other answers keep 4-7-8 visible with a sentence about the holds."""
    advice = assess(LIBRARY.get("four-seven-eight"), {question: True})
    assert not advice.hidden and advice.use_pattern is None
    assert "holds the breath" in advice.warning


def test_muscle_tension_after_surgery_says_only_imagine():
    """After an operation, muscle relaxation stays but says to only imagine tensing near it."""
    advice = assess(LIBRARY.get("pmr-full"), {"surgery": True})
    assert not advice.hidden
    assert advice.warning == (
        "Near your operation, only imagine tensing the muscles, or skip that part."
    )


INWARD = ("autogenic", "breathing-with-pain", "body-scan", "safe-place", "breathing-space")


@pytest.mark.parametrize("question", ["panic", "trauma", "dissociation"])
@pytest.mark.parametrize("script_id", INWARD)
def test_inward_practices_offer_open_eyes_and_point_to_grounding(script_id, question):
    """Practices that turn attention inward with the eyes closed warn someone with panic,
    trauma or dissociation, offer eyes open, and point to grounding instead of hiding."""
    advice = assess(LIBRARY.get(script_id), {question: True})
    assert not advice.hidden
    assert "eyes open" in advice.warning
    assert advice.instead == "grounding"
    assert advice.warning.endswith(
        "5-4-3-2-1 Grounding, done with your eyes open, may suit you better."
    )


def test_imagery_in_a_users_file_counts_as_inward():
    """A user's imagery practice (no inward flag declared) still warns after trauma."""
    imagery = script("breathing-space", category="stress", safety=("imagery",))
    advice = assess(imagery, {"trauma": True})
    assert "keep your eyes open" in advice.warning


def test_answers_under_the_old_combined_question_still_count():
    """Someone who said yes to "panic attacks or trauma" before the questions were split keeps
    that yes for both, and a no stays a no."""
    assert yes_answers({"panic-trauma": True}) == {"panic", "trauma"}
    assert normalise_answers({"panic-trauma": False, "trauma": True}) == {
        "panic": False,
        "trauma": True,
    }
    assert assess(LIBRARY.get("body-scan"), {"panic-trauma": True}).instead == "grounding"


def test_pregnancy_advises_against_lying_flat():
    """A pregnant person is told to lie on the side, not flat on the back, in lying practices."""
    for script_id in ("body-scan", "pmr-full", "autogenic", "belly-breathing"):
        advice = assess(LIBRARY.get(script_id), {"pregnancy": True})
        assert "Avoid lying flat on your back" in advice.warning, script_id
    assert assess(LIBRARY.get("grounding"), {"pregnancy": True}).ok


def test_injury_or_flare_up_softens_muscle_tension():
    """After a new injury or in a flare-up, muscle relaxation says to only imagine tensing."""
    advice = assess(LIBRARY.get("pmr-short"), {"injury-flare": True})
    assert not advice.hidden
    assert "only imagine tensing" in advice.warning


def test_high_blood_pressure_asks_for_gentle_tension():
    """Someone with high blood pressure is asked to tense gently and keep breathing."""
    advice = assess(LIBRARY.get("pmr-full"), {"blood-pressure": True})
    assert "keep breathing while you tense" in advice.warning


def test_flags_come_from_the_patterns_not_only_the_file():
    """A file that declares no flags but holds the breath 7 s at 30 breaths a minute is still
    hidden from someone pregnant, and its holds from a heart or lung condition."""
    base = LIBRARY.get("belly-breathing")
    holds = BreathPattern.from_seconds([2, 7, 2, 0])
    held = script("belly-breathing", safety=(), pattern=holds, alternatives=())
    assert assess(held, {"heart-lung": True}).hidden
    fast = script("belly-breathing", safety=(), pattern=BreathPattern.from_seconds([1, 0, 1, 0]))
    advice = assess(fast, {"pregnancy": True})
    assert advice.hidden and "fast breathing" in advice.warning
    # A person's own pattern with holds counts too: the practice falls back to its no-hold one.
    own = BreathPattern.from_seconds([4, 4, 6, 0], name="mine")
    assert assess(base, {"heart-lung": True}).ok
    adapted = assess(base, {"heart-lung": True}, patterns=[own])
    assert not adapted.use_pattern.has_holds and "without holding the breath" in adapted.warning


def test_eyes_open_practice_needs_no_trauma_warning():
    """A practice done with eyes open (grounding) carries no eyes-open warning."""
    grounding = script("body-scan", safety=("eyes-open",))
    assert assess(grounding, {"trauma": True, "dissociation": True}).ok


def test_plain_breathing_unaffected_by_unrelated_answers():
    """Belly breathing is shown without a word to someone who only had an operation."""
    assert assess(LIBRARY.get("belly-breathing"), {"surgery": True}).ok


def test_several_reasons_are_named_together():
    """The reason a practice is hidden names every answer that hid it, in plain words."""
    advice = assess(LIBRARY.get("four-seven-eight"), {"pregnancy": True, "heart-lung": True})
    assert advice.warning == (
        "Hidden because it holds the breath, which is not advised when you are pregnant and "
        "you have a heart or lung condition. Slow Breathing, which has no holds, may suit you "
        "better."
    )

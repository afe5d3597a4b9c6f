"""The safety screening: which answers hide or warn on which practices."""

from __future__ import annotations

import dataclasses

import pytest

from calm.practice.library import load_library
from calm.practice.screening import QUESTION_IDS, QUESTIONS, Advice, assess, yes_answers

LIBRARY = load_library()


def script(script_id: str, **changes):
    return dataclasses.replace(LIBRARY.get(script_id), **changes)


def test_every_content_topic_is_asked_in_plain_words():
    """The screening asks about all six topics of CONTENT.md, each as a short question."""
    assert QUESTION_IDS == (
        "pregnancy",
        "heart-lung",
        "seizures",
        "surgery",
        "panic-trauma",
        "dizziness",
    )
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


@pytest.mark.parametrize("question", ["pregnancy", "heart-lung"])
def test_breath_holds_hidden_in_pregnancy_and_heart_lung(question):
    """4-7-8 (holds, no alternative) is hidden for pregnancy or a heart or lung condition."""
    advice = assess(LIBRARY.get("four-seven-eight"), {question: True})
    assert advice == Advice(hidden=True, warning=advice.warning)
    assert advice.warning.startswith("Hidden because it holds the breath")


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


@pytest.mark.parametrize("question", ["seizures", "surgery", "panic-trauma", "dizziness"])
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


def test_imagery_after_trauma_offers_open_eyes():
    """Imagery (and the body scan) after trauma offers to keep the eyes open."""
    imagery = script("breathing-space", category="stress", safety=("imagery",))
    for item in (imagery, LIBRARY.get("body-scan")):
        advice = assess(item, {"panic-trauma": True})
        assert not advice.hidden
        assert "keep your eyes open" in advice.warning


def test_eyes_open_practice_needs_no_trauma_warning():
    """A practice done with eyes open (grounding) carries no eyes-open warning."""
    grounding = script("body-scan", safety=("eyes-open",))
    assert assess(grounding, {"panic-trauma": True}).ok


def test_plain_breathing_unaffected_by_unrelated_answers():
    """Belly breathing is shown without a word to someone who only had an operation."""
    assert assess(LIBRARY.get("belly-breathing"), {"surgery": True}).ok


def test_several_reasons_are_named_together():
    """The reason a practice is hidden names every answer that hid it, in plain words."""
    advice = assess(LIBRARY.get("four-seven-eight"), {"pregnancy": True, "heart-lung": True})
    assert advice.warning == (
        "Hidden because it holds the breath, which is not advised when you are pregnant and "
        "you have a heart or lung condition."
    )

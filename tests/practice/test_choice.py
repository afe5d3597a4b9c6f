"""Which breathing pattern a practice plays with, decided in the core from the saved choice
and the safety answers (Home shows the same choice; the flow starts with it)."""

from __future__ import annotations

import pytest

from calm.practice.choice import pattern_for, pattern_key
from calm.practice.library import load_library
from calm.practice.patterns import BreathPattern
from calm.settings import Settings
from calm.store import open_store

LIBRARY = load_library()
MINE = BreathPattern.from_seconds([4, 0, 8, 0], name="Long out")


@pytest.fixture
def settings(paths):
    store = open_store(paths)
    yield Settings(store)
    store.close()


def test_without_a_choice_the_practice_breathes_as_written(settings):
    """Nothing chosen, nothing to advise: the script's own pattern (None)."""
    assert pattern_for(LIBRARY.get("slow-breathing"), settings, [MINE]) is None


def test_a_saved_choice_is_used(settings):
    """An alternative or the person's own pattern, chosen once, is what the practice plays."""
    script = LIBRARY.get("slow-breathing")
    alternative = script.alternatives[0]
    settings.set("pattern.choice", {script.id: pattern_key(alternative, own=False)})
    assert pattern_for(script, settings, [MINE]) == alternative
    settings.set("pattern.choice", {script.id: pattern_key(MINE, own=True)})
    assert pattern_for(script, settings, [MINE]) == MINE


def test_a_choice_no_longer_offered_falls_back_to_the_first_option(settings):
    """A deleted own pattern does not stop the practice: it breathes as written."""
    script = LIBRARY.get("slow-breathing")
    settings.set("pattern.choice", {script.id: "own:Gone"})
    assert pattern_for(script, settings, [MINE]) is None


def test_the_screening_overrides_a_choice_with_holds(settings):
    """With a heart or lung condition, box breathing is breathed without holds even when the
    person once chose it as written: safety is decided here, not by what a widget shows."""
    script = LIBRARY.get("box-breathing")
    assert script.pattern.has_holds
    settings.set("pattern.choice", {script.id: ""})
    assert pattern_for(script, settings, []) is None
    settings.set("screening.answers", {"heart-lung": True})
    safer = pattern_for(script, settings, [])
    assert safer is not None and not safer.has_holds

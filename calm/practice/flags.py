"""Safety flags worked out from what a practice breathes, not only from what its file says.

docs/content.md gives the thresholds and their sources: any hold above 0 s counts as breath
holds; more than 12 breaths a minute counts as fast breathing; any paced breathing at 12 or
fewer counts as slow, paced breathing. The flags come from every pattern the practice can
play: its own `[breathing]` pattern, its alternatives, the patterns its steps name, and any
further patterns the person may choose (their own saved patterns, the one they chose).
"""

from __future__ import annotations

from collections.abc import Iterable

from calm.practice.patterns import BreathPattern
from calm.practice.script import SAFETY_FLAGS, BreathingStep, Script

FAST_BREATHS_PER_MINUTE = 12  # more than this is fast breathing
BREATHING_FLAGS = ("breath-holds", "fast-breathing", "slow-breathing")


def patterns_of(script: Script, extra: Iterable[BreathPattern | None] = ()) -> list[BreathPattern]:
    """Every pattern the practice can play: its own, its alternatives, its steps', and `extra`
    (the person's saved patterns and the one chosen; only used when the script has a default
    pattern for them to replace)."""
    found: list[BreathPattern] = []
    if script.pattern is not None:
        found.append(script.pattern)
        found.extend(script.alternatives)
        found.extend(p for p in extra if p is not None)
    found.extend(
        step.pattern
        for step in script.steps
        if isinstance(step, BreathingStep) and step.pattern is not None
    )
    return found


def pattern_flags(pattern: BreathPattern) -> frozenset[str]:
    """What one pattern asks of the body."""
    flags = set()
    if pattern.has_holds:
        flags.add("breath-holds")
    if pattern.breaths_per_minute > FAST_BREATHS_PER_MINUTE + 1e-9:
        flags.add("fast-breathing")
    else:
        flags.add("slow-breathing")
    return frozenset(flags)


def derived_flags(script: Script, extra: Iterable[BreathPattern | None] = ()) -> frozenset[str]:
    """The breathing flags that the practice's patterns (and `extra`) call for."""
    flags: set[str] = set()
    for pattern in patterns_of(script, extra):
        flags |= pattern_flags(pattern)
    return frozenset(flags)


def missing_flags(script: Script) -> list[str]:
    """Breathing flags the script's own patterns call for that its `safety` list lacks."""
    derived = derived_flags(script)
    return [flag for flag in BREATHING_FLAGS if flag in derived and flag not in script.safety]


def shown_flags(script: Script) -> list[str]:
    """The flags to show with a practice: declared and worked out together, in the order of
    SAFETY_FLAGS (so a file that forgets its holds still shows "Contains breath holds")."""
    flags = set(script.safety) | derived_flags(script)
    return [flag for flag in SAFETY_FLAGS if flag in flags]

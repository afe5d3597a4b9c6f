"""Which breathing pattern a practice plays with: decided here, from the person's saved choice
and the safety screening, for every front-end (Home shows it; the flow starts with it).

The choices offered are the script's own pattern, its alternatives and the person's saved
patterns. When the screening advises against holding the breath, only patterns without holds
are offered, the safer one first, and a saved choice with holds gives way to the safer one.
"""

from __future__ import annotations

from collections.abc import Sequence

from calm.practice.patterns import BreathPattern
from calm.practice.screening import Advice, assess
from calm.practice.script import Script
from calm.settings import Settings

AS_WRITTEN = ""  # the key of the script's own pattern

Option = tuple[str, str, BreathPattern | None]  # key kept in the settings, label, pattern


def pattern_key(pattern: BreathPattern, own: bool) -> str:
    """A stable key for a pattern choice, kept in the settings."""
    if own:
        return f"own:{pattern.name}"
    return "alt:" + "-".join(f"{s:g}" for s in pattern.seconds())


def pattern_options(
    script: Script, user_patterns: Sequence[BreathPattern], advice: Advice
) -> list[Option]:
    """(key, label, pattern) for each pattern the practice can be breathed with (pattern None:
    as written). With advice to avoid holds, only patterns without holds, the safer first."""
    if script.pattern is None:
        return []
    own = script.pattern
    options: list[Option] = [(AS_WRITTEN, f"As written: {own.describe()}", None)]
    options += [(pattern_key(p, False), p.describe(), p) for p in script.alternatives]
    options += [(pattern_key(p, True), f"{p.name}: {p.describe()}", p) for p in user_patterns]
    safer = advice.use_pattern
    if safer is not None:
        options = [o for o in options if not (o[2] or own).has_holds]
        options.sort(key=lambda o: o[2] != safer)
    return options


def chosen_pattern(
    script: Script, key: str, user_patterns: Sequence[BreathPattern], advice: Advice
) -> BreathPattern | None:
    """The pattern for the choice `key` (the first option when it is not offered); None
    means the practice's own pattern."""
    options = pattern_options(script, user_patterns, advice)
    if len(options) < 2:  # nothing to choose between
        return advice.use_pattern
    chosen = next((o[2] for o in options if o[0] == key), options[0][2])
    return chosen if chosen is not None else advice.use_pattern


def pattern_for(
    script: Script, settings: Settings, user_patterns: Sequence[BreathPattern]
) -> BreathPattern | None:
    """The pattern the practice plays with, from the saved choice and the screening's advice
    (None: the practice's own)."""
    advice = assess(script, settings.get("screening.answers"))
    key = settings.get("pattern.choice").get(script.id, AS_WRITTEN)
    return chosen_pattern(script, key, user_patterns, advice)

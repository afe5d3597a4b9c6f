"""One decision for every way of starting a practice: play it as is, play it adapted (breathed
with another pattern), or not advised.

Home, "practise again", favourites, a programme item, `play ID` with a window and
`play --no-window` all call `decide` with the client's own safety answers, the pattern chosen
for the practice and the person's saved patterns. The flags come from what can actually be
breathed (calm/practice/flags.py: any hold above 0 s is breath holds, more than 12 breaths a
minute fast breathing), and the rules from calm/practice/screening.py:

- The person's own patterns with holds or fast breathing are offered only when their answers
  allow them (`offered`); a chosen pattern the answers rule out is set aside (`dropped`).
- A practice whose holds are not advised but which has a no-hold version is adapted: it plays
  that version, and says so.
- Anything else the answers rule out is not advised: it says why, and starts only after a
  deliberate choice ("Start anyway", `--despite-screening`), which is recorded on the run.
  Started anyway, it plays as written (or with the pattern chosen).
- Last, whatever would be played is checked once more, step patterns included, so nothing
  advised against can slip through as adapted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from calm.practice.choice import pattern_key
from calm.practice.flags import pattern_flags
from calm.practice.patterns import BreathPattern
from calm.practice.questions import join_reasons, yes_answers
from calm.practice.screening import HIDE, assess
from calm.practice.script import BreathingStep, Script

AS_IS, ADAPTED, NOT_ADVISED = "as-is", "adapted", "not-advised"
START_ANYWAY = "Start anyway"


@dataclass(frozen=True)
class Decision:
    """What the screening decided for one practice, for one person, with one pattern."""

    verdict: str  # AS_IS, ADAPTED or NOT_ADVISED
    pattern: BreathPattern | None  # the pattern to breathe (None: the practice's own)
    why: str | None = None  # the sentences to show: warnings, the change made, or why not
    instead: str | None = None  # a practice that may suit better
    offered: tuple[BreathPattern, ...] = ()  # the person's patterns this client may choose
    dropped: BreathPattern | None = None  # a chosen pattern the answers rule out

    @property
    def not_advised(self) -> bool:
        return self.verdict == NOT_ADVISED

    def start_with(self, despite_screening: bool) -> BreathPattern | None:
        """The pattern to play; ValueError for a practice not advised without the choice."""
        if self.not_advised and not despite_screening:
            raise ValueError("not advised: start it only after a deliberate choice")
        return self.pattern


def ruled_out(pattern: BreathPattern, answers: Mapping[str, object] | None) -> list[str]:
    """The questions whose "yes" rules this pattern out (empty: it may be breathed)."""
    yes = yes_answers(answers)
    flags = pattern_flags(pattern)
    return sorted({q for flag, questions in HIDE.items() if flag in flags for q in yes & questions})


def allowed_patterns(
    patterns: Iterable[BreathPattern], answers: Mapping[str, object] | None
) -> tuple[BreathPattern, ...]:
    """The patterns these answers allow: none with holds or fast breathing they advise against."""
    return tuple(p for p in patterns if not ruled_out(p, answers))


def pattern_from_key(
    script: Script, key: str, user_patterns: Iterable[BreathPattern]
) -> BreathPattern | None:
    """The pattern a saved choice names: 'own:NAME' (the person's), 'alt:4-0-4-0' (one of the
    practice's alternatives); None for '' (as written) or a choice no longer there."""
    if script.pattern is None or not key:
        return None
    if key.startswith("own:"):
        name = key[4:].casefold()
        return next((p for p in user_patterns if p.name.casefold() == name), None)
    return next((p for p in script.alternatives if pattern_key(p, False) == key), None)


def decide(
    script: Script,
    answers: Mapping[str, object] | None,
    chosen: BreathPattern | None = None,
    user_patterns: Iterable[BreathPattern] = (),
) -> Decision:
    """Play as is, play adapted, or not advised (see the module doc)."""
    offered = allowed_patterns(user_patterns, answers) if script.pattern is not None else ()
    dropped = None
    if chosen is not None and ruled_out(chosen, answers):
        dropped, chosen = chosen, None
    advice = assess(script, answers, [*offered, chosen])
    why = [advice.warning] if advice.warning else []
    if advice.hidden:
        return Decision(NOT_ADVISED, chosen, _join(why), advice.instead, offered, dropped)
    pattern = chosen
    if advice.use_pattern is not None and (chosen is None or chosen.has_holds):
        pattern = advice.use_pattern
    if dropped is not None and advice.use_pattern is None:
        why.insert(0, _dropped_text(dropped, answers))
    blocked = [q for p in played_patterns(script, pattern) for q in ruled_out(p, answers)]
    if blocked:  # a step's own pattern, say, still asks what the answers rule out
        text = (
            f"It breathes in a way that is not advised when {join_reasons(sorted(set(blocked)))}."
        )
        return Decision(NOT_ADVISED, pattern, _join([text, *why]), advice.instead, offered)
    adapted = pattern is not chosen or dropped is not None
    verdict = ADAPTED if adapted else AS_IS
    return Decision(verdict, pattern, _join(why), advice.instead, offered, dropped)


def played_patterns(script: Script, pattern: BreathPattern | None) -> list[BreathPattern]:
    """Every pattern a run with `pattern` as its default breathes (steps keep their own)."""
    default = pattern or script.pattern
    found = [default] if default is not None else []
    found += [s.pattern for s in script.steps if isinstance(s, BreathingStep) and s.pattern]
    return found


def not_advised_text(decision: Decision) -> str:
    """Why a practice is not advised, and how to start it all the same (command line)."""
    return (
        f"Not advised for you: {decision.why or 'your safety answers advise against it.'} "
        "To start it all the same, add --despite-screening."
    )


def _dropped_text(pattern: BreathPattern, answers: Mapping[str, object] | None) -> str:
    return (
        f"Your pattern “{pattern.name or pattern.describe()}” is not advised when "
        f"{join_reasons(ruled_out(pattern, answers))}, so the practice's own pattern is used."
    )


def _join(parts: list[str]) -> str | None:
    unique = [p for p in dict.fromkeys(parts) if p]
    return " ".join(unique) if unique else None

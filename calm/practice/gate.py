"""The last safety check before any practice starts, whichever way it was chosen.

Home, "practise again", a favourite, the programme, `play` with or without a window: each
path ends in `checked_pattern(script, answers, chosen)` with the answers of the client who is
practising. A practice the answers hide is refused with the screening's own sentence
(`PracticeNotAdvised`); one that must be breathed without holds gets its no-hold pattern.
"""

from __future__ import annotations

from collections.abc import Mapping

from calm.errors import CalmError
from calm.practice.patterns import BreathPattern
from calm.practice.screening import assess
from calm.practice.script import Script


class PracticeNotAdvised(CalmError):
    """The client's safety answers rule this practice out; `str()` says why."""


def checked_pattern(
    script: Script, answers: Mapping[str, object] | None, chosen: BreathPattern | None = None
) -> BreathPattern | None:
    """The pattern to breathe `script` with for these answers (None: the script's own), or
    PracticeNotAdvised with a sentence when the answers hide it."""
    advice = assess(script, answers or {}, [chosen] if chosen is not None else ())
    if advice.hidden:
        why = (advice.warning or "Hidden because the safety answers rule it out.").removeprefix(
            "Hidden "
        )
        raise PracticeNotAdvised(f"{script.title} is not offered here, {why}")
    if advice.use_pattern is not None and (chosen is None or chosen.has_holds):
        return advice.use_pattern
    return chosen

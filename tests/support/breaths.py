"""What a compiled practice asks the breath to do: used to show a client is never led into a
hold (or fast breathing) they were advised against."""

from __future__ import annotations

from calm.practice.events import Breath, Phase


def held_breaths(events) -> list:
    """The hold phases among `events` (Event objects of a compiled timeline, or what a sound
    engine was asked to play)."""
    holds = (Phase.HOLD_IN, Phase.HOLD_OUT)
    return [e for e in events if isinstance(e.action, Breath) and e.action.phase in holds]


def breath_phases(events) -> list:
    return [e for e in events if isinstance(e.action, Breath)]

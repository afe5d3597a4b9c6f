"""What a practice asks to happen, and when: the timeline's events, as small frozen values.

`calm` only says what to play and when; `audio/` plays it and `ui/` shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Phase(StrEnum):
    INHALE = "inhale"
    HOLD_IN = "hold-in"
    EXHALE = "exhale"
    HOLD_OUT = "hold-out"

    @property
    def label(self) -> str:
        """The words shown on the pacer."""
        return PHASE_WORDS[self.value][0]

    @property
    def word(self) -> str:
        """The word the voice says for this phase: the pacer's, said short."""
        return PHASE_WORDS[self.value][1]


# The one place the phase words are set, so the pacer and the voice always agree: both holds
# are "Hold", as the scripts say them ("in for four, hold for four, out for four, hold ...").
PHASE_WORDS = {
    "inhale": ("Breathe in", "in"),
    "hold-in": ("Hold", "hold"),
    "exhale": ("Breathe out", "out"),
    "hold-out": ("Hold", "hold"),
}


class StepKind(StrEnum):
    """What a step is: its `kind` in a script file (never its title or a class name)."""

    SECTION = "section"
    NARRATION = "narration"
    SILENCE = "silence"
    BELL = "bell"
    BREATHING = "breathing"
    AMBIENCE = "ambience"


@dataclass(frozen=True)
class StepStarted:
    """A new step (or section) begins; `title` is what the player shows as the step's name."""

    index: int
    title: str
    kind: StepKind


@dataclass(frozen=True)
class Narration:
    """Words to speak. `audio` is a recorded file (absolute path) or None; `caption` is shown."""

    text: str
    caption: str
    audio: str | None
    duration_ms: int  # time the timeline allots to the speech, before the pause that follows
    practice_id: str = ""
    key: str = ""  # stable id of this line within the practice (for caches and warnings)


@dataclass(frozen=True)
class Caption:
    """A caption shown without speech (narration that came too late after a stall)."""

    text: str


@dataclass(frozen=True)
class Bell:
    """A bell or chime; `sound` names a synthesised sound ("bowl", "chime")."""

    sound: str
    volume: int = 100  # 0-100, relative to the cue layer


@dataclass(frozen=True)
class Breath:
    """One breath phase of the pacer. `spoken` asks for the phase word to be said aloud,
    `tone` for a breath tone that glides over exactly `duration_ms`."""

    phase: Phase
    duration_ms: int
    cycle: int
    spoken: bool = False
    tone: bool = True


@dataclass(frozen=True)
class Ambience:
    """Start, change or stop the ambience bed, fading over `fade_ms`."""

    action: str  # "start" | "change" | "stop"
    sound: str | None  # "brown", "pink", "rain", "ocean"; None for stop
    volume: int  # 0-100, relative to the ambience layer
    fade_ms: int


@dataclass(frozen=True)
class Finished:
    """The practice has reached its end."""


Action = StepStarted | Narration | Caption | Bell | Breath | Ambience | Finished


@dataclass(frozen=True)
class Event:
    """`action` is due `at_ms` milliseconds after the start; `step` is the step it belongs to."""

    at_ms: int
    step: int
    action: Action

    @property
    def kind(self) -> str:
        return type(self.action).__name__.lower()

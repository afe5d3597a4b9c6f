"""The person's sound choices applied to a practice's events, before they reach the sound port.

Settings say: voice on or off, bells on or off, breath tones on or off, and the ambience
("script" as written, "none", or one bed in place of the script's). Captions never depend on
these: turning the voice off keeps every caption on screen. `ChosenSound` is the sound port
with the choices applied to everything it plays; it also decides, once for every player, what
sounds after a jump to another part of the practice.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from calm.practice.ambience import AS_WRITTEN, NO_AMBIENCE
from calm.practice.events import Action, Ambience, Bell, Breath, Event, Narration
from calm.practice.sound_port import SoundPort
from calm.practice.timeline import Timeline
from calm.settings import Settings

OWN_BED_VOLUME = 60  # a bed the person chose for a practice that has none of its own
OWN_BED_FADE_MS = 3000
JUMP_FADE_MS = 250  # what was sounding fades this fast after a jump
BACK_IN_FADE_MS = 1500  # the ambience of the new place fades in over this


@dataclass(frozen=True)
class AudioChoices:
    """Which layers sound, and which ambience."""

    voice: bool = True
    bell: bool = True
    tones: bool = True
    ambience: str = AS_WRITTEN

    @classmethod
    def from_settings(cls, settings: Settings) -> AudioChoices:
        return cls(
            voice=settings.get("voice.enabled"),
            bell=settings.get("bell.enabled"),
            tones=settings.get("tones.enabled"),
            ambience=settings.get("ambience.choice"),
        )

    def opening_ambience(self, timeline: Timeline) -> Ambience | None:
        """A bed to start at the beginning when the person chose one and the practice has
        no ambience of its own (otherwise the choice replaces the practice's beds)."""
        if self.ambience in (AS_WRITTEN, NO_AMBIENCE):
            return None
        if any(isinstance(event.action, Ambience) for event in timeline.events):
            return None
        return Ambience("start", self.ambience, OWN_BED_VOLUME, OWN_BED_FADE_MS)

    def ambience_now(self, timeline: Timeline, position_ms: int) -> Ambience | None:
        """The ambience that should be sounding at a place (after a jump or a new choice),
        as a start to fade in, or None for silence."""
        if self.ambience == NO_AMBIENCE:
            return None
        written = timeline.ambience_at(position_ms)
        if written is None or written.action == "stop":
            return self.opening_ambience(timeline)
        wanted = transform(written, self)
        if not isinstance(wanted, Ambience):
            return None
        return Ambience("start", wanted.sound, wanted.volume, BACK_IN_FADE_MS)


def transform(action: Action, choices: AudioChoices) -> Action | None:
    """The action as it should sound with these choices, or None for nothing at all."""
    if isinstance(action, Narration):
        return action if choices.voice else None
    if isinstance(action, Bell):
        return action if choices.bell else None
    if isinstance(action, Breath):
        tone = action.tone and choices.tones
        spoken = action.spoken and choices.voice
        if not tone and not spoken:
            return None
        return (
            action
            if (tone, spoken) == (action.tone, action.spoken)
            else replace(action, tone=tone, spoken=spoken)
        )
    if isinstance(action, Ambience):
        if action.action == "stop" or choices.ambience == AS_WRITTEN:
            return action
        if choices.ambience == NO_AMBIENCE:
            return None
        return replace(action, sound=choices.ambience)
    return action


def playable_events(timeline: Timeline, choices: AudioChoices) -> list[Event]:
    """The events as they will sound with the person's choices (what to prepare)."""
    kept = []
    for event in timeline.events:
        if isinstance(event.action, Narration | Bell | Breath | Ambience):
            action = transform(event.action, choices)
            if action is not None:
                kept.append(replace(event, action=action))
    extra = choices.opening_ambience(timeline)
    if extra is not None:
        kept.insert(0, Event(0, 0, extra))
    return kept


class ChosenSound:
    """A practice's sound port (None before it is ready and after it is let go) with the
    person's choices applied to everything it plays."""

    def __init__(self, choices: AudioChoices | None = None, audio: SoundPort | None = None):
        self.choices = choices or AudioChoices()
        self.audio = audio

    def play(self, action: Action) -> None:
        """Play what the action asks for, as the choices say (nothing for a caption)."""
        if self.audio is not None and isinstance(action, Narration | Bell | Breath | Ambience):
            playable = transform(action, self.choices)
            if playable is not None:
                self.audio.play_event(playable)

    def bring_back_ambience(self, timeline: Timeline, position: int) -> None:
        """The ambience as it should sound at `position` (after a jump), faded in."""
        wanted = self.choices.ambience_now(timeline, position)
        if wanted is not None:
            self.play(wanted)

    def after_jump(self, timeline: Timeline, position: int, running: bool) -> bool:
        """What was sounding belongs to the part left behind: fade it all out, then bring
        back the ambience as it is at the new place (now, or on resume when paused: returns
        True when that is still to do)."""
        if self.audio is None:
            return False
        self.audio.stop(JUMP_FADE_MS)
        if not running:
            return True
        self.bring_back_ambience(timeline, position)
        return False

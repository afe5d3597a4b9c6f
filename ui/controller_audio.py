"""The person's sound choices applied to a practice's events, before they reach the engine.

Settings say: voice on or off, bells on or off, breath tones on or off, and the ambience
("script" as written, "none", or one bed in place of the script's). Captions never depend on
these: turning the voice off keeps every caption on screen.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from audio.engine import AudioEngine
from calm.events import Action, Ambience, Bell, Breath, Narration
from calm.settings import Settings
from calm.timeline import Timeline

OWN_BED_VOLUME = 60  # a bed the person chose for a practice that has none of its own
OWN_BED_FADE_MS = 3000
AMBIENCE_CHOICES = {
    "script": "As the practice has it",
    "none": "None",
    "brown": "Soft rumble",
    "pink": "Gentle hiss",
    "rain": "Rain",
    "ocean": "Ocean",
}


@dataclass(frozen=True)
class AudioChoices:
    """Which layers sound, and which ambience."""

    voice: bool = True
    bell: bool = True
    tones: bool = True
    ambience: str = "script"

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
        if self.ambience in ("script", "none"):
            return None
        if any(isinstance(event.action, Ambience) for event in timeline.events):
            return None
        return Ambience("start", self.ambience, OWN_BED_VOLUME, OWN_BED_FADE_MS)

    def ambience_now(self, timeline: Timeline, position_ms: int) -> Ambience | None:
        """The ambience that should be sounding at a place (after a skip or a new choice),
        as a start to fade in, or None for silence."""
        if self.ambience == "none":
            return None
        written = timeline.ambience_at(position_ms)
        if written is None or written.action == "stop":
            return self.opening_ambience(timeline)
        wanted = transform(written, self)
        if wanted is None:
            return None
        return Ambience("start", wanted.sound, wanted.volume, 1500)


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
        if action.action == "stop" or choices.ambience == "script":
            return action
        if choices.ambience == "none":
            return None
        return replace(action, sound=choices.ambience)
    return action


def apply_volumes(audio: AudioEngine, settings: Settings) -> None:
    """The saved overall and per-layer volumes, onto a freshly opened engine."""
    audio.set_master_volume(settings.get("volume.master"))
    for layer in ("voice", "cue", "ambience"):
        audio.set_volume(layer, settings.get(f"volume.{layer}"))

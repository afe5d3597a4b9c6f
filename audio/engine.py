"""The audio-engine interface the player calls, and the silent engine.

The controller turns due timeline events into `play_event(action)` calls and calls `update()`
from its timer (ducking and volume ramps advance there; nothing in the engine spins). When no
sound device can be opened, `audio.device.open_engine` returns a `SilentEngine` whose `reason`
is a sentence for the interface to show, and the practice runs on screen as it would with sound.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from calm.practice.events import Action, Event

if TYPE_CHECKING:  # the bank pulls in synthesis and voices; the engine needs only its API
    from audio.bank import Progress

log = logging.getLogger(__name__)

LAYERS = ("voice", "cue", "ambience")


@dataclass(frozen=True)
class MixSettings:
    """How the layers sit together: default volumes (0-100) and how ambience ducks under voice."""

    master: int = 100
    voice: int = 100
    cue: int = 80
    ambience: int = 100  # scripts already set each bed's level (often 18-30)
    duck_level: float = 0.4  # ambience gain while the voice speaks
    duck_down_ms: int = 300
    duck_up_ms: int = 900

    def layer(self, name: str) -> int:
        """The default volume of a layer."""
        check_layer(name)
        return int(getattr(self, name))


def check_layer(name: str) -> str:
    """`name` if it is a layer, else ValueError naming the layers."""
    if name not in LAYERS:
        raise ValueError(f"unknown audio layer {name!r}; layers are {', '.join(LAYERS)}")
    return name


def clamp_volume(volume: int | float) -> int:
    """A volume as an int within 0-100."""
    return int(min(100, max(0, round(volume))))


class AudioEngine(ABC):
    """Plays a practice's events on three layers: voice, cue (bells, breath tones), ambience.
    Implements the core's sound port (calm/practice/sound_port.py), which the players use."""

    available: bool
    reason: str | None

    @abstractmethod
    def preload(self, events: Iterable[Event], progress: Progress | None = None) -> list[str]:
        """Prepare every sound the events need (and open the mixer); returns voice warnings."""

    @abstractmethod
    def play_event(self, action: Action | Event) -> None:
        """Start whatever sound this action asks for, now."""

    @abstractmethod
    def update(self, now_ms: int | None = None) -> None:
        """Advance ducking and volume ramps; call from the practice timer (every 20-100 ms)."""

    @abstractmethod
    def set_volume(self, layer: str, volume: int) -> None:
        """Set one layer's volume, 0-100."""

    @abstractmethod
    def set_master_volume(self, volume: int) -> None:
        """Set the overall volume, 0-100."""

    @abstractmethod
    def pause(self) -> None:
        """Pause every layer at once."""

    @abstractmethod
    def resume(self) -> None:
        """Resume every layer where it was paused."""

    @abstractmethod
    def stop(self, fade_ms: int = 300) -> None:
        """Fade everything out over `fade_ms` and stop."""

    @abstractmethod
    def close(self) -> None:
        """Stop and release the sound device (an open mixer costs CPU even in silence)."""

    def take_warnings(self) -> list[str]:
        """Warnings gathered since the last call (e.g. a missing recording), for the interface."""
        return []


class SilentEngine(AudioEngine):
    """No sound at all: used when no sound device can be opened. Every call is accepted."""

    def __init__(self, reason: str | None = None):
        self.available = False
        self.reason = reason
        self.volumes = {layer: MixSettings().layer(layer) for layer in LAYERS}
        self.master = MixSettings().master

    def preload(self, events: Iterable[Event], progress: Progress | None = None) -> list[str]:
        """Nothing to prepare; reports full progress at once."""
        if progress is not None:
            progress(1.0)
        return []

    def play_event(self, action: Action | Event) -> None:
        """Plays nothing."""

    def update(self, now_ms: int | None = None) -> None:
        """Nothing to advance."""

    def set_volume(self, layer: str, volume: int) -> None:
        """Remembers the volume (so a settings screen reads back what it set)."""
        self.volumes[check_layer(layer)] = clamp_volume(volume)

    def set_master_volume(self, volume: int) -> None:
        """Remembers the volume."""
        self.master = clamp_volume(volume)

    def pause(self) -> None:
        """Nothing to pause."""

    def resume(self) -> None:
        """Nothing to resume."""

    def stop(self, fade_ms: int = 300) -> None:
        """Nothing to stop."""

    def close(self) -> None:
        """Nothing to release."""


def no_device_reason(detail: str) -> str:
    """The sentence shown when sound cannot be played."""
    detail = detail.strip().rstrip(".")
    return (
        f"No sound device could be opened ({detail}), so this practice runs silently: "
        "follow the captions and the breathing guide on screen. Check that speakers or "
        "headphones are connected and not used by another program, then start again."
    )

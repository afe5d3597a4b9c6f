"""The sound port: what a player (the terminal's or the window's) asks of a sound engine.

The core says what to play and when; audio/ implements this port (audio/engine.py: the pygame
engine and the silent one), and the players are typed against it, so neither needs to know
which engine it has. A structural type: an engine need not inherit from anything here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol, runtime_checkable

from calm.practice.events import Action, Event

Progress = Callable[[float], None]


@runtime_checkable
class SoundPort(Protocol):
    """Plays a practice's events on three layers: voice, cue (bells, breath tones), ambience."""

    available: bool  # False: nothing is heard (no device), and `reason` says why
    reason: str | None

    def preload(self, events: Iterable[Event], progress: Progress | None = None) -> list[str]:
        """Prepare every sound the events need (and open the device); returns warnings."""
        ...

    def play_event(self, action: Action | Event) -> None:
        """Start whatever sound this action asks for, now."""
        ...

    def update(self, now_ms: int | None = None) -> None:
        """Advance ducking and volume ramps (called from the player's loop or timer)."""
        ...

    def set_volume(self, layer: str, volume: int) -> None:
        """One layer's volume (voice, cue, ambience), 0-100."""
        ...

    def set_master_volume(self, volume: int) -> None:
        """The overall volume, 0-100."""
        ...

    def pause(self) -> None:
        """Pause every layer at once."""
        ...

    def resume(self) -> None:
        """Resume every layer where it was paused."""
        ...

    def stop(self, fade_ms: int = 300) -> None:
        """Fade everything out over `fade_ms` and stop."""
        ...

    def close(self) -> None:
        """Stop and release the sound device."""
        ...

    def take_warnings(self) -> list[str]:
        """Warnings gathered since the last call (a missing recording), for the person."""
        ...

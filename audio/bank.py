"""Every sound a practice needs, looked up from the timeline's actions.

The live engine and the renderer both take their samples from a `SoundBank`, so a practice
played through the speakers and the same practice rendered to a file use identical sounds:
the renderer as numpy arrays (made here if need be), the live engine as the cached files' bytes
(audio/live.py; what is missing is made by a helper process, audio/prepare.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from audio.cache import SoundCache
from audio.espeak import EspeakSettings, EspeakVoice
from audio.recipe import Recipe
from audio.recorded import RecordedVoice
from audio.sounds import BELLS, ambience_spec, bell_spec, breath_tone_spec
from audio.voice import CaptionChime, Narrator, Speech
from calm.paths import AppPaths
from calm.practice.events import Ambience, Bell, Breath, Event, Narration, Phase

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

Progress = Callable[[float], None]


class SoundBank:
    """Sounds by action: bells, breath tones, phase words, narration and ambience beds."""

    def __init__(self, sounds: SoundCache, narrator: Narrator, recipe: Recipe | None = None):
        self.sounds = sounds
        self.narrator = narrator
        self.recipe = recipe  # how another process can build the same bank (audio/prepare.py)

    def bell(self, name: str) -> np.ndarray:
        """The named bell; an unknown name gets the singing bowl (and a line in the log)."""
        spec = bell_spec(name)
        if spec is None:
            log.warning("Unknown bell sound %r; using the singing bowl", name)
            spec = BELLS["bowl"]
        return self.sounds.get(spec)

    def breath_tone(self, phase: Phase, duration_ms: int) -> np.ndarray | None:
        """The tone gliding over exactly `duration_ms`; None for holds."""
        spec = breath_tone_spec(phase, duration_ms)
        return None if spec is None else self.sounds.get(spec)

    def phase_word(self, phase: Phase) -> np.ndarray | None:
        """ "in", "out" or "hold" spoken, if any voice can say it."""
        return self.narrator.phase_word(phase)

    def speech(self, narration: Narration) -> Speech:
        """The voice (or chime) for a narration line, with warnings for failed sources."""
        return self.narrator.speak(narration)

    def bed(self, name: str | None) -> np.ndarray | None:
        """The named ambience loop; None (and a line in the log) for an unknown name."""
        spec = ambience_spec(name) if name else None
        if spec is None:
            if name:
                log.warning("Unknown ambience %r; playing none", name)
            return None
        return self.sounds.get(spec)

    def preload(self, events: Iterable[Event], progress: Progress | None = None) -> list[str]:
        """Render or load every sound these events need, so nothing is late when it is due.

        Returns the narration warnings (missing or damaged recordings) to show before starting.
        """
        actions = [event.action for event in events]
        warnings: list[str] = []
        for done, action in enumerate(actions, start=1):
            if isinstance(action, Bell):
                self.bell(action.sound)
            elif isinstance(action, Breath):
                if action.tone:
                    self.breath_tone(action.phase, action.duration_ms)
                if action.spoken:
                    self.phase_word(action.phase)
            elif isinstance(action, Narration):
                warnings.extend(self.speech(action).warnings)
            elif isinstance(action, Ambience) and action.action != "stop":
                self.bed(action.sound)
            if progress is not None:
                progress(done / len(actions))
        return warnings

    def forget(self) -> None:
        """Free the samples held in memory (cached files stay on disk)."""
        self.sounds.forget()
        self.narrator.forget()


def open_bank(
    paths: AppPaths,
    espeak: EspeakSettings | None = None,
    search_path: str | None = None,
) -> SoundBank:
    """The standard bank: cache under `paths.cache`, voices recorded → espeak-ng → chime."""
    cache: Path = paths.cache
    sounds = SoundCache(cache / "sounds")
    narrator = Narrator(
        [
            RecordedVoice(cache / "voice"),
            EspeakVoice(cache / "voice", espeak, search_path),
            CaptionChime(sounds),
        ]
    )
    return SoundBank(sounds, narrator, Recipe(paths, espeak, search_path))

"""The live engine's sounds: sample bytes read straight from the cache files, without numpy.

pygame's mixer takes the cached samples as they are, so with every sound cached the window and
the terminal player never load numpy (a large share of their memory: docs/performance.md) and
hold each sound once, as the mixer's own copy. A sound not cached yet is made first by `make`:
in the helper process (audio/prepare.py) when the bank knows how it was built, else here, with
numpy.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from audio.prepare import make_in_helper
from audio.sounds import BELLS, ambience_spec, bell_spec, breath_tone_spec
from audio.voice import VoiceProblem, VoiceSource, memo_of
from calm.errors import AudioError
from calm.practice.events import Event, Narration, Phase

if TYPE_CHECKING:
    from audio.bank import SoundBank
    from audio.sounds import SoundSpec

log = logging.getLogger(__name__)


class NotCached(AudioError):
    """A sound the live engine needs has not been made yet (`LiveSounds.make` makes it)."""


class LiveSounds:
    """A bank's sounds as sample bytes (int16 little-endian stereo), from its cache files."""

    def __init__(self, bank: SoundBank):
        self.bank = bank

    def bell(self, name: str) -> bytes:
        """The named bell; an unknown name gets the singing bowl (and a line in the log)."""
        spec = bell_spec(name)
        if spec is None:
            log.warning("Unknown bell sound %r; using the singing bowl", name)
            spec = BELLS["bowl"]
        return self._cached(spec)

    def breath_tone(self, phase: Phase, duration_ms: int) -> bytes | None:
        """The tone gliding over exactly `duration_ms`; None for holds."""
        spec = breath_tone_spec(phase, duration_ms)
        return None if spec is None else self._cached(spec)

    def bed(self, name: str | None) -> Path | None:
        """The named ambience loop's checked cache file (a bed is long: the mixer reads it
        itself, see audio/engine_sounds.py); None (and a line in the log) for an unknown
        name."""
        spec = ambience_spec(name) if name else None
        if spec is None:
            if name:
                log.warning("Unknown ambience %r; playing none", name)
            return None
        path = self.bank.sounds.entry(spec).checked_path()
        if path is None:
            raise NotCached(f"{spec.name} is not made yet")
        return path

    def phase_word(self, phase: Phase) -> bytes | None:
        """ "in", "out" or "hold" spoken, if any voice can say it."""
        return self.bank.narrator.phase_word(phase, self._voiced)

    def speech(self, narration: Narration) -> tuple[bytes, str, tuple[str, ...]]:
        """(samples, source name, warnings) for a narration line (empty samples: caption)."""
        data, source, warnings = self.bank.narrator.choose(narration, self._voiced)
        return data or b"", source, warnings

    def make(
        self,
        events: Iterable[Event],
        progress: Callable[[float], None] | None = None,
        *,
        helper: bool = True,
    ) -> list[str]:
        """Make and cache every sound these events need; returns the narration warnings.
        Without `helper` (one sound, needed now), made here: no process to start."""
        events = list(events)
        recipe = self.bank.recipe
        if recipe is not None and helper:
            try:
                made = make_in_helper(recipe, events, progress)
            except (OSError, RuntimeError) as error:
                log.warning("The sound helper failed (%s); making the sounds here", error)
            else:
                self.bank.narrator.forget()  # choices met missing files; choose again
                self.bank.narrator.problems.update(made.problems)
                return made.warnings
        return self.bank.preload(events, progress)

    def _cached(self, spec: SoundSpec) -> bytes:
        data = self.bank.sounds.entry(spec).load_pcm()
        if data is None:
            raise NotCached(f"{spec.name} is not made yet")
        return data

    def _voiced(self, source: VoiceSource, narration: Narration) -> bytes | None:
        problem = self.bank.narrator.problems.get((source.name, memo_of(narration)))
        if problem is not None:
            raise VoiceProblem(problem)  # the maker met it: the same warning, the next source
        entry = source.entry(narration)
        if entry is None:
            return None
        data = entry.load_pcm()
        if data is None:
            raise NotCached(f"{source.name} for {narration.key or narration.text[:40]!r}")
        return data

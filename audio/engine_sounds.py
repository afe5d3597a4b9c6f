"""The live engine's sounds as pygame Sounds: each read once from the cache, kept until the
engine closes. audio/pygame_engine.py hands in how a Sound is made (pygame is imported by
audio/mixer_device.py, without numpy), and the mixer must be open.

A Sound is made from the cached file's bytes (audio/live.py), or for an ambience bed from the
checked file itself, so the samples are held once, as SDL's own copy. Narration is not kept:
a long practice's speech is read when a line is due.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from audio.live import LiveSounds, NotCached
from audio.wavfile import read_pcm
from calm.practice.events import Action, Ambience, Bell, Breath, Event, Narration

if TYPE_CHECKING:
    from audio.bank import Progress

Load = Callable[[], bytes | Path | None]


class EngineSounds:
    """Sounds by key: ("bell", name), ("tone", phase, ms), ("word", phase), ("bed", name)."""

    def __init__(
        self,
        live: LiveSounds,
        make_sound: Callable[[bytes], Any],
        sound_of_file: Callable[[Path], Any] | None = None,
    ):
        self.live = live
        self.make_sound = make_sound  # sample bytes -> pygame.mixer.Sound
        # A checked file -> pygame.mixer.Sound, for the beds (the longest sounds, 20 s loops):
        # pygame copies a buffer holding Python's lock, and the interface thread waits for it
        # (about 4 ms for a bed, 12 ms for a minute of sound), but reads a file with it let go.
        self.sound_of_file = sound_of_file or (lambda path: make_sound(read_pcm(path)))
        self._sounds: dict[Hashable, Any] = {}

    def needs(self, action: Bell | Breath | Ambience) -> list[tuple[Hashable, Load]]:
        """The sounds an action plays: (key, how to read its samples)."""
        live = self.live
        if isinstance(action, Bell):
            return [(("bell", action.sound), lambda: live.bell(action.sound))]
        if isinstance(action, Ambience):
            if action.action == "stop" or not action.sound:
                return []
            return [(("bed", action.sound), lambda: live.bed(action.sound))]
        needs: list[tuple[Hashable, Load]] = []
        if action.tone:
            tone = ("tone", action.phase, action.duration_ms)
            needs.append((tone, lambda: live.breath_tone(action.phase, action.duration_ms)))
        if action.spoken:
            needs.append((("word", action.phase), lambda: live.phase_word(action.phase)))
        return needs

    def load_all(self, events: list[Event], progress: Progress | None) -> list[str]:
        """Every sound the events play, made into Sounds; narration only checked. Returns the
        narration warnings; raises NotCached if something is not made yet."""
        warnings: list[str] = []
        for done, event in enumerate(events, start=1):
            action = event.action
            if isinstance(action, Narration):
                warnings.extend(self.live.speech(action)[2])
            elif isinstance(action, Bell | Breath | Ambience):
                for key, load in self.needs(action):
                    self.get(key, load)
            if progress is not None:
                progress(done / len(events))
        return list(dict.fromkeys(warnings))

    def read(self, load: Callable, action: Action):
        """`load()`, making the action's sounds here first if they are not cached yet (only
        when played without preparing, as a test may)."""
        try:
            return load()
        except NotCached:
            self.live.make([Event(0, 0, action)], helper=False)
            return load()

    def get(self, key: Hashable, load: Load, action: Action | None = None):
        """The Sound for `key`, made once (None when there is nothing to play). Safe on a
        worker while the interface thread plays: it touches nothing else."""
        sound = self._sounds.get(key)
        if sound is None:
            data = self.read(load, action) if action is not None else load()
            if not data:
                return None
            make = self.sound_of_file if isinstance(data, Path) else self.make_sound
            sound = self._sounds[key] = make(data)
        return sound

    def clear(self) -> None:
        """Let every Sound go (the engine is closing)."""
        self._sounds.clear()

"""Sounds rendered once and kept on disk (AppPaths.cache / "sounds"), and in memory while used.

A file's name carries the hash of everything that made it (`SoundSpec.key`), so changing a
parameter or the synthesis version simply asks for a new file; the old one is removed when the
new one is written. A damaged file (truncated, overwritten, wrong format) is logged, deleted and
rendered again: the listener never hears garbage and never sees an error for a cache.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from audio.sounds import SoundSpec
from audio.wavfile import DamagedSoundFile, read_pcm, write_wav

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

_KEYED_NAME = re.compile(r"^(?P<stem>.+)-(?P<key>[0-9a-f]{16})\.wav$")


@dataclass
class CacheStats:
    """How often the cache rendered, loaded from disk, or replaced a damaged file."""

    rendered: int = 0
    loaded: int = 0
    repaired: int = 0


class Entry(NamedTuple):
    """Where one sound is (or will be) cached: its folder, name, key and length if known."""

    files: WavCache
    stem: str
    key: str
    frames: int | None = None

    def load_pcm(self) -> bytes | None:
        """The checked sample bytes, or None if not cached (yet, or any more)."""
        return self.files.load_pcm(self.stem, self.key, self.frames)

    def checked_path(self) -> Path | None:
        """The file, once its samples have been checked whole; None if not cached (yet, or
        any more). For a player that reads the file itself (audio/engine_sounds.py)."""
        if self.files.load_pcm(self.stem, self.key, self.frames) is None:
            return None
        return self.files.path(self.stem, self.key)


class WavCache:
    """A folder of keyed WAV files: `load(stem, key)` and `save(stem, key, pcm)`."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.stats = CacheStats()

    def path(self, stem: str, key: str) -> Path:
        """Where the file for `stem` with `key` lives."""
        return self.folder / f"{stem}-{key}.wav"

    def load_pcm(self, stem: str, key: str, expected_frames: int | None = None) -> bytes | None:
        """The cached sample bytes, or None when there are none or they were damaged (then
        deleted). Needs no numpy."""
        path = self.path(stem, key)
        if not path.exists():
            return None
        try:
            data = read_pcm(path, expected_frames)
        except DamagedSoundFile as error:
            log.warning("Rebuilding a damaged cached sound: %s", error)
            self.stats.repaired += 1
            path.unlink(missing_ok=True)
            return None
        self.stats.loaded += 1
        return data

    def load(self, stem: str, key: str, expected_frames: int | None = None) -> np.ndarray | None:
        """The cached samples as an int16 (frames, 2) array, or None (see `load_pcm`)."""
        data = self.load_pcm(stem, key, expected_frames)
        if data is None:
            return None
        import numpy as np

        return np.frombuffer(data, dtype="<i2").reshape(-1, 2)

    def save(self, stem: str, key: str, pcm: np.ndarray) -> Path:
        """Write atomically, then remove files of the same stem made from other parameters."""
        path = self.path(stem, key)
        try:
            write_wav(path, pcm)
        except OSError as error:
            # A full or read-only disk costs a re-render next time, never the practice.
            log.warning("Could not cache sound %s: %s", path, error)
            return path
        for other in self.folder.glob(f"{stem}-*.wav"):
            match = _KEYED_NAME.match(other.name)
            if match and match["stem"] == stem and match["key"] != key:
                other.unlink(missing_ok=True)
        return path


class SoundCache:
    """Synthesised sounds by spec: from memory, else from disk, else rendered and saved."""

    def __init__(self, folder: Path):
        self.files = WavCache(folder)
        self._memory: dict[str, np.ndarray] = {}

    @property
    def stats(self) -> CacheStats:
        """Counts of renders, disk loads and repairs (for tests and benchmarks)."""
        return self.files.stats

    def entry(self, spec: SoundSpec) -> Entry:
        """Where `spec`'s file is cached."""
        return Entry(self.files, spec.name, spec.key, spec.frames)

    def get(self, spec: SoundSpec) -> np.ndarray:
        """The samples of `spec` (int16, 44.1 kHz, stereo), rendering them if need be."""
        key = spec.key
        pcm = self._memory.get(key)
        if pcm is None:
            pcm = self.files.load(spec.name, key, spec.frames)
            if pcm is None:
                pcm = spec.render()
                self.files.stats.rendered += 1
                self.files.save(spec.name, key, pcm)
            self._memory[key] = pcm
        return pcm

    def forget(self) -> None:
        """Drop the in-memory copies (the files stay); frees memory after a practice."""
        self._memory.clear()

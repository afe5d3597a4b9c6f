"""The first voice source: a recorded file named by the practice script (wav, ogg, mp3, flac).

Decoded through pydub and ffmpeg, converted to 44.1 kHz 16-bit stereo, trimmed and normalised
(see `audio.speechprep`). The prepared clip is cached, keyed by the file's path, size and
modification time, so a practice with many recordings starts quickly the second time.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from audio.cache import Entry, WavCache
from audio.format import TARGET_LUFS
from audio.voice import VoiceProblem
from calm.digests import short_name
from calm.practice.events import Narration

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

PREP_VERSION = 1  # bump when trimming or normalising changes
SUFFIXES = (".wav", ".ogg", ".mp3", ".flac")


def cache_stem(prefix: str, narration: Narration) -> str:
    """A file-name-safe stem naming a narration line (so a changed line replaces its old file)."""
    raw = f"{prefix}-{narration.practice_id}-{narration.key}" if narration.key else prefix
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", raw)[:80]


class RecordedVoice:
    """Speaks a line from the audio file the script names for it."""

    name = "recorded"

    def __init__(self, cache_folder: Path):
        self.cache = WavCache(cache_folder)

    def entry(self, narration: Narration) -> Entry | None:
        """Where the prepared recording is cached (no numpy needed); None if the line names
        no file; VoiceProblem if the file is missing."""
        if not narration.audio:
            return None
        path = Path(narration.audio)
        try:
            stat = path.stat()
        except OSError:
            raise VoiceProblem(f"the recorded voice file {path} is missing") from None
        if not path.is_file():
            raise VoiceProblem(f"the recorded voice file {path} is not a file")
        identity = f"{PREP_VERSION}|{TARGET_LUFS}|{path.resolve()}|{stat.st_size}"
        identity += f"|{stat.st_mtime_ns}"  # an edited recording is prepared again
        key = short_name(identity)
        stem = cache_stem("rec", narration) if narration.key else f"rec-{path.stem}"
        return Entry(self.cache, stem, key)

    def render(self, narration: Narration) -> np.ndarray | None:
        """The prepared recording; None if the line names no file; VoiceProblem if it is bad."""
        entry = self.entry(narration)
        if entry is None:
            return None
        pcm = self.cache.load(entry.stem, entry.key)
        if pcm is not None:
            return pcm
        from audio.speechprep import decode_file, prepare_speech  # numpy: only when making

        path = Path(narration.audio)
        try:
            samples, rate = decode_file(path)
        except Exception as error:  # pydub/ffmpeg raise many types for a bad file
            log.debug("Decoding %s failed", path, exc_info=True)
            raise VoiceProblem(
                f"the recorded voice file {path} cannot be read (it may be damaged, or not a "
                f"sound file: {type(error).__name__})"
            ) from error
        if samples.size == 0:
            raise VoiceProblem(f"the recorded voice file {path} holds no sound")
        pcm = prepare_speech(samples, rate)
        if pcm is None:
            raise VoiceProblem(f"the recorded voice file {path} is silent")
        self.cache.save(entry.stem, entry.key, pcm)
        return pcm

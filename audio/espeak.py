"""The second voice source: espeak-ng speech synthesis, when it is installed. Offline, always.

Slow and low by default (130 words a minute, pitch 40, a soft female variant, a little gap
between words) because a hurried voice undoes a relaxation practice. Each line is rendered once
and cached by a hash of its text and the settings.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from audio.cache import Entry, WavCache
from audio.format import TARGET_LUFS
from audio.recorded import PREP_VERSION, cache_stem
from audio.voice import VoiceProblem
from calm.digests import short_name
from calm.practice.events import Narration

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True)
class EspeakSettings:
    """How espeak-ng speaks: voice (+variant), words per minute, pitch 0-99, gap between words."""

    voice: str = "en+f3"
    speed_wpm: int = 130
    pitch: int = 40
    word_gap_10ms: int = 2
    executable: str = "espeak-ng"

    def arguments(self) -> list[str]:
        """Command-line options for these settings."""
        return [
            "-v",
            self.voice,
            "-s",
            str(self.speed_wpm),
            "-p",
            str(self.pitch),
            "-g",
            str(self.word_gap_10ms),
        ]


class EspeakVoice:
    """Speaks a line with espeak-ng; has nothing to say when espeak-ng is not on the PATH."""

    name = "espeak"

    def __init__(
        self,
        cache_folder: Path,
        settings: EspeakSettings | None = None,
        search_path: str | None = None,
    ):
        self.settings = settings or EspeakSettings()
        self.cache = WavCache(cache_folder)
        # `search_path` stands in for $PATH (tests use it to pretend espeak is not installed).
        self.executable = shutil.which(self.settings.executable, path=search_path)

    @property
    def installed(self) -> bool:
        """Whether espeak-ng was found."""
        return self.executable is not None

    def entry(self, narration: Narration) -> Entry | None:
        """Where the spoken line is cached (no numpy needed); None without espeak or text."""
        text = narration.text.strip()
        if not text or self.executable is None:
            return None
        identity = f"{PREP_VERSION}|{TARGET_LUFS}|{self.settings}|{text}"
        key = short_name(identity)
        return Entry(self.cache, cache_stem("espeak", narration), key)

    def render(self, narration: Narration) -> np.ndarray | None:
        """The spoken line, from the cache or freshly synthesised; None without espeak or text."""
        entry = self.entry(narration)
        if entry is None:
            return None
        pcm = self.cache.load(entry.stem, entry.key)
        if pcm is None:
            pcm = self._synthesise(narration.text.strip())
            self.cache.save(entry.stem, entry.key, pcm)
        return pcm

    def _synthesise(self, text: str) -> np.ndarray:
        from audio.speechprep import decode_file, prepare_speech  # numpy: only when making

        with tempfile.TemporaryDirectory(prefix="calm-espeak-") as folder:
            out = Path(folder) / "line.wav"
            command = [str(self.executable), *self.settings.arguments(), "-w", str(out), "--stdin"]
            try:
                subprocess.run(
                    command, input=text.encode(), capture_output=True, timeout=60, check=True
                )
                samples, rate = decode_file(out)
            except Exception as error:  # a crash, a timeout, or output pydub cannot read
                raise VoiceProblem(f"speech synthesis failed ({error})") from error
        pcm = prepare_speech(samples, rate)
        if pcm is None:
            raise VoiceProblem("speech synthesis produced only silence")
        return pcm

"""The sound package keeps to its side of the layout: no Qt, and pygame only when playing."""

from __future__ import annotations

import subprocess
import sys


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint(' '.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_audio_never_loads_qt_and_only_the_engine_loads_pygame():
    """Qt in audio/ would tie sound to the window; pygame at start-up would slow every launch."""
    modules = [
        "bank",
        "beds",
        "cache",
        "engine",
        "envelope",
        "espeak",
        "loudness",
        "mixdown",
        "pcm",
        "ramps",
        "recorded",
        "render",
        "sounds",
        "speechprep",
        "synth",
        "voice",
        "wavfile",
    ]
    light = _loaded_after("\n".join(f"import audio.{name}" for name in modules))
    assert not any(m.startswith("PySide6") for m in light)
    assert "pygame" not in light and "pydub" not in light and "pyloudnorm" not in light
    playing = _loaded_after("import audio.pygame_engine")
    assert "pygame" in playing and not any(m.startswith("PySide6") for m in playing)


def test_synthesising_every_built_in_sound_needs_no_scipy(tmp_path):
    """scipy is not installed with the app: a sound needing it would fail on a user's machine."""
    statement = (
        "import numpy as np\n"
        "from pathlib import Path\n"
        "from audio.cache import SoundCache\n"
        "from audio.sounds import BUILT_IN, breath_tone_spec\n"
        "from audio.speechprep import prepare_speech\n"
        "from calm.practice.events import Phase\n"
        f"cache = SoundCache(Path({str(tmp_path)!r}))\n"
        "for spec in BUILT_IN.values():\n"
        "    cache.get(spec)\n"
        "cache.get(breath_tone_spec(Phase.INHALE, 4000))\n"
        "t = np.arange(22050) / 22050\n"
        "prepare_speech(np.sin(2 * np.pi * 220 * t) * 0.3, 22050)\n"
        "assert cache.stats.rendered == len(BUILT_IN) + 1"
    )
    loaded = _loaded_after(statement)
    assert "audio.beds" in loaded and "audio.speechprep" in loaded
    assert not any(m == "scipy" or m.startswith("scipy.") for m in loaded)

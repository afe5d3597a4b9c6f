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

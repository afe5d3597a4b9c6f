"""pygame is loaded only by the engine that plays (import-linter cannot see what a module
loads lazily, so this one rule is probed at run time); synthesis and caching stay light."""

from __future__ import annotations

import subprocess
import sys


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint(' '.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_only_the_engine_loads_pygame():
    """pygame at start-up would slow every launch and hold a sound device for nothing."""
    modules = [
        "bank",
        "beds",
        "cache",
        "engine",
        "engine_sounds",
        "envelope",
        "espeak",
        "format",
        "live",
        "loudness",
        "mixdown",
        "pcm",
        "prepare",
        "ramps",
        "recipe",
        "recorded",
        "render",
        "sounds",
        "speechprep",
        "synth",
        "voice",
        "wavfile",
    ]
    light = _loaded_after("\n".join(f"import audio.{name}" for name in modules))
    assert "pygame" not in light and "pydub" not in light and "pyloudnorm" not in light
    playing = _loaded_after("import audio.pygame_engine")
    assert "pygame" in playing


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


def test_a_practice_plays_without_numpy_in_the_player(tmp_path):
    """numpy costs the player 16 MB: sounds not cached yet are made by a helper process, and
    the player itself only reads cached samples (if this fails, memory use grows again)."""
    statement = (
        "import os\n"
        "os.environ['SDL_AUDIODRIVER'] = 'dummy'\n"
        "from calm.paths import AppPaths\n"
        "from calm.practice.library import load_library\n"
        "from calm.practice.timeline import compile_timeline\n"
        "from audio.bank import open_bank\n"
        "from audio.device import open_engine\n"
        f"paths = AppPaths.from_environment({{'CALM_HOME': {str(tmp_path)!r}}}).ensure()\n"
        "script = load_library().get('box-breathing')\n"
        "events = compile_timeline(script, script.variants[0].id).events\n"
        "engine = open_engine(open_bank(paths), probe=False)\n"
        "engine.preload(events)\n"
        "for event in events[:40]:\n"
        "    engine.play_event(event)\n"
        "assert engine.available and engine.bank.sounds.stats.loaded > 0\n"
        "engine.stop(0)\n"
        "engine.close()"
    )
    loaded = _loaded_after(statement)
    assert "pygame" in loaded and "audio.pygame_engine" in loaded
    assert "numpy" not in loaded and "pydub" not in loaded
    assert "_hashlib" not in loaded  # OpenSSL's 4 MB: checksums are Python's own (calm/digests.py)
    assert "pkg_resources" not in loaded  # pygame's way to its own data files: 12 MB
    assert list((tmp_path / "cache" / "sounds").glob("*.wav"))  # made by the helper

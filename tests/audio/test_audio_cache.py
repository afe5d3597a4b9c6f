"""The sound cache: render once, reuse, rebuild on a parameter change or a damaged file."""

from __future__ import annotations

import wave

import numpy as np
import pytest

from audio.cache import SoundCache
from audio.sounds import BELLS
from audio.wavfile import DamagedSoundFile, read_wav, write_wav

# A short bowl keeps these tests quick; the cache does not care how long a sound is.
SHORT_BOWL = BELLS["bowl"].with_params(length_ms=400, tail_ms=100)


@pytest.fixture
def folder(paths):
    return paths.cache / "sounds"


def test_a_sound_is_rendered_once_then_read_from_disk(folder):
    """Re-rendering every sound at each start would make the app slow to begin a practice."""
    first = SoundCache(folder)
    pcm = first.get(SHORT_BOWL)
    assert first.get(SHORT_BOWL) is pcm and first.stats.rendered == 1
    files = list(folder.glob("*.wav"))
    assert [f.name for f in files] == [f"bowl-{SHORT_BOWL.key}.wav"]
    second = SoundCache(folder)  # a new run of the app
    assert np.array_equal(second.get(SHORT_BOWL), pcm)
    assert (second.stats.rendered, second.stats.loaded) == (0, 1)


def test_the_cached_file_is_a_playable_wav(folder):
    """A cache file other players cannot open would suggest the sound itself is broken."""
    SoundCache(folder).get(SHORT_BOWL)
    with wave.open(str(folder / f"bowl-{SHORT_BOWL.key}.wav")) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (2, 2, 44100)
        assert w.getnframes() == SHORT_BOWL.frames


def test_changing_a_parameter_rebuilds_and_removes_the_old_file(folder):
    """A tweak to a sound that kept playing the old one would make the change look broken."""
    cache = SoundCache(folder)
    old = cache.get(SHORT_BOWL)
    higher = SHORT_BOWL.with_params(f0_hz=240.0)
    new = SoundCache(folder).get(higher)
    assert not np.array_equal(old, new)
    assert [f.name for f in folder.glob("*.wav")] == [f"bowl-{higher.key}.wav"]


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],  # truncated (power cut while copying)
        lambda raw: b"garbage" * 100,  # not a WAV at all
        lambda raw: raw[:44] + bytes(1000) + raw[1044:],  # samples overwritten
        lambda raw: b"",  # empty file
    ],
    ids=["truncated", "garbage", "overwritten", "empty"],
)
def test_a_damaged_cache_file_is_rebuilt(folder, damage):
    """A damaged cache file must never be played as noise, nor stop the practice."""
    good = SoundCache(folder).get(SHORT_BOWL)
    path = folder / f"bowl-{SHORT_BOWL.key}.wav"
    path.write_bytes(damage(path.read_bytes()))
    cache = SoundCache(folder)
    assert np.array_equal(cache.get(SHORT_BOWL), good)
    assert (cache.stats.repaired, cache.stats.rendered) == (1, 1)
    assert np.array_equal(read_wav(path, SHORT_BOWL.frames), good)  # the file is whole again


def test_writing_is_atomic_and_leaves_no_temporary_files(tmp_path):
    """Half-written files or leftovers would fill the cache folder over months of use."""
    pcm = np.arange(2000, dtype=np.int16).reshape(1000, 2)
    path = tmp_path / "x-0123456789abcdef.wav"
    write_wav(path, pcm)
    write_wav(path, pcm[::-1].copy())  # replace in place
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
    assert np.array_equal(read_wav(path), pcm[::-1])
    with pytest.raises(DamagedSoundFile):
        read_wav(path, expected_frames=999)


def test_an_unwritable_cache_still_gives_the_sound(tmp_path):
    """A full or read-only disk should cost a re-render, not the bell."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    cache = SoundCache(blocker / "sounds")
    assert len(cache.get(SHORT_BOWL)) == SHORT_BOWL.frames

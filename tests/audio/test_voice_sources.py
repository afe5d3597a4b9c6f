"""Narration: recorded files in every format, espeak-ng, and the chime-and-caption fallback."""

from __future__ import annotations

import shutil
import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest

from audio.bank import open_bank
from audio.espeak import EspeakVoice
from audio.pcm import SAMPLE_RATE, frames_to_ms, peak_dbfs
from audio.sounds import BELLS
from audio.speechprep import loudness_lufs
from calm.practice.events import Narration, Phase

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng missing")
needs_ffmpeg = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg missing")


def _speechlike(seconds: float, rate: int, level_db: float) -> np.ndarray:
    """A voiced, syllable-paced signal: loud enough to measure, shaped like speech."""
    t = np.arange(int(seconds * rate)) / rate
    voice = sum(np.sin(2 * np.pi * 140 * k * t) / k for k in range(1, 12))
    syllables = np.clip(np.sin(2 * np.pi * 3.5 * t), 0, None) ** 2
    x = voice * syllables
    return x / np.max(np.abs(x)) * 10 ** (level_db / 20)


def _write_wav(path: Path, samples: np.ndarray, rate: int) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((samples * 32767).astype("<i2").tobytes())
    return path


def _recording(folder: Path, name: str, level_db: float = -12.0, rate: int = 48_000) -> Path:
    """A 2-second 'recording' with a second of silence before and half a second after."""
    silence = np.zeros(rate)
    body = _speechlike(2.0, rate, level_db)
    return _write_wav(folder / name, np.concatenate([silence, body, silence[: rate // 2]]), rate)


def _line(audio: Path | None, text: str = "Let your shoulders soften.", key: str = "intro-2"):
    return Narration(
        text=text,
        caption=text,
        audio=str(audio) if audio else None,
        duration_ms=3000,
        practice_id="body-scan",
        key=key,
    )


@pytest.fixture
def no_espeak(tmp_path) -> str:
    """A search path with no espeak-ng on it."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    return str(empty)


def test_a_recorded_wav_is_converted_trimmed_and_normalised(paths, tmp_path):
    """A recording left at 48 kHz, with its silence, or at its own level would play wrong."""
    bank = open_bank(paths)
    speech = bank.speech(_line(_recording(tmp_path, "quiet.wav", level_db=-30)))
    assert speech.source == "recorded" and speech.warnings == ()
    pcm = speech.pcm
    assert pcm.dtype == np.int16 and pcm.shape[1] == 2
    # 2 s of sound; the 1.5 s of silence is gone (a little margin is kept at each end).
    assert 1800 <= speech.duration_ms <= 2250
    assert abs(loudness_lufs(pcm / 32767.0) - (-20)) < 1.0
    assert peak_dbfs(pcm) <= -1.0


def test_recordings_at_different_levels_come_out_equally_loud(paths, tmp_path):
    """One file much louder than the next would jolt a listener with eyes closed."""
    bank = open_bank(paths)
    quiet = bank.speech(_line(_recording(tmp_path, "a.wav", -36), key="a")).pcm
    loud = bank.speech(_line(_recording(tmp_path, "b.wav", -3, rate=22_050), key="b")).pcm
    levels = [loudness_lufs(x / 32767.0) for x in (quiet, loud)]
    assert abs(levels[0] - levels[1]) < 1.0


@needs_ffmpeg
@pytest.mark.parametrize("suffix", [".mp3", ".ogg", ".flac"])
def test_compressed_recordings_play_through_ffmpeg(paths, tmp_path, suffix):
    """A therapist's MP3 or OGG recording that fell back to espeak would lose their voice."""
    source = _recording(tmp_path, "line.wav")
    encoded = tmp_path / f"line{suffix}"
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-y", "-i", str(source), str(encoded)], check=True
    )
    speech = open_bank(paths).speech(_line(encoded))
    assert speech.source == "recorded" and speech.warnings == ()
    assert 1800 <= speech.duration_ms <= 2300
    assert abs(loudness_lufs(speech.pcm / 32767.0) - (-20)) < 1.5


def test_a_prepared_recording_is_cached_until_the_file_changes(paths, tmp_path):
    """Decoding every recording at each start would delay the practice; edits must show."""
    path = _recording(tmp_path, "line.wav")
    first = open_bank(paths).speech(_line(path)).pcm
    voice_cache = paths.cache / "voice"
    assert len(list(voice_cache.glob("rec-*.wav"))) == 1
    assert np.array_equal(open_bank(paths).speech(_line(path)).pcm, first)
    _recording(tmp_path, "line.wav", level_db=-12, rate=22_050)  # the therapist re-records
    again = open_bank(paths).speech(_line(path)).pcm
    assert len(list(voice_cache.glob("rec-*.wav"))) == 1  # the old preparation is replaced
    assert len(again) != len(first) or not np.array_equal(again, first)


@needs_espeak
def test_a_missing_file_warns_with_practice_and_step_and_espeak_speaks(paths, tmp_path):
    """A silently missing recording would leave the therapist unaware the voice is wrong."""
    speech = open_bank(paths).speech(_line(tmp_path / "gone.mp3"))
    assert speech.source == "espeak" and len(speech.pcm) > SAMPLE_RATE // 2
    (warning,) = speech.warnings
    assert "body-scan" in warning and "intro-2" in warning and "missing" in warning
    assert "gone.mp3" in warning and "synthesised speech" in warning


@pytest.mark.parametrize("content", [b"\xff\xfb garbage, not audio" * 50, b""])
def test_a_damaged_file_warns_and_falls_through_to_the_next_source(
    paths, tmp_path, no_espeak, content
):
    """A damaged file must never crash the practice or play as noise."""
    broken = tmp_path / "broken.mp3"
    broken.write_bytes(content)
    speech = open_bank(paths, search_path=no_espeak).speech(_line(broken))
    assert speech.source == "caption"
    assert np.array_equal(speech.pcm, open_bank(paths).sounds.get(BELLS["chime"]))
    (warning,) = speech.warnings
    assert "body-scan" in warning and "intro-2" in warning and "cannot be read" in warning


def test_a_silent_recording_warns_and_falls_through(paths, tmp_path, no_espeak):
    """A file that holds only silence would leave a gap where the instruction should be."""
    silent = _write_wav(tmp_path / "silent.wav", np.zeros(48_000), 48_000)
    speech = open_bank(paths, search_path=no_espeak).speech(_line(silent))
    assert speech.source == "caption" and "silent" in speech.warnings[0]


def test_without_espeak_a_line_gets_the_chime_and_its_caption(paths, no_espeak):
    """Eyes closed, a user must hear that a new instruction is on screen."""
    bank = open_bank(paths, search_path=no_espeak)
    speech = bank.speech(_line(None))
    assert speech.source == "caption" and not speech.is_voice and speech.warnings == ()
    assert np.array_equal(speech.pcm, bank.sounds.get(BELLS["chime"]))
    assert bank.phase_word(Phase.INHALE) is None  # no chime on every breath


@needs_espeak
def test_espeak_speaks_slowly_normalised_and_cached_by_text(paths):
    """A fast or loud synthetic voice would undo the relaxation; re-synthesis wastes start time."""
    voice = EspeakVoice(paths.cache / "voice")
    assert voice.installed and "-s" in voice.settings.arguments()
    line = _line(None, "Notice the breath moving in, and moving out.")
    pcm = voice.render(line)
    assert 2000 < frames_to_ms(len(pcm)) < 6000  # about nine words at 130 a minute
    assert abs(loudness_lufs(pcm / 32767.0) - (-20)) < 1.0
    again = EspeakVoice(paths.cache / "voice")
    assert np.array_equal(again.render(line), pcm) and again.cache.stats.loaded == 1
    changed = again.render(_line(None, "Notice the breath."))
    assert len(changed) < len(pcm)
    assert len(list((paths.cache / "voice").glob("espeak-body-scan-intro-2-*.wav"))) == 1


@needs_espeak
def test_phase_words_are_spoken_for_each_phase(paths):
    """With `spoken` breaths a listener expects to hear "in", "out" and "hold"."""
    bank = open_bank(paths)
    words = {phase: bank.phase_word(phase) for phase in Phase}
    assert all(w is not None and 100 < frames_to_ms(len(w)) < 1500 for w in words.values())
    assert words[Phase.HOLD_IN] is words[Phase.HOLD_OUT]
    assert not np.array_equal(words[Phase.INHALE][:1000], words[Phase.EXHALE][:1000])

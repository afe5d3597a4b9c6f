"""Turning any speech recording into the mixer's format: decode, resample, trim, normalise.

Voices from different files (a therapist's phone, a studio, espeak) should sound equally loud,
so every clip is measured with the ITU-R BS.1770 loudness meter (`audio.loudness`, which
agrees with pyloudnorm) and brought to about -20 LUFS, then capped at -1 dBFS peak. Silence
before and after the words is trimmed so a cue lands when the voice starts, not when the
recording did.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from audio.format import TARGET_LUFS
from audio.loudness import integrated_loudness, resample
from audio.pcm import SAMPLE_RATE, db_to_gain, fade_edges, ms_to_frames, to_pcm

_WINDOW_MS = 10


def decode_file(path: Path) -> tuple[np.ndarray, int]:
    """Float samples (frames, channels) and the sample rate of any file ffmpeg can read.

    Raises whatever pydub raises for a file it cannot decode; the caller words the warning.
    """
    from pydub import AudioSegment  # pydub is only needed when a recording is used

    segment = AudioSegment.from_file(str(path)).set_sample_width(2)
    samples = np.array(segment.get_array_of_samples(), dtype=np.float64) / 32768
    return samples.reshape(-1, segment.channels), segment.frame_rate


def to_mixer_rate(samples: np.ndarray, rate: int) -> np.ndarray:
    """Resample to 44.1 kHz (band-limited, so nothing aliases) and make it stereo."""
    x = resample(samples if samples.ndim == 2 else samples[:, None], rate)
    if x.shape[1] == 1:
        x = np.repeat(x, 2, axis=1)
    return x[:, :2]


def _frames(ms: float, rate: int) -> int:
    return int(round(ms * rate / 1000))


def trim_silence(
    x: np.ndarray, rate: int = SAMPLE_RATE, floor_db: float = -50.0, range_db: float = 45.0
) -> np.ndarray:
    """Cut leading and trailing silence (quieter than both `floor_db` and peak - `range_db`).

    A little margin is kept on each side (40 ms before, 120 ms after) so soft consonants and
    the breath at the end of a phrase survive.
    """
    window = _frames(_WINDOW_MS, rate)
    count = len(x) // window
    if count == 0:
        return x[:0]
    mono = np.mean(x[: count * window], axis=1).reshape(count, window)
    level = 10 * np.log10(np.mean(mono**2, axis=1) + 1e-12)
    threshold = max(floor_db, float(level.max()) - range_db)
    loud = np.flatnonzero(level > threshold)
    if loud.size == 0:
        return x[:0]
    start = max(loud[0] * window - _frames(40, rate), 0)
    end = min((loud[-1] + 1) * window + _frames(120, rate), len(x))
    return x[start:end]


def loudness_lufs(x: np.ndarray, rate: int = SAMPLE_RATE) -> float:
    """Integrated loudness (BS.1770) of float (frames, channels). A clip under half a second
    is measured looped: the loudness of the word itself, not of the word plus padding."""
    if len(x) == 0:
        return float("-inf")
    minimum = _frames(500, rate)
    if len(x) < minimum:
        x = np.tile(x, (minimum // len(x) + 1, 1))
    return float(integrated_loudness(x, rate))


def prepare_speech(
    samples: np.ndarray, rate: int, target_lufs: float = TARGET_LUFS
) -> np.ndarray | None:
    """Decoded speech to mixer PCM: trimmed, normalised to `target_lufs` (never above -1 dBFS),
    resampled and made stereo, with short fades at the cuts. None if it is all silence."""
    x = samples if samples.ndim == 2 else samples[:, None]
    trimmed = trim_silence(x[:, :2], rate)
    if len(trimmed) == 0:
        return None
    # Measured before resampling and before a mono voice is copied to both ears (which adds
    # 3.01 dB by BS.1770's sum over channels): the same figure for half the work.
    loudness = loudness_lufs(trimmed, rate)
    if trimmed.shape[1] == 1:
        loudness += 10 * math.log10(2)
    stereo = to_mixer_rate(trimmed, rate)
    fade_edges(stereo, ms_to_frames(5), ms_to_frames(20))
    if not math.isfinite(loudness):
        return to_pcm(stereo)
    return to_pcm(stereo * db_to_gain(target_lufs - loudness))

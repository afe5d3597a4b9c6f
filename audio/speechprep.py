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

from audio.loudness import integrated_loudness, resample
from audio.pcm import db_to_gain, fade_edges, ms_to_frames, to_pcm

TARGET_LUFS = -20.0
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


def trim_silence(x: np.ndarray, floor_db: float = -50.0, range_db: float = 45.0) -> np.ndarray:
    """Cut leading and trailing silence (quieter than both `floor_db` and peak - `range_db`).

    A little margin is kept on each side (40 ms before, 120 ms after) so soft consonants and
    the breath at the end of a phrase survive, and short fades make the cuts silent.
    """
    window = ms_to_frames(_WINDOW_MS)
    count = len(x) // window
    if count == 0:
        return x[:0]
    mono = np.mean(x[: count * window], axis=1).reshape(count, window)
    level = 10 * np.log10(np.mean(mono**2, axis=1) + 1e-12)
    threshold = max(floor_db, float(level.max()) - range_db)
    loud = np.flatnonzero(level > threshold)
    if loud.size == 0:
        return x[:0]
    start = max(loud[0] * window - ms_to_frames(40), 0)
    end = min((loud[-1] + 1) * window + ms_to_frames(120), len(x))
    return fade_edges(np.array(x[start:end]), ms_to_frames(5), ms_to_frames(20))


def loudness_lufs(x: np.ndarray) -> float:
    """Integrated loudness (BS.1770). A clip under half a second is measured looped, which
    gives the loudness of the word itself rather than of the word plus padding."""
    if len(x) == 0:
        return float("-inf")
    minimum = ms_to_frames(500)
    if len(x) < minimum:
        x = np.tile(x, (minimum // len(x) + 1, 1))
    return float(integrated_loudness(x))


def normalise(x: np.ndarray, target_lufs: float = TARGET_LUFS) -> np.ndarray:
    """Bring float stereo speech to `target_lufs`, never peaking above -1 dBFS; int16 PCM."""
    loudness = loudness_lufs(x)
    if not math.isfinite(loudness):
        return to_pcm(x)
    return to_pcm(x * db_to_gain(target_lufs - loudness))


def prepare_speech(samples: np.ndarray, rate: int) -> np.ndarray | None:
    """Decoded speech to mixer PCM: resampled, trimmed, normalised. None if it is all silence."""
    trimmed = trim_silence(to_mixer_rate(samples, rate))
    if len(trimmed) == 0:
        return None
    return normalise(trimmed)

"""numpy helpers for the app's one sound format (audio/format.py: 44.1 kHz, 16-bit, stereo).

Every finished sound is a C-contiguous int16 numpy array shaped (frames, 2): what the pygame
mixer takes as is, what the cache stores as WAV and what the renderer mixes.
"""

from __future__ import annotations

import numpy as np

from audio.format import (  # noqa: F401 (the format's names, for the synthesis code)
    CHANNELS,
    FULL_SCALE,
    PEAK_LIMIT_DBFS,
    SAMPLE_RATE,
    SAMPLE_WIDTH,
    db_to_gain,
    frames_to_ms,
    ms_to_frames,
)


def peak_dbfs(samples: np.ndarray) -> float:
    """The highest absolute sample, in dB below full scale (-inf for silence)."""
    if samples.size == 0:
        return float("-inf")
    scale = FULL_SCALE if samples.dtype == np.int16 else 1.0
    peak = float(np.max(np.abs(samples.astype(np.float64)))) / scale
    return 20 * np.log10(peak) if peak > 0 else float("-inf")


def to_stereo(mono_or_stereo: np.ndarray) -> np.ndarray:
    """A (frames, 2) float array from a mono (frames,) or stereo (frames, 2) one."""
    x = np.asarray(mono_or_stereo)
    if x.ndim == 1:
        return np.repeat(x[:, None], 2, axis=1)
    return x


def to_pcm(samples: np.ndarray, peak_db: float | None = None) -> np.ndarray:
    """Float samples in [-1, 1] to int16 stereo. With `peak_db`, scale so the peak sits there.

    The result never peaks above PEAK_LIMIT_DBFS whatever the input, so a loud mistake in a
    synthesis parameter cannot reach a listener's ears at full scale.
    """
    x = to_stereo(np.asarray(samples, dtype=np.float64))
    peak = float(np.max(np.abs(x))) if x.size else 0.0
    if peak > 0:
        target = db_to_gain(min(peak_db, PEAK_LIMIT_DBFS)) if peak_db is not None else None
        limit = db_to_gain(PEAK_LIMIT_DBFS)
        if target is not None:
            x = x * (target / peak)
        elif peak > limit:
            x = x * (limit / peak)
    return np.ascontiguousarray(np.round(x * FULL_SCALE).astype(np.int16))


def to_float(pcm: np.ndarray) -> np.ndarray:
    """int16 stereo to float32 in [-1, 1]."""
    return pcm.astype(np.float32) / FULL_SCALE


def raised_cosine(n: int) -> np.ndarray:
    """A smooth 0→1 ramp of n samples (half a cosine), for fades that never click."""
    if n <= 0:
        return np.zeros(0)
    return 0.5 - 0.5 * np.cos(np.pi * (np.arange(n) + 0.5) / n)


def fade_edges(x: np.ndarray, fade_in: int, fade_out: int) -> np.ndarray:
    """Apply raised-cosine fades to the first `fade_in` and last `fade_out` frames (in place)."""
    n = len(x)
    fade_in, fade_out = min(fade_in, n), min(fade_out, n)
    shape = (-1, 1) if x.ndim == 2 else (-1,)
    if fade_in:
        x[:fade_in] *= raised_cosine(fade_in).reshape(shape)
    if fade_out:
        x[n - fade_out :] *= raised_cosine(fade_out)[::-1].reshape(shape)
    return x

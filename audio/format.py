"""The one sound format used inside the app — 44.1 kHz, 16-bit, stereo — in plain Python.

Apart from audio/pcm.py (the numpy helpers for making sounds) so that the live engine can
name frames and milliseconds without loading numpy: with every sound cached, the window and
the terminal player never need it (pygame reads the cached samples itself).
"""

from __future__ import annotations

SAMPLE_RATE = 44_100
CHANNELS = 2
SAMPLE_WIDTH = 2  # bytes: 16-bit
FRAME_BYTES = CHANNELS * SAMPLE_WIDTH
FULL_SCALE = 32_767
PEAK_LIMIT_DBFS = -1.0  # no sound we make may peak above this
TARGET_LUFS = -20.0  # every voice, whatever its source, is brought to this loudness


def ms_to_frames(ms: int | float) -> int:
    """Frames in `ms` milliseconds, rounded to the nearest frame (exact for integer ms × 44.1)."""
    if isinstance(ms, int):
        return (ms * 441 + 5) // 10
    return int(round(ms * SAMPLE_RATE / 1000))


def frames_to_ms(frames: int) -> float:
    """Milliseconds that `frames` frames last."""
    return frames * 1000 / SAMPLE_RATE


def db_to_gain(db: float) -> float:
    """Linear gain for a level in decibels."""
    return float(10 ** (db / 20))

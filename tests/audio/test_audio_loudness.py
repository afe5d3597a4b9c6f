"""Our BS.1770 loudness meter agrees with pyloudnorm, and resampling keeps pitch and length."""

from __future__ import annotations

import numpy as np
import pytest

from audio.loudness import integrated_loudness, resample
from audio.pcm import SAMPLE_RATE


def _signals() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(7)
    t = np.arange(2 * SAMPLE_RATE) / SAMPLE_RATE
    fade_in = np.linspace(0, 1, SAMPLE_RATE)[:, None]
    return {
        "noise": rng.standard_normal((3 * SAMPLE_RATE, 2)) * 0.05,
        "sine 1 kHz": np.stack([np.sin(2 * np.pi * 997 * t) * 0.1] * 2, axis=1),
        "rumble": np.stack([np.sin(2 * np.pi * 50 * t) * 0.3] * 2, axis=1),
        "hiss": np.stack([np.sin(2 * np.pi * 9000 * t) * 0.05] * 2, axis=1),
        "pauses": np.concatenate(
            [np.zeros((SAMPLE_RATE, 2)), rng.standard_normal((SAMPLE_RATE, 2)) * 0.3 * fade_in]
        ),
        "one ear": np.stack([rng.standard_normal(SAMPLE_RATE) * 0.1, np.zeros(SAMPLE_RATE)], 1),
    }


# pyloudnorm 0.2.0's readings of the signals above (importing it costs about 2 s, so the
# figures are kept here; regenerate with `pyloudnorm.Meter(44100).integrated_loudness(x)`).
PYLOUDNORM = {
    "noise": -19.942,
    "sine 1 kHz": -20.042,
    "rumble": -15.112,
    "hiss": -22.713,
    "pauses": -10.087,
    "one ear": -16.929,
}


def test_loudness_matches_pyloudnorm():
    """If our meter read differently, recordings would be normalised to the wrong level."""
    for name, x in _signals().items():
        assert integrated_loudness(x) == pytest.approx(PYLOUDNORM[name], abs=0.05), name


def test_a_1khz_sine_at_minus_20_dbfs_reads_minus_20_lufs():
    """The standard's own calibration point: a meter off here is off everywhere."""
    t = np.arange(SAMPLE_RATE) / SAMPLE_RATE
    x = np.stack([np.sin(2 * np.pi * 997 * t) * 0.1] * 2, axis=1)
    assert integrated_loudness(x) == pytest.approx(-20.0, abs=0.1)
    assert integrated_loudness(np.zeros((SAMPLE_RATE, 2))) == float("-inf")


@pytest.mark.parametrize("rate", [8000, 16_000, 22_050, 24_000, 48_000, 96_000])
def test_resampling_keeps_pitch_and_length(rate):
    """A voice resampled wrongly would sound higher, lower, or drift out of time."""
    seconds = 1.5
    t = np.arange(int(seconds * rate)) / rate
    y = resample(np.sin(2 * np.pi * 440 * t)[:, None], rate)
    assert len(y) == round(seconds * SAMPLE_RATE)
    expected = np.sin(2 * np.pi * 440 * np.arange(len(y)) / SAMPLE_RATE)
    middle = slice(SAMPLE_RATE // 10, -SAMPLE_RATE // 10)
    assert np.max(np.abs(y[middle, 0] - expected[middle])) < 1e-3

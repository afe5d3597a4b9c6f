"""Loudness (ITU-R BS.1770-4, as pyloudnorm measures it) and resampling, in plain numpy.

pyloudnorm would bring scipy with it (a large install, and a slow import paid at the start of a
practice whose speech is not cached yet). These few lines give the same figures (tests compare
them with pyloudnorm's) without either. Clips are short (seconds to a
minute), so filtering is done in the frequency domain on the whole clip.
"""

from __future__ import annotations

import math

import numpy as np

from audio.pcm import SAMPLE_RATE

_BLOCK_S = 0.4  # gating block
_STEP = 0.25  # 75 % overlap
_ABSOLUTE_GATE = -70.0
_RELATIVE_GATE = -10.0


def _power_response(b: np.ndarray, a: np.ndarray, cos1: np.ndarray, cos2: np.ndarray):
    """|H|² of a biquad at frequencies given by cos(w) and cos(2w): real arithmetic only."""
    top = b @ b + 2 * (b[0] * b[1] + b[1] * b[2]) * cos1 + 2 * b[0] * b[2] * cos2
    bottom = a @ a + 2 * (a[0] * a[1] + a[1] * a[2]) * cos1 + 2 * a[0] * a[2] * cos2
    return top / bottom


def _k_weighting(freqs: np.ndarray, rate: int) -> np.ndarray:
    """Magnitude response of BS.1770's two stages: a +4 dB shelf above ~1.5 kHz (the head's
    effect) and a high-pass at 38 Hz (the ear's insensitivity to rumble).

    Applied with zero phase: block energies, all the meter uses, are the same as through the
    causal filters (tests hold it to pyloudnorm within 0.05 LU), at a fraction of the cost.
    """
    gain, q, fc = 4.0, 1 / math.sqrt(2), 1500.0
    big_a = 10 ** (gain / 40)
    w0 = 2 * math.pi * fc / rate
    alpha, cos = math.sin(w0) / (2 * q), math.cos(w0)
    root = 2 * math.sqrt(big_a) * alpha
    shelf_b = np.array(
        [
            big_a * ((big_a + 1) + (big_a - 1) * cos + root),
            -2 * big_a * ((big_a - 1) + (big_a + 1) * cos),
            big_a * ((big_a + 1) + (big_a - 1) * cos - root),
        ]
    )
    shelf_a = np.array(
        [
            (big_a + 1) - (big_a - 1) * cos + root,
            2 * ((big_a - 1) - (big_a + 1) * cos),
            (big_a + 1) - (big_a - 1) * cos - root,
        ]
    )
    w0 = 2 * math.pi * 38.0 / rate
    alpha, cos = math.sin(w0) / (2 * 0.5), math.cos(w0)
    pass_b = np.array([(1 + cos) / 2, -(1 + cos), (1 + cos) / 2])
    pass_a = np.array([1 + alpha, -2 * cos, 1 - alpha])
    cos1 = np.cos(2 * np.pi * freqs / rate)
    cos2 = 2 * cos1 * cos1 - 1
    power = _power_response(shelf_b, shelf_a, cos1, cos2) * _power_response(
        pass_b, pass_a, cos1, cos2
    )
    return np.sqrt(np.maximum(power, 0.0))  # rounding can dip just below 0 at DC


def integrated_loudness(x: np.ndarray, rate: int = SAMPLE_RATE) -> float:
    """Gated integrated loudness in LUFS of float samples (frames,) or (frames, channels)."""
    data = x[:, None] if x.ndim == 1 else x
    block = int(_BLOCK_S * rate)
    if len(data) < block:
        raise ValueError("loudness needs at least 400 ms of audio")
    # Zero padding keeps the filters' ringing from wrapping round to the start.
    size = _smooth_at_least(len(data) + rate // 10)
    spectrum = np.fft.rfft(data, size, axis=0)
    spectrum *= _k_weighting(np.fft.rfftfreq(size, 1 / rate), rate)[:, None]
    weighted = np.fft.irfft(spectrum, size, axis=0)[: len(data)]
    step = int(block * _STEP)
    count = int(round((len(data) / rate - _BLOCK_S) / (_BLOCK_S * _STEP))) + 1
    power = np.concatenate([np.zeros((1, data.shape[1])), np.cumsum(weighted**2, axis=0)])
    starts = np.arange(count) * step
    ends = np.minimum(starts + block, len(data))
    z = (power[ends] - power[starts]) / block  # mean square per block and channel
    with np.errstate(divide="ignore"):
        block_loudness = -0.691 + 10 * np.log10(z.sum(axis=1))
        gated = z[block_loudness >= _ABSOLUTE_GATE]
        if len(gated) == 0:
            return float("-inf")
        relative = -0.691 + 10 * np.log10(gated.mean(axis=0).sum()) + _RELATIVE_GATE
        kept = z[(block_loudness > relative) & (block_loudness > _ABSOLUTE_GATE)]
        return float(-0.691 + 10 * np.log10(kept.mean(axis=0).sum()))


def resample(x: np.ndarray, rate: int, to_rate: int = SAMPLE_RATE) -> np.ndarray:
    """Resample float samples (frames, channels) by band-limited interpolation (FFT).

    Exact in pitch and duration; content above the lower Nyquist frequency is removed, not
    folded back. Silence is padded on both sides while resampling so nothing wraps round.
    """
    if rate == to_rate or len(x) == 0:
        return x
    unit = rate // math.gcd(rate, to_rate)  # input lengths that map to whole output frames
    pad = rate // 20
    n_in = unit * _smooth_at_least(-(-(len(x) + 2 * pad) // unit))
    padded = np.pad(x, ((pad, n_in - len(x) - pad), (0, 0)))
    n_out = n_in * to_rate // rate
    spectrum = np.fft.rfft(padded, axis=0)
    bins = n_out // 2 + 1
    if bins > len(spectrum):
        spectrum = np.pad(spectrum, ((0, bins - len(spectrum)), (0, 0)))
    out = np.fft.irfft(spectrum[:bins], n_out, axis=0) * (n_out / n_in)
    cut = int(round(pad * to_rate / rate))
    return out[cut : cut + int(round(len(x) * to_rate / rate))]


def _smooth_at_least(n: int) -> int:
    """The smallest number >= n with no prime factor above 5 (a fast FFT length)."""
    best = 1 << max(n - 1, 0).bit_length()
    five = 1
    while five < best:
        three = five
        while three < best:
            m = three
            while m < n:
                m *= 2
            best = min(best, m)
            three *= 3
        five *= 5
    return best

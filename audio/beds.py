"""Ambience beds (brown and pink noise, rain, ocean waves) that loop without a seam.

Every bed is built to be exactly periodic over its loop length: noise is shaped in the
frequency domain (an inverse FFT of a random spectrum is a periodic signal), slow level changes
use whole numbers of cycles per loop, and raindrops that fall across the end wrap round to the
start. So the last sample leads into the first just as any sample leads into the next, and the
mixer can loop the bed for an hour with no click, gap or change of level at the seam.
"""

from __future__ import annotations

import math

import numpy as np

from audio.pcm import SAMPLE_RATE, db_to_gain, ms_to_frames, to_pcm


def _spectrum_noise(rng: np.random.Generator, n: int, amplitude: np.ndarray) -> np.ndarray:
    """Periodic Gaussian noise of n samples whose amplitude spectrum follows `amplitude`."""
    bins = n // 2 + 1
    # Single precision is ample for 16-bit output and makes the FFT about three times faster.
    spectrum = np.empty(bins, dtype=np.complex64)
    spectrum.real = rng.standard_normal(bins, dtype=np.float32)
    spectrum.imag = rng.standard_normal(bins, dtype=np.float32)
    spectrum *= amplitude.astype(np.float32)
    spectrum[0] = 0.0  # no DC offset: it would thump when the bed starts or stops
    x = np.fft.irfft(spectrum, n)  # numpy's FFT keeps complex64 in single precision
    return x / (np.std(x) or 1.0)


def _freqs(n: int) -> np.ndarray:
    return np.fft.rfftfreq(n, 1 / SAMPLE_RATE)


def _band(f: np.ndarray, low_hz: float, high_hz: float) -> np.ndarray:
    """Second-order-like high-pass at `low_hz` and low-pass at `high_hz` (amplitude response)."""
    high_pass = f**2 / (f**2 + low_hz**2)
    low_pass = 1 / (1 + (f / high_hz) ** 2)
    return high_pass * low_pass


def _stereo(rng: np.random.Generator, n: int, amplitude: np.ndarray, correlation: float):
    """Two noise channels with the given correlation: wide but not hollow."""
    a = _spectrum_noise(rng, n, amplitude)
    b = _spectrum_noise(rng, n, amplitude)
    # A Python float (not np.float64) keeps the arrays in float32.
    return np.stack([a, correlation * a + math.sqrt(1 - correlation**2) * b], axis=1)


def _level(x: np.ndarray, rms_db: float, peak_db: float) -> np.ndarray:
    """Scale to `rms_db` unless that would peak above `peak_db`, then to int16 PCM."""
    rms = float(np.sqrt(np.mean(x**2))) or 1.0
    peak = float(np.max(np.abs(x))) or 1.0
    gain = min(db_to_gain(rms_db) / rms, db_to_gain(peak_db) / peak)
    return to_pcm(x * gain)


def noise_bed(
    *,
    loop_ms: int,
    slope_db_per_octave: float,
    low_hz: float,
    high_hz: float,
    seed: int,
    rms_db: float,
    peak_db: float = -3.0,
) -> np.ndarray:
    """Coloured noise: -6 dB/octave is brown (a low rumble), -3 dB/octave is pink (softer hiss)."""
    n = ms_to_frames(loop_ms)
    f = _freqs(n)
    # Power falls `slope` dB per octave: amplitude ∝ f ** (slope / 6.02).
    tilt = np.maximum(f, 1.0) ** (slope_db_per_octave / 6.02)
    x = _stereo(np.random.default_rng(seed), n, tilt * _band(f, low_hz, high_hz), 0.3)
    return _level(x, rms_db, peak_db)


def _periodic_wobble(rng: np.random.Generator, n: int, cycles: int, depth_db: float):
    """A slow level change made of whole cycles per loop (so it is itself seamless)."""
    t = np.arange(n) / n
    db = np.zeros(n)
    for k in range(1, cycles + 1):
        db += rng.uniform(-1, 1) * np.sin(2 * np.pi * k * t + rng.uniform(0, 2 * np.pi)) / k
    db *= depth_db / (np.max(np.abs(db)) or 1.0)
    return 10 ** (db / 20)


def rain_bed(
    *,
    loop_ms: int,
    drops_per_s: float,
    drop_hz: tuple[float, float],
    seed: int,
    rms_db: float,
    peak_db: float = -3.0,
) -> np.ndarray:
    """Steady rain: a soft band of hiss, a slow swell, and many small drops scattered across."""
    n = ms_to_frames(loop_ms)
    rng = np.random.default_rng(seed)
    f = _freqs(n)
    hiss = _stereo(rng, n, _band(f, 400, 6000) / np.sqrt(np.maximum(f, 1.0) / 400), 0.2)
    hiss *= _periodic_wobble(rng, n, 4, 1.5)[:, None]
    drops = np.zeros((n, 2))
    length = ms_to_frames(40)
    t = np.arange(length) / SAMPLE_RATE
    for _ in range(int(drops_per_s * loop_ms / 1000)):
        start = int(rng.integers(0, n))
        freq = rng.uniform(*drop_hz)
        decay = rng.uniform(120, 400)
        # A drop is a tiny bubble: a quick upward chirp that dies away within milliseconds.
        shape = np.sin(2 * np.pi * freq * t * (1 + 8 * t)) * np.exp(-decay * t)
        shape[:8] *= np.linspace(0, 1, 8)
        gain = rng.lognormal(0, 0.6) * 0.35
        pan = rng.uniform(0.15, 0.85)
        where = (start + np.arange(length)) % n  # drops falling across the end wrap round
        drops[where, 0] += gain * (1 - pan) * shape
        drops[where, 1] += gain * pan * shape
    return _level(hiss + drops, rms_db, peak_db)


def _wave_envelope(n: int, heights: tuple[float, ...], floor: float) -> np.ndarray:
    """One swell per entry of `heights`: a quicker rise, a long wash back, zero slope at joins."""
    waves = len(heights)
    position = np.arange(n, dtype=np.float64) * waves / n
    index = position.astype(int)
    phase = (position - index).astype(np.float32)
    shape = np.sin(np.float32(np.pi) * phase**0.6) ** 2
    return floor + (1 - floor) * np.asarray(heights, dtype=np.float32)[index] * shape


def ocean_bed(
    *,
    loop_ms: int,
    heights: tuple[float, ...],
    seed: int,
    rms_db: float,
    peak_db: float = -3.0,
) -> np.ndarray:
    """Waves on a shore: a deep rumble and a brighter wash that both swell with each wave."""
    n = ms_to_frames(loop_ms)
    rng = np.random.default_rng(seed)
    f = _freqs(n)
    rumble = _stereo(rng, n, _band(f, 30, 350) / np.maximum(f, 1.0) ** 0.5, 0.5)
    wash = _stereo(rng, n, _band(f, 250, 3500) / np.maximum(f, 1.0) ** 0.3, 0.3)
    swell = _wave_envelope(n, heights, 0.15)
    # The right ear hears each wave a little later: it seems to roll along the shore.
    lag = ms_to_frames(350)
    swell2 = np.stack([swell, np.roll(swell, lag)], axis=1)
    x = rumble * (0.35 + 0.65 * swell2) + 0.8 * wash * swell2**1.6
    return _level(x, rms_db, peak_db)

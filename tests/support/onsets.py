"""Finding where known sounds begin in captured audio, and when each captured frame came out.

Used to check that cues sound when the timeline says (tests/audio/test_cue_timing.py, the cue-timing
benchmark). A captured output is the sum of the sounds the mixer played, each scaled by its
gain. We know every cue's own samples, so a matched filter (cross-correlation with the first
fraction of a second of the sound) finds where it starts to the sample even under other
sounds; bells are inharmonic, so no shift by one period matches as well as the true start.
Each sound found is subtracted before the next is looked for, so a ringing bowl cannot hide
the chime struck under it. Plain numpy: no pygame, no Qt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from audio.pcm import FULL_SCALE, SAMPLE_RATE

MIN_SCORE = 0.6  # normalised correlation below this: the sound is not there
GAIN_TOLERANCE = 0.25  # a found sound's level may differ this much from the one asked for
_SAME_WRITE_MS = 2.0  # blocks that arrive closer together than this were written together


@dataclass(frozen=True)
class Cue:
    """A sound expected to start near `frame`, at `gain`; matched on its first `match` frames."""

    frame: int
    pcm: np.ndarray
    gain: float
    match: int
    label: str = ""


@dataclass(frozen=True)
class Onset:
    """Where a cue was found (None: not found), the gain it played at and how well it matched."""

    frame: int | None
    gain: float
    score: float

    @property
    def found(self) -> bool:
        """Whether the sound was found at all."""
        return self.frame is not None


def _correlate(segment: np.ndarray, template: np.ndarray, lags: int) -> np.ndarray:
    """sum over n and channels of segment[lag + n] * template[n], for lag in 0..lags-1."""
    size = 1 << int(np.ceil(np.log2(len(segment) + len(template))))
    total = np.zeros(lags)
    for channel in range(segment.shape[1]):
        spectrum = np.fft.rfft(segment[:, channel], size)
        spectrum *= np.conj(np.fft.rfft(template[:, channel], size))
        total += np.fft.irfft(spectrum, size)[:lags]
    return total


def find_onset(mix: np.ndarray, cue: Cue, before: int, after: int) -> Onset:
    """The frame in `mix` (float, full scale 1.0) where `cue` starts, searched from
    `cue.frame - before` to `cue.frame + after`; least-squares gain and normalised score."""
    template = cue.pcm[: cue.match].astype(np.float64) / FULL_SCALE
    length = len(template)
    start = max(0, cue.frame - before)
    stop = min(len(mix) - length, cue.frame + after)
    if stop < start or length == 0:
        return Onset(None, 0.0, 0.0)
    segment = mix[start : stop + length]
    correlation = _correlate(segment, template, stop - start + 1)
    # Energy of the segment under the template at every lag, for the normalised score.
    power = np.concatenate([[0.0], np.cumsum(np.sum(segment * segment, axis=1))])
    energy = power[length : length + len(correlation)] - power[: len(correlation)]
    lag = int(np.argmax(correlation))
    template_energy = float(np.sum(template * template))
    gain = float(correlation[lag]) / template_energy
    score = float(correlation[lag]) / np.sqrt(template_energy * max(energy[lag], 1e-12))
    found = score >= MIN_SCORE and abs(gain / cue.gain - 1) <= GAIN_TOLERANCE
    return Onset(start + lag if found else None, gain, score)


def locate(captured: np.ndarray, cues: Sequence[Cue], before: int, after: int) -> list[Onset]:
    """Find every cue in an int16 stereo capture, in order of `cue.frame`, subtracting each
    sound found (at its measured gain) so that it does not disturb the search for the next."""
    mix = captured.astype(np.float64) / FULL_SCALE
    found: dict[int, Onset] = {}
    for index in sorted(range(len(cues)), key=lambda i: cues[i].frame):
        found[index] = find_onset(mix, cues[index], before, after)
        _subtract(mix, cues[index], found[index])
    return [found[i] for i in range(len(cues))]


def residual(
    captured: np.ndarray,
    cues: Sequence[Cue],
    onsets: Sequence[Onset],
    start: int = 0,
    stop: int | None = None,
) -> np.ndarray:
    """Frames start..stop of the capture (float, full scale 1.0) with every found cue taken
    out: what else played. Over a steady bed this is the bed alone; a cue cut short, a gap or a
    click shows up in it."""
    mix = captured[start:stop].astype(np.float64) / FULL_SCALE
    for cue, onset in zip(cues, onsets, strict=True):
        if onset.frame is not None:
            _subtract(mix, cue, Onset(onset.frame - start, onset.gain, onset.score))
    return mix


def _subtract(mix: np.ndarray, cue: Cue, onset: Onset) -> None:
    """Take the sound out of `mix` where it was found (also when it began before `mix`)."""
    if onset.frame is None:
        return
    skip = max(0, -onset.frame)
    part = mix[max(0, onset.frame) : onset.frame + len(cue.pcm)]
    sound = cue.pcm[skip : skip + len(part)].astype(np.float64) / FULL_SCALE
    part -= onset.gain * sound


@dataclass(frozen=True)
class StreamClock:
    """When each frame of an output stream came out: `frames[i]` frames had arrived at clock
    time `times_ms[i]`. Between arrivals the stream is taken to flow evenly."""

    times_ms: np.ndarray
    frames: np.ndarray

    @classmethod
    def from_arrivals(cls, arrivals: Sequence[tuple[float, int]], frame_bytes: int = 4):
        """From (clock ms, bytes) of each block as it arrived, in order."""
        times = np.array([t for t, _ in arrivals], dtype=np.float64)
        frames = np.cumsum([n for _, n in arrivals]) / frame_bytes
        return cls(times, frames)

    def time_of(self, frame: float) -> float:
        """Clock ms at which `frame` came out."""
        return float(np.interp(frame, self.frames, self.times_ms))

    def frame_at(self, time_ms: float) -> int:
        """The frame that was coming out at clock time `time_ms`."""
        return int(round(float(np.interp(time_ms, self.times_ms, self.frames))))

    @property
    def speed(self) -> float:
        """Seconds of audio per second of clock time (1.0 for a real sound card)."""
        span = self.times_ms[-1] - self.times_ms[0]
        return float((self.frames[-1] - self.frames[0]) / SAMPLE_RATE * 1000 / span)

    def late_blocks_ms(self, start_ms: float, stop_ms: float) -> np.ndarray:
        """How much later than the stream's own steady pace each block between two clock times
        arrived (ms, >= 0). The pace is the median interval per frame; a block that came after a
        longer wait than its frames take at that pace was held up (say, the audio thread got no
        CPU for a while)."""
        inside = (self.times_ms >= start_ms) & (self.times_ms <= stop_ms)
        times, frames = self.times_ms[inside], self.frames[inside]
        # Reads a moment apart are one write seen in two parts: count them as one block.
        last = np.append(np.diff(times) >= _SAME_WRITE_MS, True)
        waits, sizes = np.diff(times[last]), np.diff(frames[last])
        pace = float(np.median(waits / sizes))
        return np.maximum(waits - sizes * pace, 0.0)


def drift_ms_per_minute(at_ms: Sequence[float], error_ms: Sequence[float]) -> tuple[float, float]:
    """Least-squares slope of error against time, in ms per minute, and its standard error."""
    minutes = np.asarray(at_ms, float) / 60_000
    fit, cov = np.polyfit(minutes, np.asarray(error_ms, float), 1, cov=True)
    return float(fit[0]), float(np.sqrt(cov[0, 0]))


def steadiness(bed: np.ndarray, window: int = 441) -> tuple[float, float, float]:
    """How steady a stretch that should be a steady bed is, channel by channel:
    (quietest window / median window level: near 0 for a gap; loudest / median: high for a
    sound cut short or left over; largest sample step / its 99.9th percentile: high for a
    click). Windows are `window` frames (10 ms)."""
    floors, peaks, jumps = [], [], []
    for channel in range(bed.shape[1]):
        x = bed[: len(bed) // window * window, channel]
        level = np.sqrt(np.mean(x.reshape(-1, window) ** 2, axis=1))
        typical = float(np.median(level)) or 1e-12
        floors.append(float(level.min()) / typical)
        peaks.append(float(level.max()) / typical)
        steps = np.abs(np.diff(x))
        jumps.append(float(steps.max()) / (float(np.percentile(steps, 99.9)) or 1e-12))
    return min(floors), max(peaks), max(jumps)

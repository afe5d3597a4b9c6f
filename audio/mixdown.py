"""The renderer's mix plan: clips placed on frames, looping ambience beds, and mixing by block.

Sounds are kept as int16 and converted to float32 only for the part that falls in the block
being mixed, so the plan holds each sound once however often it is played.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from audio.envelope import Envelope
from audio.pcm import FULL_SCALE, PEAK_LIMIT_DBFS, db_to_gain, raised_cosine

_LIMIT = db_to_gain(PEAK_LIMIT_DBFS)
_KNEE = 0.7  # below this nothing is touched; above, peaks bend smoothly toward -1 dBFS


@dataclass
class Clip:
    """One sound starting at `start` (a frame), at a gain; `cut()` shortens it with a fade."""

    start: int
    pcm: np.ndarray | None
    gain: float
    ducks: bool = False  # a narration line: ambience ducks under it
    # With a loader the samples are let go after planning and fetched again (from the voice
    # cache) only while the block being mixed overlaps them: a 45-minute practice's speech
    # would otherwise sit in memory all through the render.
    loader: Callable[[], np.ndarray] | None = None
    length: int = field(init=False)
    fade_from: int | None = None  # frame where a cut's fade-out begins
    fade: int = 0  # frames that fade-out lasts

    def __post_init__(self) -> None:
        self.length = len(self.pcm)
        if self.loader is not None:
            self.pcm = None

    def release(self) -> None:
        """Let go of samples that can be loaded again."""
        if self.loader is not None:
            self.pcm = None

    @property
    def end(self) -> int:
        """The frame after the clip's last."""
        return self.start + self.length

    def cut(self, frame: int, fade: int) -> None:
        """Fade out from `frame` over `fade` frames and end there (a line cut by the next)."""
        self.length = max(0, min(self.length, frame + fade - self.start))
        self.fade_from, self.fade = frame, max(fade, 1)

    def samples(self, start: int, count: int) -> tuple[int, np.ndarray] | None:
        """(offset in block, float samples) of the part inside frames start..start+count."""
        lo, hi = max(start, self.start), min(start + count, self.end)
        if lo >= hi:
            return None
        if self.pcm is None:
            self.pcm = self.loader()
        part = self.pcm[lo - self.start : hi - self.start].astype(np.float32)
        part *= self.gain / FULL_SCALE
        if self.fade_from is not None and hi > self.fade_from:
            ramp = raised_cosine(self.fade)[::-1].astype(np.float32)
            a = max(lo, self.fade_from)
            part[a - lo :] *= ramp[a - self.fade_from : hi - self.fade_from, None]
        return lo - start, part


@dataclass
class Bed:
    """An ambience loop from frame `start`, its level following `envelope`, until `end`."""

    sound: str
    pcm: np.ndarray
    start: int
    envelope: Envelope
    end: int | None = None

    def fade_out(self, frame: int, fade: int) -> None:
        """Fade to silence from `frame` over `fade` frames, and end there."""
        self.envelope.move(frame, 0.0, fade)
        self.end = frame + fade

    def add_into(self, out: np.ndarray, start: int) -> None:
        """Add this bed's frames for the block starting at `start` into `out`."""
        count = len(out)
        lo = max(start, self.start)
        hi = start + count if self.end is None else min(start + count, self.end)
        if lo >= hi:
            return
        loop = len(self.pcm)
        gain = self.envelope.block(lo, hi - lo)
        pos, written = (lo - self.start) % loop, 0
        target = out[lo - start : hi - start]
        while written < hi - lo:  # the loop wraps round as often as the block needs
            take = min(loop - pos, hi - lo - written)
            chunk = self.pcm[pos : pos + take].astype(np.float32)
            g = gain if np.isscalar(gain) else gain[written : written + take, None]
            target[written : written + take] += chunk * (g / FULL_SCALE)
            written, pos = written + take, 0


class Mixdown:
    """Everything placed for one render: clips, beds, the duck envelope; mixed block by block."""

    def __init__(self, frames: int, ambience_gain: float):
        self.frames = frames
        self.ambience_gain = ambience_gain
        self.clips: list[Clip] = []
        self.beds: list[Bed] = []
        self.duck = Envelope(0, 1.0)
        self._index: tuple[list[Clip], np.ndarray, int] | None = None

    def add(self, clip: Clip) -> Clip:
        """Place a clip (returned, so a narration line can later be cut by the next)."""
        self.clips.append(clip)
        self._index = None
        return clip

    def start_bed(self, sound: str, pcm: np.ndarray, frame: int, level: float, fade: int) -> Bed:
        """Start a loop at `frame`, fading in to `level` over `fade` frames."""
        envelope = Envelope(frame, 0.0)
        envelope.move(frame, level, fade)
        bed = Bed(sound, pcm, frame, envelope)
        self.beds.append(bed)
        return bed

    def voice_spans(self) -> list[tuple[int, int]]:
        """Frames where a narration line is heard, overlapping lines merged."""
        spans: list[tuple[int, int]] = []
        for clip in sorted((c for c in self.clips if c.ducks and c.length), key=lambda c: c.start):
            if spans and clip.start <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(spans[-1][1], clip.end))
            else:
                spans.append((clip.start, clip.end))
        return spans

    def block(self, start: int, count: int, end_fade: int = 0) -> np.ndarray:
        """The finished mix of frames start..start+count, as float32 within ±(-1 dBFS)."""
        out = np.zeros((count, 2), dtype=np.float32)
        if self.beds:
            beds = np.zeros((count, 2), dtype=np.float32)
            for bed in self.beds:
                bed.add_into(beds, start)
            duck = self.duck.block(start, count)
            duck = duck if np.isscalar(duck) else duck[:, None]
            out += beds * (duck * self.ambience_gain)
        for clip in self._clips_near(start, count):
            placed = clip.samples(start, count)
            if placed is not None:
                offset, part = placed
                out[offset : offset + len(part)] += part
            if clip.end <= start + count:
                clip.release()
        if end_fade and start + count > self.frames - end_fade:
            fade = raised_cosine(end_fade)[::-1].astype(np.float32)
            first = max(start, self.frames - end_fade)
            out[first - start :] *= fade[first - (self.frames - end_fade) :][:, None]
        return soft_limit(out)

    def _clips_near(self, start: int, count: int) -> list[Clip]:
        if self._index is None:
            ordered = sorted(self.clips, key=lambda c: c.start)
            starts = np.array([c.start for c in ordered], dtype=np.int64)
            self._index = (ordered, starts, max((c.length for c in ordered), default=0))
        ordered, starts, longest = self._index
        # Sorted by start: only clips starting within one longest clip before can overlap.
        lo = int(np.searchsorted(starts, start - longest, side="left"))
        hi = int(np.searchsorted(starts, start + count, side="left"))
        return ordered[lo:hi]


def soft_limit(x: np.ndarray) -> np.ndarray:
    """Leave everything below the knee alone; bend louder peaks smoothly to stay under -1 dBFS.

    Sounds are made with headroom so this rarely acts; when a bell, voice and waves peak
    together it rounds the peak off instead of clipping it (a clip would crackle).
    """
    magnitude = np.abs(x)
    loud = magnitude > _KNEE
    if loud.any():
        span = _LIMIT - _KNEE
        bent = _KNEE + span * np.tanh((magnitude[loud] - _KNEE) / span)
        x[loud] = np.sign(x[loud]) * bent
    return x

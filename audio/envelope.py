"""Piecewise-linear gain envelopes over sample frames, for the renderer's fades and ducking.

Built the way the live engine moves its gains (`Ramp.toward`): each change starts from wherever
the gain is at that moment and moves linearly to its target, cutting short a ramp in progress.
So a rendered file ducks and fades just as the speakers would.
"""

from __future__ import annotations

import numpy as np


class Envelope:
    """Gain keypoints (frame, gain), with linear moves between them and flat after the last."""

    def __init__(self, start_frame: int = 0, gain: float = 0.0):
        self.frames: list[int] = [start_frame]
        self.gains: list[float] = [gain]

    def at(self, frame: int) -> float:
        """The gain at `frame`."""
        return float(np.interp(frame, self.frames, self.gains))

    def move(self, frame: int, target: float, ramp_frames: int) -> None:
        """From `frame`, go from the gain there to `target` over `ramp_frames` frames."""
        now = self.at(frame)
        keep = [i for i, f in enumerate(self.frames) if f < frame]
        self.frames = [self.frames[i] for i in keep] + [frame, frame + max(ramp_frames, 0)]
        self.gains = [self.gains[i] for i in keep] + [now, target]

    @property
    def end_frame(self) -> int:
        """Where the last move ends."""
        return self.frames[-1]

    @property
    def final(self) -> float:
        """The gain after the last move."""
        return self.gains[-1]

    def block(self, start: int, count: int) -> np.ndarray | float:
        """Gains for frames start..start+count: a float when flat there (the common case)."""
        first, last = self.at(start), self.at(start + count - 1)
        inside = [f for f in self.frames if start < f < start + count - 1]
        if first == last and not inside:
            return first
        return np.interp(np.arange(start, start + count), self.frames, self.gains).astype(
            np.float32
        )

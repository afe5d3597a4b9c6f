"""Linear gain ramps over clock time, for ducking and volume changes that must not jump.

A ramp is a value: where it started, where it goes, and over how long. Asking it for its value
at any moment is all a caller's timer needs to do; a late timer tick only means a coarser step,
never a ramp that runs long or drifts.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Ramp:
    """A gain moving linearly from `start` to `end` over `duration_ms` from `start_ms`."""

    start_ms: int
    start: float
    end: float
    duration_ms: int

    @classmethod
    def hold(cls, value: float) -> Ramp:
        """A ramp that stays at `value`."""
        return cls(0, value, value, 0)

    def value(self, now_ms: int) -> float:
        """The gain at `now_ms`."""
        if self.duration_ms <= 0 or now_ms >= self.start_ms + self.duration_ms:
            return self.end
        if now_ms <= self.start_ms:
            return self.start
        return self.start + (self.end - self.start) * (now_ms - self.start_ms) / self.duration_ms

    def done(self, now_ms: int) -> bool:
        """True once the ramp has reached its end value."""
        return now_ms >= self.start_ms + self.duration_ms

    def toward(self, target: float, now_ms: int, duration_ms: int) -> Ramp:
        """A new ramp from wherever this one is now to `target`, over `duration_ms`.

        A ramp toward the same target it is already heading for is kept as it is, so calling
        this on every timer tick does not keep restarting (and so stretching) the ramp.
        """
        if target == self.end:
            return self
        return Ramp(now_ms, self.value(now_ms), target, duration_ms)

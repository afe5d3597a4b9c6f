"""Breathing patterns: four phases in milliseconds, given as seconds or as breaths per minute.

The limits (docs/script-format.md): each phase 0-20 s in steps of 0.5 s; inhale and exhale
at least 1 s.
A pattern given as breaths per minute with an inhale:exhale ratio is exact to the millisecond
and need not fall on half seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

from calm.practice.events import Phase

MAX_PHASE_MS = 20_000
MIN_BREATH_MS = 1_000
STEP_MS = 500


class PatternError(ValueError):
    """A pattern outside the limits; the message is a plain sentence."""


@dataclass(frozen=True)
class BreathPattern:
    """Inhale, hold after inhale, exhale, hold after exhale, in milliseconds."""

    inhale_ms: int
    hold_in_ms: int
    exhale_ms: int
    hold_out_ms: int
    name: str = ""

    @property
    def cycle_ms(self) -> int:
        return self.inhale_ms + self.hold_in_ms + self.exhale_ms + self.hold_out_ms

    @property
    def breaths_per_minute(self) -> float:
        return 60_000 / self.cycle_ms

    @property
    def has_holds(self) -> bool:
        return self.hold_in_ms > 0 or self.hold_out_ms > 0

    def phases(self) -> list[tuple[Phase, int]]:
        """The phases with a length, in order."""
        all_ = [
            (Phase.INHALE, self.inhale_ms),
            (Phase.HOLD_IN, self.hold_in_ms),
            (Phase.EXHALE, self.exhale_ms),
            (Phase.HOLD_OUT, self.hold_out_ms),
        ]
        return [(phase, ms) for phase, ms in all_ if ms > 0]

    def describe(self) -> str:
        """'4-0-6-0 s (6 breaths a minute)'."""
        secs = "-".join(_fmt(ms) for ms in self.seconds())
        return f"{secs} s ({self.breaths_per_minute:.3g} breaths a minute)"

    def seconds(self) -> tuple[float, float, float, float]:
        return tuple(ms / 1000 for ms in self.as_tuple())  # type: ignore[return-value]

    def as_tuple(self) -> tuple[int, int, int, int]:
        return (self.inhale_ms, self.hold_in_ms, self.exhale_ms, self.hold_out_ms)

    @classmethod
    def from_seconds(cls, values: list[float] | tuple[float, ...], name: str = "") -> BreathPattern:
        """Four phases in seconds; raises PatternError outside the limits."""
        if len(values) != 4:
            raise PatternError("a pattern has four numbers: inhale, hold, exhale, hold")
        labels = ("inhale", "hold after inhale", "exhale", "hold after exhale")
        ms = []
        for label, value in zip(labels, values, strict=True):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise PatternError(f"{label} must be a number of seconds")
            if not 0 <= value <= MAX_PHASE_MS / 1000:
                raise PatternError(f"{label} must be between 0 and 20 seconds, not {value}")
            if round(value * 1000) % STEP_MS:
                raise PatternError(f"{label} must be in steps of 0.5 seconds, not {value}")
            ms.append(round(value * 1000))
        pattern = cls(ms[0], ms[1], ms[2], ms[3], name=name)
        pattern.check()
        return pattern

    @classmethod
    def from_rate(cls, per_minute: object, ratio: str, name: str = "") -> BreathPattern:
        """Breaths per minute with an inhale:exhale ratio such as "2:3" (no holds)."""
        if isinstance(per_minute, bool) or not isinstance(per_minute, int | float):
            raise PatternError("breaths per minute must be a number")
        if not 1.5 <= per_minute <= 30:
            raise PatternError(f"breaths per minute must be between 1.5 and 30, not {per_minute}")
        inhale_part, exhale_part = parse_ratio(ratio)
        cycle = round(60_000 / per_minute)
        inhale = round(cycle * inhale_part / (inhale_part + exhale_part))
        pattern = cls(inhale, 0, cycle - inhale, 0, name=name)
        pattern.check()
        return pattern

    def check(self) -> None:
        if self.inhale_ms < MIN_BREATH_MS or self.exhale_ms < MIN_BREATH_MS:
            raise PatternError("inhale and exhale must each last at least 1 second")
        if max(self.as_tuple()) > MAX_PHASE_MS:
            raise PatternError("no phase may last more than 20 seconds")
        if min(self.as_tuple()) < 0:
            raise PatternError("a phase cannot be negative")


def parse_ratio(ratio: str) -> tuple[float, float]:
    """ "1:2" -> (1.0, 2.0); raises PatternError for anything else."""
    if not isinstance(ratio, str) or ratio.count(":") != 1:
        raise PatternError('the ratio must look like "1:2" (inhale:exhale)')
    try:
        a, b = (float(part) for part in ratio.split(":"))
    except ValueError:
        raise PatternError('the ratio must look like "1:2" (inhale:exhale)') from None
    if not (0.1 <= a <= 10 and 0.1 <= b <= 10):
        raise PatternError("each side of the ratio must be between 0.1 and 10")
    return a, b


def _fmt(seconds: float) -> str:
    return f"{seconds:g}"

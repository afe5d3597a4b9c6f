"""The registry of synthesised sounds: each name with the parameters that make it.

A `SoundSpec` is a value: its `key` is a hash of its kind, parameters and SYNTH_VERSION, so the
cache knows a sound must be rebuilt whenever a parameter or the synthesis code changes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from audio.format import ms_to_frames
from calm.digests import short_name
from calm.practice.events import Phase

if TYPE_CHECKING:
    import numpy as np

# Bump when a synthesis function changes what it produces for the same parameters.
# 2: beds shaped with numpy's FFT instead of scipy's.
SYNTH_VERSION = 2


def _renderers() -> dict[str, Callable[..., np.ndarray]]:
    """Synthesis by kind; imported on first use (numpy), so naming a sound costs nothing."""
    from audio import beds, synth

    return {
        "bell": synth.bell,
        "glide": synth.glide,
        "noise": beds.noise_bed,
        "rain": beds.rain_bed,
        "ocean": beds.ocean_bed,
    }


@dataclass(frozen=True)
class SoundSpec:
    """A named sound, the kind of synthesis that makes it, and that synthesis' parameters."""

    name: str
    kind: str
    params: tuple[tuple[str, Any], ...]

    @classmethod
    def of(cls, name: str, kind: str, **params: Any) -> SoundSpec:
        """Build a spec from keyword parameters (kept sorted, so equal specs hash alike)."""
        return cls(name, kind, tuple(sorted(params.items())))

    def with_params(self, **changes: Any) -> SoundSpec:
        """The same sound with some parameters changed."""
        return replace(self, params=tuple(sorted({**dict(self.params), **changes}.items())))

    @property
    def key(self) -> str:
        """16 hex digits naming these exact samples: kind, parameters and synthesis version."""
        text = json.dumps([SYNTH_VERSION, self.kind, self.params], sort_keys=True, default=str)
        return short_name(text)

    @property
    def frames(self) -> int:
        """How many frames the rendered sound has."""
        p = dict(self.params)
        return ms_to_frames(int(p.get("length_ms") or p.get("duration_ms") or p["loop_ms"]))

    @property
    def loops(self) -> bool:
        """True for ambience beds, which the mixer repeats end to start."""
        return self.kind in ("noise", "rain", "ocean")

    def render(self) -> np.ndarray:
        """Synthesise the samples (int16, 44.1 kHz, stereo); slow-ish, so go through the cache."""
        return _renderers()[self.kind](**dict(self.params))


_BOWL = SoundSpec.of(
    "bowl",
    "bell",
    f0_hz=196.0,
    # Partial ratios of a hand-beaten singing bowl: far from the harmonic 1:2:3.
    ratios=(1.0, 2.76, 5.18, 8.3, 12.1),
    amps=(1.0, 0.5, 0.24, 0.12, 0.05),
    t60_s=(9.0, 5.5, 3.2, 1.9, 1.1),
    beat_hz=(0.9, 1.6, 2.3, 3.1, 3.7),
    length_ms=7500,
    attack_ms=12,
    tail_ms=1200,
    peak_db=-4.0,
)

_CHIME = SoundSpec.of(
    "chime",
    "bell",
    f0_hz=659.3,
    ratios=(1.0, 2.76, 5.4),
    amps=(1.0, 0.18, 0.05),
    t60_s=(2.6, 1.1, 0.5),
    beat_hz=(0.6, 1.4, 2.0),
    length_ms=2600,
    attack_ms=8,
    tail_ms=500,
    # Two soft notes a fifth apart: "something new" without the weight of the bowl.
    notes=((0.0, 0.0, 1.0), (7.0, 160.0, 0.7)),
    peak_db=-10.0,
)

_BEDS = {
    "brown": SoundSpec.of(
        "brown",
        "noise",
        loop_ms=20_000,
        slope_db_per_octave=-6.0,
        low_hz=25.0,
        high_hz=2500.0,
        seed=11,
        rms_db=-20.0,
    ),
    "pink": SoundSpec.of(
        "pink",
        "noise",
        loop_ms=20_000,
        slope_db_per_octave=-3.0,
        low_hz=30.0,
        high_hz=9000.0,
        seed=12,
        rms_db=-24.0,
    ),
    "rain": SoundSpec.of(
        "rain",
        "rain",
        loop_ms=20_000,
        drops_per_s=28.0,
        drop_hz=(1800, 5200),
        seed=13,
        rms_db=-24.0,
    ),
    "ocean": SoundSpec.of(
        "ocean", "ocean", loop_ms=30_000, heights=(1.0, 0.7, 0.85), seed=14, rms_db=-22.0
    ),
}

BELLS: dict[str, SoundSpec] = {"bowl": _BOWL, "chime": _CHIME}
AMBIENCES: dict[str, SoundSpec] = dict(_BEDS)
BUILT_IN: dict[str, SoundSpec] = {**BELLS, **AMBIENCES}

# Inhale rises G3 → B3, exhale falls back: a major third, wide enough to follow eyes closed.
_LOW_HZ, _HIGH_HZ = 196.0, 246.9
_BREATH_TONE = dict(harmonics=(1.0, 0.22, 0.06), attack_ms=500, release_ms=800, peak_db=-14.0)


def breath_tone_spec(phase: Phase, duration_ms: int) -> SoundSpec | None:
    """The tone for one breath phase lasting exactly `duration_ms`; None for holds (silence)."""
    if phase is Phase.INHALE:
        glide = (_LOW_HZ, _HIGH_HZ)
    elif phase is Phase.EXHALE:
        glide = (_HIGH_HZ, _LOW_HZ)
    else:
        return None
    if duration_ms <= 0:
        return None
    return SoundSpec.of(
        f"{phase.value}-{duration_ms}ms",
        "glide",
        duration_ms=int(duration_ms),
        from_hz=glide[0],
        to_hz=glide[1],
        **_BREATH_TONE,
    )


def bell_spec(name: str) -> SoundSpec | None:
    """The bell or chime called `name`, or None if there is no such sound."""
    return BELLS.get(name)


def ambience_spec(name: str) -> SoundSpec | None:
    """The ambience bed called `name`, or None if there is no such sound."""
    return AMBIENCES.get(name)

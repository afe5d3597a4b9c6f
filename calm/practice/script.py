"""A practice script as data: what `sessions/*.toml` files say, once checked.

The format is documented in docs/script-format.md; calm/practice/loader.py reads and checks it.
Values that differ by length are `Varying`: one number for every variant, or one per variant id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from calm.practice.ambience import AMBIENCE_SOUNDS
from calm.practice.events import StepKind
from calm.practice.patterns import BreathPattern

CATEGORIES = ("breathing", "body-scan", "stress", "pain")
CATEGORY_TITLES = {
    "breathing": "Breathing",
    "body-scan": "Body scan",
    "stress": "Stress reduction",
    "pain": "Living with pain",
}
# Safety flags a script may carry; the screening answers hide or warn on some of them.
SAFETY_FLAGS = {
    "breath-holds": "Contains breath holds",
    "fast-breathing": "Contains fast breathing",
    "slow-breathing": "Slow, paced breathing",
    "muscle-tension": "Gently tenses muscles",
    "imagery": "Uses imagination and memory",
    "eyes-open": "Done with eyes open",
    "inward": "Turns attention inward, usually with eyes closed",
    "lying-down": "May be done lying down",
}
SOUNDS_BELL = ("bowl", "chime")
SOUNDS_AMBIENCE = tuple(AMBIENCE_SOUNDS)

Varying = float | dict[str, float]


def resolve(value: Varying, variant_id: str) -> float:
    """The value for one variant."""
    return value[variant_id] if isinstance(value, dict) else value


@dataclass(frozen=True)
class Variant:
    """One length of a practice: "10" is the 10-minute version."""

    id: str
    minutes: float
    label: str


@dataclass(frozen=True)
class Step:
    """Fields common to every step. `only` limits the step to some variants (None: all)."""

    kind: ClassVar[StepKind]
    line: int
    only: frozenset[str] | None

    def in_variant(self, variant_id: str) -> bool:
        return self.only is None or variant_id in self.only


@dataclass(frozen=True)
class SectionStep(Step):
    """A titled part of the practice; next/previous move between sections."""

    kind: ClassVar[StepKind] = StepKind.SECTION
    title: str


@dataclass(frozen=True)
class NarrationStep(Step):
    """Words spoken and captioned, perhaps repeated, then a pause."""

    kind: ClassVar[StepKind] = StepKind.NARRATION
    text: str
    caption: str
    audio: str | None  # absolute path of a recorded file, resolved against the script's folder
    seconds: Varying | None  # time for the speech itself; None: estimated from the words
    pause: Varying
    repeat: Varying
    gap: Varying | None  # quiet between repeats; None: same as pause
    over: bool = False  # spoken over what follows (a reminder during breathing): takes no time
    when: str | None = None  # "holds" / "no-holds": said only with such a pattern in play


@dataclass(frozen=True)
class SilenceStep(Step):
    kind: ClassVar[StepKind] = StepKind.SILENCE
    seconds: Varying


@dataclass(frozen=True)
class BellStep(Step):
    kind: ClassVar[StepKind] = StepKind.BELL
    sound: str
    strikes: Varying
    volume: Varying
    seconds: Varying  # time from the first strike to the next step


@dataclass(frozen=True)
class BreathingStep(Step):
    """Paced breathing for a time (ending on a whole breath) or a number of cycles."""

    kind: ClassVar[StepKind] = StepKind.BREATHING
    pattern: BreathPattern | None  # None: the script's (or the user's chosen) pattern
    seconds: Varying | None
    cycles: Varying | None
    spoken: Varying  # seconds from the block's start during which phase words are spoken
    tone: bool
    title: str


@dataclass(frozen=True)
class AmbienceStep(Step):
    kind: ClassVar[StepKind] = StepKind.AMBIENCE
    action: str
    sound: str | None
    volume: Varying
    fade: Varying


@dataclass(frozen=True)
class Script:
    """A whole practice, checked and ready to compile."""

    id: str
    title: str
    category: str
    description: str
    safety: tuple[str, ...]
    variants: tuple[Variant, ...]
    steps: tuple[Step, ...]
    pattern: BreathPattern | None = None  # default pattern for breathing steps without one
    alternatives: tuple[BreathPattern, ...] = ()
    path: str = ""
    source_hash: str = ""
    builtin: bool = False
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def variant(self, key: str | float | None) -> Variant:
        """A variant by id or by minutes ("10", 10, 10.0); None gives the first (shortest)."""
        if key is None:
            return self.variants[0]
        text = str(key)
        for variant in self.variants:
            if variant.id == text:
                return variant
        try:
            minutes = float(text)
        except ValueError:
            minutes = None
        for variant in self.variants:
            if minutes is not None and abs(variant.minutes - minutes) < 1e-6:
                return variant
        choices = ", ".join(v.id for v in self.variants)
        raise KeyError(f"{self.title} has no length {text!r}; choose one of: {choices}")

    @property
    def uses_breath_holds(self) -> bool:
        return "breath-holds" in self.safety

    @property
    def is_breathing(self) -> bool:
        return self.category == "breathing" or any(
            isinstance(step, BreathingStep) for step in self.steps
        )

    @property
    def lengths_label(self) -> str:
        return ", ".join(v.label for v in self.variants)

"""Content checks `validate` runs on a script that loads (docs/content.md, docs/script-format.md).

- The safety flags it declares cover what its patterns do (calm/practice/flags.py).
- No line says "hold" unless it is marked `when = "holds"`, where the pattern in play may have
  no hold (a practice with a `[breathing]` pattern can be breathed with a person's own).
- Each length's label matches its real length, within 10 % or 30 s, whichever is larger.

Each finding is an error for a built-in practice and a warning for a person's own file: a
therapist's file still plays (the app uses the declared and the derived flags together).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from calm.errors import Problem
from calm.practice.flags import missing_flags, patterns_of
from calm.practice.patterns import BreathPattern
from calm.practice.script import NarrationStep, Script, Variant
from calm.practice.spoken import says_hold
from calm.practice.timeline import compile_timeline

LENGTH_SHARE = 0.10  # a length may differ from its label by 10 % ...
LENGTH_FLOOR_MS = 30_000  # ... or by 30 seconds, whichever is larger
_MINUTES_RE = re.compile(r"(\d+(?:\.\d+)?)\s*min", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """One content problem; `error` for built-ins, a warning for a person's own file."""

    problem: Problem
    error: bool

    def __str__(self) -> str:
        return str(self.problem) if self.error else f"warning: {self.problem}"


def check_content(script: Script, builtin: bool) -> list[Finding]:
    """Every content finding for a loaded script."""
    problems = _flag_problems(script) + _hold_problems(script) + _length_problems(script)
    return [Finding(problem, builtin) for problem in problems]


def length_allowance_ms(target_ms: float) -> float:
    """How far a real length may be from its label."""
    return max(LENGTH_SHARE * target_ms, LENGTH_FLOOR_MS)


def labelled_minutes(variant: Variant) -> float:
    """The minutes a length's label promises ("5 min (release only)": 5), else its `minutes`."""
    match = _MINUTES_RE.search(variant.label)
    return float(match.group(1)) if match else variant.minutes


def _flag_problems(script: Script) -> list[Problem]:
    return [
        Problem(
            script.path,
            None,
            "safety",
            f"its breathing patterns call for {flag!r}, which the safety list lacks",
        )
        for flag in missing_flags(script)
    ]


def _may_play_without_holds(script: Script) -> bool:
    """A person may choose a pattern without holds (any script with a [breathing] pattern),
    or one of its own patterns has none."""
    return script.pattern is not None or any(not p.has_holds for p in patterns_of(script))


def _hold_problems(script: Script) -> list[Problem]:
    if not _may_play_without_holds(script) or not patterns_of(script):
        return []
    return [
        Problem(
            script.path,
            step.line,
            "when",
            'says "hold", but the pattern played may have no hold; mark it when = "holds"',
        )
        for step in script.steps
        if isinstance(step, NarrationStep)
        and step.when != "holds"
        and (says_hold(step.text) or says_hold(step.caption))
    ]


def _length_problems(script: Script) -> list[Problem]:
    found = []
    patterns: list[BreathPattern | None] = [None]
    patterns += list(script.alternatives)
    for variant in script.variants:
        label_says = _MINUTES_RE.search(variant.label) is not None
        for pattern in patterns if label_says else [None]:
            real = compile_timeline(script, variant.id, pattern).duration_ms
            target = labelled_minutes(variant) * 60_000
            if abs(real - target) > length_allowance_ms(target):
                how = f" with the pattern {pattern.describe()}" if pattern else ""
                found.append(
                    Problem(
                        script.path,
                        None,
                        "variants",
                        f"{variant.label!r} lasts {_clock(real)}{how}; keep it within 10 % or "
                        "30 seconds of its label",
                    )
                )
                break
    return found


def _clock(ms: int) -> str:
    seconds = round(ms / 1000)
    return f"{seconds // 60}:{seconds % 60:02}"

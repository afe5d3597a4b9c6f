"""Words that follow the breathing pattern played (docs/script-format.md, "Words that follow
the pattern").

A narration line may hold placeholders filled from the pattern in play — `{inhale}`, `{hold}`
(after the in-breath), `{exhale}` and `{hold_out}` (after the out-breath), spoken as words:
"four", "three and a half" — and may be marked `when = "holds"` or `when = "no-holds"` to be
said only with a pattern that has, or has not, a hold. The pattern in play is the one the
person chose, else the script's `[breathing]` pattern. `{stronger}` and `{other}` say "right"
or "left" from the person's stronger hand.
"""

from __future__ import annotations

import re

from calm.practice.patterns import BreathPattern

PLACEHOLDERS = ("inhale", "hold", "exhale", "hold_out")
# The sides of the body, from the person's stronger hand (the `hand.stronger` setting), so
# muscle relaxation and autogenic training begin with the stronger side.
SIDE_PLACEHOLDERS = ("stronger", "other")
SIDES = ("right", "left")
WHEN = ("holds", "no-holds")
PLACEHOLDER_RE = re.compile(r"\{([A-Za-z_]+)\}")
# "hold" or "holds" as an instruction ("hold for four", "soft holds"); "holding" is not.
HOLD_WORD_RE = re.compile(r"\bholds?\b", re.IGNORECASE)
_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()


def number_words(ms: int) -> str:
    """Milliseconds as seconds said aloud: 4000 -> "four", 3500 -> "three and a half"."""
    halves = round(ms / 500)
    whole, half = divmod(halves, 2)
    if whole > 20:
        return f"{ms / 1000:g}"
    if half:
        return "a half" if whole == 0 else f"{_ONES[whole]} and a half"
    return _ONES[whole]


def placeholders_in(text: str) -> list[str]:
    """The placeholder names a text uses, in order."""
    return PLACEHOLDER_RE.findall(text)


def fill(text: str, pattern: BreathPattern | None, stronger: str = "right") -> str:
    """The text with its placeholders replaced: the pattern's seconds in words, and the
    stronger and other side ("right", "left"). Pattern placeholders stay as written without a
    pattern (the loader makes sure a script that uses them has one)."""
    if "{" not in text:
        return text
    values: dict[str, str] = {}
    if pattern is not None:
        values = {
            k: number_words(ms) for k, ms in zip(PLACEHOLDERS, pattern.as_tuple(), strict=True)
        }
    stronger = stronger if stronger in SIDES else SIDES[0]
    values["stronger"] = stronger
    values["other"] = SIDES[1 - SIDES.index(stronger)]
    return PLACEHOLDER_RE.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def applies(when: str | None, pattern: BreathPattern | None) -> bool:
    """Whether a line marked `when` is said with this pattern (unmarked lines always are)."""
    if when is None or pattern is None:
        return when is None or when == "no-holds"
    return pattern.has_holds == (when == "holds")


def says_hold(text: str) -> bool:
    """Whether a line tells the breath to hold (the word, or a hold placeholder)."""
    return bool(HOLD_WORD_RE.search(text)) or bool(
        {"hold", "hold_out"} & set(placeholders_in(text))
    )

"""The one check of a client's name, for the store, the importer and the interface alike.

A name is shown in lists, window titles, exports and terminals, so it may not hold what could
make it look like someone else's or attack the screen: control characters (a terminal's escape
sequences), right-to-left overrides and isolates (which reorder what follows, so "Anna" plus an
override can read as a second "Anna"), and zero-width characters (invisible differences).
Ordinary spacing (tabs, line breaks) is tidied into single spaces instead of refused.
"""

from __future__ import annotations

import unicodedata

from calm.errors import StoreError

MAX_NAME = 80

# Invisible characters that change how text reads or hide a difference between two names.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
DIRECTION_MARKS = frozenset("\u200e\u200f\u061c")
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
_INVISIBLE = BIDI_CONTROLS | DIRECTION_MARKS | ZERO_WIDTH
_KINDS = (
    (BIDI_CONTROLS, "a right-to-left or left-to-right override"),
    (DIRECTION_MARKS, "an invisible direction mark"),
    (ZERO_WIDTH, "a zero-width character"),
)


def hidden_character(text: str) -> str | None:
    """A description of the first character a name may not hold ("U+202E, a right-to-left
    or left-to-right override"), or None when there is none. Spacing is allowed (tidied)."""
    for char in text:
        if char.isspace():
            continue
        if char in _INVISIBLE:
            kind = next(words for group, words in _KINDS if char in group)
            return f"U+{ord(char):04X}, {kind}"
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            return f"U+{ord(char):04X}, a control character"
    return None


def name_problem(name: object) -> str | None:
    """Why `name` cannot be a client's name (a sentence), or None when it can."""
    if not isinstance(name, str):
        return "A name must be text."
    hidden = hidden_character(name)
    if hidden:
        return (
            f"That name holds an invisible or control character ({hidden}), which could make "
            "it look like someone else's. Please type the name again without it."
        )
    tidied = " ".join(name.split())
    if not tidied:
        return "Please give a name (a first name or a pseudonym is enough)."
    if len(tidied) > MAX_NAME:
        return f"Please keep the name under {MAX_NAME} characters."
    return None


def clean_name(name: object) -> str:
    """The name as it will be kept (spacing tidied), or a StoreError saying what is wrong."""
    problem = name_problem(name)
    if problem or not isinstance(name, str):  # name_problem refuses anything but text
        raise StoreError(problem or "Please give a name.")
    return " ".join(name.split())

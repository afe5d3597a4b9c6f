"""The countdown's words: minutes rounded to the nearest, never more than the practice holds."""

from __future__ import annotations

import pytest

from calm.practice.countdown import time_left_words
from calm.practice.library import load_library
from calm.practice.timeline import compile_timeline


@pytest.mark.parametrize(
    ("remaining_ms", "words"),
    [
        (300_000, "About 5 minutes left"),  # a 5:00 practice at its start
        (300_380, "About 5 minutes left"),  # belly breathing's 5:00.4
        (295_000, "About 5 minutes left"),  # a 4:55 practice at its start
        (329_999, "About 5 minutes left"),
        (330_000, "About 6 minutes left"),  # 5:30 is nearer 6 (halves go up)
        (150_000, "About 3 minutes left"),
        (149_999, "About 2 minutes left"),
        (89_999, "About a minute left"),
        (60_000, "About a minute left"),
        (59_999, "Less than a minute left"),
        (1, "Less than a minute left"),
        (0, "Finished"),
        (-40, "Finished"),
    ],
)
def test_time_left_words(remaining_ms, words):
    """A person reads the time left rounded to the nearest minute, and the last minute as such."""
    assert time_left_words(remaining_ms) == words


def test_no_practice_starts_with_more_minutes_than_its_label():
    """No built-in practice says "About 6 minutes left" when its button said 5 minutes."""
    for script in load_library().scripts.values():
        for variant in script.variants:
            length = compile_timeline(script, variant.id, None).duration_ms
            minutes, unit = variant.label.split()[:2]
            if unit != "min":
                continue  # "4 cycles": no minutes were promised
            assert time_left_words(length) == f"About {minutes} minutes left", (
                script.id,
                variant.id,
            )


def test_words_change_about_once_a_minute():
    """Counting down second by second, the words change once a minute, not more."""
    shown = [time_left_words(ms) for ms in range(600_000, -1, -1000)]
    changes = sum(1 for a, b in zip(shown, shown[1:], strict=False) if a != b)
    assert changes == 11  # 10 to 9, ..., 2 to a minute, to less than a minute, to finished

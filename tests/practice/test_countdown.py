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


def test_a_practice_starts_at_the_minutes_on_its_button():
    """A practice as long as its button says (give or take half a minute) starts at "About N
    minutes left" with the button's N: belly breathing's 5:00.4 never says 6."""
    checked = 0
    for script in load_library().scripts.values():
        for variant in script.variants:
            length = compile_timeline(script, variant.id, None).duration_ms
            minutes, unit = variant.label.split()[:2]
            if unit != "min" or abs(length - int(minutes) * 60_000) >= 30_000:
                continue  # "4 cycles" promises no minutes; a longer one is honestly longer
            said = "a minute" if minutes == "1" else f"{minutes} minutes"
            assert time_left_words(length) == f"About {said} left", (
                script.id,
                variant.id,
            )
            checked += 1
    assert checked >= 10


def test_words_change_about_once_a_minute():
    """Counting down second by second, the words change once a minute, not more."""
    shown = [time_left_words(ms) for ms in range(600_000, -1, -1000)]
    changes = sum(1 for a, b in zip(shown, shown[1:], strict=False) if a != b)
    assert changes == 11  # 10 to 9, ..., 2 to a minute, to less than a minute, to finished

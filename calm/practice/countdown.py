"""The time left in a practice, in honest words: "About 5 minutes left".

Minutes are rounded to the nearest (a 5:04 practice starts at "About 5 minutes left", never 6;
a 4:55 one too), the last minute says "Less than a minute left", and "About a minute left"
covers 1:00-1:29. The words change about once a minute, so a screen reader is not made to
count.
"""

from __future__ import annotations

MINUTE_MS = 60_000


def time_left_words(remaining_ms: int) -> str:
    """'About 7 minutes left' (to the nearest minute), 'Less than a minute left' in the last
    minute, 'Finished' at the end."""
    if remaining_ms <= 0:
        return "Finished"
    if remaining_ms < MINUTE_MS:
        return "Less than a minute left"
    minutes = (remaining_ms + MINUTE_MS // 2) // MINUTE_MS  # to the nearest, halves up
    if minutes == 1:
        return "About a minute left"
    return f"About {minutes} minutes left"

"""How one practice ended, in kind plain words, for the summary window and the terminal.

The status comes from the session engine (calm/practice/session.py): "completed" when the
end was reached having heard most of it, "skipped" when it was skipped through to the end,
"stopped" when stopped early. The words state the time really practised and never scold.
"""

from __future__ import annotations

TITLES = {
    "completed": "Well done",
    "skipped": "You reached the end",
    "stopped": "You stopped early, and that is fine",
}


def minutes_words(ms: int) -> str:
    """'less than a minute', '1 minute', '12 minutes' (rounded to the nearest minute)."""
    minutes = round(ms / 60_000)
    if minutes < 1:
        return "less than a minute"
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def ending_title(status: str) -> str:
    """The summary's heading for a run that ended so."""
    return TITLES.get(status, TITLES["stopped"])


def ending_sentence(status: str, title: str, practised_ms: int, planned_ms: int) -> str:
    """One sentence on how far the practice went, with the time really practised."""
    practised, planned = minutes_words(practised_ms), minutes_words(planned_ms)
    if status == "completed":
        return f"{title}, {planned}."
    if status == "skipped":
        return (
            f"You skipped through {title} and practised {practised} of {planned}. "
            "That is fine; the whole practice is here whenever you want it."
        )
    if planned_ms:
        return f"You practised {practised} of {planned}."
    return f"{title}."

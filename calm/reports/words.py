"""The progress figures in plain words, for the Progress screen and anyone who cannot see charts.

"Pain this week is 32 % lower than in your first week — a moderate improvement." A band is
named only for a reduction (the IMMPACT bands judge improvement; a rise is stated, not judged),
a single practice is never called an improvement, and stress is said to use the pain bands
as a rough guide (calm/reports/outcomes.py). Weeks are named "this week", "last week" or
"the week of 3 Mar".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from calm.reports.outcomes import ClientOutcomes, MeanChange, WeekFigures, WeeklyOutcome, week_start

BAND_WORDS = {
    "minimal": "a small improvement",
    "moderate": "a moderate improvement",
    "substantial": "a substantial improvement",
}
STRESS_NOTE = "Stress uses the same bands as pain, as a rough guide."


@dataclass(frozen=True)
class ProgressWords:
    """Sentences for the top of the Progress screen, most important first."""

    lines: tuple[str, ...]
    empty: bool = False

    def text(self) -> str:
        return " ".join(self.lines)


def week_name(week: date, today: date) -> str:
    """'this week', 'last week' or 'the week of 3 Mar'."""
    this = week_start(today)
    if week == this:
        return "this week"
    if week == this - timedelta(weeks=1):
        return "last week"
    return f"the week of {week.day} {week:%b}"


def measure_sentence(outcome: WeeklyOutcome, today: date, whose: str = "your") -> str | None:
    """One measure's latest week against the first week, or None with no ratings at all."""
    name = outcome.measure.capitalize()
    latest = outcome.latest
    if latest is None or outcome.baseline_week is None:
        return None
    if latest.week_start == outcome.baseline_week:
        return (
            f"{name} before practice averages {latest.mean_before:.1f} in {whose} first week. "
            f"From next week, each week is compared with it."
        )
    when = week_name(latest.week_start, today)
    verb = "is" if when == "this week" else "was"
    subject = f"{name} {when if when.endswith('week') else 'in ' + when} {verb}"
    if latest.reduction_pct is None:  # a first week of 0: nothing to take a share of
        return f"{subject} {latest.mean_before:.1f} on average; in {whose} first week it was 0."
    return _compare(subject, latest, whose)


def _compare(subject: str, week: WeekFigures, whose: str) -> str:
    percent = round(abs(week.reduction_pct))
    first = f"in {whose} first week"
    if percent == 0:
        return f"{subject} about the same as {first}."
    if week.reduction_pct < 0:
        return f"{subject} {percent} % higher than {first}."
    if week.band == "none":
        return f"{subject} {percent} % lower than {first} — about the same."
    return f"{subject} {percent} % lower than {first} — {BAND_WORDS[week.band]}."


def practice_sentence(outcomes: ClientOutcomes, today: date) -> str:
    """'This week: 5 practices, 48 minutes. On average 4.2 practices a week.'"""
    adherence = outcomes.adherence
    this = week_start(today)
    current = next((w for w in adherence.weeks if w.week_start == this), None)
    practices = current.practices if current else 0
    minutes = round(current.minutes) if current else 0
    text = f"This week: {_count(practices, 'practice')}, {_count(minutes, 'minute')}."
    if len(adherence.weeks) > 1:
        text += f" On average {adherence.mean_practices_per_week:.1f} practices a week."
    return text


def change_sentence(change: MeanChange) -> str | None:
    """'Right after a practice, pain is 1.3 points lower on average (48 practices).'"""
    if change.mean_change is None:
        return None
    measure = change.measure
    pairs = _count(change.pairs, "practice")
    if abs(change.mean_change) < 0.05:
        return f"Right after a practice, {measure} is about the same on average ({pairs})."
    direction = "lower" if change.mean_change < 0 else "higher"
    return (
        f"Right after a practice, {measure} is {abs(change.mean_change):.1f} points "
        f"{direction} on average ({pairs})."
    )


def progress_words(outcomes: ClientOutcomes, today: date, whose: str = "your") -> ProgressWords:
    """Everything the summary says, in order: pain, stress, practice, the change right after."""
    if not outcomes.adherence.weeks:
        return ProgressWords(
            (
                "No practices yet. When you have finished a practice, how it went shows here, "
                "week by week.",
            ),
            empty=True,
        )
    lines = []
    for measure in ("pain", "stress"):
        sentence = measure_sentence(outcomes.weekly[measure], today, whose)
        if sentence:
            lines.append(sentence)
    stress = outcomes.weekly["stress"].latest
    if stress is not None and stress.band is not None:
        lines.append(STRESS_NOTE)
    lines.append(practice_sentence(outcomes, today))
    for measure in ("pain", "stress"):
        sentence = change_sentence(outcomes.change[measure])
        if sentence:
            lines.append(sentence)
    return ProgressWords(tuple(lines))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"

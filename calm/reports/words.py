"""The progress figures in plain words, for the Progress screen, `stats` and anyone who cannot
see charts. They claim only what the ratings show (calm/reports/weekly.py has the rules):

- "Pain last week was 1.9 points (32 %) lower than in your first week — a moderate
  improvement." Points always stand beside the percentage; a band is named only when the
  ratings can carry it, and otherwise the sentence after says why none is given.
- A rise is stated, never judged, and higher pain gets a kind sentence with a next step.
- Stress gets points and a percentage, never a band.
- "On average" needs `MIN_PAIRS` runs rated before and after; with fewer, it says so. A
  practice after which ratings are a point or more higher on average is named.
- Runs dated before one already logged (a clock set back) are said to be left out.

Weeks are named "this week", "last week", "next week" or "the week of 3 Mar".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from calm.reports.outcomes import MIN_PAIRS, ClientOutcomes, MeanChange, WeeklyOutcome, week_start
from calm.reports.weekly import (
    MIN_BANDED_BASELINE,
    MIN_RATINGS,
    NO_BAND_FEW_BASELINE,
    NO_BAND_FEW_WEEK,
    NO_BAND_LOW_BASELINE,
    NO_BAND_UNFINISHED,
    WeekFigures,
)

BAND_WORDS = {
    "none": "about the same",
    "minimal": "a small improvement",
    "moderate": "a moderate improvement",
    "substantial": "a substantial improvement",
}
TOO_FEW = (
    f"There are too few ratings yet to say how much that means: it takes {MIN_RATINGS} "
    f"ratings before practice in the first weeks and {MIN_RATINGS} in a whole week."
)
NO_BAND_WORDS = {
    NO_BAND_FEW_BASELINE: TOO_FEW,
    NO_BAND_FEW_WEEK: TOO_FEW,
    NO_BAND_UNFINISHED: "How much that means is judged once the week is over.",
    NO_BAND_LOW_BASELINE: (
        f"Pain was below {MIN_BANDED_BASELINE} to begin with, so no size is put on the change."
    ),
}
HIGHER_PAIN = {
    "your": (
        "Pain often goes up and down, and a harder week is not a failure. If it stays higher, "
        "talk it over with your doctor or therapist; on hard days a short, gentle practice "
        "can still help."
    ),
    "theirs": (
        "Pain often goes up and down, and a harder week is not a failure. If it stays higher, "
        "it is worth talking over together at the next session."
    ),
}
WORSE_AFTER_STEP = "If a practice makes things worse, ease off, or choose another one."


@dataclass(frozen=True)
class ProgressWords:
    """Sentences for the top of the Progress screen, most important first."""

    lines: tuple[str, ...]
    empty: bool = False

    def text(self) -> str:
        return " ".join(self.lines)


def week_name(week: date, today: date) -> str:
    """'this week', 'last week', 'next week' or 'the week of 3 Mar'."""
    this = week_start(today)
    if week == this:
        return "this week"
    if week == this - timedelta(weeks=1):
        return "last week"
    if week == this + timedelta(weeks=1):
        return "next week"
    return f"the week of {week.day} {week:%b}"


def points(value: float) -> str:
    """'1.9 points', '1.0 point'."""
    text = f"{abs(value):.1f}"
    return f"{text} point" if text == "1.0" else f"{text} points"


def measure_sentences(outcome: WeeklyOutcome, today: date, whose: str = "your") -> list[str]:
    """One measure's week against the baseline, with what that may mean (empty: no ratings)."""
    name = outcome.measure.capitalize()
    week = outcome.compared
    if outcome.baseline is None or outcome.baseline_week is None:
        return []
    first = f"{whose} first week" if outcome.baseline_weeks == 1 else f"{whose} first two weeks"
    if week is None:  # only the baseline so far
        start = outcome.baseline_week + timedelta(weeks=outcome.baseline_weeks)
        later = (
            f"From {week_name(start, today)}, each week"
            if start > week_start(today)
            else "Each later week with ratings"
        )
        return [
            f"{name} before practice averages {outcome.baseline:.1f} so far. "
            f"{later} is compared with {first}."
        ]
    when = week_name(week.week_start, today)
    if when == "this week":
        subject = f"{name} this week so far is" if not week.complete else f"{name} this week is"
    elif when == "last week":
        subject = f"{name} last week was"
    else:
        subject = f"{name} in {when} was"
    if week.reduction_pct is None or week.change_points is None:  # a baseline of 0
        return [f"{subject} {week.mean_before:.1f} on average; in {first} it was 0."]
    return _compare(outcome.measure, subject, week, first, whose)


def _compare(measure: str, subject: str, week: WeekFigures, first: str, whose: str) -> list[str]:
    reduction = week.reduction_pct or 0.0  # measure_sentences passes only figures with one
    percent = round(abs(reduction))
    if percent == 0:
        return [f"{subject} about the same as in {first}."]
    size = f"{points(week.change_points or 0.0)} ({percent} %)"
    if reduction < 0:
        said = [f"{subject} {size} higher than in {first}."]
        if measure == "pain":
            said.append(HIGHER_PAIN["your" if whose == "your" else "theirs"])
        return said
    if week.band is not None:
        return [f"{subject} {size} lower than in {first} — {BAND_WORDS[week.band]}."]
    said = [f"{subject} {size} lower than in {first}."]
    if week.no_band in NO_BAND_WORDS:
        said.append(NO_BAND_WORDS[week.no_band])
    return said


def practice_sentence(outcomes: ClientOutcomes, today: date) -> str:
    """'This week: 5 practices, 48 minutes. On average 4.2 practices a week.'"""
    adherence = outcomes.adherence
    this = week_start(today)
    current = next((w for w in adherence.weeks if w.week_start == this), None)
    practices = current.practices if current else 0
    minutes = round(current.minutes) if current else 0
    text = f"This week: {count(practices, 'practice')}, {count(minutes, 'minute')}."
    if len(adherence.weeks) > 1:
        text += f" On average {adherence.mean_practices_per_week:.1f} practices a week."
    return text


def change_sentence(change: MeanChange) -> str | None:
    """'Right after a practice, pain is 1.3 points lower on average (48 practices).'"""
    measure = change.measure
    if change.too_few:
        return (
            f"There are too few ratings yet to say how {measure} changes right after a "
            f"practice: {count(change.pairs, 'practice')} rated before and after so far, "
            f"and it takes {MIN_PAIRS}."
        )
    if change.mean_change is None:
        return None
    pairs = count(change.pairs, "practice")
    if abs(change.mean_change) < 0.05:
        return f"Right after a practice, {measure} is about the same on average ({pairs})."
    direction = "lower" if change.mean_change < 0 else "higher"
    return (
        f"Right after a practice, {measure} is {points(change.mean_change)} {direction} "
        f"on average ({pairs})."
    )


def worse_after_sentences(outcomes: ClientOutcomes, titles: Mapping[str, str]) -> list[str]:
    """'Pain is 1.3 points higher after Box Breathing on average (4 practices).' and a step."""
    said = []
    for measure in ("pain", "stress"):
        for change in outcomes.change_by_practice[measure]:
            if change.worse_after:
                title = titles.get(change.key, change.key)
                said.append(
                    f"{measure.capitalize()} is {points(change.mean_change or 0.0)} higher after "
                    f"{title} on average ({count(change.pairs, 'practice')})."
                )
    return [*said, WORSE_AFTER_STEP] if said else []


def misdated_sentence(outcomes: ClientOutcomes) -> str | None:
    """What happened to runs dated before one already logged (a clock set back)."""
    found = len(outcomes.misdated)
    if not found:
        return None
    if found == 1:
        return (
            "1 practice is dated before one logged earlier, so the computer's clock may have "
            "been set back. It is kept in the log but left out of the weekly figures."
        )
    return (
        f"{found} practices are dated before ones logged earlier, so the computer's clock may "
        "have been set back. They are kept in the log but left out of the weekly figures."
    )


def progress_words(
    outcomes: ClientOutcomes,
    today: date,
    whose: str = "your",
    titles: Mapping[str, str] | None = None,
) -> ProgressWords:
    """Everything the summary says, in order: pain, stress, practice, the change right after,
    practices after which ratings are higher, and runs left out for their dates."""
    if not outcomes.adherence.weeks and not outcomes.misdated:
        return ProgressWords(
            (
                "No practices yet. When you have finished a practice, how it went shows here, "
                "week by week.",
            ),
            empty=True,
        )
    lines = []
    for measure in ("pain", "stress"):
        lines.extend(measure_sentences(outcomes.weekly[measure], today, whose))
    lines.append(practice_sentence(outcomes, today))
    for measure in ("pain", "stress"):
        sentence = change_sentence(outcomes.change[measure])
        if sentence:
            lines.append(sentence)
    lines.extend(worse_after_sentences(outcomes, titles or {}))
    misdated = misdated_sentence(outcomes)
    if misdated:
        lines.append(misdated)
    return ProgressWords(tuple(lines))


def count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"

"""Outcome figures from a client's runs: plain functions returning frozen values.

- One run's change: "Pain 6 → 4" (a single run's change is shown, never judged).
- Weekly averages against the baseline, and when a band may be named: calm/reports/weekly.py.
- Adherence: practices and minutes per week, per practice and per category. A run counts as a
  practice when it was completed or any time was practised, except a run skipped through to
  the end (Next pressed again and again): that is shown as such, never counted as a practice.
- The average before-to-after change, in all and per practice, only over runs with both
  answers, and only from `MIN_PAIRS` such runs: with fewer, its means are None ("too few
  ratings yet"). A practice whose after-rating averages `WORSE_AFTER_POINTS` or more above the
  before-rating is marked `worse_after`.
- Runs dated before one already logged (`clock_set_back`) are kept in the totals and in the
  before-to-after changes (a pair does not depend on the date), but left out of everything
  counted by week, and listed in `misdated`.

Weeks start on Monday and follow each run's local date (as it was stored, with its offset).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from calm.reports.weekly import (
    BANDS,
    WeekFigures,
    WeeklyOutcome,
    band_for,
    span,
    week_start,
    weekly_outcome,
)
from calm.store.records import MEASURES, RunRecord

__all__ = ["BANDS", "WeekFigures", "WeeklyOutcome", "band_for", "week_start", "weekly_outcome"]

NO_ANSWER = "–"
MIN_PAIRS = 3  # runs rated before and after, for "on average" and "which practices help"
WORSE_AFTER_POINTS = 1.0  # an after-rating this much above the before-rating is marked


@dataclass(frozen=True)
class RatingChange:
    """One measure of one run: the answers before and after (None = skipped or not asked)."""

    measure: str
    before: int | None
    after: int | None

    @property
    def change(self) -> int | None:
        """after - before (negative is relief), or None unless both were answered."""
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    def text(self) -> str:
        """'Pain 6 → 4' ('–' for a skipped answer)."""
        before = NO_ANSWER if self.before is None else str(self.before)
        after = NO_ANSWER if self.after is None else str(self.after)
        return f"{self.measure.capitalize()} {before} → {after}"


@dataclass(frozen=True)
class TechniqueCount:
    """Practices and minutes of one practice id or category."""

    key: str
    practices: int
    minutes: float


@dataclass(frozen=True)
class WeekAdherence:
    """One week's practices and minutes, in all and per practice id and category."""

    week_start: date
    practices: int
    minutes: float
    by_practice: tuple[TechniqueCount, ...]
    by_category: tuple[TechniqueCount, ...]


@dataclass(frozen=True)
class Adherence:
    """How much was practised: per week (every week from the first to the last) and in all."""

    weeks: tuple[WeekAdherence, ...]
    practices: int
    minutes: float
    by_practice: tuple[TechniqueCount, ...]
    by_category: tuple[TechniqueCount, ...]

    @property
    def mean_practices_per_week(self) -> float:
        """Practices per week over every week from the first to the last."""
        return sum(w.practices for w in self.weeks) / len(self.weeks) if self.weeks else 0.0

    @property
    def mean_minutes_per_week(self) -> float:
        """Minutes per week over every week from the first to the last."""
        return sum(w.minutes for w in self.weeks) / len(self.weeks) if self.weeks else 0.0


@dataclass(frozen=True)
class MeanChange:
    """The average before-to-after change over runs with both answers (negative is relief)."""

    key: str
    measure: str
    pairs: int
    mean_before: float | None  # None below MIN_PAIRS pairs: too few ratings yet
    mean_after: float | None
    mean_change: float | None

    @property
    def too_few(self) -> bool:
        """Rated before and after at least once, but fewer than MIN_PAIRS times."""
        return 0 < self.pairs < MIN_PAIRS

    @property
    def worse_after(self) -> bool:
        """After-ratings average WORSE_AFTER_POINTS or more above the before-ratings."""
        return self.mean_change is not None and self.mean_change >= WORSE_AFTER_POINTS


@dataclass(frozen=True)
class ClientOutcomes:
    """Everything the progress screen and `stats` show for one client."""

    weekly: Mapping[str, WeeklyOutcome]
    adherence: Adherence
    change: Mapping[str, MeanChange]
    change_by_practice: Mapping[str, tuple[MeanChange, ...]]
    this_week: int
    misdated: tuple[RunRecord, ...] = ()  # dated before a run already logged (clock set back)


def run_changes(run: RunRecord) -> tuple[RatingChange, ...]:
    """The change of each measure that was asked about in this run."""
    changes = []
    for measure in MEASURES:
        before, after = run.rating(measure, "before"), run.rating(measure, "after")
        if before is None and after is None:
            continue
        changes.append(
            RatingChange(measure, before.value if before else None, after.value if after else None)
        )
    return tuple(changes)


def describe_run(run: RunRecord) -> str:
    """'Pain 6 → 4 · Stress 7 → 3' (empty when nothing was asked)."""
    return " · ".join(change.text() for change in run_changes(run))


def counts_as_practice(run: RunRecord) -> bool:
    """Completed, or some time practised (a run abandoned at once does not count); a run
    skipped through to the end is not a practice done."""
    if run.status == "skipped":
        return False
    return run.status == "completed" or run.practised_ms > 0


def adherence(runs: Iterable[RunRecord], category_of: Mapping[str, str] | None = None) -> Adherence:
    """Practices and minutes per week, per practice id and per category ("other" if unknown).

    A run dated before one already logged counts in the totals but in no week.
    """
    category_of = category_of or {}
    weekly: dict[date, list[RunRecord]] = {}
    seen: set[date] = set()
    done = []
    for run in runs:
        if counts_as_practice(run):
            done.append(run)
        if run.clock_set_back:
            continue
        week = week_start(run.started.date())
        seen.add(week)
        if counts_as_practice(run):
            weekly.setdefault(week, []).append(run)
    weeks = []
    for week in span(seen):
        in_week = weekly.get(week, [])
        weeks.append(
            WeekAdherence(
                week,
                len(in_week),
                _minutes(in_week),
                _tally(in_week, lambda r: r.practice_id),
                _tally(in_week, lambda r: category_of.get(r.practice_id, "other")),
            )
        )
    return Adherence(
        tuple(weeks),
        len(done),
        _minutes(done),
        _tally(done, lambda r: r.practice_id),
        _tally(done, lambda r: category_of.get(r.practice_id, "other")),
    )


def mean_change(runs: Iterable[RunRecord], measure: str, key: str = "all") -> MeanChange:
    """The average before-to-after change of `measure` over runs with both answers."""
    pairs = [
        (before, after)
        for run in runs
        if (before := run.value(measure, "before")) is not None
        and (after := run.value(measure, "after")) is not None
    ]
    if len(pairs) < MIN_PAIRS:
        return MeanChange(key, measure, len(pairs), None, None, None)
    befores = [b for b, _ in pairs]
    afters = [a for _, a in pairs]
    mean_b, mean_a = _mean(befores), _mean(afters)
    return MeanChange(key, measure, len(pairs), mean_b, mean_a, _mean([a - b for b, a in pairs]))


def change_by_practice(runs: Sequence[RunRecord], measure: str) -> tuple[MeanChange, ...]:
    """`mean_change` for each practice id, the most practised first."""
    groups: dict[str, list[RunRecord]] = {}
    for run in runs:
        groups.setdefault(run.practice_id, []).append(run)
    found = [mean_change(group, measure, key) for key, group in groups.items()]
    return tuple(sorted(found, key=lambda c: (-c.pairs, c.key)))


def practices_this_week(runs: Iterable[RunRecord], today: date) -> int:
    """How many practices were done in the week (Monday to Sunday) holding `today`."""
    monday = week_start(today)
    return sum(
        1
        for run in runs
        if not run.clock_set_back
        and week_start(run.started.date()) == monday
        and counts_as_practice(run)
    )


def client_outcomes(
    runs: Sequence[RunRecord], today: date, category_of: Mapping[str, str] | None = None
) -> ClientOutcomes:
    """All of the above for one client's runs."""
    return ClientOutcomes(
        weekly={m: weekly_outcome(runs, m, today) for m in MEASURES},
        adherence=adherence(runs, category_of),
        change={m: mean_change(runs, m) for m in MEASURES},
        change_by_practice={m: change_by_practice(runs, m) for m in MEASURES},
        this_week=practices_this_week(runs, today),
        misdated=tuple(run for run in runs if run.clock_set_back),
    )


def _mean(values: Sequence[int]) -> float | None:
    return float(Fraction(sum(values), len(values))) if values else None


def _minutes(runs: Iterable[RunRecord]) -> float:
    return sum(run.practised_ms for run in runs) / 60_000


def _tally(runs: Iterable[RunRecord], key) -> tuple[TechniqueCount, ...]:
    groups: dict[str, list[RunRecord]] = {}
    for run in runs:
        groups.setdefault(key(run), []).append(run)
    counts = [TechniqueCount(k, len(g), _minutes(g)) for k, g in groups.items()]
    return tuple(sorted(counts, key=lambda c: (-c.practices, c.key)))

"""Outcome figures from a client's runs: plain functions returning frozen values.

- One run's change: "Pain 6 → 4" (a single run's change is shown, never judged).
- Weekly averages of the before-ratings against the first week with any (the baseline), with
  the IMMPACT band of the reduction (Dworkin et al. 2008, CONTENT.md):
  below 10 % "none", 10 % to under 30 % "minimal", 30 % to under 50 % "moderate", 50 % or more
  "substantial". CONTENT.md names 10-20 % minimal and 30 % moderate and leaves 20-30 % open;
  we call it "minimal", because it has passed the minimal threshold and not yet the moderate
  one (a band never claims more than was reached). A baseline of 0 has no percentage (band
  None). The same bands are applied to stress for want of validated ones, and say so on screen.
- Adherence: practices and minutes per week, per practice and per category. A run counts as a
  practice when it was completed or any time was practised, except a run skipped through to
  the end (Next pressed again and again): that is shown as such, never counted as a practice.
- The average before-to-after change per practice (only runs with both answers count).

Weeks start on Monday and follow each run's local date (as it was stored, with its offset).
Percentages are compared as exact fractions, so 6.0 → 4.2 is exactly 30 %, "moderate".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from functools import lru_cache

from calm.store.records import MEASURES, RunRecord

BANDS = ("none", "minimal", "moderate", "substantial")
_THRESHOLDS = ((Fraction(1, 2), "substantial"), (Fraction(3, 10), "moderate"))
_MINIMAL = Fraction(1, 10)
NO_ANSWER = "–"


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
class WeekFigures:
    """One week's average before-rating of one measure against the baseline week."""

    week_start: date
    ratings: int
    mean_before: float | None
    mean_after: float | None
    reduction_pct: float | None
    change_points: float | None
    band: str | None


@dataclass(frozen=True)
class WeeklyOutcome:
    """A measure's weekly averages from the first to the last week with runs."""

    measure: str
    baseline_week: date | None
    baseline: float | None
    weeks: tuple[WeekFigures, ...]

    @property
    def latest(self) -> WeekFigures | None:
        """The most recent week with a before-rating."""
        rated = [week for week in self.weeks if week.ratings]
        return rated[-1] if rated else None


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
        return self.practices / len(self.weeks) if self.weeks else 0.0

    @property
    def mean_minutes_per_week(self) -> float:
        """Minutes per week over every week from the first to the last."""
        return self.minutes / len(self.weeks) if self.weeks else 0.0


@dataclass(frozen=True)
class MeanChange:
    """The average before-to-after change over runs with both answers (negative is relief)."""

    key: str
    measure: str
    pairs: int
    mean_before: float | None
    mean_after: float | None
    mean_change: float | None


@dataclass(frozen=True)
class ClientOutcomes:
    """Everything the progress screen and `stats` show for one client."""

    weekly: Mapping[str, WeeklyOutcome]
    adherence: Adherence
    change: Mapping[str, MeanChange]
    change_by_practice: Mapping[str, tuple[MeanChange, ...]]
    this_week: int


@lru_cache(maxsize=8192)  # a client's history holds a few thousand days at most
def week_start(day: date) -> date:
    """The Monday of the week holding `day`."""
    return day - timedelta(days=day.weekday())


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


def band_for(reduction: Fraction) -> str:
    """The IMMPACT band of a reduction given as a fraction of the baseline (0.3 = 30 %)."""
    for threshold, name in _THRESHOLDS:
        if reduction >= threshold:
            return name
    return "minimal" if reduction >= _MINIMAL else "none"


def weekly_outcome(runs: Iterable[RunRecord], measure: str) -> WeeklyOutcome:
    """Weekly means of `measure` before (and after) practice, against the first rated week."""
    before: dict[date, list[int]] = {}
    after: dict[date, list[int]] = {}
    seen: set[date] = set()
    for run in runs:
        week = week_start(run.started.date())
        seen.add(week)
        if (value := run.value(measure, "before")) is not None:
            before.setdefault(week, []).append(value)
        if (value := run.value(measure, "after")) is not None:
            after.setdefault(week, []).append(value)
    if not before:
        weeks = tuple(WeekFigures(w, 0, None, None, None, None, None) for w in _span(seen))
        return WeeklyOutcome(measure, None, None, weeks)
    baseline_week = min(before)
    baseline = Fraction(sum(before[baseline_week]), len(before[baseline_week]))
    figures = []
    for week in _span(seen):
        values = before.get(week, [])
        mean = Fraction(sum(values), len(values)) if values else None
        reduction = band = points = None
        if mean is not None and week > baseline_week:
            points = float(baseline - mean)
            if baseline > 0:
                share = (baseline - mean) / baseline
                reduction, band = float(share * 100), band_for(share)
        figures.append(
            WeekFigures(
                week,
                len(values),
                None if mean is None else float(mean),
                _mean(after.get(week, [])),
                reduction,
                points,
                band,
            )
        )
    return WeeklyOutcome(measure, baseline_week, float(baseline), tuple(figures))


def counts_as_practice(run: RunRecord) -> bool:
    """Completed, or some time practised (a run abandoned at once does not count); a run
    skipped through to the end is not a practice done."""
    if run.status == "skipped":
        return False
    return run.status == "completed" or run.practised_ms > 0


def adherence(runs: Iterable[RunRecord], category_of: Mapping[str, str] | None = None) -> Adherence:
    """Practices and minutes per week, per practice id and per category ("other" if unknown)."""
    category_of = category_of or {}
    weekly: dict[date, list[RunRecord]] = {}
    seen: set[date] = set()
    for run in runs:
        week = week_start(run.started.date())
        seen.add(week)
        if counts_as_practice(run):
            weekly.setdefault(week, []).append(run)
    weeks = []
    for week in _span(seen):
        done = weekly.get(week, [])
        weeks.append(
            WeekAdherence(
                week,
                len(done),
                _minutes(done),
                _tally(done, lambda r: r.practice_id),
                _tally(done, lambda r: category_of.get(r.practice_id, "other")),
            )
        )
    done = [run for group in weekly.values() for run in group]
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
        (run.value(measure, "before"), run.value(measure, "after"))
        for run in runs
        if run.value(measure, "before") is not None and run.value(measure, "after") is not None
    ]
    if not pairs:
        return MeanChange(key, measure, 0, None, None, None)
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
        1 for run in runs if week_start(run.started.date()) == monday and counts_as_practice(run)
    )


def client_outcomes(
    runs: Sequence[RunRecord], today: date, category_of: Mapping[str, str] | None = None
) -> ClientOutcomes:
    """All of the above for one client's runs."""
    return ClientOutcomes(
        weekly={m: weekly_outcome(runs, m) for m in MEASURES},
        adherence=adherence(runs, category_of),
        change={m: mean_change(runs, m) for m in MEASURES},
        change_by_practice={m: change_by_practice(runs, m) for m in MEASURES},
        this_week=practices_this_week(runs, today),
    )


def _span(weeks: set[date]) -> list[date]:
    """Every Monday from the first to the last of `weeks` (empty weeks included)."""
    if not weeks:
        return []
    first, last = min(weeks), max(weeks)
    return [first + timedelta(weeks=n) for n in range((last - first).days // 7 + 1)]


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

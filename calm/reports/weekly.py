"""Weekly averages of a measure against a baseline, and when an IMMPACT band may be named.

The rules (IMMPACT: Dworkin et al., J Pain 2008;9:105-121, for the bands and the points):

- The baseline is the first week with a before-rating; when that week holds fewer than
  `MIN_RATINGS` ratings, the next calendar week joins it (at most `BASELINE_WEEKS` weeks).
  Its value is the mean of every before-rating in it. Later weeks are compared with it.
- A week's change is given in points and as a share of the baseline (none of a baseline of 0).
- A band is named only for pain, for a reduction, when the baseline holds at least
  `MIN_RATINGS` ratings, the week compared is over and holds at least `MIN_RATINGS`, and the
  baseline is `MIN_BANDED_BASELINE` or more. Otherwise `no_band` says which rule held it back.
  Bands: below 10 % "none", 10 % to under 30 % "minimal" (the brief names 10-20 % and leaves
  20-30 % open; a band never claims more than was reached), 30 % "moderate", 50 % "substantial".
- Runs flagged `clock_set_back` (dated before a run already logged) are left out: their date
  cannot be trusted, so they never become the baseline nor land in a week.

Weeks start on Monday and follow each run's local date. Shares are exact fractions, so
6.0 → 4.2 is exactly 30 %, "moderate".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from functools import lru_cache

from calm.store.records import RunRecord

BANDS = ("none", "minimal", "moderate", "substantial")
BANDED_MEASURES = ("pain",)  # stress has no validated bands
MIN_RATINGS = 5  # in the baseline, and in the week compared, before a band is named
BASELINE_WEEKS = 2  # the baseline grows to this many weeks while it holds too few ratings
MIN_BANDED_BASELINE = 4  # below this, a change gets points and a percentage but no band
_THRESHOLDS = ((Fraction(1, 2), "substantial"), (Fraction(3, 10), "moderate"))
_MINIMAL = Fraction(1, 10)

# Why a week's reduction has no band (None when it has one, or when it is no reduction).
NO_BAND_MEASURE = "measure"  # stress: no validated bands
NO_BAND_FEW_BASELINE = "few-baseline"  # fewer than MIN_RATINGS ratings in the baseline
NO_BAND_UNFINISHED = "unfinished"  # the week is not over yet
NO_BAND_FEW_WEEK = "few-week"  # fewer than MIN_RATINGS ratings in the week
NO_BAND_LOW_BASELINE = "low-baseline"  # a baseline below MIN_BANDED_BASELINE


@dataclass(frozen=True)
class WeekFigures:
    """One week's average before-rating of one measure against the baseline."""

    week_start: date
    ratings: int
    mean_before: float | None
    mean_after: float | None
    reduction_pct: float | None  # positive = lower than the baseline; None: not compared
    change_points: float | None  # baseline - this week's mean (positive = lower)
    band: str | None
    complete: bool = True  # the week is over
    in_baseline: bool = False
    no_band: str | None = None


@dataclass(frozen=True)
class WeeklyOutcome:
    """A measure's weekly averages from the first to the last week with runs."""

    measure: str
    baseline_week: date | None  # the first week of the baseline
    baseline: float | None
    weeks: tuple[WeekFigures, ...]
    baseline_weeks: int = 0  # how many calendar weeks the baseline spans (1 or 2)
    baseline_ratings: int = 0

    @property
    def latest(self) -> WeekFigures | None:
        """The most recent week with a before-rating."""
        rated = [week for week in self.weeks if week.ratings]
        return rated[-1] if rated else None

    @property
    def compared(self) -> WeekFigures | None:
        """The week the summary speaks of: the latest finished week after the baseline with a
        rating, else the week under way, else None (only the baseline so far)."""
        later = [w for w in self.weeks if w.ratings and not w.in_baseline]
        finished = [w for w in later if w.complete]
        if finished:
            return finished[-1]
        return later[-1] if later else None


@lru_cache(maxsize=8192)  # a client's history holds a few thousand days at most
def week_start(day: date) -> date:
    """The Monday of the week holding `day`."""
    return day - timedelta(days=day.weekday())


def band_for(reduction: Fraction) -> str:
    """The IMMPACT band of a reduction given as a fraction of the baseline (0.3 = 30 %)."""
    for threshold, name in _THRESHOLDS:
        if reduction >= threshold:
            return name
    return "minimal" if reduction >= _MINIMAL else "none"


def weekly_outcome(runs: Iterable[RunRecord], measure: str, today: date) -> WeeklyOutcome:
    """Weekly means of `measure` before (and after) practice, against the baseline."""
    before: dict[date, list[int]] = {}
    after: dict[date, list[int]] = {}
    seen: set[date] = set()
    for run in runs:
        if run.clock_set_back:
            continue
        week = week_start(run.started.date())
        seen.add(week)
        if (value := run.value(measure, "before")) is not None:
            before.setdefault(week, []).append(value)
        if (value := run.value(measure, "after")) is not None:
            after.setdefault(week, []).append(value)
    this_week = week_start(today)
    if not before:
        weeks = tuple(
            WeekFigures(w, 0, None, _mean(after.get(w, [])), None, None, None, w < this_week)
            for w in span(seen)
        )
        return WeeklyOutcome(measure, None, None, weeks)
    first = min(before)
    baseline_span = [first]
    if len(before[first]) < MIN_RATINGS and BASELINE_WEEKS > 1:
        baseline_span.append(first + timedelta(weeks=1))
    pooled = [value for week in baseline_span for value in before.get(week, [])]
    baseline = Fraction(sum(pooled), len(pooled))
    figures = []
    for week in span(seen):
        values = before.get(week, [])
        mean = Fraction(sum(values), len(values)) if values else None
        complete = week < this_week
        in_baseline = week in baseline_span
        reduction = band = points = reason = None
        if mean is not None and not in_baseline and week > first:
            points = float(baseline - mean)
            if baseline > 0:
                share = (baseline - mean) / baseline
                reduction = float(share * 100)
                if share > 0:
                    reason = _no_band(measure, len(pooled), baseline, len(values), complete)
                    band = None if reason else band_for(share)
        figures.append(
            WeekFigures(
                week,
                len(values),
                None if mean is None else float(mean),
                _mean(after.get(week, [])),
                reduction,
                points,
                band,
                complete,
                in_baseline,
                reason,
            )
        )
    return WeeklyOutcome(
        measure, first, float(baseline), tuple(figures), len(baseline_span), len(pooled)
    )


def _no_band(
    measure: str, baseline_ratings: int, baseline: Fraction, ratings: int, complete: bool
) -> str | None:
    """Which rule keeps a reduction from being named by a band (None: it may be named)."""
    if measure not in BANDED_MEASURES:
        return NO_BAND_MEASURE
    if baseline_ratings < MIN_RATINGS:
        return NO_BAND_FEW_BASELINE
    if not complete:
        return NO_BAND_UNFINISHED
    if ratings < MIN_RATINGS:
        return NO_BAND_FEW_WEEK
    if baseline < MIN_BANDED_BASELINE:
        return NO_BAND_LOW_BASELINE
    return None


def span(weeks: set[date]) -> list[date]:
    """Every Monday from the first to the last of `weeks` (empty weeks included)."""
    if not weeks:
        return []
    first, last = min(weeks), max(weeks)
    return [first + timedelta(weeks=n) for n in range((last - first).days // 7 + 1)]


def _mean(values: list[int]) -> float | None:
    return float(Fraction(sum(values), len(values))) if values else None

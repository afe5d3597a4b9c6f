"""What the Progress charts plot, prepared from runs and outcome figures (no Qt here, so it
can be computed and tested without loading QtCharts).

Ratings are averaged per day (several practices a day would otherwise stack up on one date);
practice is counted per week over short periods and per month over long ones, so the bars
stay wide enough to read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from calm.reports.outcomes import Adherence
from calm.store import RunRecord

PERIODS = ((28, "4 weeks"), (91, "3 months"), (365, "A year"), (0, "All"))
MONTHLY_AFTER_WEEKS = 16


@dataclass(frozen=True)
class DayPoint:
    """One day's average rating before and after practice (None: none given)."""

    day: date
    before: float | None
    after: float | None


@dataclass(frozen=True)
class Bar:
    """One bar: its label under the axis and its height."""

    label: str
    value: float


def period_start(runs: Sequence[RunRecord], days: int, today: date) -> date:
    """The first day shown: `days` back from today, or the first practice for "All" (0)."""
    first = min((run.started.date() for run in runs), default=today)
    return first if days <= 0 else max(first, today - timedelta(days=days - 1))


def daily_points(runs: Sequence[RunRecord], measure: str, since: date) -> list[DayPoint]:
    """The day's mean before and after `measure`, for days from `since` with any answer."""
    before: dict[date, list[int]] = {}
    after: dict[date, list[int]] = {}
    for run in runs:
        day = run.started.date()
        if day < since:
            continue
        if (value := run.value(measure, "before")) is not None:
            before.setdefault(day, []).append(value)
        if (value := run.value(measure, "after")) is not None:
            after.setdefault(day, []).append(value)
    return [
        DayPoint(day, _mean(before.get(day)), _mean(after.get(day)))
        for day in sorted(set(before) | set(after))
    ]


def practice_bars(adherence: Adherence, what: str, since: date) -> tuple[str, list[Bar]]:
    """('Practices per week', bars) from `since`; per month when that is many weeks."""
    weeks = [w for w in adherence.weeks if w.week_start + timedelta(days=6) >= since]
    value = (lambda w: w.practices) if what == "practices" else (lambda w: w.minutes)
    noun = "Practices" if what == "practices" else "Minutes"
    if len(weeks) <= MONTHLY_AFTER_WEEKS:
        bars = [Bar(f"{w.week_start.day} {w.week_start:%b}", float(value(w))) for w in weeks]
        return f"{noun} per week", bars
    months: dict[tuple[int, int], float] = {}
    for week in weeks:  # a week belongs to the month its Thursday is in (as ISO weeks do)
        thursday = week.week_start + timedelta(days=3)
        key = (thursday.year, thursday.month)
        months[key] = months.get(key, 0.0) + value(week)
    bars = [Bar(date(y, m, 1).strftime("%b %Y"), total) for (y, m), total in months.items()]
    return f"{noun} per month", bars


def _mean(values: list[int] | None) -> float | None:
    return sum(values) / len(values) if values else None

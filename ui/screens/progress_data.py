"""What the Progress charts plot, prepared from runs and outcome figures (no Qt here, so it
can be computed and tested without loading QtCharts).

Ratings are averaged per day (several practices a day would otherwise stack up on one date),
over runs rated both before and after only, so the two lines compare like with like and never
contradict the words above them. Runs dated before one already logged (a clock set back) are
not plotted: their date cannot be trusted. The time axis gets at most `MAX_TICKS` labels, none
repeated, all inside the span shown, which runs from the first day plotted to the last.
Practice is counted per week over short periods and per month over long ones, so the bars stay
wide enough to read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from calm.reports.outcomes import Adherence
from calm.store import RunRecord

PERIODS = ((28, "4 weeks"), (91, "3 months"), (365, "A year"), (0, "All"))
MONTHLY_AFTER_WEEKS = 16
MAX_TICKS = 7
_DAY_STEPS = (1, 2, 3, 7, 14)
_MONTH_STEPS = (1, 2, 3, 6, 12, 24)


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
    dated = (run.started.date() for run in runs if not run.clock_set_back)
    first = min(dated, default=today)
    return first if days <= 0 else max(first, today - timedelta(days=days - 1))


def daily_points(runs: Sequence[RunRecord], measure: str, since: date) -> list[DayPoint]:
    """The day's mean before and after `measure` over runs rated both times, from `since`."""
    before: dict[date, list[int]] = {}
    after: dict[date, list[int]] = {}
    for run in runs:
        day = run.started.date()
        if day < since or run.clock_set_back:
            continue
        first, then = run.value(measure, "before"), run.value(measure, "after")
        if first is None or then is None:
            continue
        before.setdefault(day, []).append(first)
        after.setdefault(day, []).append(then)
    return [DayPoint(day, _mean(before[day]), _mean(after[day])) for day in sorted(before)]


def axis_ticks(first: date, last: date) -> list[tuple[date, str]]:
    """Labelled days for a time axis from `first` to `last`: at most MAX_TICKS, each label
    different, none outside the span (days, then weeks, then months apart)."""
    if last < first:
        first, last = last, first
    days = (last - first).days
    for step in _DAY_STEPS:
        if days // step + 1 <= MAX_TICKS:
            return [
                (tick, f"{tick.day} {tick:%b}")
                for tick in (first + timedelta(days=n) for n in range(0, days + 1, step))
            ]
    months = [
        date(year, month, 1)
        for year in range(first.year, last.year + 1)
        for month in range(1, 13)
        if first <= date(year, month, 1) <= last
    ]
    label = "%b %Y" if first.year != last.year else "%b"
    for step in _MONTH_STEPS:
        chosen = months[::step]
        if len(chosen) <= MAX_TICKS:
            return [(tick, tick.strftime(label)) for tick in chosen]
    return [(months[0], months[0].strftime("%b %Y"))]


def chart_caption(points: Sequence[DayPoint], measure: str) -> str:
    """What the ratings chart shows, in words: its span and how many days it holds."""
    if not points:
        return f"No practice in this period was rated for {measure} both before and after."
    first, last = points[0].day, points[-1].day
    span = _day(first) if first == last else f"{_day(first)} to {_day(last)}"
    days = "1 day" if len(points) == 1 else f"{len(points)} days"
    return (
        f"{span}: {days} with {measure} rated both before and after practice "
        "(each point is that day's average)."
    )


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


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

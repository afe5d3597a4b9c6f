"""What was done against what the programme asks: today's list for Home, and week by week
for Progress and the report.

Only completed runs count as done (a practice stopped early or skipped through does not).
An item asked "K times a day" counts at most K runs a day; "K days a week" counts at most one
run a day and at most K days a week. Any length of the practice counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from calm.programme.model import Programme, ProgrammeItem

DONE_STATUSES = ("completed",)


class PractisedRun(Protocol):
    """What adherence needs of a run (calm.store's RunRecord has it)."""

    @property
    def practice_id(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def started(self) -> datetime: ...


@dataclass(frozen=True)
class TodayItem:
    """One programme item as it stands today."""

    item: ProgrammeItem
    done: int  # runs today (a day's count) or days this week (a week's count)
    wanted: int
    per_week: bool  # True when `done`/`wanted` count days of this week

    @property
    def finished(self) -> bool:
        return self.done >= self.wanted

    @property
    def status(self) -> str:
        """'Done today', '1 of 2 today', 'This week: 2 of 4 days'."""
        if self.per_week:
            if self.finished:
                return f"Done for this week ({self.done} of {self.wanted} days)"
            return f"This week: {self.done} of {self.wanted} days"
        if self.finished:
            return "Done today"
        return f"{self.done} of {self.wanted} today"


@dataclass(frozen=True)
class WeekAdherence:
    """Done against prescribed in one week (Monday to Sunday)."""

    week_start: date
    done: int
    prescribed: int

    @property
    def share(self) -> float | None:
        return None if not self.prescribed else min(self.done / self.prescribed, 1.0)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _done_days(runs: Iterable[PractisedRun], practice_id: str) -> dict[date, int]:
    days: dict[date, int] = {}
    for run in runs:
        if run.practice_id == practice_id and run.status in DONE_STATUSES:
            day = run.started.date()
            days[day] = days.get(day, 0) + 1
    return days


def today_list(programme: Programme, runs: Sequence[PractisedRun], today: date) -> list[TodayItem]:
    """The items that ask for practice today, each with what is done."""
    result = []
    for item in programme.items:
        if not item.active_on(today):
            continue
        days = _done_days(runs, item.practice_id)
        if item.per_day:
            result.append(
                TodayItem(item, min(days.get(today, 0), item.per_day), item.per_day, False)
            )
            continue
        monday = week_start(today)
        this_week = sum(1 for day in days if monday <= day <= today)
        result.append(
            TodayItem(item, min(this_week, item.days_a_week or 1), item.days_a_week or 1, True)
        )
    return result


def item_week(
    item: ProgrammeItem, days: dict[date, int], monday: date, last: date
) -> tuple[int, int]:
    """(done, prescribed) for one item in the week starting `monday`, up to `last`."""
    active = [
        monday + timedelta(days=n)
        for n in range(7)
        if monday + timedelta(days=n) <= last and item.active_on(monday + timedelta(days=n))
    ]
    if not active:
        return 0, 0
    if item.per_day:
        done = sum(min(days.get(day, 0), item.per_day) for day in active)
        return done, item.per_day * len(active)
    wanted = item.days_a_week or 1
    # a part week (the programme starts or ends in it) asks for its share of the days
    prescribed = wanted if len(active) == 7 else max(1, round(wanted * len(active) / 7))
    done = min(sum(1 for day in active if days.get(day)), prescribed)
    return done, prescribed


def weekly_adherence(
    programme: Programme, runs: Sequence[PractisedRun], first: date, last: date
) -> list[WeekAdherence]:
    """Each week from the one holding `first` to the one holding `last` (inclusive), counting
    days up to `last` only, so the current week is judged on the days so far."""
    weeks = []
    by_practice = {item.practice_id: _done_days(runs, item.practice_id) for item in programme.items}
    monday = week_start(first)
    while monday <= last:
        done = prescribed = 0
        for item in programme.items:
            d, p = item_week(item, by_practice[item.practice_id], monday, last)
            done, prescribed = done + d, prescribed + p
        weeks.append(WeekAdherence(monday, done, prescribed))
        monday += timedelta(days=7)
    return weeks

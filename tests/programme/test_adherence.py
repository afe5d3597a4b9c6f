"""What the programme asks against what was done: today's list and week by week."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest

from calm.programme.adherence import today_list, weekly_adherence
from calm.programme.due import goals_due, impression_due
from calm.programme.model import (
    ChangeImpression,
    Goal,
    GoalRating,
    Programme,
    ProgrammeError,
    ProgrammeItem,
    check_item,
)

MONDAY = date(2026, 11, 30)


@dataclass(frozen=True)
class Run:
    practice_id: str
    started: datetime
    status: str = "completed"


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour).astimezone()


TWICE = ProgrammeItem("slow-breathing", "10", per_day=2, start=MONDAY)
THREE_DAYS = ProgrammeItem("body-scan", "20", days_a_week=3, start=MONDAY)
PROGRAMME = Programme("anna", (TWICE, THREE_DAYS))


def test_today_counts_runs_of_the_day_up_to_what_is_asked():
    """Home must say '1 of 2 today', then 'Done today', never '3 of 2'."""
    runs = [Run("slow-breathing", at(MONDAY, 8))]
    items = today_list(PROGRAMME, runs, MONDAY)
    assert [i.status for i in items] == ["1 of 2 today", "This week: 0 of 3 days"]
    runs += [Run("slow-breathing", at(MONDAY, h)) for h in (12, 18)]
    runs.append(Run("body-scan", at(MONDAY, 20)))
    items = today_list(PROGRAMME, runs, MONDAY)
    assert [i.status for i in items] == ["Done today", "This week: 1 of 3 days"]
    assert items[0].finished and not items[1].finished


def test_stopped_and_skipped_runs_are_not_done():
    """Only a practice done to its end counts towards the programme."""
    runs = [
        Run("slow-breathing", at(MONDAY), "stopped"),
        Run("slow-breathing", at(MONDAY), "skipped"),
    ]
    assert today_list(PROGRAMME, runs, MONDAY)[0].done == 0


def test_items_outside_their_dates_are_not_asked_for():
    """An item that starts next week or ended yesterday is not on today's list."""
    later = ProgrammeItem("grounding", "3", per_day=1, start=MONDAY + timedelta(days=7))
    ended = ProgrammeItem("autogenic", "10", per_day=1, until=MONDAY - timedelta(days=1))
    assert today_list(Programme("anna", (later, ended)), [], MONDAY) == []


def test_weekly_adherence_counts_done_against_prescribed():
    """Progress shows 'done 9 of 17' for a week, counting at most what was asked each day."""
    runs = [
        Run("slow-breathing", at(MONDAY + timedelta(days=d), h))
        for d in range(5)
        for h in (8, 12, 20)
    ]
    runs += [Run("body-scan", at(MONDAY + timedelta(days=d))) for d in (0, 0, 2, 3, 4)]
    weeks = weekly_adherence(PROGRAMME, runs, MONDAY, MONDAY + timedelta(days=13))
    assert [(w.week_start, w.done, w.prescribed) for w in weeks] == [
        (MONDAY, 10 + 3, 14 + 3),
        (MONDAY + timedelta(days=7), 0, 14 + 3),
    ]
    assert weeks[0].share == pytest.approx(13 / 17)


def test_the_current_week_is_judged_on_its_days_so_far():
    """On Wednesday a twice-a-day item asks for 6, not 14."""
    week = weekly_adherence(Programme("anna", (TWICE,)), [], MONDAY, MONDAY + timedelta(days=2))
    assert (week[0].done, week[0].prescribed) == (0, 6)


def test_backwards_dates_and_unknown_practices_are_refused_with_a_sentence():
    """A therapist's slip must be named, not saved."""
    with pytest.raises(ProgrammeError, match="There is no practice called 'nope'"):
        check_item(ProgrammeItem("nope", "5", per_day=1), {"grounding"})
    backwards = ProgrammeItem("grounding", "3", per_day=1, start=MONDAY, until=date(2026, 11, 1))
    with pytest.raises(
        ProgrammeError, match="The dates run backwards: from 2026-11-30 until 2026-11-01"
    ):
        check_item(backwards, {"grounding"})
    with pytest.raises(ProgrammeError, match="Say how often"):
        check_item(ProgrammeItem("grounding", "3"), {"grounding"})


def test_goals_are_due_once_a_week():
    """The goal question comes at the first practice of a week, not at every practice."""
    goal = Goal("g1", "anna", "Cook a meal standing", at(MONDAY))
    assert goals_due([goal], [], MONDAY)
    rated = [GoalRating("g1", 4, at(MONDAY))]
    assert not goals_due([goal], rated, MONDAY + timedelta(days=6))
    assert goals_due([goal], rated, MONDAY + timedelta(days=7))
    assert not goals_due([], [], MONDAY)


def test_the_impression_of_change_is_asked_every_four_weeks():
    """PGIC: after four weeks of practice, then four weeks after each answer."""
    first = MONDAY
    assert not impression_due(first, [], first + timedelta(days=27))
    assert impression_due(first, [], first + timedelta(days=28))
    answered = [ChangeImpression("i1", "anna", 5, at(first + timedelta(days=28)))]
    assert not impression_due(first, answered, first + timedelta(days=40))
    assert impression_due(first, answered, first + timedelta(days=56))
    assert not impression_due(None, [], MONDAY)

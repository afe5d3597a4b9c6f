"""The progress figures in plain words (calm/reports/words.py), against hand-worked examples."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from calm.reports.outcomes import client_outcomes
from calm.reports.words import STRESS_NOTE, progress_words, week_name
from calm.store import Rating, RunRecord

ZONE = timezone(timedelta(hours=1))
FIRST_MONDAY = date(2026, 3, 2)


def run(day: date, pain=None, stress=None, minutes=10, n=0) -> RunRecord:
    started = datetime(day.year, day.month, day.day, 9 + n, 0, tzinfo=ZONE)
    ratings = []
    for measure, pair in (("pain", pain), ("stress", stress)):
        for when, value in zip(("before", "after"), pair or (), strict=False):
            ratings.append(Rating(measure, when, value, started))
    return RunRecord(
        id=f"{day}-{n}",
        client_id="c",
        practice_id="body-scan",
        title="Body Scan",
        script_hash="",
        variant="10",
        planned_ms=600_000,
        started=started,
        ended=None,
        status="completed",
        practised_ms=minutes * 60_000,
        progress=1.0,
        ratings=tuple(ratings),
    )


def words(runs, today):
    return progress_words(client_outcomes(runs, today), today)


def test_moderate_improvement_in_plain_words():
    """Pain 6.25 in week one and 4.25 three weeks on reads as 32 % lower, a moderate change."""
    week4 = FIRST_MONDAY + timedelta(weeks=3)
    runs = [
        run(FIRST_MONDAY, pain=(6, 5)),
        run(FIRST_MONDAY + timedelta(days=1), pain=(7, 5)),
        run(FIRST_MONDAY + timedelta(days=2), pain=(6, 4)),
        run(FIRST_MONDAY + timedelta(days=3), pain=(6, 4)),
        run(week4, pain=(4, 3)),
        run(week4 + timedelta(days=1), pain=(5, 3)),
        run(week4 + timedelta(days=2), pain=(4, 3)),
        run(week4 + timedelta(days=3), pain=(4, 4)),
    ]
    result = words(runs, week4 + timedelta(days=4))
    assert result.lines[0] == (
        "Pain this week is 32 % lower than in your first week — a moderate improvement."
    )
    assert result.lines[1] == "This week: 4 practices, 40 minutes. On average 2.0 practices a week."
    assert result.lines[2] == (
        "Right after a practice, pain is 1.4 points lower on average (8 practices)."
    )


def test_rise_is_stated_not_judged_and_stress_note_given():
    """A rise is said as it is; the stress band comes with its caveat."""
    later = FIRST_MONDAY + timedelta(weeks=1)
    runs = [
        run(FIRST_MONDAY, pain=(4, 4), stress=(8, 6)),
        run(later, pain=(5, 5), stress=(4, 3)),
    ]
    result = words(runs, later + timedelta(weeks=1))
    assert result.lines[0] == "Pain last week was 25 % higher than in your first week."
    assert result.lines[1] == (
        "Stress last week was 50 % lower than in your first week — a substantial improvement."
    )
    assert STRESS_NOTE in result.lines


def test_first_week_only_explains_what_comes():
    """With one week of ratings there is nothing to compare yet, and it says so."""
    result = words([run(FIRST_MONDAY, pain=(6, None))], FIRST_MONDAY)
    assert result.lines[0] == (
        "Pain before practice averages 6.0 in your first week. "
        "From next week, each week is compared with it."
    )
    assert not any("Right after" in line for line in result.lines)  # skipped answer: no pair


def test_small_change_and_other_weeks_named():
    """Under 10 % reads as about the same; older weeks are named by date, in the client's name."""
    old = FIRST_MONDAY + timedelta(weeks=2)
    runs = [run(FIRST_MONDAY, pain=(10, 9)), run(old, pain=(9, 9))]
    result = progress_words(client_outcomes(runs, old + timedelta(weeks=5)), old, "Alex's")
    assert result.lines[0] == (
        "Pain this week is 10 % lower than in Alex's first week — a small improvement."
    )
    result = progress_words(client_outcomes(runs, old), old + timedelta(weeks=5), "Alex's")
    assert result.lines[0].startswith("Pain in the week of 16 Mar was 10 % lower")
    assert week_name(FIRST_MONDAY, FIRST_MONDAY + timedelta(days=8)) == "last week"


def test_no_practices_is_a_friendly_empty_state():
    """Someone who has not practised yet sees a kind sentence, not empty charts."""
    result = words([], FIRST_MONDAY)
    assert result.empty
    assert result.text().startswith("No practices yet.")


def test_baseline_of_zero_has_no_percentage():
    """A first week without pain gives no percentage (nothing to take a share of)."""
    runs = [run(FIRST_MONDAY, pain=(0, 0)), run(FIRST_MONDAY + timedelta(weeks=1), pain=(2, 1))]
    result = words(runs, FIRST_MONDAY + timedelta(weeks=1))
    assert result.lines[0] == "Pain this week is 2.0 on average; in your first week it was 0."

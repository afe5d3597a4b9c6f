"""The progress figures in plain words (calm/reports/words.py), against hand-worked examples."""

from __future__ import annotations

from datetime import date, timedelta

from calm.reports.outcomes import client_outcomes
from calm.reports.words import HIGHER_PAIN, TOO_FEW, progress_words, week_name
from tests.support.runs import rated_run as run

FIRST_MONDAY = date(2026, 3, 2)


def words(runs, today):
    return progress_words(client_outcomes(runs, today), today)


def test_four_ratings_a_week_are_said_in_points_and_percent_without_a_band():
    """Pain 6.25 in week one and 4.25 three weeks on: 2.0 points, 32 %, but too few to judge."""
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
    assert result.lines == (
        "Pain this week so far is 2.0 points (32 %) lower than in your first two weeks.",
        TOO_FEW,
        "This week: 4 practices, 40 minutes. On average 2.0 practices a week.",
        "Right after a practice, pain is 1.4 points lower on average (8 practices).",
    )


def test_rise_is_stated_kindly_and_stress_has_no_band():
    """A rise is said as it is, with a next step; stress gets points and a percentage only."""
    later = FIRST_MONDAY + timedelta(weeks=2)
    runs = [
        run(FIRST_MONDAY, pain=(4, 4), stress=(8, 6)),
        run(later, pain=(5, 5), stress=(4, 3)),
    ]
    result = words(runs, later + timedelta(weeks=1))
    assert result.lines[:3] == (
        "Pain last week was 1.0 point (25 %) higher than in your first two weeks.",
        HIGHER_PAIN["your"],
        "Stress last week was 4.0 points (50 %) lower than in your first two weeks.",
    )


def test_the_first_weeks_only_explain_what_comes():
    """With only the baseline so far there is nothing to compare yet, and it says from when."""
    result = words([run(FIRST_MONDAY, pain=(6, None))], FIRST_MONDAY)
    assert result.lines[0] == (
        "Pain before practice averages 6.0 so far. "
        "From the week of 16 Mar, each week is compared with your first two weeks."
    )
    assert not any("Right after" in line for line in result.lines)  # skipped answer: no pair
    full = [run(FIRST_MONDAY + timedelta(days=d), pain=(6, 5)) for d in range(5)]
    assert words(full, FIRST_MONDAY + timedelta(days=5)).lines[0] == (
        "Pain before practice averages 6.0 so far. "
        "From next week, each week is compared with your first week."
    )


def test_small_change_and_other_weeks_named():
    """Older weeks are named by date, in the client's name."""
    old = FIRST_MONDAY + timedelta(weeks=2)
    runs = [run(FIRST_MONDAY, pain=(10, 9)), run(old, pain=(9, 9))]
    result = progress_words(client_outcomes(runs, old), old, "Alex's")
    assert result.lines[:2] == (
        "Pain this week so far is 1.0 point (10 %) lower than in Alex's first two weeks.",
        TOO_FEW,
    )
    later = old + timedelta(weeks=5)
    result = progress_words(client_outcomes(runs, later), later, "Alex's")
    assert result.lines[0] == (
        "Pain in the week of 16 Mar was 1.0 point (10 %) lower than in Alex's first two weeks."
    )
    assert week_name(FIRST_MONDAY, FIRST_MONDAY + timedelta(days=8)) == "last week"


def test_no_practices_is_a_friendly_empty_state():
    """Someone who has not practised yet sees a kind sentence, not empty charts."""
    result = words([], FIRST_MONDAY)
    assert result.empty
    assert result.text().startswith("No practices yet.")


def test_baseline_of_zero_has_no_percentage():
    """A first week without pain gives no percentage (nothing to take a share of)."""
    runs = [run(FIRST_MONDAY, pain=(0, 0)), run(FIRST_MONDAY + timedelta(weeks=2), pain=(2, 1))]
    result = words(runs, FIRST_MONDAY + timedelta(weeks=2))
    assert result.lines[0] == (
        "Pain this week so far is 2.0 on average; in your first two weeks it was 0."
    )

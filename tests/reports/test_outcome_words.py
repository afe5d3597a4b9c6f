"""Progress words that claim only what the ratings show, on the cases a clinical review named:
one rating per week, 1 -> 0, 2 -> 1, a baseline of 3, stress 50 % lower, a clock set back."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from calm.reports.outcomes import client_outcomes
from calm.reports.words import HIGHER_PAIN, TOO_FEW, WORSE_AFTER_STEP, progress_words
from calm.store import RunRecord, open_store
from tests.support.runs import ZONE
from tests.support.runs import rated_run as run

MONDAY = date(2026, 3, 2)
LOW_START = "Pain was below 4 to begin with, so no size is put on the change."


def week(n: int, day: int = 0) -> date:
    return MONDAY + timedelta(weeks=n, days=day)


def five(n: int, pain=None, stress=None, practice: str = "body-scan") -> list[RunRecord]:
    """Five runs in week `n`, Monday to Friday, each with the same ratings."""
    return [run(week(n, d), pain, stress, practice=practice) for d in range(5)]


def said(runs, today, **kw) -> tuple[str, ...]:
    return progress_words(client_outcomes(runs, today), today, **kw).lines


def test_enough_ratings_name_the_band_with_points_beside_it():
    """Five ratings in the first week and five in a whole later week carry a band."""
    runs = five(0, pain=(6, 5)) + five(2, pain=(4, 4))
    runs[-1] = run(week(2, 4), pain=(5, 4))  # week 2: 4, 4, 4, 4, 5 = 4.2, 30 % below 6.0
    lines = said(runs, week(4, 2))
    assert lines[0] == (
        "Pain in the week of 16 Mar was 1.8 points (30 %) lower than in your first week "
        "— a moderate improvement."
    )
    assert said(runs, week(3, 2))[0].startswith("Pain last week was 1.8 points (30 %) lower")


def test_one_rating_per_week_names_no_band():
    """One rating a week is never enough for 'a moderate improvement'."""
    runs = [run(week(n), pain=(v, v)) for n, v in enumerate((6, 6, 4, 3))]
    lines = said(runs, week(4, 3))
    assert lines[:2] == (
        "Pain last week was 3.0 points (50 %) lower than in your first two weeks.",
        TOO_FEW,
    )
    assert TOO_FEW == (
        "There are too few ratings yet to say how much that means: it takes 5 ratings before "
        "practice in the first weeks and 5 in a whole week."
    )
    assert not any("improvement" in line for line in lines)


def test_one_to_zero_is_not_called_a_substantial_improvement():
    """1 -> 0 is 100 % lower, but a pain of 1 to begin with gets no band."""
    lines = said(five(0, pain=(1, 1)) + five(1, pain=(0, 0)), week(2, 1))
    assert lines[:2] == (
        "Pain last week was 1.0 point (100 %) lower than in your first week.",
        LOW_START,
    )


def test_two_to_one_gets_points_and_a_percentage_only():
    """2 -> 1 is said as 1 point and 50 %, and no band."""
    lines = said(five(0, pain=(2, 2)) + five(1, pain=(1, 1)), week(2, 1))
    assert lines[:2] == (
        "Pain last week was 1.0 point (50 %) lower than in your first week.",
        LOW_START,
    )
    assert not any("improvement" in line for line in lines)


def test_a_baseline_of_three_gets_no_band_and_a_rise_gets_a_kind_next_step():
    """A baseline of 3 is below 4: no band; higher pain is met kindly, with what to do next."""
    lower = said(five(0, pain=(3, 3)) + five(1, pain=(2, 2)), week(2, 1))
    assert lower[:2] == (
        "Pain last week was 1.0 point (33 %) lower than in your first week.",
        LOW_START,
    )
    higher = said(five(0, pain=(3, 3)) + five(1, pain=(4, 4)), week(2, 1))
    assert higher[:2] == (
        "Pain last week was 1.0 point (33 %) higher than in your first week.",
        HIGHER_PAIN["your"],
    )
    assert HIGHER_PAIN["your"] == (
        "Pain often goes up and down, and a harder week is not a failure. If it stays higher, "
        "talk it over with your doctor or therapist; on hard days a short, gentle practice "
        "can still help."
    )
    clinic = said(five(0, pain=(3, 3)) + five(1, pain=(4, 4)), week(2, 1), whose="Alex's")
    assert clinic[:2] == (
        "Pain last week was 1.0 point (33 %) higher than in Alex's first week.",
        "Pain often goes up and down, and a harder week is not a failure. If it stays higher, "
        "it is worth talking over together at the next session.",
    )


def test_stress_fifty_percent_lower_borrows_no_band_from_pain():
    """Stress has no validated bands: points and a percentage, nothing more."""
    lines = said(five(0, stress=(6, 4)) + five(1, stress=(3, 2)), week(2, 1))
    assert lines[0] == "Stress last week was 3.0 points (50 %) lower than in your first week."
    assert not any("improvement" in line or "band" in line for line in lines)
    assert TOO_FEW not in lines


def test_a_week_under_way_is_not_judged_yet():
    """Five good days this week are reported, but the week is judged once it is over."""
    lines = said(five(0, pain=(6, 6)) + five(1, pain=(3, 3)), week(1, 4))
    assert lines[:2] == (
        "Pain this week so far is 3.0 points (50 %) lower than in your first week.",
        "How much that means is judged once the week is over.",
    )


def test_on_average_needs_three_pairs():
    """Two practices rated before and after are too few for 'on average'."""
    runs = [run(week(0), pain=(6, 4)), run(week(0, 1), pain=(6, 5)), run(week(0, 2), pain=(6,))]
    lines = said(runs, week(0, 3))
    assert lines[-1] == (
        "There are too few ratings yet to say how pain changes right after a practice: "
        "2 practices rated before and after so far, and it takes 3."
    )
    runs.append(run(week(0, 3), pain=(6, 5)))
    assert said(runs, week(0, 4))[-1] == (
        "Right after a practice, pain is 1.3 points lower on average (3 practices)."
    )


def test_a_practice_that_leaves_ratings_higher_is_named():
    """A practice after which pain is a point or more higher on average is pointed out."""
    runs = [run(week(0, d), pain=(4, 6), practice="box-breathing") for d in range(2)]
    titles = {"box-breathing": "Box Breathing"}
    assert not any("higher after" in line for line in said(runs, week(0, 3), titles=titles))
    runs.append(run(week(0, 2), pain=(5, 5), practice="box-breathing"))  # +2, +2, 0: +1.3
    lines = said(runs, week(0, 3), titles=titles)
    assert lines[-2:] == (
        "Pain is 1.3 points higher after Box Breathing on average (3 practices).",
        WORSE_AFTER_STEP,
    )


def test_a_clock_set_back_a_year_never_becomes_the_baseline(paths):
    """A practice dated a year back by a wrong clock is kept and said, but is not the start."""
    now = [datetime(2026, 3, 2, 9, 0, tzinfo=ZONE)]
    with open_store(paths, now=lambda: now[0]) as store:
        me = store.default_client().id
        for day in range(12):  # two weeks, pain 6 the first and 3 the second
            now[0] = datetime(2026, 3, 2, 9, 0, tzinfo=ZONE) + timedelta(days=day + day // 6)
            if day == 6:
                now[0] -= timedelta(days=365)  # the clock is set back a year, once
            started = store.start_run(me, "body-scan", "Body Scan")
            store.set_rating(started.id, "pain", "before", 6 if day < 6 else 3)
            store.set_rating(started.id, "pain", "after", 9 if day == 6 else 5)
            store.finish_run(started.id, "completed", 600_000, 1.0)
        runs = store.runs_for_client(me)
    assert [run.clock_set_back for run in runs].count(True) == 1
    assert runs[0].clock_set_back and runs[0].started.year == 2025  # kept, first by its date
    outcomes = client_outcomes(runs, date(2026, 3, 18))
    pain = outcomes.weekly["pain"]
    assert (pain.baseline_week, pain.baseline) == (date(2026, 3, 2), 6.0)
    assert len(outcomes.adherence.weeks) == 2  # not a year of empty weeks
    assert outcomes.adherence.practices == 12  # but still counted as practised
    lines = progress_words(outcomes, date(2026, 3, 18)).lines
    assert lines[0] == (
        "Pain last week was 3.0 points (50 %) lower than in your first week "
        "— a substantial improvement."
    )
    assert lines[-1] == (
        "1 practice is dated before one logged earlier, so the computer's clock may have been "
        "set back. It is kept in the log but left out of the weekly figures."
    )

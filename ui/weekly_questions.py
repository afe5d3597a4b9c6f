"""Whether this week's questions are due for the client of a run, and saving the answers.

The rules themselves (weekly goals, PGIC every 4 weeks) live in calm/programme/due.py; this
only reads the store for them and turns a store error into a sentence.
"""

from __future__ import annotations

from datetime import date

from calm.errors import CalmError
from calm.programme.due import goals_due, impression_due
from calm.programme.model import Goal


def questions_due(store, run_id: str | None, today: date | None = None):
    """(goals to rate, whether to ask the impression of change), or None when nothing is due
    (or the log cannot be read just now: the summary matters more)."""
    if run_id is None:
        return None
    today = today or date.today()
    try:
        client_id = store.run(run_id).client_id
        goals: list[Goal] = store.goals(client_id)
        rate_goals = goals_due(goals, store.goal_ratings(client_id), today)
        first = store.first_started(client_id)
        first_day = first.date() if first else None
        ask = impression_due(first_day, store.impressions(client_id), today)
    except CalmError:
        return None
    if not rate_goals and not ask:
        return None
    return (goals if rate_goals else []), ask


def save_answers(store, run_id: str, goals: dict[str, int], impression: int | None) -> str | None:
    """Save what was answered; a sentence if it could not be saved."""
    try:
        client_id = store.run(run_id).client_id
        for goal_id, value in goals.items():
            store.rate_goal(goal_id, value)
        if impression is not None:
            store.add_impression(client_id, impression)
    except CalmError as error:
        return f"Your answers to this week's questions could not be saved: {error}"
    return None

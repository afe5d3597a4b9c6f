"""When to ask the client about their goals and about their overall change.

Goals are rated when set and then weekly: at the first practice of a week in which no goal
has been rated yet (the client may skip; skipping asks again at the next practice that week).
The Patient Global Impression of Change is asked every 4 weeks, counted from the first
practice, once there has been at least 4 weeks of practice.
"""

from __future__ import annotations

from datetime import date, timedelta

from calm.programme.adherence import week_start
from calm.programme.model import ChangeImpression, Goal, GoalRating

PGIC_EVERY = timedelta(weeks=4)


def goals_due(goals: list[Goal], ratings: list[GoalRating], today: date) -> bool:
    """True when the client has goals and none was rated this week."""
    active = {goal.id for goal in goals if not goal.archived}
    if not active:
        return False
    monday = week_start(today)
    return not any(r.goal_id in active and r.rated.date() >= monday for r in ratings)


def impression_due(
    first_practice: date | None, impressions: list[ChangeImpression], today: date
) -> bool:
    """True every 4 weeks after the first practice, unless answered in the last 4 weeks."""
    if first_practice is None or today - first_practice < PGIC_EVERY:
        return False
    if not impressions:
        return True
    return today - impressions[-1].rated.date() >= PGIC_EVERY

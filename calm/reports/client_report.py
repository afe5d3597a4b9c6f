"""What a client's report says, as plain values: the core half of the PDF report.

`build_report` reads one client's programme, practice log, goals, impressions of change and
notes for a period and returns a `ClientReport`; the interface lays it out on pages (ui/report/)
for the clinical record or a referrer. Every sentence about pain and stress comes from
calm/reports/words.py, so the report claims no more than the Progress screen does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from calm.programme.adherence import WeekAdherence, weekly_adherence
from calm.programme.model import ChangeImpression, ClientNote, Goal, GoalRating, Programme
from calm.reports.outcomes import (
    MIN_PAIRS,
    MeanChange,
    WeeklyOutcome,
    change_by_practice,
    client_outcomes,
    weekly_outcome,
)
from calm.reports.words import progress_words

if TYPE_CHECKING:
    from calm.store import ClientRecord, RunRecord, Store


@dataclass(frozen=True)
class GoalLine:
    """One goal with its ratings in the period, oldest first."""

    goal: Goal
    ratings: tuple[GoalRating, ...]

    @property
    def summary(self) -> str:
        """'3 → 6 (+3 points)', '4 (one rating)', 'not rated in this period'."""
        if not self.ratings:
            return "not rated in this period"
        first, last = self.ratings[0].value, self.ratings[-1].value
        if len(self.ratings) == 1:
            return f"{first} (one rating)"
        return f"{first} → {last} ({last - first:+d} points)"


@dataclass(frozen=True)
class ClientReport:
    """Everything one client's report shows."""

    client: ClientRecord
    start: date
    end: date
    made: datetime
    titles: Mapping[str, str]
    programme: Programme
    adherence: tuple[WeekAdherence, ...]
    outcome_words: tuple[str, ...]
    pain: WeeklyOutcome
    stress: WeeklyOutcome
    practices: int
    minutes: float
    goals: tuple[GoalLine, ...]
    impressions: tuple[ChangeImpression, ...]
    energy: tuple[tuple[datetime, int], ...]
    notes: tuple[ClientNote, ...]
    by_practice: tuple[tuple[str, MeanChange, MeanChange], ...] = ()  # id, pain, stress

    def practice_rows(self) -> list[list[str]]:
        """Each practice of the period with its average change right after it: points for pain
        and stress, or 'too few ratings yet' below MIN_PAIRS runs rated before and after."""
        rows = []
        for practice_id, pain, stress in self.by_practice:
            cells = [self.title_of(practice_id)]
            for change in (pain, stress):
                if change.mean_change is None:
                    cells.append(f"too few ratings yet ({change.pairs} of {MIN_PAIRS})")
                else:
                    cells.append(f"{change.mean_change:+.1f} points ({change.pairs} rated)")
            rows.append(cells)
        return rows

    def title_of(self, practice_id: str) -> str:
        return self.titles.get(practice_id, practice_id)

    @property
    def adherence_words(self) -> str | None:
        """'Done 41 of 56 asked (73 %) over 8 weeks.' or None without a programme."""
        prescribed = sum(week.prescribed for week in self.adherence)
        if not prescribed:
            return None
        done = sum(week.done for week in self.adherence)
        weeks = sum(1 for week in self.adherence if week.prescribed)
        return (
            f"Done {done} of {prescribed} practices asked ({round(100 * done / prescribed)} %) "
            f"over {weeks} week{'s' if weeks != 1 else ''}."
        )


def _adherence(programme: Programme, runs, start: date, end: date) -> tuple[WeekAdherence, ...]:
    """Week by week from when the programme began (or the period's start, if later)."""
    if not programme.items:
        return ()
    first = max(start, programme.began(start))
    if first > end:
        return ()
    return tuple(weekly_adherence(programme, runs, first, end))


def _by_practice(runs) -> tuple[tuple[str, MeanChange, MeanChange], ...]:
    """Per practice of the period (most practised first): the pain and stress change after."""
    pain = {change.key: change for change in change_by_practice(runs, "pain")}
    stress = {change.key: change for change in change_by_practice(runs, "stress")}
    return tuple((key, pain[key], stress[key]) for key in pain)


def _within(moment: datetime, start: date, end: date) -> bool:
    return start <= moment.date() <= end


def build_report(
    store: Store,
    client_id: str,
    titles: Mapping[str, str],
    start: date | None = None,
    end: date | None = None,
    include_notes: bool = True,
    now: datetime | None = None,
    category_of: Mapping[str, str] | None = None,
) -> ClientReport:
    """The report of one client from `start` (default: the first practice) to `end` (today).
    The baseline stays the client's own first weeks, even when the period starts later."""
    now = now or datetime.now().astimezone()
    end = end or now.date()
    client = store.client(client_id)
    every_run: list[RunRecord] = [
        run for run in store.runs_for_client(client_id) if run.started.date() <= end
    ]
    if start is None:  # from the first thing recorded: a practice, a goal rating, the programme
        firsts = [every_run[0].started.date()] if every_run else []
        firsts += [r.rated.date() for r in store.goal_ratings(client_id)[:1]]
        firsts += [item.start for item in store.programme(client_id).items if item.start]
        start = min([day for day in firsts if day <= end], default=end)
    if end < start:
        from calm.errors import CalmError

        raise CalmError(
            f"The report's dates run backwards: from {start.isoformat()} to {end.isoformat()}."
        )
    runs = [run for run in every_run if run.started.date() >= start]
    outcomes = client_outcomes(every_run, end, category_of or {})
    programme = store.programme(client_id)
    ratings = store.goal_ratings(client_id)
    goals = tuple(
        GoalLine(
            goal,
            tuple(r for r in ratings if r.goal_id == goal.id and _within(r.rated, start, end)),
        )
        for goal in store.goals(client_id, include_archived=True)
    )
    period_minutes = sum(run.practised_ms for run in runs) / 60_000
    return ClientReport(
        client=client,
        start=start,
        end=end,
        made=now,
        titles=titles,
        programme=programme,
        adherence=_adherence(programme, runs, start, end),
        outcome_words=progress_words(outcomes, end, f"{client.name}'s", titles).lines,
        pain=weekly_outcome(every_run, "pain", end),
        stress=weekly_outcome(every_run, "stress", end),
        practices=sum(1 for run in runs if run.status == "completed"),
        minutes=period_minutes,
        goals=goals,
        impressions=tuple(i for i in store.impressions(client_id) if _within(i.rated, start, end)),
        energy=tuple(e for e in store.energy_ratings(client_id) if _within(e[0], start, end)),
        by_practice=_by_practice(runs),
        notes=tuple(
            note
            for note in store.notes(client_id)
            if include_notes and note.in_report and _within(note.written, start, end)
        ),
    )

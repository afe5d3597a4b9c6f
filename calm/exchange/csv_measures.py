"""Reading the CSV export's rows of goals, goal ratings and impressions of change back, and the
energy cell of a practice row (the columns are described in calm/store/export_rows.py).

Strict like the rest of the CSV import: a row's cells of another kind must be empty, every id
is a UUID seen once, a goal's rating comes after the goal's own row and names it in the same
words, and every value is in its range; ValueError says which line and why.
"""

from __future__ import annotations

from datetime import datetime

from calm.exchange.csv_export import GOAL, GOAL_RATING, IMPRESSION, PRACTICE
from calm.exchange.import_parse import check_uuid, check_when
from calm.exchange.import_programme import ImportedGoal, MeasuresPlan
from calm.programme.model import MAX_GOAL_TEXT, ProgrammeError, check_goal_text
from calm.store.export_rows import MEASURE_CELLS, RUN_CELLS

RECORDS = (PRACTICE, GOAL, GOAL_RATING, IMPRESSION)
_USED = {
    GOAL: {"goal_id", "goal", "goal_set_aside", "recorded"},
    GOAL_RATING: {"goal_id", "goal", "goal_rating", "recorded"},
    IMPRESSION: {"impression_id", "impression_of_change", "recorded"},
}


class MeasureRows:
    """Reads one file's measure rows into the plan of the part being read, remembering the
    goals and ids met in earlier parts."""

    def __init__(self) -> None:
        self.goals: dict[str, tuple[str, str]] = {}  # goal id -> (client id, words)
        self.seen: set[tuple[str, object]] = set()

    def record(self, cell: dict[str, str], where: str) -> str:
        """The row's kind (a file from before the measures holds only practices; a row written
        by hand may leave the kind of a practice empty)."""
        record = cell.get("record") or PRACTICE
        if record not in RECORDS:
            raise ValueError(f"{where}: record must be one of {', '.join(RECORDS)}")
        return record

    def practice(self, cell: dict[str, str], where: str) -> int | None:
        """A practice row's energy rating (None when not asked); its other cells are checked
        for being empty."""
        _only_cells(cell, where, PRACTICE, set())
        energy = cell.get("energy", "")
        return _score(energy, f"{where}: energy", 0, 10) if energy else None

    def measure(
        self, cell: dict[str, str], where: str, client_id: str, plan: MeasuresPlan
    ) -> datetime:
        """Add a goal, goal rating or impression row to `plan`; returns when it was recorded."""
        record = cell["record"]
        _only_cells(cell, where, record, _USED[record])
        for name in RUN_CELLS:
            if cell[name]:
                raise ValueError(f"{where}: a {record} row leaves {name} empty")
        when = check_when(cell["recorded"], f"{where}: recorded")
        if record == IMPRESSION:
            rid = check_uuid(cell["impression_id"], f"{where}: impression_id")
            self._once((IMPRESSION, rid), f"{where}: impression {rid} appears twice")
            value = _score(cell["impression_of_change"], f"{where}: impression_of_change", 1, 7)
            plan.impressions.append((rid, client_id, value, when))
            return when
        goal_id = check_uuid(cell["goal_id"], f"{where}: goal_id")
        text = _goal_words(cell["goal"], where)
        if record == GOAL:
            self._once((GOAL, goal_id), f"{where}: goal {goal_id} appears twice")
            set_aside = cell["goal_set_aside"]
            if set_aside not in ("yes", ""):
                raise ValueError(f"{where}: goal_set_aside must be 'yes' or empty")
            self.goals[goal_id] = (client_id, text)
            plan.goals[goal_id] = ImportedGoal(goal_id, client_id, text, when, set_aside == "yes")
            return when
        if self.goals.get(goal_id, (None,))[0] != client_id:
            raise ValueError(f"{where}: a rating of a goal that has no row of this client above")
        if self.goals[goal_id][1] != text:
            raise ValueError(f"{where}: the goal's words differ from the goal's own row")
        self._once((goal_id, when), f"{where}: goal {goal_id} is rated twice at {when}")
        value = _score(cell["goal_rating"], f"{where}: goal_rating", 0, 10)
        plan.goal_ratings.append((goal_id, value, when))
        return when

    def _once(self, key: tuple[str, object], message: str) -> None:
        if key in self.seen:
            raise ValueError(message)
        self.seen.add(key)


def _only_cells(cell: dict[str, str], where: str, record: str, used: set[str]) -> None:
    for name in MEASURE_CELLS:
        if name not in used and cell.get(name, ""):
            raise ValueError(f"{where}: a {record} row leaves {name} empty")


def _goal_words(text: str, where: str) -> str:
    if len(text) > MAX_GOAL_TEXT * 2:
        raise ValueError(f"{where}: goal is longer than {MAX_GOAL_TEXT} characters")
    try:
        return check_goal_text(text)
    except ProgrammeError as error:
        raise ValueError(f"{where}: goal: {error}") from None


def _score(text: str, where: str, low: int, high: int) -> int:
    if not text.isascii() or not text.isdigit() or not low <= int(text) <= high:
        raise ValueError(f"{where} must be a whole number from {low} to {high}, not {text[:40]!r}")
    return int(text)

"""Goals, their ratings, impressions of change and energy ratings travel in the CSV export as
columns, and come back through the import into the same client, once, even in parts."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from calm.errors import ImportRejected
from calm.exchange.csv_export import COLUMNS, export_csv
from calm.exchange.csv_import import csv_parts
from calm.exchange.importer import import_file
from calm.paths import AppPaths
from calm.store import open_store
from calm.store.imports import add_in_parts

START = datetime(2026, 9, 7, 18, 0, tzinfo=timezone(timedelta(hours=2)))
LATER = datetime.now(START.tzinfo).replace(microsecond=0) + timedelta(days=7)  # after 'now'


@pytest.fixture
def home(paths):
    """A client at home with two goals (one set aside), three goal ratings, a PGIC answer, a
    practice with an energy rating and one without; and a second client with a goal."""
    with open_store(paths) as store:
        anna = store.add_client("Anna").id
        cook = store.add_goal(anna, "=Cook a meal standing", rating=3)
        store.rate_goal(cook.id, 5, LATER)
        walk = store.add_goal(anna, "Walk to the shop", rating=2)
        store.archive_goal(walk.id)
        store.add_impression(anna, 6, LATER)
        for day, energy in ((0, 4), (1, None)):
            run = store.start_run(anna, "pacing-check-in", "Pacing Check-In",
                                  started=START + timedelta(days=day))  # fmt: skip
            if energy is not None:
                store.set_energy(run.id, energy)
            store.finish_run(run.id, "completed", 300_000, 1.0)
        ben = store.add_client("Ben").id
        store.add_goal(ben, "Sleep through", rating=1)
        yield store, anna, ben, cook.id, walk.id


def _table(path: Path) -> list[dict[str, str]]:
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8"), newline="")))
    assert tuple(rows[0]) == COLUMNS
    return [dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]]


def test_the_csv_holds_goals_ratings_pgic_and_energy_as_columns(home, tmp_path):
    """A therapist's spreadsheet must see the goals and answers, a row each, told apart."""
    store, anna, _ben, cook, walk = home
    target = tmp_path / "anna.csv"
    assert export_csv(store, target, [anna]) == 2  # the number of practices
    table = _table(target)
    assert [row["record"] for row in table] == ["practice", "practice", "goal", "goal rating",
        "goal rating", "goal", "goal rating", "impression of change"]  # fmt: skip
    assert [row["energy"] for row in table[:2]] == ["4", ""]
    goal, first, second = table[2:5]
    assert (goal["goal_id"], goal["goal"], goal["goal_set_aside"]) == (
        cook,
        "'=Cook a meal standing",  # a spreadsheet must not run it as a formula
        "",
    )
    assert [(r["goal_id"], r["goal_rating"]) for r in (first, second)] == [(cook, "3"), (cook, "5")]
    assert second["recorded"] == LATER.isoformat(timespec="milliseconds")
    assert (table[5]["goal_id"], table[5]["goal_set_aside"]) == (walk, "yes")
    impression = table[7]
    assert impression["impression_of_change"] == "6" and impression["impression_id"]
    assert all(row["client_id"] == anna and row["client"] == "Anna" for row in table)
    for row in table[2:]:  # a measure's row leaves the practice's cells empty
        assert not any(row[c] for c in COLUMNS[COLUMNS.index("run_id") : COLUMNS.index("record")])
    assert "Sleep through" not in target.read_text("utf-8")


def _clinic(tmp_path: Path):
    root = tmp_path / "clinic"
    return open_store(AppPaths(root / "data", root / "cache", root / "config", root / "log"))


def test_goals_and_answers_come_back_into_the_same_client_once(home, tmp_path):
    """A home CSV brought to the clinic carries the goals, PGIC and energy, once."""
    store, anna, ben, cook, walk = home
    target = tmp_path / "all.csv"
    export_csv(store, target)
    with _clinic(tmp_path) as clinic:
        first = import_file(clinic, target)
        assert "and 6 answers about goals, change or energy" in first.text()  # Ben: 1
        assert [(g.id, g.text, g.archived) for g in clinic.goals(anna, include_archived=True)] == [
            (cook, "=Cook a meal standing", False),
            (walk, "Walk to the shop", True),
        ]
        here = [(r.goal_id, r.value, r.rated) for r in clinic.goal_ratings(anna)]
        assert here == [(r.goal_id, r.value, r.rated) for r in store.goal_ratings(anna)]
        assert clinic.impressions(anna) == store.impressions(anna)
        assert clinic.energy_ratings(anna) == store.energy_ratings(anna)
        assert [g.text for g in clinic.goals(ben)] == ["Sleep through"]
        again = import_file(clinic, target)
        assert again.measures_added == 0 and again.runs_added == 0
        assert len(clinic.goal_ratings(anna)) == 3 and len(clinic.impressions(anna)) == 1


def test_a_goal_rated_in_a_later_part_lands_on_its_goal(home, tmp_path):
    """A big file is added in parts; a goal's ratings may come parts after the goal's row."""
    store, anna, _ben, cook, _walk = home
    target = tmp_path / "anna.csv"
    export_csv(store, target, [anna])
    with _clinic(tmp_path) as clinic, open(target, encoding="utf-8", newline="") as handle:
        parts = [(p.clients, p.runs, p.ratings, p.measures) for p in csv_parts(handle, None, 1)]
        assert len(parts) == 8
        added = add_in_parts(clinic, parts)
        assert added.measures_added == 5  # 3 goal ratings, 1 impression, 1 energy
        assert [r.value for r in clinic.goal_ratings(anna) if r.goal_id == cook] == [3, 5]


def _edited(target: Path, change) -> None:
    rows = list(csv.reader(io.StringIO(target.read_text("utf-8"), newline="")))
    change(rows)
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    target.write_text(out.getvalue(), "utf-8")


def _cell(rows, record: str, column: str, value: str, which: int = 0) -> None:
    matching = [row for row in rows[1:] if row[COLUMNS.index("record")] == record]
    matching[which][COLUMNS.index(column)] = value


CASES = {
    "a rating before its goal": (
        lambda rows: rows.insert(1, rows.pop(4)),
        "line 2: a rating of a goal that has no row of this client above",
    ),
    "a changed goal in a rating": (
        lambda rows: _cell(rows, "goal rating", "goal", "Cook a meal sitting"),
        "the goal's words differ from the goal's own row",
    ),
    "an impression of 8": (
        lambda rows: _cell(rows, "impression of change", "impression_of_change", "8"),
        "impression_of_change must be a whole number from 1 to 7, not '8'",
    ),
    "energy of 11": (
        lambda rows: _cell(rows, "practice", "energy", "11"),
        "energy must be a whole number from 0 to 10",
    ),
    "a goal with a practice's status": (
        lambda rows: _cell(rows, "goal", "status", "completed"),
        "a goal row leaves status empty",
    ),
    "a practice with a goal": (
        lambda rows: _cell(rows, "practice", "goal_rating", "4"),
        "a practice row leaves goal_rating empty",
    ),
    "an unknown record": (
        lambda rows: _cell(rows, "goal", "record", "wish"),
        "record must be one of practice, goal, goal rating, impression of change",
    ),
    "a goal twice": (
        lambda rows: rows.append(list(rows[3])),
        "appears twice",
    ),
    "an empty goal": (
        lambda rows: _cell(rows, "goal", "goal", "  ", which=1),
        "goal: Please write the goal in the client's own words.",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_wrong_measure_row_is_refused_whole_with_its_line(home, tmp_path, case):
    """A hand-edited row that does not make sense must be refused plainly, adding nothing."""
    store, anna, *_ = home
    target = tmp_path / "anna.csv"
    export_csv(store, target, [anna])
    change, reason = CASES[case]
    _edited(target, change)
    with _clinic(tmp_path) as clinic:
        with pytest.raises(ImportRejected, match=reason.replace("(", r"\(").replace(")", r"\)")):
            import_file(clinic, target)
        with clinic.reader() as conn:
            for table in ("goals", "runs", "change_impressions"):
                assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0

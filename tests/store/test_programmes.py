"""The programme, goals, impressions of change and dated notes in the real store."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from calm.programme.model import Programme, ProgrammeError, ProgrammeItem
from calm.store import open_store
from calm.store.schema import MIGRATIONS, V1

KNOWN = {"slow-breathing", "body-scan", "grounding"}


@pytest.fixture
def store(paths):
    with open_store(paths) as store:
        yield store


def test_a_programme_is_kept_whole_and_replaced_whole(store):
    """What the therapist saved is what the client sees, in the same order."""
    anna = store.add_client("Anna").id
    items = (
        ProgrammeItem(
            "slow-breathing", "10", per_day=2, start=date(2026, 12, 1), instruction="Before lunch"
        ),
        ProgrammeItem("body-scan", "20", days_a_week=3, until=date(2027, 1, 31)),
    )
    saved = store.set_programme(Programme(anna, items, note="Gently does it."), KNOWN)
    assert saved.items == items and saved.note == "Gently does it." and saved.updated
    store.set_programme(Programme(anna, items[1:]), KNOWN)
    assert [i.practice_id for i in store.programme(anna).items] == ["body-scan"]
    assert store.programme(store.add_client("Bernd").id).items == ()


def test_a_bad_programme_changes_nothing(store):
    """A programme naming a missing practice is refused whole; the old one stays."""
    anna = store.add_client("Anna").id
    store.set_programme(Programme(anna, (ProgrammeItem("grounding", "3", per_day=1),)), KNOWN)
    bad = Programme(
        anna, (ProgrammeItem("grounding", "3", per_day=1), ProgrammeItem("nope", "5", per_day=1))
    )
    with pytest.raises(ProgrammeError, match="no practice called 'nope'"):
        store.set_programme(bad, KNOWN)
    assert [i.practice_id for i in store.programme(anna).items] == ["grounding"]


def test_goals_ratings_impressions_and_energy(store):
    """A client's own goals, their ratings over time, PGIC and the energy rating are kept."""
    anna = store.add_client("Anna").id
    goal = store.add_goal(anna, "  Cook a meal   standing ", rating=3)
    assert goal.text == "Cook a meal standing"
    store.add_goal(anna, "Walk to the shop")
    store.add_goal(anna, "Play with my grandson")
    with pytest.raises(ProgrammeError, match="at most 3 goals"):
        store.add_goal(anna, "A fourth")
    store.archive_goal(goal.id)
    assert len(store.goals(anna)) == 2 and len(store.goals(anna, include_archived=True)) == 3
    assert [(r.goal_id, r.value) for r in store.goal_ratings(anna)] == [(goal.id, 3)]
    with pytest.raises(ProgrammeError, match="from 0 to 10"):
        store.rate_goal(goal.id, 11)
    store.add_impression(anna, 6)
    assert [i.value for i in store.impressions(anna)] == [6]
    with pytest.raises(ProgrammeError, match="from 1 to 7"):
        store.add_impression(anna, 0)
    run = store.start_run(anna, "pacing-check-in", "Pacing Check-In")
    store.set_energy(run.id, 4)
    assert [value for _, value in store.energy_ratings(anna)] == [4]


def test_notes_are_dated_entries_each_in_or_out_of_the_report(store):
    """Notes keep their date and whether the report may show them."""
    anna = store.add_client("Anna").id
    first = store.add_note(anna, "Sleeps badly; try the wind-down.")
    store.add_note(anna, "Private: family matters.", in_report=False)
    store.set_note_in_report(first.id, False)
    assert [(n.text, n.in_report) for n in store.notes(anna)] == [
        ("Sleeps badly; try the wind-down.", False),
        ("Private: family matters.", False),
    ]
    with pytest.raises(ProgrammeError, match="empty"):
        store.add_note(anna, "   ")


def test_erasing_a_client_erases_their_programme_goals_and_notes(store, paths):
    """Nothing of a client may stay behind in these tables."""
    anna = store.add_client("Anna").id
    store.set_programme(Programme(anna, (ProgrammeItem("grounding", "3", per_day=1),)), KNOWN)
    store.add_goal(anna, "Cook", rating=2)
    store.add_impression(anna, 3)
    store.add_note(anna, "A note")
    with store.transaction() as conn:
        conn.execute("DELETE FROM clients WHERE uuid = ?", (anna,))
    with sqlite3.connect(paths.database) as conn:
        for table in (
            "programmes",
            "programme_items",
            "goals",
            "goal_ratings",
            "change_impressions",
            "client_notes",
        ):
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table


def test_a_first_version_log_keeps_its_client_notes_as_dated_notes(paths):
    """Updating the app must not lose a note written under the old single-note field."""
    paths.ensure()
    with sqlite3.connect(paths.database) as conn:
        conn.executescript(V1)
        conn.execute(
            "INSERT INTO clients (uuid, display_name, created, note) VALUES "
            "('c1', 'Anna', '2026-10-01T09:00:00+01:00', 'Knee surgery in May')"
        )
        conn.execute("PRAGMA user_version = 1")
    with open_store(paths) as store:
        notes = store.notes("c1")
    assert [(n.text, n.written.isoformat()) for n in notes] == [
        ("Knee surgery in May", "2026-10-01T09:00:00+01:00")
    ]
    assert MIGRATIONS[1].version == 2

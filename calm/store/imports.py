"""Adding clients, runs and ratings brought from another installation, in one transaction.

Keyed by the stable UUIDs: a client, run or rating already here is left as it is, so adding
the same records twice adds nothing. A client whose name is taken here by someone else is
added as "Name (2)". Anything that does not fit rolls the whole transaction back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from calm.errors import StoreError
from calm.store.clients import free_name
from calm.store.goals import bring_measures
from calm.store.records import RunRecord, epoch_ms, iso
from calm.store.store import Store


@dataclass(frozen=True)
class ImportedClient:
    """A client as the file gives it."""

    id: str
    name: str
    archived: bool
    created: datetime


@dataclass(frozen=True)
class ImportedRating:
    """One rating as the file gives it (value None: asked and skipped)."""

    run_id: str
    measure: str
    when: str
    value: int | None
    rated: datetime


class RecordConflict(StoreError):
    """The records disagree with those here (the message is the reason); nothing was added."""


class Added(NamedTuple):
    """What was added, and what was already here."""

    clients_added: int
    runs_added: int
    ratings_added: int
    clients_known: int
    runs_known: int
    added_names: tuple[str, ...]  # clients new here, by the name they have here
    known_names: tuple[str, ...]  # clients already here whose practices came in
    measures_added: int  # goals' ratings, impressions of change, energy ratings


def add_records(
    store: Store,
    clients: Sequence[ImportedClient],
    runs: Sequence[RunRecord],
    ratings: Sequence[ImportedRating],
    measures: object = None,
) -> Added:
    """Add what is not here yet, all or nothing; RecordConflict if a run belongs elsewhere.
    `measures` (goals, impressions of change, energy) go in through calm/store/goals.py."""
    clients_added = clients_known = runs_added = runs_known = ratings_added = 0
    added_names: list[str] = []
    known_names: list[str] = []
    with store.transaction() as conn:
        rowids: dict[str, int] = {}
        for client in clients:
            row = conn.execute(
                "SELECT id, display_name FROM clients WHERE uuid = ?", (client.id,)
            ).fetchone()
            if row:
                rowids[client.id] = row[0]
                clients_known += 1
                known_names.append(row[1])
                continue
            name = free_name(conn, client.name)
            rowids[client.id] = _rowid(
                conn.execute(
                    "INSERT INTO clients (uuid, display_name, created, archived) "
                    "VALUES (?, ?, ?, ?)",
                    (client.id, name, iso(client.created), client.archived),
                ).lastrowid
            )
            clients_added += 1
            added_names.append(name)
        run_rowids: dict[str, int] = {}
        for run in runs:
            found = conn.execute("SELECT id, client_id FROM runs WHERE uuid = ?", (run.id,))
            row = found.fetchone()
            if row:
                if row[1] != rowids[run.client_id]:
                    raise RecordConflict(f"practice {run.id} belongs to another client here")
                run_rowids[run.id] = row[0]
                runs_known += 1
                continue
            run_rowids[run.id] = _rowid(
                conn.execute(
                    "INSERT INTO runs (uuid, client_id, practice_id, title, script_hash, "
                    "variant, planned_ms, started, started_ms, ended, status, practised_ms, "
                    "progress, note) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        run.id,
                        rowids[run.client_id],
                        run.practice_id,
                        run.title,
                        run.script_hash,
                        run.variant,
                        run.planned_ms,
                        iso(run.started),
                        epoch_ms(run.started),
                        iso(run.ended) if run.ended else None,
                        run.status,
                        run.practised_ms,
                        run.progress,
                        run.note,
                    ),
                ).lastrowid
            )
            runs_added += 1
        for rating in ratings:
            ratings_added += conn.execute(
                "INSERT OR IGNORE INTO ratings (run_id, measure, moment, value, rated) "
                "VALUES (?, ?, ?, ?, ?)",
                (
                    run_rowids[rating.run_id],
                    rating.measure,
                    rating.when,
                    rating.value,
                    iso(rating.rated),
                ),
            ).rowcount
        measures_added = (
            bring_measures(conn, measures, rowids, run_rowids) if measures is not None else 0
        )
    return Added(
        clients_added,
        runs_added,
        ratings_added,
        clients_known,
        runs_known,
        tuple(added_names),
        tuple(known_names),
        measures_added,
    )


def add_client_once(store: Store, uuid: str, name: str, created: datetime) -> bool:
    """Add a client known by `uuid` unless already here (a taken name becomes "Name (2)");
    True when added."""
    with store.transaction() as conn:
        if conn.execute("SELECT 1 FROM clients WHERE uuid = ?", (uuid,)).fetchone():
            return False
        conn.execute(
            "INSERT INTO clients (uuid, display_name, created) VALUES (?, ?, ?)",
            (uuid, free_name(conn, name), iso(created)),
        )
    return True


def _rowid(rowid: int | None) -> int:
    assert rowid is not None  # an INSERT that succeeded always has one
    return rowid

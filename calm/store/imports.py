"""Adding clients, runs and ratings brought from another installation, in one transaction.

Keyed by the stable UUIDs: a client, run or rating already here is left as it is, so adding
the same records twice adds nothing. A client whose name is taken here by someone else is
added as "Name (2)". Anything that does not fit rolls the whole transaction back.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
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
    with store.transaction() as conn:
        adder = Adder(conn)
        adder.add(clients, runs, ratings)
        if measures is not None:
            adder.measures_added = bring_measures(conn, measures, adder.rowids, adder.run_rowids)
    return adder.added()


def add_in_parts(
    store: Store,
    parts: Iterable[
        tuple[Sequence[ImportedClient], Sequence[RunRecord], Sequence[ImportedRating], object]
    ],
) -> Added:
    """Add parts of (clients, runs, ratings, measures) read one after another from a big file,
    all in one transaction: memory holds one part at a time, and an error raised while reading
    a later part (or a RecordConflict) still adds nothing. A part's ratings and energy ratings
    belong to its runs, its goal ratings to goals of this part or an earlier one; a client seen
    again with an earlier practice gets that as the time it was first seen."""
    with store.transaction() as conn:
        adder = Adder(conn)
        for clients, runs, ratings, measures in parts:
            adder.add(clients, runs, ratings)
            adder.measures_added += bring_measures(conn, measures, adder.rowids, adder.run_rowids)
            adder.run_rowids.clear()
    return adder.added()


class Adder:
    """Adds clients, runs and ratings inside one open transaction, counting what was new."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.rowids: dict[str, int] = {}  # client uuid -> row id here
        self.run_rowids: dict[str, int] = {}
        self.created: dict[str, datetime] = {}  # clients added here: their first practice
        self.clients_added = self.clients_known = 0
        self.runs_added = self.runs_known = self.ratings_added = self.measures_added = 0
        self.added_names: list[str] = []
        self.known_names: list[str] = []

    def add(
        self,
        clients: Sequence[ImportedClient],
        runs: Sequence[RunRecord],
        ratings: Sequence[ImportedRating],
    ) -> None:
        for client in clients:
            self.client(client)
        for run in runs:
            self.run(run)
        for rating in ratings:
            self.ratings_added += self.conn.execute(
                "INSERT OR IGNORE INTO ratings (run_id, measure, moment, value, rated) "
                "VALUES (?, ?, ?, ?, ?)",
                (
                    self.run_rowids[rating.run_id],
                    rating.measure,
                    rating.when,
                    rating.value,
                    iso(rating.rated),
                ),
            ).rowcount

    def client(self, client: ImportedClient) -> None:
        conn = self.conn
        if client.id in self.rowids:  # seen in an earlier part
            first = self.created.get(client.id)
            if first is not None and client.created < first:
                self.created[client.id] = client.created
                conn.execute(
                    "UPDATE clients SET created = ? WHERE id = ?",
                    (iso(client.created), self.rowids[client.id]),
                )
            return
        row = conn.execute(
            "SELECT id, display_name FROM clients WHERE uuid = ?", (client.id,)
        ).fetchone()
        if row:
            self.rowids[client.id] = row[0]
            self.clients_known += 1
            self.known_names.append(row[1])
            return
        name = free_name(conn, client.name)
        self.rowids[client.id] = _rowid(
            conn.execute(
                "INSERT INTO clients (uuid, display_name, created, archived) VALUES (?, ?, ?, ?)",
                (client.id, name, iso(client.created), client.archived),
            ).lastrowid
        )
        self.created[client.id] = client.created
        self.clients_added += 1
        self.added_names.append(name)

    def run(self, run: RunRecord) -> None:
        conn = self.conn
        row = conn.execute("SELECT id, client_id FROM runs WHERE uuid = ?", (run.id,)).fetchone()
        if row:
            if row[1] != self.rowids[run.client_id]:
                raise RecordConflict(f"practice {run.id} belongs to another client here")
            self.run_rowids[run.id] = row[0]
            self.runs_known += 1
            return
        self.run_rowids[run.id] = _rowid(
            conn.execute(
                "INSERT INTO runs (uuid, client_id, practice_id, title, script_hash, variant, "
                "planned_ms, started, started_ms, ended, status, practised_ms, progress, note, "
                "despite_screening) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    run.id,
                    self.rowids[run.client_id],
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
                    int(run.despite_screening),
                ),
            ).lastrowid  # fmt: skip
        )
        self.runs_added += 1

    def added(self) -> Added:
        return Added(
            self.clients_added,
            self.runs_added,
            self.ratings_added,
            self.clients_known,
            self.runs_known,
            tuple(self.added_names),
            tuple(self.known_names),
            self.measures_added,
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

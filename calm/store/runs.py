"""The runs part of the store: each practice run and its ratings, saved the moment they happen.

A run is written when it starts (status running), its practised time updated by heartbeats,
and closed as completed, stopped or abandoned. Each rating is its own commit.
"""

from __future__ import annotations

import gc
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

from calm.errors import StoreError
from calm.store.clients import client_rowid
from calm.store.db import Database
from calm.store.records import (
    FINAL_STATUSES,
    Rating,
    RunRecord,
    check_progress,
    check_rating,
    epoch_ms,
    iso,
)

MAX_NOTE = 20_000
MAX_TEXT = 500

# Each run with its four possible ratings side by side: one query, one row per run. A rating
# row that exists with a NULL value was asked and skipped; no row means never asked.
RATING_KEYS = (("pain", "before"), ("pain", "after"), ("stress", "before"), ("stress", "after"))
_JOIN = "LEFT JOIN ratings {t} ON {t}.run_id = r.id AND {t}.measure = '{m}' AND {t}.moment = '{w}'"
_ALIASES = ("pb", "pa", "sb", "sa")
RUN_SELECT = (
    "SELECT r.uuid, c.uuid, r.practice_id, r.title, r.script_hash, r.variant, r.planned_ms, "
    "r.started, r.ended, r.status, r.practised_ms, r.progress, r.note, "
    + ", ".join(f"{t}.value, {t}.rated" for t in _ALIASES)
    + ", r.clock_set_back, r.despite_screening FROM runs r JOIN clients c ON c.id = r.client_id "
    + " ".join(_JOIN.format(t=t, m=m, w=w) for t, (m, w) in zip(_ALIASES, RATING_KEYS, strict=True))
)


def load_runs(conn: sqlite3.Connection, where: str = "", params: tuple = ()) -> list[RunRecord]:
    """Runs matching `where` (on `r`/`c`), oldest first, each with its ratings."""
    parse, new = datetime.fromisoformat, tuple.__new__  # Rating(...) without its __new__
    found = []
    with _gc_paused():
        rows = conn.execute(f"{RUN_SELECT} {where} ORDER BY r.started_ms, r.id", params).fetchall()
        for row in rows:
            # Unrolled over the four possible ratings: this loop runs thousands of times.
            ratings = []
            if row[14] is not None:
                ratings.append(new(Rating, ("pain", "before", row[13], parse(row[14]))))
            if row[16] is not None:
                ratings.append(new(Rating, ("pain", "after", row[15], parse(row[16]))))
            if row[18] is not None:
                ratings.append(new(Rating, ("stress", "before", row[17], parse(row[18]))))
            if row[20] is not None:
                ratings.append(new(Rating, ("stress", "after", row[19], parse(row[20]))))
            found.append(
                RunRecord(
                    row[0], row[1], row[2], row[3], row[4], row[5], row[6], parse(row[7]),
                    parse(row[8]) if row[8] else None, row[9], row[10], row[11], row[12],
                    tuple(ratings), bool(row[21]), bool(row[22]),
                )
            )  # fmt: skip
    return found


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cycle collector while building thousands of records that hold no cycles:
    otherwise it rescans them again and again (docs/performance.md has what that cost)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _text(value: str, label: str, limit: int = MAX_TEXT) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{label} must be text, not {value!r}")
    if len(value) > limit:
        raise StoreError(f"Please keep the {label} under {limit} characters.")
    return value


class RunsMixin:
    """Run and rating methods of `Store` (which supplies `_db` and `_now`)."""

    _db: Database
    _now: Callable[[], datetime]

    def start_run(
        self,
        client_id: str,
        practice_id: str,
        title: str,
        script_hash: str = "",
        variant: str = "",
        planned_ms: int = 0,
        started: datetime | None = None,
        run_id: str | None = None,
        despite_screening: bool = False,
    ) -> RunRecord:
        """Write a new run (status running) at once and return it. `run_id` is given when
        the run was begun while the disk was full and is written later (calm.store.pending).

        A run dated before the client's latest run already logged (a clock set back) is kept,
        flagged `clock_set_back`. `despite_screening`: the screening did not advise the
        practice and it was started by a deliberate choice.
        """
        if isinstance(planned_ms, bool) or not isinstance(planned_ms, int) or planned_ms < 0:
            raise ValueError(f"planned_ms must be a whole number >= 0, not {planned_ms!r}")
        started = started or self._now()
        run_id = run_id or str(uuid.uuid4())
        with self._db.write() as conn:
            client = client_rowid(conn, client_id)
            latest = conn.execute(
                "SELECT max(started_ms) FROM runs WHERE client_id = ?", (client,)
            ).fetchone()[0]
            clock_set_back = latest is not None and epoch_ms(started) < latest
            conn.execute(
                "INSERT INTO runs (uuid, client_id, practice_id, title, script_hash, variant, "
                "planned_ms, started, started_ms, status, clock_set_back, despite_screening) "
                "VALUES (?,?,?,?,?,?,?,?,?,'running',?,?)",
                (
                    run_id,
                    client,
                    _text(practice_id, "practice id"),
                    _text(title, "title"),
                    _text(script_hash, "script hash"),
                    _text(variant, "length"),
                    planned_ms,
                    iso(started),
                    epoch_ms(started),
                    int(clock_set_back),
                    int(bool(despite_screening)),
                ),
            )
        return self.run(run_id)

    def heartbeat(self, run_id: str, practised_ms: int, progress: float) -> bool:
        """Record time practised so far; False if the run is no longer running."""
        check_progress(practised_ms, progress)
        with self._db.write() as conn:
            changed = conn.execute(
                "UPDATE runs SET practised_ms = ?, progress = ? "
                "WHERE uuid = ? AND status = 'running'",
                (practised_ms, float(progress), run_id),
            ).rowcount
        return bool(changed)

    def finish_run(
        self,
        run_id: str,
        status: str,
        practised_ms: int,
        progress: float,
        ended: datetime | None = None,
    ) -> RunRecord:
        """Close a running run as completed, stopped or abandoned."""
        if status not in FINAL_STATUSES:
            raise ValueError(f"status must be one of {FINAL_STATUSES}, not {status!r}")
        check_progress(practised_ms, progress)
        ended = ended or self._now()
        with self._db.write() as conn:
            row = conn.execute("SELECT status FROM runs WHERE uuid = ?", (run_id,)).fetchone()
            if row is None:
                raise StoreError("That practice is not in this practice log.")
            if row[0] != "running":
                raise StoreError(f"That practice was already closed (as {row[0]}).")
            conn.execute(
                "UPDATE runs SET status = ?, practised_ms = ?, progress = ?, ended = ? "
                "WHERE uuid = ?",
                (status, practised_ms, float(progress), iso(ended), run_id),
            )
        return self.run(run_id)

    def set_run_note(self, run_id: str, note: str) -> None:
        """The note the person (or therapist) wrote after a practice."""
        note = _text(note, "note", MAX_NOTE)
        with self._db.write() as conn:
            if not conn.execute("UPDATE runs SET note = ? WHERE uuid = ?", (note, run_id)).rowcount:
                raise StoreError("That practice is not in this practice log.")

    def set_rating(
        self,
        run_id: str,
        measure: str,
        when: str,
        value: int | None,
        rated: datetime | None = None,
    ) -> None:
        """Save one answer at once (None = asked and skipped); a second answer replaces it."""
        check_rating(measure, when, value)
        rated = rated or self._now()
        with self._db.write() as conn:
            row = conn.execute("SELECT id FROM runs WHERE uuid = ?", (run_id,)).fetchone()
            if row is None:
                raise StoreError("That practice is not in this practice log.")
            conn.execute(
                "INSERT INTO ratings (run_id, measure, moment, value, rated) VALUES (?,?,?,?,?) "
                "ON CONFLICT (run_id, measure, moment) "
                "DO UPDATE SET value = excluded.value, rated = excluded.rated",
                (row[0], measure, when, value, iso(rated)),
            )

    def run(self, run_id: str) -> RunRecord:
        """One run with its ratings, or StoreError."""
        with self._db.read() as conn:
            found = load_runs(conn, "WHERE r.uuid = ?", (run_id,))
        if not found:
            raise StoreError("That practice is not in this practice log.")
        return found[0]

    def runs_for_client(
        self, client_id: str, since: datetime | None = None, until: datetime | None = None
    ) -> list[RunRecord]:
        """A client's runs, oldest first, optionally from `since` and before `until`."""
        where, params = "WHERE r.client_id = ?", []
        if since is not None:
            where += " AND r.started_ms >= ?"
            params.append(epoch_ms(since))
        if until is not None:
            where += " AND r.started_ms < ?"
            params.append(epoch_ms(until))
        with self._db.read() as conn:
            params.insert(0, client_rowid(conn, client_id))
            return load_runs(conn, where, tuple(params))

    def all_runs(self) -> list[RunRecord]:
        """Every run of every client, oldest first."""
        with self._db.read() as conn:
            return load_runs(conn)

    def last_run(self, client_id: str) -> RunRecord | None:
        """The client's most recent run ("practise again"), or None."""
        with self._db.read() as conn:
            row = conn.execute(
                "SELECT uuid FROM runs WHERE client_id = ? ORDER BY started_ms DESC, id DESC "
                "LIMIT 1",
                (client_rowid(conn, client_id),),
            ).fetchone()
        return None if row is None else self.run(row[0])

    def count_runs(self, client_id: str | None = None) -> int:
        """How many runs there are (of one client, or of everyone)."""
        with self._db.read() as conn:
            if client_id is None:
                return conn.execute("SELECT count(*) FROM runs").fetchone()[0]
            return conn.execute(
                "SELECT count(*) FROM runs WHERE client_id = ?", (client_rowid(conn, client_id),)
            ).fetchone()[0]

    def _abandon_running(self) -> int:
        """Runs left running by a crash become abandoned, keeping the time practised.

        Their end time stays empty: when exactly the app went away is not known.
        """
        with self._db.write() as conn:
            return conn.execute(
                "UPDATE runs SET status = 'abandoned' WHERE status = 'running'"
            ).rowcount

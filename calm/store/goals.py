"""Goals, their ratings, the Patient Global Impression of Change, and dated notes.

Goals are the client's own words (at most three in use at a time), each rated 0-10 when set and
then weekly. Notes are the therapist's, dated, each marked for the report or kept out of it.
Ids handed out are stable UUID strings, so a goal rated at home lands on the same goal at the
clinic.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime

from calm.errors import StoreError
from calm.programme.model import (
    MAX_GOALS,
    MAX_NOTE_TEXT,
    ChangeImpression,
    ClientNote,
    Goal,
    GoalRating,
    ProgrammeError,
    check_goal_text,
    check_score,
)
from calm.store.clients import client_rowid
from calm.store.db import Database
from calm.store.records import epoch_ms, iso, iso_ms

_CLIENT = "(SELECT id FROM clients WHERE uuid = ?)"


class GoalsMixin:
    """Goal, impression and note methods of `Store` (which supplies `_db` and `_now`)."""

    _db: Database
    _now: Callable[[], datetime]

    # -- goals ---------------------------------------------------------------------------

    def goals(self, client_id: str, include_archived: bool = False) -> list[Goal]:
        """The client's goals in the order they were set."""
        where = "" if include_archived else "AND g.archived = 0"
        with self._db.read() as conn:
            client_rowid(conn, client_id)
            rows = conn.execute(
                "SELECT g.uuid, g.text, g.created, g.archived FROM goals g "
                f"WHERE g.client_id = {_CLIENT} {where} ORDER BY g.id",
                (client_id,),
            ).fetchall()
        return [
            Goal(row[0], client_id, row[1], datetime.fromisoformat(row[2]), bool(row[3]))
            for row in rows
        ]

    def add_goal(self, client_id: str, text: str, rating: int | None = None) -> Goal:
        """A new goal, with its first rating when given (PSFS: rated when it is set)."""
        text = check_goal_text(text)
        if rating is not None:
            check_score(rating, 0, 10, "A goal's rating")
        if len(self.goals(client_id)) >= MAX_GOALS:
            raise ProgrammeError(
                f"A client has at most {MAX_GOALS} goals at a time. Set one aside first."
            )
        goal_id, now = str(uuid.uuid4()), self._now()
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO goals (uuid, client_id, text, created) VALUES (?, ?, ?, ?)",
                (goal_id, client_rowid(conn, client_id), text, iso(now)),
            )
        if rating is not None:
            self.rate_goal(goal_id, rating, now)
        return next(goal for goal in self.goals(client_id) if goal.id == goal_id)

    def set_goal_text(self, goal_id: str, text: str) -> None:
        """Reword a goal (its ratings stay with it)."""
        self._update_goal(goal_id, "text = ?", check_goal_text(text))

    def archive_goal(self, goal_id: str, archived: bool = True) -> None:
        """Set a goal aside (its ratings are kept for the record), or bring it back."""
        self._update_goal(goal_id, "archived = ?", int(bool(archived)))

    def _update_goal(self, goal_id: str, assignment: str, value: object) -> None:
        with self._db.write() as conn:
            if not conn.execute(
                f"UPDATE goals SET {assignment} WHERE uuid = ?", (value, goal_id)
            ).rowcount:
                raise StoreError("That goal is not in this practice log.")

    def rate_goal(self, goal_id: str, value: int, rated: datetime | None = None) -> None:
        """How well the client can do the goal now, 0-10 (a second rating at the same moment
        replaces the first)."""
        check_score(value, 0, 10, "A goal's rating")
        rated = rated or self._now()
        with self._db.write() as conn:
            row = conn.execute("SELECT id FROM goals WHERE uuid = ?", (goal_id,)).fetchone()
            if row is None:
                raise StoreError("That goal is not in this practice log.")
            conn.execute(
                "INSERT INTO goal_ratings (goal_id, rated, rated_ms, value) VALUES (?,?,?,?) "
                "ON CONFLICT (goal_id, rated_ms) DO UPDATE SET value = excluded.value",
                (row[0], iso_ms(rated), epoch_ms(rated), value),
            )

    def goal_ratings(self, client_id: str) -> list[GoalRating]:
        """Every rating of every goal of the client, oldest first."""
        with self._db.read() as conn:
            rows = conn.execute(
                "SELECT g.uuid, r.value, r.rated FROM goal_ratings r JOIN goals g "
                f"ON g.id = r.goal_id WHERE g.client_id = {_CLIENT} ORDER BY r.rated_ms",
                (client_id,),
            ).fetchall()
        return [GoalRating(row[0], row[1], datetime.fromisoformat(row[2])) for row in rows]

    def bring_goal(
        self,
        client_id: str,
        goal_id: str,
        text: str,
        created: datetime,
        archived: bool,
        ratings: list[tuple[int, datetime]],
    ) -> int:
        """Keep a goal that came from elsewhere (a pack, a client's export) under its own id:
        its words and state are updated, its ratings added unless already here. Returns how
        many ratings were new. All or nothing."""
        text = check_goal_text(text)
        for value, _rated in ratings:
            check_score(value, 0, 10, "A goal's rating")
        with self._db.write() as conn:
            rowid = client_rowid(conn, client_id)
            conn.execute(
                "INSERT INTO goals (uuid, client_id, text, created, archived) VALUES (?,?,?,?,?) "
                "ON CONFLICT (uuid) DO UPDATE SET text = excluded.text, "
                "archived = excluded.archived WHERE goals.client_id = excluded.client_id",
                (goal_id, rowid, text, iso(created), int(archived)),
            )
            row = conn.execute(
                "SELECT id FROM goals WHERE uuid = ? AND client_id = ?", (goal_id, rowid)
            ).fetchone()
            if row is None:
                raise StoreError("That goal belongs to another client in this practice log.")
            before = conn.total_changes
            conn.executemany(
                "INSERT OR IGNORE INTO goal_ratings (goal_id, rated, rated_ms, value) "
                "VALUES (?, ?, ?, ?)",
                [(row[0], iso_ms(rated), epoch_ms(rated), value) for value, rated in ratings],
            )
            return conn.total_changes - before

    # -- the global impression of change ------------------------------------------------

    def add_impression(self, client_id: str, value: int, rated: datetime | None = None) -> None:
        """One PGIC answer, 1-7."""
        check_score(value, 1, 7, "The impression of change")
        rated = rated or self._now()
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO change_impressions (uuid, client_id, value, rated, rated_ms) "
                "VALUES (?, ?, ?, ?, ?)",
                (
                    str(uuid.uuid4()),
                    client_rowid(conn, client_id),
                    value,
                    iso_ms(rated),
                    epoch_ms(rated),
                ),
            )

    def impressions(self, client_id: str) -> list[ChangeImpression]:
        """The client's PGIC answers, oldest first."""
        with self._db.read() as conn:
            rows = conn.execute(
                "SELECT uuid, value, rated FROM change_impressions "
                f"WHERE client_id = {_CLIENT} ORDER BY rated_ms",
                (client_id,),
            ).fetchall()
        return [
            ChangeImpression(row[0], client_id, row[1], datetime.fromisoformat(row[2]))
            for row in rows
        ]

    # -- dated notes ---------------------------------------------------------------------

    def add_note(self, client_id: str, text: str, in_report: bool = True) -> ClientNote:
        """A dated note on a client, by the therapist."""
        text = text.strip()
        if not text:
            raise ProgrammeError("The note is empty.")
        if len(text) > MAX_NOTE_TEXT:
            raise ProgrammeError(f"Please keep a note under {MAX_NOTE_TEXT} characters.")
        note_id, now = str(uuid.uuid4()), self._now()
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO client_notes (uuid, client_id, written, written_ms, text, in_report) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    note_id,
                    client_rowid(conn, client_id),
                    iso(now),
                    epoch_ms(now),
                    text,
                    int(in_report),
                ),
            )
        return ClientNote(note_id, client_id, now, text, in_report)

    def notes(self, client_id: str) -> list[ClientNote]:
        """The client's notes, oldest first."""
        with self._db.read() as conn:
            rows = conn.execute(
                "SELECT uuid, written, text, in_report FROM client_notes "
                f"WHERE client_id = {_CLIENT} ORDER BY written_ms, id",
                (client_id,),
            ).fetchall()
        return [
            ClientNote(row[0], client_id, datetime.fromisoformat(row[1]), row[2], bool(row[3]))
            for row in rows
        ]

    def set_note_in_report(self, note_id: str, in_report: bool) -> None:
        """Include a note in reports, or leave it out."""
        with self._db.write() as conn:
            if not conn.execute(
                "UPDATE client_notes SET in_report = ? WHERE uuid = ?", (int(in_report), note_id)
            ).rowcount:
                raise StoreError("That note is not in this practice log.")

    def delete_note(self, note_id: str) -> None:
        """Remove a note for good."""
        with self._db.write() as conn:
            if not conn.execute("DELETE FROM client_notes WHERE uuid = ?", (note_id,)).rowcount:
                raise StoreError("That note is not in this practice log.")


def bring_measures(conn, plan, client_rowids: dict[str, int], run_rowids: dict[str, int]) -> int:
    """Add an import's goals, goal ratings, impressions of change and energy ratings inside
    the import's transaction (calm/exchange/importer.py), keyed by their stable ids so a second
    import adds nothing. A goal rated here may have come in an earlier part of the same import
    (the caller checked that the file holds it). Returns how many rows were new."""
    added = 0
    goal_rowids: dict[str, int] = {}
    for goal in plan.goals.values():
        rowid = client_rowids[goal.client_id]
        conn.execute(
            "INSERT INTO goals (uuid, client_id, text, created, archived) VALUES (?,?,?,?,?) "
            "ON CONFLICT (uuid) DO UPDATE SET text = excluded.text, archived = excluded.archived "
            "WHERE goals.client_id = excluded.client_id",
            (goal.id, rowid, goal.text, iso(goal.created), int(goal.archived)),
        )
        row = conn.execute(
            "SELECT id FROM goals WHERE uuid = ? AND client_id = ?", (goal.id, rowid)
        ).fetchone()
        if row is None:
            raise StoreError(f"The goal {goal.id} belongs to another client here.")
        goal_rowids[goal.id] = row[0]
    for goal_id, value, rated in plan.goal_ratings:
        if goal_id not in goal_rowids:  # a goal added by an earlier part of the same file
            goal_rowids[goal_id] = conn.execute(
                "SELECT id FROM goals WHERE uuid = ?", (goal_id,)
            ).fetchone()[0]
        added += conn.execute(
            "INSERT OR IGNORE INTO goal_ratings (goal_id, rated, rated_ms, value) VALUES (?,?,?,?)",
            (goal_rowids[goal_id], iso_ms(rated), epoch_ms(rated), value),
        ).rowcount
    for impression_id, client_id, value, rated in plan.impressions:
        added += conn.execute(
            "INSERT OR IGNORE INTO change_impressions (uuid, client_id, value, rated, rated_ms) "
            "VALUES (?, ?, ?, ?, ?)",
            (impression_id, client_rowids[client_id], value, iso_ms(rated), epoch_ms(rated)),
        ).rowcount
    for run_id, _client_id, value in plan.energies:
        added += conn.execute(
            "UPDATE runs SET energy = ? WHERE id = ? AND energy IS NOT ?",
            (value, run_rowids[run_id], value),
        ).rowcount
    return added

"""The programme part of the store: what a client is asked to practise, and the energy rating
of the pacing check-in.

A programme is replaced whole (`set_programme`), so what the therapist saved, or what a pack
brought, is always one consistent set of items; the practice log itself is never touched.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from calm.errors import StoreError
from calm.programme.model import (
    MAX_PROGRAMME_NOTE,
    Programme,
    ProgrammeError,
    ProgrammeItem,
    check_item,
)
from calm.store.clients import client_rowid
from calm.store.db import Database
from calm.store.records import iso

_ITEM_COLUMNS = "practice_id, length, per_day, days_a_week, start, until, instruction, pattern"


def _item_from_row(row: tuple) -> ProgrammeItem:
    return ProgrammeItem(
        practice_id=row[0],
        length=row[1],
        per_day=row[2],
        days_a_week=row[3],
        start=date.fromisoformat(row[4]) if row[4] else None,
        until=date.fromisoformat(row[5]) if row[5] else None,
        instruction=row[6],
        pattern=row[7],
    )


class ProgrammesMixin:
    """Programme methods of `Store` (which supplies `_db` and `_now`)."""

    _db: Database
    _now: Callable[[], datetime]

    def programme(self, client_id: str) -> Programme:
        """The client's programme (empty when none was set)."""
        with self._db.read() as conn:
            rowid = client_rowid(conn, client_id)
            head = conn.execute(
                "SELECT note, updated FROM programmes WHERE client_id = ?", (rowid,)
            ).fetchone()
            rows = conn.execute(
                f"SELECT {_ITEM_COLUMNS} FROM programme_items WHERE client_id = ? "
                "ORDER BY position",
                (rowid,),
            ).fetchall()
        return Programme(
            client_id=client_id,
            items=tuple(_item_from_row(row) for row in rows),
            note=head[0] if head else "",
            updated=datetime.fromisoformat(head[1]) if head else None,
        )

    def set_programme(self, programme: Programme, known: set[str] | None = None) -> Programme:
        """Keep this programme for its client, replacing the one before (all or nothing).
        `known` is the set of practice ids that exist; an item naming another is refused."""
        items = [check_item(item, known) for item in programme.items]
        if len({item.practice_id for item in items}) != len(items):
            raise ProgrammeError("A practice appears twice in the programme; keep it once.")
        note = programme.note.strip()
        if len(note) > MAX_PROGRAMME_NOTE:
            raise ProgrammeError(f"Please keep the note under {MAX_PROGRAMME_NOTE} characters.")
        updated = programme.updated or self._now()
        with self._db.write() as conn:
            rowid = client_rowid(conn, programme.client_id)
            conn.execute("DELETE FROM programme_items WHERE client_id = ?", (rowid,))
            conn.executemany(
                f"INSERT INTO programme_items (client_id, position, {_ITEM_COLUMNS}) "
                "VALUES (?,?,?,?,?,?,?,?,?,?)",
                [
                    (
                        rowid,
                        position,
                        item.practice_id,
                        item.length,
                        item.per_day,
                        item.days_a_week,
                        item.start.isoformat() if item.start else None,
                        item.until.isoformat() if item.until else None,
                        item.instruction,
                        item.pattern,
                    )
                    for position, item in enumerate(items)
                ],
            )
            conn.execute(
                "INSERT INTO programmes (client_id, note, updated) VALUES (?, ?, ?) "
                "ON CONFLICT (client_id) DO UPDATE SET note = excluded.note, "
                "updated = excluded.updated",
                (rowid, note, iso(updated)),
            )
        return self.programme(programme.client_id)

    def first_started(self, client_id: str) -> datetime | None:
        """When the client's first practice started, or None before any."""
        with self._db.read() as conn:
            row = conn.execute(
                "SELECT started FROM runs WHERE client_id = "
                "(SELECT id FROM clients WHERE uuid = ?) ORDER BY started_ms LIMIT 1",
                (client_id,),
            ).fetchone()
        return datetime.fromisoformat(row[0]) if row else None

    def set_energy(self, run_id: str, value: int | None) -> None:
        """The pacing check-in's energy rating (0-10, None = skipped), saved with its run."""
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10
        ):
            raise ValueError(f"energy is a whole number from 0 to 10 or None, not {value!r}")
        with self._db.write() as conn:
            if not conn.execute(
                "UPDATE runs SET energy = ? WHERE uuid = ?", (value, run_id)
            ).rowcount:
                raise StoreError("That practice is not in this practice log.")

    def energy_by_run(self, client_id: str) -> dict[str, int]:
        """The energy rating of each of the client's runs that has one: run id -> 0-10."""
        with self._db.read() as conn:
            rows = conn.execute(
                "SELECT uuid, energy FROM runs WHERE energy IS NOT NULL AND client_id = "
                "(SELECT id FROM clients WHERE uuid = ?)",
                (client_id,),
            ).fetchall()
        return dict(rows)

    def energy_ratings(self, client_id: str) -> list[tuple[datetime, int]]:
        """Every energy rating the client gave, oldest first: (when the run started, 0-10)."""
        with self._db.read() as conn:
            rows = conn.execute(
                "SELECT started, energy FROM runs WHERE energy IS NOT NULL AND client_id = "
                "(SELECT id FROM clients WHERE uuid = ?) ORDER BY started_ms",
                (client_id,),
            ).fetchall()
        return [(datetime.fromisoformat(started), value) for started, value in rows]

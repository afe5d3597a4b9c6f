"""The clients part of the store: the people whose practice is logged.

At home the one person is a client like any other (the "default" client, the one the app
starts with; the person never hears the word). In the clinic a therapist adds, renames and
archives clients, keeps a note and an optional clinic record number on each. Names are unique,
ignoring case, and checked by calm/store/names.py. Merging and erasing are in client_admin.py.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from datetime import datetime

from calm.errors import StoreError
from calm.store.db import Database
from calm.store.names import MAX_NAME, clean_name
from calm.store.records import ClientRecord, iso

DEFAULT_NAME = "Me"
DEFAULT_KEY = "store.default_client"
MAX_NOTE = 20_000
MAX_RECORD_NUMBER = 64

_COLUMNS = "uuid, display_name, created, archived, note, demo, record_number"
__all__ = ["MAX_NAME", "clean_name"]


def client_from_row(row: tuple) -> ClientRecord:
    """A ClientRecord from a row of `_COLUMNS`."""
    return ClientRecord(
        id=row[0],
        name=row[1],
        created=datetime.fromisoformat(row[2]),
        archived=bool(row[3]),
        note=row[4],
        demo=bool(row[5]),
        record_number=row[6],
    )


def clean_record_number(number: str) -> str:
    """A clinic record number as kept (may be empty), or a StoreError."""
    if not isinstance(number, str):
        raise StoreError("A record number must be text.")
    number = number.strip()
    if len(number) > MAX_RECORD_NUMBER:
        raise StoreError(f"Please keep the record number under {MAX_RECORD_NUMBER} characters.")
    if any(not char.isprintable() for char in number):
        raise StoreError("Please type the record number without control characters.")
    return number


def clean_note(note: str) -> str:
    """The note as it will be kept, or a StoreError (not text, or far too long)."""
    if not isinstance(note, str):
        raise StoreError("A note must be text.")
    if len(note) > MAX_NOTE:
        raise StoreError(f"Please keep the note under {MAX_NOTE} characters.")
    return note


class ClientsMixin:
    """Client methods of `Store` (which supplies `_db` and `_now`)."""

    _db: Database
    _now: Callable[[], datetime]

    def list_clients(self, include_archived: bool = False) -> list[ClientRecord]:
        """Clients by name; archived ones only when asked for."""
        where = "" if include_archived else "WHERE archived = 0"
        with self._db.read() as conn:
            rows = conn.execute(
                f"SELECT {_COLUMNS} FROM clients {where} ORDER BY display_name COLLATE NOCASE"
            ).fetchall()
        return [client_from_row(row) for row in rows]

    def client(self, client_id: str) -> ClientRecord:
        """The client with this id, or StoreError."""
        with self._db.read() as conn:
            row = conn.execute(
                f"SELECT {_COLUMNS} FROM clients WHERE uuid = ?", (client_id,)
            ).fetchone()
        if row is None:
            raise StoreError("That client is not in this practice log.")
        return client_from_row(row)

    def client_by_name(self, name: str) -> ClientRecord:
        """The client with this name (any case) or id, or StoreError naming the known ones."""
        wanted = " ".join(str(name).split())
        with self._db.read() as conn:
            row = conn.execute(
                f"SELECT {_COLUMNS} FROM clients WHERE display_name = ? COLLATE NOCASE OR uuid = ?",
                (wanted, wanted.lower()),
            ).fetchone()
        if row is not None:
            return client_from_row(row)
        known = ", ".join(c.name for c in self.list_clients(include_archived=True))
        raise StoreError(f"There is no client called {wanted!r}. Known: {known or 'none'}.")

    def default_client(self) -> ClientRecord:
        """The client a home user practises as (created on first start)."""
        with self._db.read() as conn:
            row = conn.execute(
                f"SELECT {_COLUMNS} FROM clients WHERE uuid = "
                "(SELECT json_extract(value, '$') FROM settings WHERE key = ?)",
                (DEFAULT_KEY,),
            ).fetchone()
            if row is None:
                row = conn.execute(
                    f"SELECT {_COLUMNS} FROM clients WHERE archived = 0 AND demo = 0 "
                    "ORDER BY id LIMIT 1"
                ).fetchone()
        if row is None:
            raise StoreError("This practice log has no one to log practice for.")
        return client_from_row(row)

    def set_default_client(self, client_id: str) -> None:
        """Make this client the one the app starts with."""
        self.client(client_id)
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, json_quote(?)) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (DEFAULT_KEY, client_id),
            )

    def add_client(self, name: str, note: str = "", demo: bool = False) -> ClientRecord:
        """A new client with a fresh stable id; StoreError if the name is taken."""
        record = ClientRecord(
            id=str(uuid.uuid4()),
            name=clean_name(name),
            created=self._now(),
            note=clean_note(note),
            demo=demo,
        )
        try:
            with self._db.write() as conn:
                conn.execute(
                    "INSERT INTO clients (uuid, display_name, created, note, demo) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (record.id, record.name, iso(record.created), record.note, int(demo)),
                )
        except StoreError as error:
            if isinstance(error.__cause__, sqlite3.IntegrityError):
                raise _name_taken(record.name) from None
            raise
        return self.client(record.id)

    def rename_client(self, client_id: str, name: str) -> ClientRecord:
        """Give a client another name; StoreError if someone else has it."""
        cleaned = clean_name(name)
        try:
            self._update_client(client_id, "display_name = ?", cleaned)
        except StoreError as error:
            if isinstance(error.__cause__, sqlite3.IntegrityError):
                raise _name_taken(cleaned) from None
            raise
        return self.client(client_id)

    def archive_client(self, client_id: str, archived: bool = True) -> ClientRecord:
        """Hide a client from the everyday list (their records are kept), or bring them back."""
        self._update_client(client_id, "archived = ?", int(bool(archived)))
        return self.client(client_id)

    def set_client_note(self, client_id: str, note: str) -> ClientRecord:
        """The therapist's note on a client."""
        self._update_client(client_id, "note = ?", clean_note(note))
        return self.client(client_id)

    def set_record_number(self, client_id: str, number: str) -> ClientRecord:
        """The clinic's own record number for a client ('' for none); exported as the FHIR
        Patient.identifier with the system set in Settings."""
        self._update_client(client_id, "record_number = ?", clean_record_number(number))
        return self.client(client_id)

    def _update_client(self, client_id: str, assignment: str, value: object) -> None:
        with self._db.write() as conn:
            changed = conn.execute(
                f"UPDATE clients SET {assignment} WHERE uuid = ?", (value, client_id)
            ).rowcount
        if not changed:
            raise StoreError("That client is not in this practice log.")

    def _ensure_default_client(self) -> None:
        """On first start, create the one client a home user practises as; when that client
        was erased or merged away, the first other client takes its place (or a new one)."""
        with self._db.read() as conn:
            has_default = conn.execute(
                "SELECT 1 FROM settings WHERE key = ?", (DEFAULT_KEY,)
            ).fetchone()
        if has_default:  # erase and merge remove or hand over the key with its client
            return
        with self._db.write() as conn:
            row = conn.execute(
                "SELECT uuid FROM clients WHERE demo = 0 ORDER BY archived, id LIMIT 1"
            ).fetchone()
            client_id = row[0] if row else str(uuid.uuid4())
            if row is None:
                conn.execute(
                    "INSERT INTO clients (uuid, display_name, created) VALUES (?, ?, ?)",
                    (client_id, free_name(conn, DEFAULT_NAME), iso(self._now())),
                )
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, json_quote(?))",
                (DEFAULT_KEY, client_id),
            )


def client_rowid(conn: sqlite3.Connection, client_id: str) -> int:
    """The internal row id of a client, or StoreError."""
    row = conn.execute("SELECT id FROM clients WHERE uuid = ?", (client_id,)).fetchone()
    if row is None:
        raise StoreError("That client is not in this practice log.")
    return row[0]


def free_name(conn: sqlite3.Connection, name: str) -> str:
    """`name`, or `name (2)`, `name (3)`... whichever is not yet taken."""
    candidate, n = name, 1
    while conn.execute(
        "SELECT 1 FROM clients WHERE display_name = ? COLLATE NOCASE", (candidate,)
    ).fetchone():
        n += 1
        candidate = f"{name} ({n})"
    return candidate


def _name_taken(name: str) -> StoreError:
    return StoreError(f"There is already someone called {name!r}. Please choose another name.")

"""The connection the store uses: transactions, a thread lock, and SQLite errors in plain words.

Every write is one short `BEGIN IMMEDIATE ... COMMIT`, so a rating is on disk the moment it is
given and a failure (full disk, read-only file) rolls back to the last whole state.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from calm.errors import DataInUseError, DiskFullError, StoreError

BUSY_TIMEOUT_MS = 5000


def connect(path: Path, read_only: bool = False) -> sqlite3.Connection:
    """Open the database file with the store's settings (WAL, full sync, foreign keys)."""
    if read_only:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro",
            uri=True,
            isolation_level=None,
            check_same_thread=False,
            timeout=BUSY_TIMEOUT_MS / 1000,
        )
    else:
        if not path.exists():
            # Create it ourselves so the file (and SQLite's WAL beside it) is the user's only.
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        conn = sqlite3.connect(
            path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
        )
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if not read_only:
            # Deleted rows are overwritten with zeros, not just unlinked (erasing a client).
            conn.execute("PRAGMA secure_delete = ON")
            conn.execute("PRAGMA journal_mode = WAL")
            # FULL: a commit is on disk before it returns, even across a power cut.
            conn.execute("PRAGMA synchronous = FULL")
    except BaseException:
        conn.close()
        raise
    return conn


class Database:
    """One connection shared by the store's methods, safe to call from several threads."""

    def __init__(self, conn: sqlite3.Connection, path: Path, read_only: bool = False):
        self.conn = conn
        self.path = path
        self.read_only = read_only
        self._lock = threading.RLock()
        # The fault-injection seam: called at the start of every write transaction. None in
        # use; tests set it to raise what a full or failing disk makes SQLite raise.
        self.fault: Callable[[], None] | None = None

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """Use the connection for queries (one consistent snapshot)."""
        with self._lock:
            try:
                yield self.conn
            except sqlite3.Error as error:
                self._remember_damage(error)
                raise translate(error, self.path) from error

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One transaction: all of it is saved, or none of it (then a StoreError is raised)."""
        if self.read_only:
            raise StoreError(
                "Calm Harbor is open elsewhere with the same data, so this copy can only read "
                "it. Close the other copy to make changes."
            )
        with self._lock:
            try:
                if self.fault is not None:
                    self.fault()
                self.conn.execute("BEGIN IMMEDIATE")
                yield self.conn
                self.conn.execute("COMMIT")
            except BaseException as error:
                if self.conn.in_transaction:
                    try:
                        self.conn.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass
                if isinstance(error, sqlite3.Error):
                    self._remember_damage(error)
                    raise translate(error, self.path) from error
                raise

    def compact(self) -> None:
        """Rebuild the file so nothing deleted lingers in free pages, and empty the WAL (after
        an erase: the erased person must not remain anywhere in the file's bytes)."""
        if self.read_only:
            raise StoreError("This copy can only read the practice log.")
        with self._lock:
            try:
                self.conn.execute("VACUUM")
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error as error:
                self._remember_damage(error)
                raise translate(error, self.path) from error

    def _remember_damage(self, error: sqlite3.Error) -> None:
        """Damage met while running: ask the next opening for a full check (and a restore)."""
        if not is_damage(error):
            return
        try:
            damage_marker(self.path).touch()
        except OSError:
            pass  # the folder is not writable either; the error sentence still reaches the user

    def close(self) -> None:
        """Close the connection (a clean close also folds the WAL into the file)."""
        with self._lock:
            self.conn.close()


def translate(error: sqlite3.Error, path: Path) -> StoreError:
    """A plain sentence for what SQLite reported."""
    name = getattr(error, "sqlite_errorname", "") or ""
    if name.startswith("SQLITE_FULL"):
        return DiskFullError(
            f"The disk holding your practice log ({path.parent}) is full, so the last change "
            "was not saved. Free some space, then try again. Everything saved before is safe."
        )
    if name.startswith("SQLITE_READONLY") or name.startswith("SQLITE_CANTOPEN"):
        return StoreError(
            f"Calm Harbor cannot write its practice log {path}: the file or its folder is "
            "read-only. Check the permissions of that folder, then start again."
        )
    if name.startswith("SQLITE_BUSY") or name.startswith("SQLITE_LOCKED"):
        return DataInUseError(
            "Your practice log is busy: another copy of Calm Harbor is using it. Close it, "
            "then try again."
        )
    if name.startswith("SQLITE_CORRUPT") or name.startswith("SQLITE_NOTADB"):
        return StoreError(
            f"Your practice log {path} is damaged. Close Calm Harbor and open it again: it "
            "will move the damaged file aside and restore the latest backup."
        )
    if name.startswith("SQLITE_IOERR"):
        return StoreError(
            f"The disk could not read or write your practice log {path} ({error}). Check the "
            "disk, then try again. Everything saved before is safe."
        )
    if isinstance(error, sqlite3.IntegrityError):
        return StoreError(f"That change does not fit the practice log's rules ({error}).")
    return StoreError(f"Your practice log could not be used ({error}).")


def damage_marker(database: Path) -> Path:
    """The file whose presence asks the next opening for a full check of the database."""
    return database.with_name(database.name + ".check")


def is_damage(error: BaseException) -> bool:
    """True when SQLite says the file itself is damaged (not locked, not missing)."""
    name = getattr(error, "sqlite_errorname", "") or ""
    return name.startswith("SQLITE_CORRUPT") or name.startswith("SQLITE_NOTADB")

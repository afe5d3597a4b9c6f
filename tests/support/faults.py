"""Injected faults: what SQLite raises when the disk is full, through the store's seam."""

from __future__ import annotations

import sqlite3


def disk_full() -> None:
    """Raise what SQLite raises when the disk holding the database is full (SQLITE_FULL)."""
    error = sqlite3.OperationalError("database or disk is full")
    error.sqlite_errorcode = 13
    error.sqlite_errorname = "SQLITE_FULL"
    raise error


def fill_disk(store) -> None:
    """From now on every write of `store` meets a full disk (`store._db.fault = None` frees it)."""
    store._db.fault = disk_full

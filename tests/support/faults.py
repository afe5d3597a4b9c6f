"""Injected faults: a full disk through the store's seam, and damaged files."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path


def disk_full() -> None:
    """Raise what SQLite raises when the disk holding the database is full (SQLITE_FULL)."""
    error = sqlite3.OperationalError("database or disk is full")
    error.sqlite_errorcode = 13
    error.sqlite_errorname = "SQLITE_FULL"
    raise error


def fill_disk(store) -> None:
    """From now on every write of `store` meets a full disk (`store._db.fault = None` frees it)."""
    store._db.fault = disk_full


def truncate_half(path: Path) -> None:
    """Cut the file to half its length (a copy interrupted, a disk that lost its end)."""
    with open(path, "r+b") as handle:
        handle.truncate(path.stat().st_size // 2)


def wreck_header(path: Path, seed: int = 1) -> None:
    """Noise over the first 100 bytes: SQLite's header."""
    wreck(path, 0, 100, seed)


def wreck(path: Path, offset: int, length: int, seed: int = 2) -> None:
    """Noise over `length` bytes from `offset` (pages of a database, say)."""
    with open(path, "r+b") as handle:
        handle.seek(offset)
        handle.write(random.Random(seed).randbytes(length))

"""Opening the database file safely: detect damage, move it aside, restore the latest backup.

A file is damaged when it does not start with SQLite's header, is shorter than its header
says, when SQLite reports it corrupt, or when `PRAGMA quick_check` finds a fault. An empty file
while backups exist is damage too (the app never leaves its own file empty once created).

`quick_check` reads the whole file: quick for a home user's years of practice, but a pause a
person would notice for a clinic's log (figures in docs/performance.md). So a large file gets it
on the first opening of the day (before the day's first backup, which is therefore never a copy of
a damaged file) and whenever damage was met while the app ran (a marker file beside the database);
other openings check the header and size only.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from datetime import datetime
from pathlib import Path

from calm.errors import StoreError
from calm.store import backups
from calm.store.db import connect, damage_marker, is_damage, translate

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
FULL_CHECK_BELOW = 8 * 1024 * 1024  # bytes: smaller files are checked fully at every opening


class _Damaged(Exception):
    """The file is not a usable database; the message says why (for the log)."""


def open_checked(
    database: Path, backup_folder: Path, notices: list[str], now: datetime
) -> sqlite3.Connection:
    """A connection to a sound database, restoring a backup (and adding a notice) if needed."""
    marker = damage_marker(database)
    full = (
        marker.exists()
        or not backups.taken_on(backup_folder, now.date())
        or _size(database) < FULL_CHECK_BELOW
    )
    try:
        conn = _open_sound(database, backup_folder, full)
        marker.unlink(missing_ok=True)
        return conn
    except _Damaged as damage:
        log.error("practice log %s is damaged: %s", database, damage)
    try:
        aside = backups.move_aside(database, now)
    except OSError as error:
        raise StoreError(
            f"Your practice log {database} is damaged, and it could not be moved aside to "
            f"restore a backup ({error.strerror}). Check that you may write in that folder."
        ) from error
    marker.unlink(missing_ok=True)
    salvage = (
        f"To bring back what can still be read from the damaged file, run: calm-harbor "
        f"salvage {aside}"
    )
    for candidate in backups.list_backups(backup_folder):
        if not backups.sound(candidate):  # the newest backup that passes the full check
            log.error("backup %s is damaged too", candidate.path)
            continue
        backups.restore(candidate.path, database)
        try:
            conn = _open_sound(database, backup_folder, full=True)
        except _Damaged as damage:
            log.error("backup %s is damaged too: %s", candidate.path, damage)
            database.unlink(missing_ok=True)
            continue
        notices.append(
            f"Your practice log was damaged and could not be read. The damaged file was moved "
            f"to {aside}. The backup from {candidate.when()} was restored, so practices logged "
            f"after that backup are not in it. {salvage}"
        )
        return conn
    notices.append(
        f"Your practice log was damaged and could not be read, and no backup could be "
        f"restored. The damaged file was moved to {aside}. Calm Harbor has started a new, "
        f"empty log. {salvage}"
    )
    return _open_sound(database, backup_folder, full=True)


def _open_sound(database: Path, backup_folder: Path, full: bool) -> sqlite3.Connection:
    """Connect and check, raising _Damaged for damage and StoreError for anything else."""
    _check_header(database, backup_folder)
    try:
        conn = connect(database)
    except sqlite3.Error as error:
        if is_damage(error):
            raise _Damaged(str(error)) from error
        raise translate(error, database) from error
    try:
        if full:
            result = conn.execute("PRAGMA quick_check").fetchall()
        else:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            result = [("ok",)]
    except sqlite3.Error as error:
        conn.close()
        if is_damage(error):
            raise _Damaged(str(error)) from error
        raise translate(error, database) from error
    if result != [("ok",)]:
        conn.close()
        raise _Damaged("; ".join(str(row[0]) for row in result[:5]))
    try:
        os.chmod(database, 0o600)
    except OSError:
        pass  # not ours to change (a shared folder); SQLite still works
    return conn


def _check_header(database: Path, backup_folder: Path) -> None:
    try:
        size = database.stat().st_size
    except FileNotFoundError:
        return
    except PermissionError as error:
        raise _unreadable(database, error) from error
    except OSError as error:
        raise _Damaged(f"cannot be read: {error}") from error
    if size == 0:
        # Empty: a file created a moment before a crash, or all its pages lost.
        if backups.list_backups(backup_folder):
            raise _Damaged("the file is empty")
        return
    try:
        with open(database, "rb") as handle:
            head = handle.read(100)
    except PermissionError as error:
        raise _unreadable(database, error) from error
    except OSError as error:
        raise _Damaged(f"cannot be read: {error}") from error
    if head[: len(SQLITE_HEADER)] != SQLITE_HEADER:
        raise _Damaged("the file does not start with SQLite's header")
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    # The page count is only trustworthy when "version-valid-for" matches the change counter.
    if head[24:28] == head[92:96] and pages and size < pages * page_size:
        raise _Damaged(f"the file is shorter ({size} bytes) than its {pages} pages")


def _size(database: Path) -> int:
    try:
        return database.stat().st_size
    except OSError:
        return 0


def _unreadable(database: Path, error: OSError) -> StoreError:
    return StoreError(
        f"Calm Harbor may not read its practice log {database} ({error.strerror}). "
        "Check the permissions of that file and its folder."
    )

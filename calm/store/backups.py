"""Backup copies of the practice log: one a day (the last 7 kept) and one before each migration.

Copies are made with SQLite's online backup API into a temporary file that is renamed into
place, so a copy is either whole or absent. Each copy is readable by the user only.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import date, datetime
from pathlib import Path

DAILY_PREFIX = "daily-"
KEEP_DAILY = 7


def copy_database(conn: sqlite3.Connection, target: Path) -> Path:
    """Write a consistent copy of the open database to `target` (atomically) and return it."""
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = target.with_name(target.name + ".partial")
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.close(fd)
        copy = sqlite3.connect(partial)
        try:
            conn.backup(copy)
            # A backup is a plain rollback-journal file: one file, nothing beside it.
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
        os.chmod(partial, 0o600)
        os.replace(partial, target)
    finally:
        if partial.exists():
            partial.unlink()
    return target


def daily_backup_path(folder: Path, day: date) -> Path:
    """Where the backup of `day` lives."""
    return folder / f"{DAILY_PREFIX}{day.isoformat()}.sqlite3"


def daily_backups(folder: Path) -> list[Path]:
    """The daily backups, newest first."""
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob(f"{DAILY_PREFIX}*.sqlite3") if p.is_file()]
    return sorted(found, key=lambda p: p.name, reverse=True)


def make_daily_backup(
    conn: sqlite3.Connection, folder: Path, today: date, keep: int = KEEP_DAILY
) -> Path | None:
    """Make today's backup unless there is one, then keep only the newest `keep`."""
    target = daily_backup_path(folder, today)
    made = None
    if not target.exists():
        made = copy_database(conn, target)
    for old in daily_backups(folder)[keep:]:
        old.unlink(missing_ok=True)
    return made


def migration_backup(conn: sqlite3.Connection, folder: Path, old: int, new: int) -> Path:
    """A copy taken just before moving the file from format `old` to `new`."""
    stamp = datetime.now().strftime("%Y-%m-%dT%H-%M-%S")
    return copy_database(conn, folder / f"before-format-{new}-from-{old}-{stamp}.sqlite3")


def backup_day(path: Path) -> str:
    """'2026-05-09' for a daily backup's file name."""
    return path.stem.removeprefix(DAILY_PREFIX)


def move_aside(database: Path, stamp: datetime) -> Path:
    """Move a damaged database (and its WAL) out of the way; returns where it went."""
    aside = database.with_name(
        f"{database.stem}-damaged-{stamp.strftime('%Y-%m-%dT%H-%M-%S')}{database.suffix}"
    )
    n = 1
    while aside.exists():
        n += 1
        aside = aside.with_name(f"{aside.stem}-{n}{aside.suffix}")
    os.replace(database, aside)
    for suffix in ("-wal", "-journal"):
        side = database.with_name(database.name + suffix)
        if side.exists():
            os.replace(side, aside.with_name(aside.name + suffix))
    shm = database.with_name(database.name + "-shm")
    shm.unlink(missing_ok=True)
    return aside


def restore(backup: Path, database: Path) -> None:
    """Put a backup copy in place of the (already moved) database."""
    partial = database.with_name(database.name + ".restoring")
    shutil.copyfile(backup, partial)
    os.chmod(partial, 0o600)
    os.replace(partial, database)

"""Backup copies of the practice log: at the first opening of a day, after a practice
completes, when the app closes with something changed, and before each migration.

Copies are made with SQLite's online backup API into a temporary file that is renamed into
place, so a copy is either whole or absent. Each copy is readable by the user only, and records
inside itself (table `calm_backup`) when it was taken and its sequence number: one more than
any backup before it. The file name is only for people to read.

Keeping: the newest `KEEP_RECENT` by sequence (the order they were really made in, whatever the
clock said) are never deleted; of the older ones, the newest of each day (by the time recorded
inside) is kept for the last `KEEP_DAYS` days. A backup dated in the future (a clock set
ahead) does not count as recent, so it can never push out the real, newer ones.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

log = logging.getLogger(__name__)

PREFIX = "backup-"
LEGACY_PREFIX = "daily-"  # one a day, named by the day: written by earlier versions
KEEP_RECENT = 10
KEEP_DAYS = 7
META = "calm_backup"


@dataclass(frozen=True)
class Backup:
    """One backup file and what it records about itself."""

    path: Path
    sequence: int  # the order it was made in; 0 for an earlier version's daily copy
    taken: datetime | None  # when it was taken (None: it cannot be read)

    @property
    def readable(self) -> bool:
        return self.taken is not None

    def when(self) -> str:
        """'2026-04-02 17:05' (or the day alone for an earlier version's daily copy)."""
        if self.taken is None:
            return self.path.stem
        if self.sequence == 0:
            return self.taken.date().isoformat()
        return self.taken.strftime("%Y-%m-%d %H:%M")


def copy_database(
    conn: sqlite3.Connection,
    target: Path,
    sequence: int | None = None,
    taken: datetime | None = None,
) -> Path:
    """Write a consistent copy of the open database to `target` (atomically) and return it;
    with `sequence` and `taken`, the copy records them inside itself."""
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = target.with_name(target.name + ".partial")
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.close(fd)
        copy = sqlite3.connect(partial)
        try:
            conn.backup(copy)
            if sequence is not None and taken is not None:
                with copy:
                    copy.execute(f"DROP TABLE IF EXISTS {META}")
                    copy.execute(f"CREATE TABLE {META} (sequence INTEGER, taken TEXT)")
                    copy.execute(f"INSERT INTO {META} VALUES (?, ?)", (sequence, taken.isoformat()))
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


def list_backups(folder: Path) -> list[Backup]:
    """Every backup in `folder`, newest first (by sequence, then by the time inside)."""
    if not folder.is_dir():
        return []
    found = [read_backup(p) for p in folder.glob("*.sqlite3") if p.is_file() and _ours(p)]
    return sorted(found, key=_newest_first)


def _ours(path: Path) -> bool:
    return path.name.startswith((PREFIX, LEGACY_PREFIX))


def _newest_first(backup: Backup) -> tuple:
    stamp = backup.taken.timestamp() if backup.taken else float("-inf")
    return (-backup.sequence, -stamp, backup.path.name)


def read_backup(path: Path) -> Backup:
    """What a backup file records about itself; an unreadable one has `taken` None."""
    if path.name.startswith(LEGACY_PREFIX):
        try:
            day = date.fromisoformat(path.stem.removeprefix(LEGACY_PREFIX))
        except ValueError:
            return Backup(path, 0, None)
        return Backup(path, 0, datetime(day.year, day.month, day.day).astimezone())
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute(f"SELECT sequence, taken FROM {META}").fetchone()
        finally:
            conn.close()
        return Backup(path, int(row[0]), datetime.fromisoformat(row[1]))
    except (sqlite3.Error, TypeError, ValueError) as error:
        log.warning("backup %s cannot be read: %s", path, error)
        return Backup(path, -1, None)


def sound(backup: Backup) -> bool:
    """True when the backup passes SQLite's full integrity check."""
    if not backup.readable:
        return False
    try:
        conn = sqlite3.connect(f"{backup.path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        finally:
            conn.close()
    except sqlite3.Error as error:
        log.warning("backup %s is damaged: %s", backup.path, error)
        return False


def taken_on(folder: Path, day: date) -> bool:
    """True when a backup was taken on `day` (by the time recorded inside it)."""
    return any(b.taken is not None and b.taken.date() == day for b in list_backups(folder))


def make_backup(conn: sqlite3.Connection, folder: Path, now: datetime) -> Path:
    """A new backup of the open database, recorded as taken `now`; then prune the folder."""
    existing = list_backups(folder)
    sequence = max((b.sequence for b in existing), default=0) + 1
    name = f"{PREFIX}{now.strftime('%Y-%m-%dT%H-%M-%S')}-{sequence:06d}.sqlite3"
    made = copy_database(conn, folder / name, sequence, now)
    prune(folder, now)
    return made


def prune(folder: Path, now: datetime) -> list[Path]:
    """Delete the backups no longer kept (see the module docstring); returns them."""
    newest = list_backups(folder)
    readable = [b for b in newest if b.readable]
    keep = {b.path for b in readable[:KEEP_RECENT]}
    days: set[date] = set()
    horizon = now.date() + timedelta(days=1)  # later than that: a clock set ahead
    dated = [(b, b.taken) for b in readable[KEEP_RECENT:] if b.taken is not None]
    for backup, taken in sorted(dated, key=lambda pair: pair[1], reverse=True):
        day = taken.date()
        if day > horizon or day in days or len(days) >= KEEP_DAYS:
            continue
        days.add(day)
        keep.add(backup.path)
    # A backup that cannot be read goes too, unless there is nothing better.
    gone = [b.path for b in newest if b.path not in keep and (b.readable or readable)]
    for path in gone:
        path.unlink(missing_ok=True)
    return gone


def migration_backup(conn: sqlite3.Connection, folder: Path, old: int, new: int) -> Path:
    """A copy taken just before moving the file from format `old` to `new`."""
    stamp = datetime.now().strftime("%Y-%m-%dT%H-%M-%S")
    return copy_database(conn, folder / f"before-format-{new}-from-{old}-{stamp}.sqlite3")


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
    """Put a backup copy in place of the (already moved) database, without its backup record."""
    partial = database.with_name(database.name + ".restoring")
    shutil.copyfile(backup, partial)
    os.chmod(partial, 0o600)
    conn = sqlite3.connect(partial)
    try:
        with conn:
            conn.execute(f"DROP TABLE IF EXISTS {META}")
    finally:
        conn.close()
    os.replace(partial, database)

"""What a test can compare before and after to show that nothing was written: every file
under a folder (size and modification time) and the whole database's content."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def files_under(folder: Path) -> dict[str, tuple[int, int]]:
    """Each file's (size, mtime_ns) by its path below `folder`. SQLite's shared-memory index
    (-shm) is left out: readers touch it without writing anything."""
    return {
        str(path.relative_to(folder)): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.endswith("-shm")
    }


def database_content(path: Path) -> list[str]:
    """The database as SQL statements, read through a read-only connection of its own."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def footprint(folder: Path, database: Path) -> tuple[dict[str, tuple[int, int]], list[str]]:
    """Files under `folder` and the database's content, to compare before and after."""
    return files_under(folder), database_content(database)

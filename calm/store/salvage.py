"""Reading what can still be read from a damaged practice log that was moved aside.

The damaged file is never changed: it is copied (with its WAL) to a temporary folder first. A
copy whose first 100 bytes (SQLite's header) are wrecked gets a standard header again. Then the
clients, runs and ratings are read table by table and row by row in key order; where SQLite
meets a damaged page, reading starts again a little further on (further each time it fails),
so one bad page costs the rows on it, not the rest of the file.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from calm.errors import StoreError

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
PAGE_SIZE = 4096  # what the app's logs use (SQLite's default)
LOWEST = -(2**63)
GIVE_UP_AFTER = 40  # failed resumptions in one table

CLIENTS = ("id", "uuid", "display_name", "created", "archived")
RUNS = ("id", "uuid", "client_id", "practice_id", "title", "script_hash", "variant",
        "planned_ms", "started", "ended", "status", "practised_ms", "progress", "note")  # fmt: skip
RATINGS = ("run_id", "measure", "moment", "value", "rated")


@dataclass
class Salvaged:
    """The rows read from each table (as dicts of column to value), and how often reading
    had to skip a damaged part."""

    clients: list[dict] = field(default_factory=list)
    runs: list[dict] = field(default_factory=list)
    ratings: list[dict] = field(default_factory=list)
    skipped: int = 0
    repaired_header: bool = False


def read_damaged(path: Path) -> Salvaged:
    """Every client, run and rating that can be read from the file at `path` (unchanged).
    StoreError with a sentence when the file cannot be read at all."""
    path = Path(path)
    if not path.is_file():
        raise StoreError(f"There is no file {path} to salvage.")
    with tempfile.TemporaryDirectory(prefix="calm-salvage-") as folder:
        copy = Path(folder) / "damaged.sqlite3"
        try:
            shutil.copyfile(path, copy)
            for side in ("-wal",):
                if path.with_name(path.name + side).is_file():
                    shutil.copyfile(path.with_name(path.name + side), Path(f"{copy}{side}"))
        except OSError as error:
            raise StoreError(f"{path} cannot be read ({error.strerror or error}).") from error
        wal = Path(f"{copy}-wal").is_file()
        found = Salvaged(repaired_header=_repair_header(copy, wal))
        try:
            conn = sqlite3.connect(copy)
        except sqlite3.Error as error:
            raise _unreadable(path, error) from error
        try:
            for table, columns, keys, into in (
                ("clients", CLIENTS, ("id",), found.clients),
                ("runs", RUNS, ("id",), found.runs),
                ("ratings", RATINGS, ("run_id", "measure", "moment"), found.ratings),
            ):
                found.skipped += _read_table(conn, table, columns, keys, into)
        finally:
            conn.close()
    if not (found.clients or found.runs or found.ratings):
        raise StoreError(
            f"Nothing could be read from {path}: it is too damaged, or it is not a Calm Harbor "
            "practice log."
        )
    return found


def _read_table(
    conn: sqlite3.Connection, table: str, columns: tuple, keys: tuple, into: list[dict]
) -> int:
    """Append the readable rows of `table` to `into`; returns how many damaged parts were
    skipped. The first key column is an integer, the others text."""
    marks = ", ".join("?" * len(keys))
    sql = (
        f"SELECT {', '.join(columns)} FROM {table} WHERE ({', '.join(keys)}) > ({marks}) "
        f"ORDER BY {', '.join(keys)}"
    )
    index = [columns.index(key) for key in keys]
    after: tuple = (LOWEST, *[""] * (len(keys) - 1))
    step, failures = 1, 0
    while failures < GIVE_UP_AFTER:
        try:
            for row in conn.execute(sql, after):
                into.append(dict(zip(columns, row, strict=True)))
                after = tuple(row[i] for i in index)
                step = 1
            return failures
        except (sqlite3.DatabaseError, OverflowError) as error:
            failures += 1
            log.info("salvage: %s unreadable after %r: %s", table, after, error)
            first = after[0] if isinstance(after[0], int) else LOWEST
            after = (max(first, 0) + step if first >= 0 else 0, *[""] * (len(keys) - 1))
            step *= 2
    return failures


def _repair_header(copy: Path, wal: bool) -> bool:
    """Give a copy whose header is wrecked a standard one (in WAL mode when a WAL came with
    it, so its pages are read too); True if it was needed."""
    with open(copy, "r+b") as handle:
        head = handle.read(100)
        if head[:16] == SQLITE_HEADER or len(head) < 100:
            return False
        size = copy.stat().st_size
        header = bytearray(100)
        header[0:16] = SQLITE_HEADER
        header[16:18] = PAGE_SIZE.to_bytes(2, "big")
        journal = 2 if wal else 1
        header[18:24] = bytes([journal, journal, 0, 64, 32, 32])  # no reserved bytes
        header[24:28] = (1).to_bytes(4, "big")  # change counter
        header[28:32] = (size // PAGE_SIZE).to_bytes(4, "big")  # pages
        header[40:44] = (1).to_bytes(4, "big")  # schema cookie
        header[44:48] = (4).to_bytes(4, "big")  # schema format
        header[56:60] = (1).to_bytes(4, "big")  # UTF-8
        header[92:96] = (1).to_bytes(4, "big")  # valid for change counter 1
        header[96:100] = (3_045_000).to_bytes(4, "big")
        handle.seek(0)
        handle.write(bytes(header))
    return True


def _unreadable(path: Path, error: sqlite3.Error) -> StoreError:
    return StoreError(f"Nothing could be read from {path} ({error}).")

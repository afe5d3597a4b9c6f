"""CSV export of practice runs, following RFC 4180: a header row, CRLF line ends, quoting.

One row per run, with every rating: a number 0-10, "skipped" when the person was asked and
chose not to answer, or an empty cell when it was never asked (say, a stopped run's after
ratings). Times are ISO 8601 with the offset. Cells of text that a spreadsheet would run as a
formula (starting with = + - @) get a leading apostrophe; the importer takes it off again.
The file is written beside its target and renamed into place, so it is whole or absent.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from calm.errors import ExportError
from calm.store import Store

COLUMNS = (
    "client",
    "client_id",
    "run_id",
    "practice_id",
    "practice_title",
    "length",
    "planned_min",
    "started",
    "ended",
    "status",
    "practised_min",
    "progress_pct",
    "pain_before",
    "pain_after",
    "stress_before",
    "stress_after",
    "note",
)
SKIPPED = "skipped"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PROGRESS_EVERY = 2000

Progress = Callable[[int, int], None]

# Every cell is formatted by SQLite, so the rows go straight from the cursor to the csv
# module's C writer: the whole clinic's 110,000 runs take about a second.
_RATING = (
    "CASE WHEN {t}.run_id IS NULL THEN '' WHEN {t}.value IS NULL THEN 'skipped' "
    "ELSE CAST({t}.value AS TEXT) END"
)
_JOIN = "LEFT JOIN ratings {t} ON {t}.run_id = r.id AND {t}.measure = '{m}' AND {t}.moment = '{w}'"
_PAIRS = (("pb", "pain", "before"), ("pa", "pain", "after"))
_PAIRS += (("sb", "stress", "before"), ("sa", "stress", "after"))
_SAFE = (
    "CASE WHEN substr({c}, 1, 1) IN ('=', '+', '-', '@', char(9), char(13)) "
    "THEN char(39) || {c} ELSE {c} END"
)
_MINUTES = "printf('%g', round({c} / 60000.0, 1))"
QUERY = (
    f"SELECT {_SAFE.format(c='c.display_name')}, c.uuid, r.uuid, r.practice_id, "
    f"{_SAFE.format(c='r.title')}, {_SAFE.format(c='r.variant')}, "
    f"{_MINUTES.format(c='r.planned_ms')}, r.started, ifnull(r.ended, ''), r.status, "
    f"{_MINUTES.format(c='r.practised_ms')}, CAST(round(r.progress * 100) AS INTEGER), "
    + ", ".join(_RATING.format(t=t) for t, _, _ in _PAIRS)
    + f", {_SAFE.format(c='r.note')} FROM runs r JOIN clients c ON c.id = r.client_id "
    + " ".join(_JOIN.format(t=t, m=m, w=w) for t, m, w in _PAIRS)
)


def csv_rows(
    store: Store, client_ids: Sequence[str] | None = None, chunk: int = PROGRESS_EVERY
) -> Iterator[list[tuple]]:
    """The data rows (no header) in chunks, by client name then start time, from a reader."""
    with store.reader() as conn:
        where, params = "", ()
        if client_ids is not None:
            marks = ",".join("?" * len(client_ids))
            where, params = f" WHERE c.uuid IN ({marks})", tuple(client_ids)
        order = " ORDER BY c.display_name COLLATE NOCASE, c.id, r.started_ms, r.id"
        cursor = conn.execute(QUERY + where + order, params)
        while rows := cursor.fetchmany(chunk):
            yield rows


def write_csv(
    store: Store,
    out: TextIO,
    client_ids: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the header and one row per run to `out` (opened with newline=''); returns rows."""
    total = _count(store, client_ids) if progress else 0
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    written = 0
    for rows in csv_rows(store, client_ids):
        writer.writerows(rows)
        written += len(rows)
        if progress:
            progress(written, total)
    if progress and not written:
        progress(written, total)
    return written


def export_csv(
    store: Store,
    path: Path,
    client_ids: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the CSV file at `path` (whole or not at all); returns the number of runs."""
    with atomic_text_file(path) as out:
        return write_csv(store, out, client_ids, progress)


@contextmanager
def atomic_text_file(path: Path) -> Iterator[TextIO]:
    """A UTF-8 text file that appears at `path` only once it is completely written."""
    path = Path(path)
    partial = path.with_name(f".{path.name}.partial")
    try:
        # Readable by the user only: an export holds health records.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(descriptor, "w", encoding="utf-8", newline="") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    except OSError as error:
        raise ExportError(
            f"The export could not be written to {path} ({error.strerror or error}). "
            "Choose another place (with free space that you may write to) and try again."
        ) from error
    finally:
        if partial.exists():
            partial.unlink()


def _count(store: Store, client_ids: Sequence[str] | None) -> int:
    with store.reader() as conn:
        if client_ids is None:
            return conn.execute("SELECT count(*) FROM runs").fetchone()[0]
        marks = ",".join("?" * len(client_ids))
        return conn.execute(
            "SELECT count(*) FROM runs r JOIN clients c ON c.id = r.client_id "
            f"WHERE c.uuid IN ({marks})",
            tuple(client_ids),
        ).fetchone()[0]

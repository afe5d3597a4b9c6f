"""CSV export of practice runs, following RFC 4180: a header row, CRLF line ends, quoting.

One row per run, with every rating: a number 0-10, "skipped" when the person was asked and
chose not to answer, or an empty cell when it was never asked (say, a stopped run's after
ratings). Times are ISO 8601 with the offset. `despite_screening` is "yes" for a practice the
safety screening did not advise for the client and that was started by their choice; `energy`
is the pacing check-in's energy rating. After the runs come each client's goals, goal ratings
and impressions of change, a row each, told apart by `record` (calm/store/export_rows.py). Cells of
text that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
return) get a leading apostrophe, in every column; the importer takes it off again.
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
from calm.store.export_rows import (
    COLUMNS,
    EARLIER_COLUMNS,
    FORMULA_START,
    GOAL,
    GOAL_RATING,
    IMPRESSION,
    OLDER_COLUMNS,
    PRACTICE,
    SKIPPED,
    count_measures,
    count_runs,
    export_rows,
)

__all__ = [
    "COLUMNS",
    "EARLIER_COLUMNS",
    "FORMULA_START",
    "GOAL",
    "GOAL_RATING",
    "IMPRESSION",
    "OLDER_COLUMNS",
    "PRACTICE",
    "SKIPPED",
    "atomic_text_file",
    "count_measures",
    "export_csv",
    "write_csv",
]

PROGRESS_EVERY = 2000

Progress = Callable[[int, int], None]


def write_csv(
    store: Store,
    out: TextIO,
    client_ids: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the header, one row per run and a row per goal, goal rating and impression of
    change to `out` (opened with newline=''); returns the number of runs."""
    total = count_runs(store, client_ids) + count_measures(store, client_ids) if progress else 0
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    written = practices = 0
    record = COLUMNS.index("record")
    for rows in export_rows(store, client_ids, PROGRESS_EVERY):
        writer.writerows(rows)
        written += len(rows)
        practices += sum(1 for row in rows if row[record] == PRACTICE)
        if progress:
            progress(written, total)
    if progress and not written:
        progress(written, total)
    return practices


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
    if not path.name:
        raise ExportError(
            "Please name the file to export to, such as log.csv (or '-' to print it here)."
        )
    if path.is_dir():
        raise ExportError(
            f"{path} is a folder; please name a file in it, such as {path / 'log.csv'}."
        )
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

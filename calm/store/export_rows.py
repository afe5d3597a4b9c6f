"""The rows of the CSV export, read straight from SQLite: one per run, every cell formatted.

Every cell is formatted by SQLite, so the rows go from the cursor to the csv module's C
writer untouched: the whole clinic's 110,000 runs take about a second (bench/bench_store.py).
A rating is a number 0-10, "skipped" when the person chose not to answer, or empty when it was
never asked. Text a spreadsheet would run as a formula gets a leading apostrophe.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from calm.store.store import Store

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
    "despite_screening",  # "yes": not advised for this client, started by their choice
)
OLDER_COLUMNS = COLUMNS[:-1]  # files written before the last column was added
SKIPPED = "skipped"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_RATING = (
    "CASE WHEN {t}.run_id IS NULL THEN '' WHEN {t}.value IS NULL THEN '" + SKIPPED + "' "
    "ELSE CAST({t}.value AS TEXT) END"
)
_JOIN = "LEFT JOIN ratings {t} ON {t}.run_id = r.id AND {t}.measure = '{m}' AND {t}.moment = '{w}'"
_PAIRS = (
    ("pb", "pain", "before"),
    ("pa", "pain", "after"),
    ("sb", "stress", "before"),
    ("sa", "stress", "after"),
)
_STARTS = ", ".join(f"char({ord(c)})" for c in FORMULA_START)
_SAFE = "CASE WHEN substr({c}, 1, 1) IN (" + _STARTS + ") THEN char(39) || {c} ELSE {c} END"
_MINUTES = "printf('%g', round({c} / 60000.0, 1))"
# Every text cell is made safe, not only the free-text ones: an imported file can put a
# formula in any of them (a practice id of =HYPERLINK(...) was exported raw once).
_TEXT = ("c.display_name", "c.uuid", "r.uuid", "r.practice_id", "r.title", "r.variant")
QUERY = (
    "SELECT "
    + ", ".join(_SAFE.format(c=column) for column in _TEXT)
    + f", {_MINUTES.format(c='r.planned_ms')}, {_SAFE.format(c='r.started')}, "
    + _SAFE.format(c="ifnull(r.ended, '')")
    + f", {_SAFE.format(c='r.status')}, "
    f"{_MINUTES.format(c='r.practised_ms')}, CAST(round(r.progress * 100) AS INTEGER), "
    + ", ".join(_RATING.format(t=t) for t, _, _ in _PAIRS)
    + f", {_SAFE.format(c='r.note')}, CASE WHEN r.despite_screening THEN 'yes' ELSE '' END "
    + "FROM runs r JOIN clients c ON c.id = r.client_id "
    + " ".join(_JOIN.format(t=t, m=m, w=w) for t, m, w in _PAIRS)
)


def export_rows(
    store: Store, client_ids: Sequence[str] | None, chunk: int
) -> Iterator[list[tuple]]:
    """The rows of COLUMNS (no header) in chunks, by client name then start time."""
    where, params = _only(client_ids)
    order = " ORDER BY c.display_name COLLATE NOCASE, c.id, r.started_ms, r.id"
    with store.reader() as conn:
        cursor = conn.execute(QUERY + where + order, params)
        while rows := cursor.fetchmany(chunk):
            yield rows


def count_runs(store: Store, client_ids: Sequence[str] | None = None) -> int:
    """How many rows export_rows gives (all runs, or those of some clients)."""
    where, params = _only(client_ids)
    with store.reader() as conn:
        query = "SELECT count(*) FROM runs r"
        if client_ids is not None:
            query += " JOIN clients c ON c.id = r.client_id" + where
        return conn.execute(query, params).fetchone()[0]


def _only(client_ids: Sequence[str] | None) -> tuple[str, tuple[str, ...]]:
    if client_ids is None:
        return "", ()
    marks = ",".join("?" * len(client_ids))
    return f" WHERE c.uuid IN ({marks})", tuple(client_ids)

"""The rows of the CSV export, read straight from SQLite, every cell formatted: one per run,
then each client's goals, goal ratings and impressions of change (PGIC), one a row.

Every cell is formatted by SQLite, so the rows go from the cursor to the csv module's C
writer untouched: the whole clinic's 110,000 runs take about a second (bench/bench_store.py).
A rating is a number 0-10, "skipped" when the person chose not to answer, or empty when it was
never asked. Text a spreadsheet would run as a formula gets a leading apostrophe.

The `record` column says what a row is: "practice" (a run, with its energy rating when the
pacing check-in asked), "goal" (the client's words, `recorded` when set, `goal_set_aside` "yes"
once set aside), "goal rating" (0-10, with the goal's id and words) or "impression of change"
(PGIC, 1-7). A row's cells of the other kinds are empty.
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
    "energy",  # the pacing check-in's energy rating, 0-10
    "record",  # practice, goal, goal rating, impression of change
    "goal_id",
    "goal",
    "goal_set_aside",
    "goal_rating",
    "impression_id",
    "impression_of_change",
    "recorded",  # when a goal was set, or a goal or the change was rated
)
# A practice row's own cells, and the cells of the other records (empty on a practice row).
RUN_CELLS = COLUMNS[COLUMNS.index("run_id") : COLUMNS.index("energy") + 1]
MEASURE_CELLS = COLUMNS[COLUMNS.index("goal_id") :]
OLDER_COLUMNS = COLUMNS[:17]  # files written before despite_screening was added
EARLIER_COLUMNS = COLUMNS[:18]  # and before the programme's measures were
PRACTICE, GOAL, GOAL_RATING, IMPRESSION = "practice", "goal", "goal rating", "impression of change"
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
    + f", {_SAFE.format(c='r.note')}, CASE WHEN r.despite_screening THEN 'yes' ELSE '' END, "
    + "ifnull(CAST(r.energy AS TEXT), ''), "
    + f"'{PRACTICE}', "
    + ", ".join("''" for _ in MEASURE_CELLS)
    + " FROM runs r JOIN clients c ON c.id = r.client_id "
    + " ".join(_JOIN.format(t=t, m=m, w=w) for t, m, w in _PAIRS)
)


_BLANK_RUN = ", ".join("''" for _ in RUN_CELLS)
_CLIENT_CELLS = f"{_SAFE.format(c='c.display_name')}, {_SAFE.format(c='c.uuid')}, {_BLANK_RUN}"
# Each select ends with its sort keys: the client, then goals each followed by its ratings,
# then the impressions of change, each by time.
MEASURES_QUERY = (
    f"SELECT {_CLIENT_CELLS}, '{GOAL}', {_SAFE.format(c='g.uuid')}, {_SAFE.format(c='g.text')}, "
    "CASE WHEN g.archived THEN 'yes' ELSE '' END, '', '', '', "
    f"{_SAFE.format(c='g.created')}, c.display_name, c.id, 0, g.id, 0, 0 "
    "FROM goals g JOIN clients c ON c.id = g.client_id{where} "
    f"UNION ALL SELECT {_CLIENT_CELLS}, '{GOAL_RATING}', {_SAFE.format(c='g.uuid')}, "
    f"{_SAFE.format(c='g.text')}, '', CAST(gr.value AS TEXT), '', '', "
    f"{_SAFE.format(c='gr.rated')}, c.display_name, c.id, 0, g.id, 1, gr.rated_ms "
    "FROM goal_ratings gr JOIN goals g ON g.id = gr.goal_id "
    "JOIN clients c ON c.id = g.client_id{where} "
    f"UNION ALL SELECT {_CLIENT_CELLS}, '{IMPRESSION}', '', '', '', '', "
    f"{_SAFE.format(c='ci.uuid')}, CAST(ci.value AS TEXT), {_SAFE.format(c='ci.rated')}, "
    "c.display_name, c.id, 1, ci.id, 0, ci.rated_ms "
    "FROM change_impressions ci JOIN clients c ON c.id = ci.client_id{where} "
    f"ORDER BY {len(COLUMNS) + 1} COLLATE NOCASE, {len(COLUMNS) + 2}, {len(COLUMNS) + 3}, "
    f"{len(COLUMNS) + 4}, {len(COLUMNS) + 5}, {len(COLUMNS) + 6}"
)


def export_rows(
    store: Store, client_ids: Sequence[str] | None, chunk: int
) -> Iterator[list[tuple]]:
    """The rows of COLUMNS (no header) in chunks: every run by client name then start time,
    then every client's goals, goal ratings and impressions of change."""
    where, params = _only(client_ids)
    order = " ORDER BY c.display_name COLLATE NOCASE, c.id, r.started_ms, r.id"
    keys = len(COLUMNS)
    with store.reader() as conn:
        cursor = conn.execute(QUERY + where + order, params)
        while rows := cursor.fetchmany(chunk):
            yield rows
        cursor = conn.execute(MEASURES_QUERY.format(where=where), params * 3)
        while rows := cursor.fetchmany(chunk):
            yield [row[:keys] for row in rows]


def count_runs(store: Store, client_ids: Sequence[str] | None = None) -> int:
    """How many practice rows export_rows gives (all runs, or those of some clients)."""
    where, params = _only(client_ids)
    with store.reader() as conn:
        query = "SELECT count(*) FROM runs r"
        if client_ids is not None:
            query += " JOIN clients c ON c.id = r.client_id" + where
        return conn.execute(query, params).fetchone()[0]


def count_measures(store: Store, client_ids: Sequence[str] | None = None) -> int:
    """How many rows of goals, goal ratings and impressions of change export_rows gives."""
    where, params = _only(client_ids)
    join = " JOIN clients c ON c.id = {t}.client_id" + where if client_ids is not None else ""
    with store.reader() as conn:
        return conn.execute(
            "SELECT (SELECT count(*) FROM goals g" + join.format(t="g") + ") + "
            "(SELECT count(*) FROM goal_ratings gr JOIN goals g ON g.id = gr.goal_id"
            + join.format(t="g")
            + ") + "
            "(SELECT count(*) FROM change_impressions ci" + join.format(t="ci") + ")",
            params * 3,
        ).fetchone()[0]


def _only(client_ids: Sequence[str] | None) -> tuple[str, tuple[str, ...]]:
    if client_ids is None:
        return "", ()
    marks = ",".join("?" * len(client_ids))
    return f" WHERE c.uuid IN ({marks})", tuple(client_ids)

"""The database layout and its numbered migrations.

The version lives in `PRAGMA user_version`. Each step moves the file up one version inside a
transaction (SQLite's DDL is transactional, so a failed step leaves the old version intact);
before any step runs on an existing file a backup copy is made. A file from a newer version of
the app is refused untouched.

Times: `*_ms` columns are integer milliseconds; `started`, `ended`, `created`, `rated` are ISO
8601 text with the local offset, and `started_ms` (milliseconds since 1970 UTC) sorts runs
correctly even when the offset changes (summer time, travel).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from calm.errors import NewerDatabaseError


@dataclass(frozen=True)
class Migration:
    """One step: the version it produces, what it does, and the SQL that does it."""

    version: int
    description: str
    sql: str
    # A step that rebuilds a table others refer to runs with foreign keys off (else dropping
    # the old table would cascade), and checks them all before it commits.
    rebuilds: bool = False


V1 = """
CREATE TABLE clients (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    created      TEXT NOT NULL,
    archived     INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    note         TEXT NOT NULL DEFAULT '',
    demo         INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1))
);
CREATE UNIQUE INDEX clients_by_name ON clients (display_name COLLATE NOCASE);

CREATE TABLE runs (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT NOT NULL UNIQUE,
    client_id    INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    practice_id  TEXT NOT NULL,
    title        TEXT NOT NULL,
    script_hash  TEXT NOT NULL DEFAULT '',
    variant      TEXT NOT NULL DEFAULT '',
    planned_ms   INTEGER NOT NULL CHECK (planned_ms >= 0),
    started      TEXT NOT NULL,
    started_ms   INTEGER NOT NULL,
    ended        TEXT,
    status       TEXT NOT NULL
                 CHECK (status IN ('running', 'completed', 'stopped', 'abandoned')),
    practised_ms INTEGER NOT NULL DEFAULT 0 CHECK (practised_ms >= 0),
    progress     REAL NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
    note         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX runs_by_client ON runs (client_id, started_ms);
CREATE INDEX runs_by_start ON runs (started_ms);
CREATE INDEX runs_still_running ON runs (status) WHERE status = 'running';

CREATE TABLE ratings (
    run_id  INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    measure TEXT NOT NULL CHECK (measure IN ('pain', 'stress')),
    moment  TEXT NOT NULL CHECK (moment IN ('before', 'after')),
    value   INTEGER CHECK (value IS NULL OR (value BETWEEN 0 AND 10 AND typeof(value) = 'integer')),
    rated   TEXT NOT NULL,
    PRIMARY KEY (run_id, measure, moment)
) WITHOUT ROWID;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE breathing_patterns (
    name        TEXT PRIMARY KEY COLLATE NOCASE,
    inhale_ms   INTEGER NOT NULL CHECK (inhale_ms BETWEEN 1000 AND 20000),
    hold_in_ms  INTEGER NOT NULL CHECK (hold_in_ms BETWEEN 0 AND 20000),
    exhale_ms   INTEGER NOT NULL CHECK (exhale_ms BETWEEN 1000 AND 20000),
    hold_out_ms INTEGER NOT NULL CHECK (hold_out_ms BETWEEN 0 AND 20000)
);
"""

PROGRAMME = """
CREATE TABLE programmes (
    client_id INTEGER PRIMARY KEY REFERENCES clients (id) ON DELETE CASCADE,
    note      TEXT NOT NULL DEFAULT '',
    updated   TEXT NOT NULL
);
CREATE TABLE programme_items (
    client_id   INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    practice_id TEXT NOT NULL,
    length      TEXT NOT NULL,
    per_day     INTEGER CHECK (per_day IS NULL OR per_day BETWEEN 1 AND 6),
    days_a_week INTEGER CHECK (days_a_week IS NULL OR days_a_week BETWEEN 1 AND 7),
    start       TEXT,
    until       TEXT,
    instruction TEXT NOT NULL DEFAULT '',
    pattern     TEXT,
    PRIMARY KEY (client_id, practice_id),
    CHECK ((per_day IS NULL) <> (days_a_week IS NULL))
) WITHOUT ROWID;
CREATE TABLE goals (
    id        INTEGER PRIMARY KEY,
    uuid      TEXT NOT NULL UNIQUE,
    client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    text      TEXT NOT NULL,
    created   TEXT NOT NULL,
    archived  INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1))
);
CREATE INDEX goals_by_client ON goals (client_id);
CREATE TABLE goal_ratings (
    goal_id  INTEGER NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    rated    TEXT NOT NULL,
    rated_ms INTEGER NOT NULL,
    value    INTEGER NOT NULL CHECK (value BETWEEN 0 AND 10 AND typeof(value) = 'integer'),
    PRIMARY KEY (goal_id, rated_ms)
) WITHOUT ROWID;
CREATE TABLE change_impressions (
    id        INTEGER PRIMARY KEY,
    uuid      TEXT NOT NULL UNIQUE,
    client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    value     INTEGER NOT NULL CHECK (value BETWEEN 1 AND 7 AND typeof(value) = 'integer'),
    rated     TEXT NOT NULL,
    rated_ms  INTEGER NOT NULL
);
CREATE INDEX impressions_by_client ON change_impressions (client_id, rated_ms);
CREATE TABLE client_notes (
    id         INTEGER PRIMARY KEY,
    uuid       TEXT NOT NULL UNIQUE,
    client_id  INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    written    TEXT NOT NULL,
    written_ms INTEGER NOT NULL,
    text       TEXT NOT NULL,
    in_report  INTEGER NOT NULL DEFAULT 1 CHECK (in_report IN (0, 1))
);
CREATE INDEX notes_by_client ON client_notes (client_id, written_ms);
INSERT INTO client_notes (uuid, client_id, written, written_ms, text)
    SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' ||
                 substr(hex(randomblob(2)), 2) || '-a' || substr(hex(randomblob(2)), 2) || '-' ||
                 hex(randomblob(6))),
           id, created, CAST(strftime('%s', created) AS INTEGER) * 1000, note
    FROM clients WHERE trim(note) <> '';
ALTER TABLE runs ADD COLUMN energy INTEGER
    CHECK (energy IS NULL OR (energy BETWEEN 0 AND 10 AND typeof(energy) = 'integer'))
"""

# A run that reached its end with less than most of it heard is "skipped" (skipped through);
# SQLite cannot change a CHECK in place, so the runs table is rebuilt with the new status. (The
# table is spelled out again on purpose: a migration is a record of one step, never shared.)
SKIPPED_STATUS = """
CREATE TABLE runs_v3 (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT NOT NULL UNIQUE,
    client_id    INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    practice_id  TEXT NOT NULL,
    title        TEXT NOT NULL,
    script_hash  TEXT NOT NULL DEFAULT '',
    variant      TEXT NOT NULL DEFAULT '',
    planned_ms   INTEGER NOT NULL CHECK (planned_ms >= 0),
    started      TEXT NOT NULL,
    started_ms   INTEGER NOT NULL,
    ended        TEXT,
    status       TEXT NOT NULL
                 CHECK (status IN ('running', 'completed', 'skipped', 'stopped', 'abandoned')),
    practised_ms INTEGER NOT NULL DEFAULT 0 CHECK (practised_ms >= 0),
    progress     REAL NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
    note         TEXT NOT NULL DEFAULT '',
    energy       INTEGER
                 CHECK (energy IS NULL OR (energy BETWEEN 0 AND 10 AND typeof(energy) = 'integer'))
);
INSERT INTO runs_v3 (id, uuid, client_id, practice_id, title, script_hash, variant, planned_ms,
                     started, started_ms, ended, status, practised_ms, progress, note, energy)
    SELECT id, uuid, client_id, practice_id, title, script_hash, variant, planned_ms,
           started, started_ms, ended, status, practised_ms, progress, note, energy FROM runs;
DROP TABLE runs;
ALTER TABLE runs_v3 RENAME TO runs;
CREATE INDEX runs_by_client ON runs (client_id, started_ms);
CREATE INDEX runs_by_start ON runs (started_ms);
CREATE INDEX runs_still_running ON runs (status) WHERE status = 'running'
"""

# Each client's own profile (what the laptop-wide settings table held for everyone before
# format 4), a clinic record number per client, and the therapist's passphrase. The keys that
# move are listed here, frozen as they were at format 4: every existing client gets a copy of
# them (they had applied to everyone, so a "yes" safety answer keeps protecting each client),
# and the laptop-wide copies go.
PROFILE_KEYS_V4 = (
    "screening.done",
    "screening.answers",
    "favourites",
    "last.practice",
    "pattern.choice",
    "ambience.choice",
    "text.scale",
)
_V4_KEYS = ", ".join(f"'{key}'" for key in PROFILE_KEYS_V4)
V4 = f"""
CREATE TABLE client_settings (
    client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    key       TEXT NOT NULL,
    value     TEXT NOT NULL,
    PRIMARY KEY (client_id, key)
) WITHOUT ROWID;

INSERT INTO client_settings (client_id, key, value)
    SELECT c.id, s.key, s.value FROM clients c JOIN settings s ON s.key IN ({_V4_KEYS});

DELETE FROM settings WHERE key IN ({_V4_KEYS});

ALTER TABLE clients ADD COLUMN record_number TEXT NOT NULL DEFAULT '';

CREATE TABLE therapist_lock (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    salt          BLOB NOT NULL,
    hash          BLOB NOT NULL,
    n             INTEGER NOT NULL,
    r             INTEGER NOT NULL,
    p             INTEGER NOT NULL,
    failures      INTEGER NOT NULL DEFAULT 0,
    wait_until_ms INTEGER NOT NULL DEFAULT 0
)
"""

# A run dated before the client's latest run already logged (the computer's clock was set
# back) is kept but flagged, so it never becomes the baseline of the outcome figures. Runs
# logged before this step are not flagged after the fact: an import of older history would
# look just like a clock set back.
V5_CLOCK = """
ALTER TABLE runs ADD COLUMN clock_set_back INTEGER NOT NULL DEFAULT 0
    CHECK (clock_set_back IN (0, 1))
"""

# A practice the safety screening did not advise, started all the same by a deliberate choice
# ("Start anyway", --despite-screening): the choice is kept with the run.
V6_DESPITE = """
ALTER TABLE runs ADD COLUMN despite_screening INTEGER NOT NULL DEFAULT 0
    CHECK (despite_screening IN (0, 1))
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "clients, runs, ratings, settings, breathing patterns", V1),
    Migration(2, "home programme, goals, impressions of change, dated notes, energy", PROGRAMME),
    Migration(3, "a run may be skipped through", SKIPPED_STATUS, rebuilds=True),
    Migration(4, "a profile per client, clinic record numbers, the therapist's passphrase", V4),
    Migration(5, "runs: flag a run dated before one already logged (clock set back)", V5_CLOCK),
    Migration(6, "runs: started despite the screening's advice", V6_DESPITE),
)


def current_version(steps: Sequence[Migration] = MIGRATIONS) -> int:
    """The version this copy of the app writes."""
    return steps[-1].version if steps else 0


def file_version(conn: sqlite3.Connection) -> int:
    """The version recorded in the open file (0 for a brand-new one)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def check_not_newer(found: int, steps: Sequence[Migration] = MIGRATIONS) -> None:
    """Refuse a file written by a newer version of the app, leaving it untouched."""
    known = current_version(steps)
    if found > known:
        raise NewerDatabaseError(
            f"Your practice log was written by a newer version of Calm Harbor (format {found}; "
            f"this version reads up to format {known}). Install the newer version to open it. "
            "Nothing in it has been changed."
        )


def migrate(
    conn: sqlite3.Connection,
    backup: Callable[[int, int], Path | None],
    steps: Sequence[Migration] = MIGRATIONS,
) -> int:
    """Bring the file up to date; `backup(old, new)` is called first when the file holds data.

    Returns the version the file started at. The connection must be in autocommit mode.
    """
    found = file_version(conn)
    check_not_newer(found, steps)
    target = current_version(steps)
    if found == target:
        return found
    if found > 0:
        backup(found, target)
    for step in steps:
        if step.version <= found:
            continue
        keys_on = step.rebuilds and conn.execute("PRAGMA foreign_keys").fetchone()[0]
        if keys_on:
            conn.execute("PRAGMA foreign_keys = OFF")  # a no-op inside a transaction
        try:
            _apply(conn, step)
        finally:
            if keys_on:
                conn.execute("PRAGMA foreign_keys = ON")
    return found


def _apply(conn: sqlite3.Connection, step: Migration) -> None:
    """One step in one transaction: all of it, or (on any error) none of it."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for statement in _statements(step.sql):
            conn.execute(statement)
        if step.rebuilds and conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
            raise sqlite3.IntegrityError(f"format {step.version}: a reference was broken")
        conn.execute(f"PRAGMA user_version = {int(step.version)}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _statements(script: str) -> list[str]:
    """Split a migration into statements (ours never hold a ';' inside a string)."""
    return [part.strip() for part in script.split(";") if part.strip()]

"""The file format: its version, migrations with a backup first, and refusal of newer files."""

from __future__ import annotations

import sqlite3

import pytest

from calm.errors import NewerDatabaseError, StoreError
from calm.store import open_store
from calm.store.schema import MIGRATIONS, Migration, current_version

NOW = current_version()
NEXT = NOW + 1  # a step a later version of the app might add
V_NEXT = Migration(NEXT, "a place for a mood rating", "ALTER TABLE runs ADD COLUMN mood INTEGER")
BROKEN = Migration(NEXT, "a step that fails half-way", "CREATE TABLE extra (x); SELECT nope FROM x")


def _version(path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA user_version").fetchone()[0]


def test_a_new_file_is_at_the_current_version(paths):
    """A fresh install must write the format this version reads."""
    open_store(paths).close()
    assert _version(paths.database) == current_version() == MIGRATIONS[-1].version


def test_migrating_takes_a_backup_first_and_keeps_the_data(paths):
    """An update must never risk the log: a copy of the old file is made before it changes."""
    with open_store(paths) as store:
        run = store.start_run(store.default_client().id, "grounding", "Grounding")
        store.set_rating(run.id, "pain", "before", 4)
    with open_store(paths, migrations=(*MIGRATIONS, V_NEXT)) as store:
        assert store.run(run.id).value("pain", "before") == 4
        assert store.notices == []
    assert _version(paths.database) == NEXT
    copies = list(paths.backups.glob(f"before-format-{NEXT}-from-{NOW}-*.sqlite3"))
    assert len(copies) == 1
    assert _version(copies[0]) == NOW
    with sqlite3.connect(copies[0]) as old:
        assert old.execute("SELECT count(*) FROM ratings").fetchone()[0] == 1
        columns = [row[1] for row in old.execute("PRAGMA table_info(runs)")]
        assert "mood" not in columns
    with sqlite3.connect(paths.database) as new:
        assert "mood" in [row[1] for row in new.execute("PRAGMA table_info(runs)")]


def test_a_failed_migration_leaves_the_file_as_it_was(paths):
    """A step that fails must not leave a half-updated log behind."""
    open_store(paths).close()
    with pytest.raises(StoreError):
        open_store(paths, migrations=(*MIGRATIONS, BROKEN))
    assert _version(paths.database) == NOW
    with sqlite3.connect(paths.database) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert "extra" not in tables
    open_store(paths).close()  # and the folder is not left locked


def test_a_file_from_a_newer_version_is_refused_untouched(paths):
    """Opening with an older app must not damage a newer log; the person is told to update."""
    open_store(paths).close()
    with sqlite3.connect(paths.database) as conn:
        conn.execute("PRAGMA user_version = 99")
    before = paths.database.read_bytes()
    with pytest.raises(NewerDatabaseError, match="newer version of Calm Harbor"):
        open_store(paths)
    with pytest.raises(NewerDatabaseError):
        open_store(paths, read_only=True)
    assert paths.database.read_bytes() == before
    newer_app = (*MIGRATIONS, *(Migration(v, "", "") for v in range(2, 100)))
    open_store(paths, migrations=newer_app).close()  # the newer app still opens it

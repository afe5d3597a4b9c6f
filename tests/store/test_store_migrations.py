"""The file format: its version, migrations with a backup first, and refusal of newer files."""

from __future__ import annotations

import sqlite3
from datetime import datetime

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
    newer_app = (*MIGRATIONS, *(Migration(v, "", "") for v in range(NOW + 1, 100)))
    open_store(paths, migrations=newer_app).close()  # the newer app still opens it


def test_a_format_2_log_keeps_every_run_and_rating_and_takes_skipped_through(paths):
    """Rebuilding the runs table for the new status must not lose a run or its ratings (a
    drop with foreign keys on would delete them), and a run can then be skipped through."""
    from calm.store.schema import PROGRAMME, V1

    paths.ensure()
    with sqlite3.connect(paths.database) as conn:
        conn.executescript(V1 + ";" + PROGRAMME)
        conn.execute(
            "INSERT INTO clients (uuid, display_name, created) "
            "VALUES ('c1', 'Anna', '2026-10-01T09:00:00+01:00')"
        )
        conn.execute(
            "INSERT INTO runs (uuid, client_id, practice_id, title, planned_ms, started, "
            "started_ms, status, practised_ms, progress, energy) VALUES ('r1', 1, 'grounding', "
            "'Grounding', 300000, '2026-10-02T09:00:00+01:00', 1790000000000, 'completed', "
            "300000, 1.0, 6)"
        )
        conn.execute(
            "INSERT INTO ratings (run_id, measure, moment, value, rated) "
            "VALUES (1, 'pain', 'before', 5, '2026-10-02T09:00:00+01:00')"
        )
        conn.execute("PRAGMA user_version = 2")
    with open_store(paths) as store:
        old = store.run("r1")
        assert (old.status, old.value("pain", "before")) == ("completed", 5)
        run = store.start_run("c1", "grounding", "Grounding", planned_ms=120_000)
        store.finish_run(run.id, "skipped", 9_000, 1.0)
        assert store.run(run.id).status == "skipped"
    assert _version(paths.database) >= 3
    with sqlite3.connect(paths.database) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("SELECT energy FROM runs WHERE uuid = 'r1'").fetchone() == (6,)
        indexes = {row[1] for row in conn.execute("PRAGMA index_list(runs)")}
    assert {"runs_by_client", "runs_by_start", "runs_still_running"} <= indexes


def test_format_1_answers_and_favourites_become_every_clients_own(paths):
    """After the update, no client loses the protection the laptop-wide answers gave them,
    and the laptop keeps its theme; the old file is backed up first."""
    paths.data.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(paths.database) as conn:
        conn.executescript(MIGRATIONS[0].sql)
        conn.execute("PRAGMA user_version = 1")
        for n, name in enumerate(("Me", "Anna", "Bernd"), start=1):
            conn.execute(
                "INSERT INTO clients (uuid, display_name, created) VALUES (?, ?, ?)",
                (f"00000000-0000-4000-8000-00000000000{n}", name, "2026-01-01T09:00:00+01:00"),
            )
        conn.executemany(
            "INSERT INTO settings (key, value) VALUES (?, ?)",
            [
                ("screening.answers", '{"heart-lung": true}'),
                ("screening.done", "true"),
                ("favourites", '["body-scan"]'),
                ("theme", '"dark"'),
                ("store.default_client", '"00000000-0000-4000-8000-000000000001"'),
            ],
        )
    with open_store(paths) as store:
        for client in store.list_clients():
            profile = store.client_profile(client.id)
            assert profile["screening.answers"] == {"heart-lung": True}, client.name
            assert profile["favourites"] == ["body-scan"]
            assert client.record_number == ""
        assert store.get_setting("theme") == "dark"
        assert store.get_setting("screening.answers") is None
        assert store.default_client().name == "Me"
    assert list(paths.backups.glob(f"before-format-{NOW}-from-1-*.sqlite3"))


def test_a_format_1_log_gains_the_clock_flag_with_its_runs_unflagged(paths):
    """Updating the app must keep every old run, none of them suddenly marked as misdated."""
    open_store(paths, migrations=MIGRATIONS[:1]).close()
    with sqlite3.connect(paths.database) as conn:  # two runs logged out of order by format 1
        for uuid, day in (("later", 9), ("earlier", 2)):
            started = datetime(2026, 3, day, 9, 0).astimezone()
            conn.execute(
                "INSERT INTO runs (uuid, client_id, practice_id, title, planned_ms, started, "
                "started_ms, status) VALUES (?, 1, 'grounding', 'Grounding', 0, ?, ?, 'stopped')",
                (uuid, started.isoformat(), int(started.timestamp() * 1000)),
            )
    assert _version(paths.database) == 1
    with open_store(paths) as store:
        assert not store.run("later").clock_set_back
        assert not store.run("earlier").clock_set_back  # not flagged after the fact
        me = store.default_client().id
        again = store.start_run(me, "grounding", "Grounding", started=datetime(2026, 3, 5, 9))
        assert again.clock_set_back

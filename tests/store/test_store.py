"""The practice log on a real SQLite file: clients, runs, ratings, settings, patterns, the lock."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from calm.errors import DataInUseError, StoreError
from calm.practice.patterns import BreathPattern
from calm.store import open_store
from calm.store.recorder import RunRecorder

ROOT = Path(__file__).resolve().parents[2]
ZONE = timezone(timedelta(hours=2))


class Clock:
    """A wall clock that moves only when told (the store's `now`)."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=ZONE)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def store(paths):
    opened = open_store(paths)
    yield opened
    opened.close()


def test_first_start_creates_one_default_client(paths):
    """A home user must be able to practise at once, without ever creating a 'client'."""
    with open_store(paths) as store:
        clients = store.list_clients()
        assert [c.name for c in clients] == ["Me"]
        assert store.default_client() == clients[0]
        assert store.notices == []
    with open_store(paths) as again:
        assert again.list_clients() == clients


def test_database_file_is_private_and_in_wal_mode(store, paths):
    """Someone else on the computer must not be able to read the pain diary."""
    files = [p for p in paths.data.iterdir() if p.is_file()]
    assert {p.name for p in files} >= {"calm-harbor.sqlite3", "calm-harbor.sqlite3-wal"}
    for file in files:  # the database, its WAL and shared-memory files, the lock
        assert stat.S_IMODE(os.stat(file).st_mode) == 0o600, file.name
    with store.reader() as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    for backup in paths.backups.iterdir():
        assert stat.S_IMODE(os.stat(backup).st_mode) == 0o600


def test_clients_can_be_added_renamed_archived_and_noted(store):
    """A therapist's client list must keep names apart and keep archived records."""
    anna = store.add_client("  Anna   K. ")
    assert anna.name == "Anna K."
    with pytest.raises(StoreError, match="already someone called"):
        store.add_client("anna k.")
    ben = store.add_client("Ben")
    with pytest.raises(StoreError, match="already someone called"):
        store.rename_client(ben.id, "ANNA K.")
    assert store.rename_client(ben.id, "Ben R.").name == "Ben R."
    store.set_client_note(anna.id, "Low back; prefers body scan.")
    store.archive_client(anna.id)
    assert [c.name for c in store.list_clients()] == ["Ben R.", "Me"]
    everyone = store.list_clients(include_archived=True)
    assert [c.name for c in everyone] == ["Anna K.", "Ben R.", "Me"]
    assert store.client_by_name("anna k.").note == "Low back; prefers body scan."
    assert store.client_by_name(ben.id).name == "Ben R."
    with pytest.raises(StoreError, match="no client called 'Zed'"):
        store.client_by_name("Zed")
    with pytest.raises(StoreError, match="give a name"):
        store.add_client("   ")


def test_default_client_can_be_changed(store):
    """The clinic laptop should start with the client chosen last, not always 'Me'."""
    anna = store.add_client("Anna")
    store.set_default_client(anna.id)
    assert store.default_client().id == anna.id


def test_a_run_is_logged_from_start_to_finish_with_ratings(paths):
    """The summary and progress screens must show exactly what was practised and rated."""
    clock = Clock()
    with open_store(paths, now=clock) as store:
        me = store.default_client()
        recorder = RunRecorder(store, me.id)
        run_id = recorder.begin("slow-breathing", "Slow Breathing", "abc123", "10", 600_000)
        recorder.rate(run_id, "pain", "before", 6)
        recorder.rate(run_id, "stress", "before", None)
        running = store.run(run_id)
        assert running.status == "running" and running.ended is None
        clock.now += timedelta(minutes=5)
        assert recorder.heartbeat(run_id, 300_000, 0.5)
        clock.now += timedelta(minutes=5)
        done = recorder.finish(run_id, "completed", 600_000, 1.0)
        assert not recorder.heartbeat(run_id, 1, 0.1)  # closed runs stay closed
        recorder.rate(run_id, "pain", "after", 4)
        recorder.rate(run_id, "pain", "after", 3)  # a second answer replaces the first
        recorder.note(run_id, "Calmer, shoulders looser.")
        run = recorder.run(run_id)
    assert done.status == "completed"
    assert run.started == datetime(2026, 3, 2, 9, 0, tzinfo=ZONE)
    assert run.ended == datetime(2026, 3, 2, 9, 10, tzinfo=ZONE)
    assert (run.practised_ms, run.progress, run.variant) == (600_000, 1.0, "10")
    assert run.value("pain", "before") == 6 and run.value("pain", "after") == 3
    assert run.rating("stress", "before").value is None  # asked, skipped
    assert run.rating("stress", "after") is None  # never asked
    assert run.note == "Calmer, shoulders looser."
    with open_store(paths) as again, pytest.raises(StoreError, match="already closed"):
        again.finish_run(run_id, "stopped", 1, 0.1)


def test_bad_values_are_refused_before_anything_is_written(store):
    """A made-up or out-of-range rating must never reach the log."""
    run = store.start_run(store.default_client().id, "grounding", "Grounding", planned_ms=180_000)
    for bad in (11, -1, 2.5, True, "6"):
        with pytest.raises(ValueError):
            store.set_rating(run.id, "pain", "before", bad)
    with pytest.raises(ValueError):
        store.set_rating(run.id, "mood", "before", 3)
    with pytest.raises(ValueError):
        store.heartbeat(run.id, 1000, 1.5)
    with pytest.raises(ValueError):
        store.finish_run(run.id, "running", 0, 0.0)
    with pytest.raises(StoreError):
        store.set_rating("no-such-run", "pain", "before", 3)
    assert store.run(run.id).ratings == ()


def test_runs_are_listed_per_client_in_time_order(paths):
    """One client's progress must never show another client's practice."""
    clock = Clock()
    with open_store(paths, now=clock) as store:
        anna, ben = store.add_client("Anna"), store.add_client("Ben")
        later = store.start_run(anna.id, "body-scan", "Body Scan", started=clock.now)
        earlier = store.start_run(
            anna.id, "grounding", "Grounding", started=clock.now - timedelta(days=1)
        )
        bens = store.start_run(ben.id, "pmr-full", "PMR")
        assert [r.id for r in store.runs_for_client(anna.id)] == [earlier.id, later.id]
        assert [r.id for r in store.runs_for_client(ben.id)] == [bens.id]
        since = store.runs_for_client(anna.id, since=clock.now - timedelta(hours=1))
        assert [r.id for r in since] == [later.id]
        assert store.last_run(anna.id).id == later.id
        assert store.last_run(store.default_client().id) is None
        assert store.count_runs() == 3 and store.count_runs(anna.id) == 2
        assert len(store.all_runs()) == 3


def test_a_practice_dated_before_one_already_logged_is_kept_and_flagged(paths):
    """A clock set back must not rewrite the history: the run is kept, marked as misdated."""
    clock = Clock()
    with open_store(paths, now=clock) as store:
        anna, ben = store.add_client("Anna"), store.add_client("Ben")
        first = store.start_run(anna.id, "body-scan", "Body Scan")
        clock.now -= timedelta(days=365)  # the computer's clock goes back a year
        misdated = store.start_run(anna.id, "grounding", "Grounding")
        bens = store.start_run(ben.id, "grounding", "Grounding")  # Ben's own log is in order
        clock.now += timedelta(days=365, hours=1)
        after = store.start_run(anna.id, "body-scan", "Body Scan")
    with open_store(paths) as store:
        runs = store.runs_for_client(anna.id)
        assert [(r.id, r.clock_set_back) for r in runs] == [
            (misdated.id, True),
            (first.id, False),
            (after.id, False),
        ]
        assert not store.run(bens.id).clock_set_back


def test_settings_and_patterns_are_kept(paths):
    """Preferences and a person's own breathing patterns must survive a restart."""
    with open_store(paths) as store:
        store.set_setting("voice.volume", 0.8)
        store.set_setting("screening", {"pregnancy": False, "dizziness": True})
        with pytest.raises(ValueError):
            store.set_setting("bad", object())
        store.save_pattern(BreathPattern(4000, 0, 6000, 0, name="Evening"))
        store.save_pattern(BreathPattern(4000, 4000, 4000, 4000, name="Square"))
        store.save_pattern(BreathPattern(5000, 0, 5000, 0, name="evening"))  # replaces
        with pytest.raises(StoreError, match="cannot be saved"):
            store.save_pattern(BreathPattern(500, 0, 6000, 0, name="Too quick"))
        with pytest.raises(StoreError, match="name"):
            store.save_pattern(BreathPattern(4000, 0, 6000, 0))
    with open_store(paths) as store:
        assert store.get_setting("voice.volume") == 0.8
        assert store.get_setting("missing", "default") == "default"
        assert store.settings()["screening"] == {"pregnancy": False, "dizziness": True}
        patterns = store.patterns()
        assert [(p.name, p.as_tuple()) for p in patterns] == [
            ("Evening", (5000, 0, 5000, 0)),
            ("Square", (4000, 4000, 4000, 4000)),
        ]
        assert store.delete_pattern("square") and not store.delete_pattern("square")


def test_a_second_copy_is_told_the_data_is_in_use(paths):
    """Two windows on one log must not both write; the second gets a plain sentence."""
    first = open_store(paths)
    try:
        with pytest.raises(DataInUseError, match="already open"):
            open_store(paths)
        script = textwrap.dedent(
            """
            import sys
            from calm.errors import DataInUseError
            from calm.paths import AppPaths
            from calm.store import open_store
            try:
                open_store(AppPaths.from_environment())
            except DataInUseError as error:
                print(error)
                sys.exit(3)
            """
        )
        other = subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60
        )
        assert other.returncode == 3, other.stderr
        assert "already open" in other.stdout
    finally:
        first.close()
    open_store(paths).close()  # free again once the first copy closed


def test_a_reader_can_look_while_the_window_writes(paths):
    """`stats` in a terminal must work while the window is open, and see the latest rating."""
    with open_store(paths) as window:
        run = window.start_run(window.default_client().id, "grounding", "Grounding")
        window.set_rating(run.id, "pain", "before", 5)
        with open_store(paths, read_only=True) as reader:
            assert reader.read_only
            assert reader.run(run.id).value("pain", "before") == 5
            with pytest.raises(StoreError, match="only read"):
                reader.add_client("Someone")
        window.set_rating(run.id, "pain", "after", 3)
    with open_store(paths, read_only=True) as reader:  # nobody else: upkeep done, then read
        assert reader.run(run.id).status == "abandoned"
        assert reader.run(run.id).value("pain", "after") == 3
    open_store(paths).close()  # the reader did not keep the folder locked


def test_rows_cannot_break_the_rules_even_through_sql(store):
    """The file itself refuses an out-of-range rating, whatever code writes it."""
    run = store.start_run(store.default_client().id, "grounding", "Grounding")
    with pytest.raises(StoreError), store.transaction() as conn:
        conn.execute(
            "INSERT INTO ratings (run_id, measure, moment, value, rated) "
            "VALUES ((SELECT id FROM runs WHERE uuid = ?), 'pain', 'before', 11, 'x')",
            (run.id,),
        )
    with sqlite3.connect(store.path) as raw:
        assert raw.execute("SELECT count(*) FROM ratings").fetchone()[0] == 0

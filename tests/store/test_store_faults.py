"""What survives which fault: a killed process, a damaged file, a read-only folder, a full disk."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import appdirs
import pytest

from calm.errors import StoreError
from calm.exchange.demo_data import make_demo_data
from calm.store import open_store
from calm.store.backups import KEEP_DAYS, KEEP_RECENT
from tests.support.faults import truncate_half, wreck, wreck_header

ROOT = Path(__file__).resolve().parents[2]
ZONE = timezone(timedelta(hours=1))


def at_day(day: int):
    """A `now` for the store fixed at 10:00 on 2026-04-<day>."""
    moment = datetime(2026, 4, day, 10, 0, tzinfo=ZONE)
    return lambda: moment


def test_a_killed_practice_keeps_its_ratings_and_time(paths):
    """After a crash or power cut, the before-ratings and the time practised are still there."""
    child = textwrap.dedent(
        """
        import time
        from calm.paths import AppPaths
        from calm.store.recorder import RunRecorder
        from calm.store import open_store
        store = open_store(AppPaths.from_environment())
        recorder = RunRecorder(store, store.default_client().id)
        run_id = recorder.begin("body-scan", "Body Scan", "hash1", "10", 600_000)
        recorder.rate(run_id, "pain", "before", 7)
        recorder.rate(run_id, "stress", "before", None)
        print("run", run_id, flush=True)
        practised = 0
        while True:
            practised += 1500
            recorder.heartbeat(run_id, practised, practised / 600_000)
            print("saved", practised, flush=True)
            time.sleep(0.02)
        """
    )
    process = subprocess.Popen(
        [sys.executable, "-c", child], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        run_id = process.stdout.readline().split()[1]
        saved = 0
        while saved < 6 * 1500:
            saved = int(process.stdout.readline().split()[1])
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.kill()
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    with open_store(paths) as store:
        run = store.run(run_id)
    assert run.status == "abandoned"
    assert run.practised_ms >= saved and run.progress == pytest.approx(run.practised_ms / 600_000)
    assert run.value("pain", "before") == 7
    assert run.rating("stress", "before") is not None and run.value("stress", "before") is None
    assert run.rating("pain", "after") is None


def _damage_truncate(path: Path) -> None:
    truncate_half(path)


def _damage_header(path: Path) -> None:
    wreck_header(path)


def _damage_pages(path: Path) -> None:
    wreck(path, 4096 * 2, 4096 * 3)


def _damage_table(path: Path, table: str) -> None:
    """Scramble the pages where a table starts (wherever migrations left it in the file)."""
    with sqlite3.connect(path) as conn:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,))
        page = root.fetchone()[0]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    wreck(path, size * (page - 1), size * 3)


def _damage_empty(path: Path) -> None:
    path.write_bytes(b"")


@pytest.mark.parametrize(
    "damage",
    [_damage_truncate, _damage_header, _damage_pages, _damage_empty],
    ids=lambda damage: damage.__name__.removeprefix("_damage_"),
)
def test_a_damaged_file_is_moved_aside_and_the_latest_backup_restored(paths, damage):
    """A damaged log must not stop the app: the person is told, and yesterday's log returns."""
    with open_store(paths, now=at_day(1)) as store:
        me = store.default_client().id
        first = store.start_run(me, "grounding", "Grounding", started=at_day(1)())
        store.set_rating(first.id, "pain", "before", 6)
        for n in range(40):  # enough rows for several pages
            store.add_client(f"Client {n} " + "x" * 60)
    with open_store(paths, now=at_day(2)) as store:  # today's backup holds the first run
        second = store.start_run(me, "body-scan", "Body Scan", started=at_day(2)())
    damage(paths.database)
    with open_store(paths, now=at_day(3)) as store:
        assert len(store.notices) == 1
        notice = store.notices[0]
        assert store.run(first.id).value("pain", "before") == 6
        assert store.run(second.id).status == "abandoned"  # in the backup taken at closing
        store.start_run(me, "grounding", "Grounding")  # and it works again
    assert "damaged" in notice and "The backup from 2026-04-02 10:00 was restored" in notice
    aside = Path(notice.split("moved to ")[1].split(". ")[0])
    assert aside.exists() and aside.parent == paths.data and aside != paths.database


def test_a_large_log_is_checked_fully_once_a_day_and_after_damage_is_met(paths, monkeypatch):
    """A big clinic log opens quickly, yet damage found while working is repaired on restart."""
    monkeypatch.setattr("calm.store.opening.FULL_CHECK_BELOW", 0)  # treat this log as large
    with open_store(paths, now=at_day(1)) as store:
        made = make_demo_data(store, clients=2, days=60, seed=9, today=date(2026, 4, 1))
    with open_store(paths, now=at_day(1)) as store:  # same day: header and size only
        assert store.count_runs() == made.runs > 200
    _damage_table(paths.database, "runs")
    with open_store(paths, now=at_day(1)) as store:
        assert store.notices == []  # not seen at opening ...
        with pytest.raises(StoreError, match="damaged. Close Calm Harbor and open it again"):
            store.all_runs()  # ... but met while working
    with open_store(paths, now=at_day(1)) as store:
        assert "was restored" in store.notices[0]
        # The backup taken when the demo data's copy closed: nothing of the day is lost.
        assert store.count_runs() == made.runs
    _damage_truncate(paths.database)
    with open_store(paths, now=at_day(1)) as store:  # shorter than its header says
        assert "was restored" in store.notices[0]


def test_damage_without_any_backup_starts_a_new_log_and_says_so(paths):
    """With no backup, the person still gets a working app and knows where the old file is."""
    with open_store(paths) as store:
        store.add_client("Anna")
    shutil.rmtree(paths.backups)
    _damage_header(paths.database)
    with open_store(paths) as store:
        assert "no backup could be restored" in store.notices[0]
        assert [c.name for c in store.list_clients()] == ["Me"]


def test_backups_are_pruned_keeping_the_newest_and_one_a_day(paths):
    """Backups must not fill the disk, and the newest ones must always be there."""
    for day in range(1, 21):
        open_store(paths, now=at_day(day)).close()
    names = sorted(p.name for p in paths.backups.iterdir())
    assert len(names) == KEEP_RECENT + KEEP_DAYS
    assert names[0].startswith("backup-2026-04-04T10-00-00")
    assert names[-1].startswith("backup-2026-04-20T10-00-00")


def test_a_full_disk_gives_a_clear_error_and_no_partial_run(paths):
    """With the disk full, nothing half-written appears, and earlier answers are kept."""
    with open_store(paths) as store:
        me = store.default_client().id
        kept = store.start_run(me, "grounding", "Grounding")
        store.set_rating(kept.id, "pain", "before", 5)
        conn = store._db.conn  # the injected fault: SQLite may not grow the file any more
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
        for size in (5000, 500, 0):  # fill every last byte the file may still hold
            with pytest.raises(StoreError, match="disk .* is full"):
                for n in range(10_000):
                    store.add_client(f"Filler {size} {n}", note="n" * size)
        started = 1
        with pytest.raises(StoreError, match="is full"):
            for _ in range(10_000):
                store.start_run(me, "body-scan", "Body Scan", script_hash="h" * 200)
                started += 1
        with pytest.raises(StoreError, match="is full"):
            store.set_run_note(kept.id, "z" * 20_000)
        assert store.count_runs() == started  # the run that did not fit left no trace
        conn.execute("PRAGMA max_page_count = 1073741823")  # space freed
        store.start_run(me, "body-scan", "Body Scan")
    with open_store(paths) as store:
        assert store.run(kept.id).value("pain", "before") == 5
        assert store.run(kept.id).note == ""
        assert store.count_runs() == started + 1
        with store.reader() as raw:
            assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


READ_ONLY_CHILD = """
import json, os, sys
from calm.errors import CalmError
from calm.paths import AppPaths
from calm.store import open_store
home = sys.argv[1]
results = {}
paths = AppPaths.from_environment({"CALM_HOME": os.path.join(home, "log")})
store = open_store(paths)
store.close()
os.chmod(paths.database, 0o400)
try:
    open_store(paths).close()
    results["file"] = None
except CalmError as error:
    results["file"] = str(error)
os.chmod(paths.database, 0o600)
os.chmod(paths.data, 0o555)
try:
    open_store(paths).close()
    results["folder"] = None
except CalmError as error:
    results["folder"] = str(error)
os.chmod(paths.data, 0o755)
os.chmod(home, 0o555)
try:
    open_store(AppPaths.from_environment({"CALM_HOME": os.path.join(home, "new")})).close()
    results["new"] = None
except CalmError as error:
    results["new"] = str(error)
os.chmod(home, 0o755)
print(json.dumps(results))
"""


def test_a_read_only_folder_gives_a_sentence_not_a_traceback(calm_home):
    """A locked-down folder must say what is wrong and what to do, and change nothing."""
    home = Path(tempfile.mkdtemp(prefix="calm-ro-"))
    python, preexec, code = sys.executable, None, None
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    if os.geteuid() == 0:  # root may write anywhere: run the check as an ordinary user
        python = _interpreter_for_anyone()
        if python is None:
            pytest.skip("no Python interpreter that an unprivileged user may run")
        # The checkout (and its .venv) may sit in a folder only root can enter, as a fresh
        # CI clone does: give the ordinary user its own readable copy of what the child needs.
        code = Path(tempfile.mkdtemp(prefix="calm-ro-code-"))
        code.chmod(0o755)
        shutil.copytree(ROOT / "calm", code / "calm")
        shutil.copy(appdirs.__file__, code / "appdirs.py")
        for path in code.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)
        env["PYTHONPATH"] = str(code)
        os.chown(home, 65534, 65534)

        def preexec():
            os.setgid(65534)
            os.setuid(65534)

    try:
        done = subprocess.run(
            [python, "-c", READ_ONLY_CHILD, str(home)],
            cwd=home.parent,
            capture_output=True,
            text=True,
            timeout=120,
            preexec_fn=preexec,
            env=env,
        )
    finally:
        shutil.rmtree(home, ignore_errors=True)
        if code is not None:
            shutil.rmtree(code, ignore_errors=True)
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    assert "read-only" in results["file"]
    assert "cannot write" in results["folder"] or "read-only" in results["folder"]
    assert "cannot create its data folder" in results["new"]
    assert "Traceback" not in done.stderr


def _anyone_can_read(path: str) -> bool:
    """True when every folder on the way is open to other users."""
    target = Path(path).resolve()
    for part in [target, *target.parents]:
        if not os.stat(part).st_mode & 0o005:
            return False
    return True


def _interpreter_for_anyone() -> str | None:
    """This Python if an unprivileged user may run it, else a system one of the same version."""
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (sys.executable, f"/usr/bin/{version}", f"/usr/local/bin/{version}"):
        if os.path.exists(candidate) and _anyone_can_read(candidate):
            return candidate
    return None

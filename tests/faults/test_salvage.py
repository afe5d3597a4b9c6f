"""`calm-harbor salvage FILE` brings back what a damaged, set-aside log still holds."""

from __future__ import annotations

import random
import re
import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from calm.exchange.demo_data import make_demo_data
from calm.store import open_store
from calm.store.recorder import RunRecorder
from tests.support.faults import wreck, wreck_header

ZONE = timezone(timedelta(hours=1))


def at(day: int, hour: int = 10):
    moment = datetime(2026, 4, day, hour, tzinfo=ZONE)
    return lambda: moment


def crash_after_practices(paths, damage) -> tuple[Path, list[str]]:
    """A day of demo history backed up at closing; the next day two practices (not completed,
    so no backup after them), then the app dies and `damage` hits the log. Returns where the
    next opening moved the damaged file, and the two practices' ids."""
    with open_store(paths, now=at(1)) as store:
        make_demo_data(store, clients=3, days=20, seed=5, today=date(2026, 4, 1))
    store = open_store(paths, now=at(2))
    recorder = RunRecorder(store, store.default_client().id)
    lost = []
    for pain in (6, 4):
        run_id = recorder.begin("grounding", "Grounding", "h", "5", 300_000)
        recorder.rate(run_id, "pain", "before", pain)
        recorder.finish(run_id, "stopped", 60_000, 0.2)
        lost.append(run_id)
    store._lock.release()  # the process dies here: its WAL stays beside the log
    damage(paths.database)
    with open_store(paths, now=at(2, 11)) as reopened:
        notice = reopened.notices[0]
        for run_id in lost:
            assert not [r for r in reopened.all_runs() if r.id == run_id]
    store._db.conn.close()
    aside = Path(notice.split("moved to ")[1].split(". ")[0])
    assert notice.endswith(f"To bring back what can still be read from the damaged file, run: "
                           f"calm-harbor salvage {aside}")  # fmt: skip
    return aside, lost


def wreck_pages(path: Path) -> None:
    """Noise over two pages of the runs table, past its first rows."""
    with sqlite3.connect(path) as conn:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'runs'").fetchone()
    conn.close()
    size = path.stat().st_size
    wreck(path, min(root[0] * 4096 + 4096 * 3, size - 4096 * 2), 4096 * 2)


def test_salvage_brings_back_the_practices_the_backup_missed(calm, paths):
    """The two practices after the last backup come back; nothing is added twice."""
    aside, lost = crash_after_practices(paths, wreck_header)
    with open_store(paths) as store:
        runs_here = store.count_runs()
    done = calm("salvage", str(aside))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(
        (
            f"Read 4 clients, {runs_here + 2:,} practices and {{}} ratings from {aside.name}. "
            f"Added 0 clients, 2 practices and 2 ratings ({runs_here:,} practices already here)."
        ).format(re.search(r"and ([\d,]+) ratings from", done.stdout).group(1))
    )
    with open_store(paths) as store:
        back = [store.run(run_id) for run_id in lost]
    assert [r.value("pain", "before") for r in back] == [6, 4]
    assert {r.status for r in back} == {"stopped"}
    again = calm("salvage", str(aside))
    assert "Added 0 clients, 0 practices and 0 ratings" in again.stdout


def test_salvage_skips_damaged_pages_and_says_so(calm, paths):
    """Pages of noise in the middle cost their own rows, not the rest of the file."""
    aside, _lost = crash_after_practices(paths, wreck_pages)
    done = calm("salvage", str(aside))
    assert done.returncode == 0, done.stderr
    assert re.fullmatch(
        rf"Read [\d,]+ clients?, [\d,]+ practices and [\d,]+ ratings from {re.escape(aside.name)} "
        r"\(some of it was too damaged to read(; [\d,]+ rows? left out)?\)\. Added \d+ clients?, "
        r"[\d,]+ practices? and [\d,]+ ratings?( \([\d,]+ practices? already here\))?\..*\n",
        done.stdout,
    ), done.stdout


def test_salvage_of_a_file_that_holds_nothing_is_a_sentence(calm, tmp_path):
    """Noise, or a file that is no log at all, gives a sentence, not a traceback."""
    noise = tmp_path / "noise.sqlite3"
    noise.write_bytes(random.Random(4).randbytes(4096 * 4))
    done = calm("salvage", str(noise))
    assert done.returncode == 1
    assert done.stderr == (
        f"calm-harbor: Nothing could be read from {noise}: it is too damaged, or it is not a "
        "Calm Harbor practice log.\n"
    )
    missing = calm("salvage", str(tmp_path / "gone.sqlite3"))
    assert (
        missing.stderr == f"calm-harbor: There is no file {tmp_path / 'gone.sqlite3'} to salvage.\n"
    )

"""Backups that keep the day's work: taken after each completed practice and at closing, the
newest sound one restored, and pruned by the time recorded inside them."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from calm.store import open_store
from calm.store.backups import list_backups
from calm.store.recorder import RunRecorder
from tests.support.faults import truncate_half, wreck

ZONE = timezone(timedelta(hours=1))


def at(day: int, hour: int, minute: int = 0, year: int = 2026):
    """A `now` for the store fixed at that time of April."""
    moment = datetime(year, 4, day, hour, minute, tzinfo=ZONE)
    return lambda: moment


def damage_pages(path: Path) -> None:
    wreck(path, 4096, 4096 * 2, seed=3)


def restored(notice: str) -> str:
    """The sentence's 'The backup from ... was restored' part."""
    return "The backup from " + notice.split("The backup from ")[1].split(" was restored")[0]


def practise(store, client_id: str, pain: int) -> str:
    recorder = RunRecorder(store, client_id)
    run_id = recorder.begin("grounding", "Grounding", "h", "5", 300_000)
    recorder.rate(run_id, "pain", "before", pain)
    recorder.finish(run_id, "completed", 300_000, 1.0)
    return run_id


def test_a_damaged_log_at_five_keeps_the_clinic_day(paths):
    """Truncating the log at 17:00 used to restore the 09:00 backup: the whole clinic day
    (clients, notes, practices, clinic mode) was lost. Now the closing backup holds it."""
    clock = [at(2, 9)()]
    with open_store(paths, now=lambda: clock[0]) as store:  # the day's first backup, 09:00
        store.set_setting("mode", "clinic")
        anna = store.add_client("Anna", note="Low back pain since March")
        clock[0] = at(2, 11)()
        run_id = practise(store, anna.id, pain=7)  # a backup after it, 11:00
        clock[0] = at(2, 16, 55)()
        store.set_run_note(run_id, "Felt the breath in the belly")
        clock[0] = at(2, 17)()  # closing: something changed since 11:00, so a backup
    truncate_half(paths.database)
    with open_store(paths, now=at(2, 17, 5)) as store:
        assert restored(store.notices[0]) == "The backup from 2026-04-02 17:00"
        assert store.get_setting("mode") == "clinic"
        assert store.client_by_name("Anna").note == "Low back pain since March"
        run = store.run(run_id)
        assert run.status == "completed" and run.note == "Felt the breath in the belly"
    assert [b.when() for b in list_backups(paths.backups)] == [
        "2026-04-02 17:00", "2026-04-02 11:00", "2026-04-02 09:00"
    ]  # fmt: skip


def test_a_crash_after_a_practice_keeps_it_in_a_backup(paths):
    """A practice completed just before a crash (no closing backup) is in the backup taken
    right after it."""
    store = open_store(paths, now=at(3, 9))
    store._now = at(3, 11)
    run_id = practise(store, store.default_client().id, pain=5)
    store.wait_for_backup()  # taken on a thread after the practice
    store._db.conn.close()  # the process dies: no closing, no closing backup
    store._lock.release()
    damage_pages(paths.database)
    with open_store(paths, now=at(3, 12)) as store:
        assert restored(store.notices[0]) == "The backup from 2026-04-03 11:00"
        assert store.run(run_id).value("pain", "before") == 5


def test_the_newest_backup_that_passes_the_integrity_check_is_restored(paths):
    """A damaged newest backup is passed over for the next one, not restored."""
    for hour, name in ((9, "Anna"), (12, "Bo"), (15, "Cleo")):
        with open_store(paths, now=at(4, hour)) as store:
            store.add_client(name)
    newest = list_backups(paths.backups)[0]
    assert newest.when() == "2026-04-04 15:00"
    damage_pages(newest.path)
    truncate_half(paths.database)
    with open_store(paths, now=at(4, 16)) as store:
        assert restored(store.notices[0]) == "The backup from 2026-04-04 12:00"
        assert [c.name for c in store.list_clients()] == ["Anna", "Bo", "Me"]


def test_a_clock_set_ahead_never_prunes_the_real_backups(paths):
    """Seven openings with the clock a year ahead used to leave only "future" backups, each new
    real one pruned at once. The newest are kept whatever their date says."""
    for day in range(1, 8):
        with open_store(paths, now=at(day, 10, year=2027)) as store:
            store.add_client(f"Future {day}")
    for day in range(10, 22):  # the clock put right: twelve real days of work
        with open_store(paths, now=at(day, 10)) as store:
            store.add_client(f"Real {day}")
    kept = list_backups(paths.backups)
    assert kept[0].when() == "2026-04-21 10:00"
    real = [b for b in kept if b.taken.year == 2026]
    assert len(real) >= 12  # the newest ten and one a day before them
    assert not [b for b in kept[10:] if b.taken.year == 2027]  # the future ones went first
    truncate_half(paths.database)
    with open_store(paths, now=at(21, 11)) as store:
        assert restored(store.notices[0]) == "The backup from 2026-04-21 10:00"
        assert store.client_by_name("Real 21")

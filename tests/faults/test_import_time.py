"""An import from a computer with a wrong clock, or a made-up file, is refused whole."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from calm.store import open_store
from tests.faults.files import run_row, write_csv


def test_a_practice_more_than_a_day_in_the_future_is_refused(calm, tmp_path, paths):
    """A run dated next year would sit at the top of every list for a year."""
    soon = (datetime.now(UTC) + timedelta(hours=20)).isoformat(timespec="seconds")
    later = (datetime.now(UTC) + timedelta(days=3)).replace(microsecond=0)
    rows = [run_row(1, started=soon, ended=""), run_row(2, started=later.isoformat(), ended="")]
    done = calm("import", str(write_csv(tmp_path / "ahead.csv", rows)))
    assert done.returncode == 1
    assert done.stderr == (
        f"calm-harbor: ahead.csv was not imported: line 3: it starts on {later.isoformat()}, "
        "more than a day in the future (was the clock of the computer it came from wrong?). "
        "Nothing was added.\n"
    )
    with open_store(paths) as store:
        assert store.count_runs() == 0


def test_a_practice_ending_before_it_starts_is_refused(calm, tmp_path):
    """A negative length cannot be a practice; the whole file is refused, saying where."""
    row = run_row(started="2026-04-01T10:00:00+01:00", ended="2026-04-01T09:59:00+01:00")
    done = calm("import", str(write_csv(tmp_path / "back.csv", [run_row(2), row])))
    assert done.stderr == (
        "calm-harbor: back.csv was not imported: line 3: it ends (2026-04-01T09:59:00+01:00) "
        "before it starts (2026-04-01T10:00:00+01:00). Nothing was added.\n"
    )


def test_a_fhir_rating_from_the_future_is_refused(calm, tmp_path, paths):
    """The same rule holds for the FHIR file: a rating given next month is refused."""
    with open_store(paths) as store:
        me = store.default_client().id
        run = store.start_run(me, "grounding", "Grounding")
        store.set_rating(run.id, "pain", "before", 5)
        store.finish_run(run.id, "completed", 60_000, 1.0)
    assert (
        calm("export", "--all", "--format", "fhir", "-o", str(tmp_path / "b.json")).returncode == 0
    )
    bundle = json.loads((tmp_path / "b.json").read_text())
    future = (datetime.now(UTC) + timedelta(days=40)).replace(microsecond=0)
    for entry in bundle["entry"]:
        if entry["resource"]["resourceType"] == "Observation":
            entry["resource"]["effectiveDateTime"] = future.isoformat()
    (tmp_path / "b.json").write_text(json.dumps(bundle))
    done = calm("import", str(tmp_path / "b.json"))
    assert done.stderr == (
        f"calm-harbor: b.json was not imported: entry 3 (Observation): it starts on "
        f"{future.isoformat()}, more than a day in the future (was the clock of the computer "
        "it came from wrong?). Nothing was added.\n"
    )

"""Made-up clients and history: realistic, repeatable, and never mixed into real records."""

from __future__ import annotations

import io
from datetime import date, timedelta, timezone
from statistics import mean

import pytest

from calm.errors import StoreError
from calm.exchange.csv_export import write_csv
from calm.exchange.demo_data import CATALOGUE, make_demo_data
from calm.paths import AppPaths
from calm.practice.library import load_library
from calm.reports.outcomes import weekly_outcome
from calm.store import open_store

TODAY = date(2026, 5, 31)
ZONE = timezone(timedelta(hours=2))


def test_the_catalogue_matches_the_built_in_practices():
    """Demo history must only name practices, titles and lengths the app really has."""
    library = load_library()
    for practice_id, title, category, variants in CATALOGUE:
        script = library.get(practice_id)
        assert (script.title, script.category) == (title, category)
        assert {(v.id, v.minutes) for v in script.variants} == set(variants)
    assert len(CATALOGUE) == 14


def test_history_looks_like_real_practice(paths):
    """Screenshots and demonstrations need varied practice, skipped answers and slow progress."""
    with open_store(paths) as store:
        made = make_demo_data(store, clients=6, days=120, seed=11, today=TODAY, zone=ZONE)
        clients = [c for c in store.list_clients() if c.demo]
        assert made.clients == 6 and len(clients) == 6
        assert len({c.name for c in clients}) == 6
        runs = store.all_runs()
    assert made.runs == len(runs)
    assert 6 * 120 * 1.7 < len(runs) < 6 * 120 * 2.3  # about two a day
    assert {r.started.date() for r in runs} <= {TODAY - timedelta(days=n) for n in range(120)}
    assert len({r.practice_id for r in runs}) >= 12
    statuses = [r.status for r in runs]
    assert 0.85 < statuses.count("completed") / len(runs) < 0.97
    assert statuses.count("stopped") > 10 and statuses.count("abandoned") > 0
    assert all(r.ended is None for r in runs if r.status == "abandoned")
    stopped = [r for r in runs if r.status == "stopped"]
    assert all(0 < r.progress < 1 and r.practised_ms < r.planned_ms for r in stopped)
    values = [rating.value for r in runs for rating in r.ratings]
    skipped = values.count(None) / len(values)
    assert 0.02 < skipped < 0.07
    assert all(v is None or 0 <= v <= 10 for v in values)
    assert sum(1 for r in runs if r.note) > 5
    improving = 0
    for client in clients:
        own = [r for r in runs if r.client_id == client.id]
        pain = weekly_outcome(own, "pain", TODAY)
        early, late = pain.weeks[0].mean_before, mean(w.mean_before for w in pain.weeks[-4:])
        improving += late < early
        pairs = [(r.value("pain", "before"), r.value("pain", "after")) for r in own]
        relief = [after - before for before, after in pairs if None not in (before, after)]
        assert mean(relief) < 0  # a practice eases pain a little, on average
    assert improving >= 4  # most, not all, get better over the weeks


def test_the_same_seed_gives_the_same_clinic(tmp_path):
    """A benchmark or screenshot must be repeatable exactly."""
    exports = []
    for name in ("a", "b"):
        root = tmp_path / name
        with open_store(AppPaths(root / "d", root / "c", root / "f", root / "l")) as store:
            make_demo_data(store, clients=3, days=20, seed=5, today=TODAY, zone=ZONE)
            demo_ids = [c.id for c in store.list_clients() if c.demo]
            out = io.StringIO(newline="")
            write_csv(store, out, demo_ids)
            exports.append(out.getvalue())
    assert exports[0] == exports[1] and exports[0].count("\r\n") > 100


def test_running_again_replaces_the_demo_clients(paths):
    """Making demo data twice must not pile up two made-up clinics."""
    with open_store(paths) as store:
        make_demo_data(store, clients=4, days=10, seed=1, today=TODAY)
        make_demo_data(store, clients=2, days=10, seed=2, today=TODAY)
        assert len([c for c in store.list_clients() if c.demo]) == 2
        demo_runs = sum(store.count_runs(c.id) for c in store.list_clients() if c.demo)
        assert store.count_runs() == demo_runs


def test_real_records_are_protected_unless_forced(paths):
    """A person's own log must never get demo data mixed in by accident."""
    with open_store(paths) as store:
        store.add_client("Anna")
        with pytest.raises(StoreError, match="holds real records"):
            make_demo_data(store, clients=1, days=2)
        assert store.count_runs() == 0
        made = make_demo_data(store, clients=1, days=2, force=True)
        assert made.clients == 1
        assert [c.name for c in store.list_clients() if not c.demo] == ["Anna", "Me"]

"""Goals, their ratings, impressions of change and energy ratings travel in the FHIR export
and come back through the import into the same client, once."""

from __future__ import annotations

import json
from datetime import timedelta

from fhir.resources.R4B.bundle import Bundle

from calm.exchange.fhir_export import export_fhir
from calm.exchange.importer import import_file
from calm.paths import AppPaths
from calm.store import open_store
from calm.store.records import local_now


def _client_with_measures(paths):
    with open_store(paths) as store:
        anna = store.add_client("Anna").id
        goal = store.add_goal(anna, "Cook a meal standing", rating=3)
        # A minute on: rated in the same millisecond as when it was set, 5 would replace 3.
        store.rate_goal(goal.id, 5, local_now() + timedelta(minutes=1))
        store.add_goal(anna, "Walk to the shop")
        store.add_impression(anna, 5)
        run = store.start_run(anna, "pacing-check-in", "Pacing Check-In")
        store.set_energy(run.id, 4)
        store.finish_run(run.id, "completed", 300_000, 1.0)
    return anna, goal.id


def test_the_fhir_export_holds_goals_pgic_and_energy_and_validates(paths, tmp_path):
    """A clinical system must get the goals and answers as valid R4 resources."""
    anna, goal_id = _client_with_measures(paths)
    target = tmp_path / "anna.json"
    with open_store(paths) as store:
        export_fhir(store, target, [anna])
    bundle = json.loads(target.read_text())
    Bundle.model_validate(bundle)
    resources = [e["resource"] for e in bundle["entry"]]
    goals = [r for r in resources if r["resourceType"] == "Goal"]
    assert [g["description"]["text"] for g in goals] == ["Cook a meal standing", "Walk to the shop"]
    codes = [
        (r["code"]["coding"][0]["code"], r.get("valueInteger"))
        for r in resources
        if r["resourceType"] == "Observation" and r["code"]["coding"][0]["code"] != "72514-3"
    ]
    assert ("goal-rating", 3) in codes and ("goal-rating", 5) in codes
    assert ("pgic", 5) in codes and ("energy", 4) in codes
    rating = next(r for r in resources if r.get("focus"))
    assert rating["focus"] == [{"reference": f"urn:uuid:{goal_id}"}]
    assert rating["code"]["text"].endswith("Cook a meal standing")


def test_goals_and_answers_come_back_into_the_same_client_once(paths, tmp_path, monkeypatch):
    """A home export brought to the clinic must carry the goals, PGIC and energy, once."""
    anna, goal_id = _client_with_measures(paths)
    target = tmp_path / "anna.json"
    with open_store(paths) as store:
        export_fhir(store, target, [anna])
    monkeypatch.setenv("CALM_HOME", str(tmp_path / "clinic"))
    clinic = AppPaths.from_environment().ensure()
    with open_store(clinic) as store:
        first = import_file(store, target)
        assert "and 4 answers about goals, change or energy" in first.text()
        assert [g.text for g in store.goals(anna)] == ["Cook a meal standing", "Walk to the shop"]
        assert [(r.goal_id, r.value) for r in store.goal_ratings(anna)] == [
            (goal_id, 3),
            (goal_id, 5),
        ]
        assert [i.value for i in store.impressions(anna)] == [5]
        assert [v for _, v in store.energy_ratings(anna)] == [4]
        again = import_file(store, target)
        assert again.measures_added == 0
        assert len(store.goal_ratings(anna)) == 2 and len(store.impressions(anna)) == 1


def test_a_goal_rating_naming_no_goal_is_refused(paths, tmp_path):
    """A rating whose goal is missing from the file is refused whole."""
    anna, _goal_id = _client_with_measures(paths)
    target = tmp_path / "anna.json"
    with open_store(paths) as store:
        export_fhir(store, target, [anna])
    bundle = json.loads(target.read_text())
    bundle["entry"] = [e for e in bundle["entry"] if e["resource"]["resourceType"] != "Goal"]
    target.write_text(json.dumps(bundle))
    import pytest

    from calm.errors import ImportRejected

    with open_store(paths) as store, pytest.raises(ImportRejected, match="focus names no goal"):
        import_file(store, target)

"""Merging split clients, erasing one completely, a client's identity clinic -> home -> clinic."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta

import pytest

from calm.errors import ImportRejected, StoreError
from calm.exchange.client_record import export_client_record
from calm.exchange.fhir_export import export_fhir
from calm.exchange.identity import export_identity
from calm.exchange.importer import import_file
from calm.paths import AppPaths
from calm.settings import Settings
from calm.store import open_store


def practise(store, client_id, practice="body-scan", pain=(6, 4), note=""):
    run = store.start_run(client_id, practice, practice.replace("-", " ").title())
    store.set_rating(run.id, "pain", "before", pain[0])
    store.finish_run(run.id, "completed", 60_000, 1.0)
    store.set_rating(run.id, "pain", "after", pain[1])
    if note:
        store.set_run_note(run.id, note)
    return run


def test_merge_moves_runs_ratings_and_notes_and_duplicates_nothing(paths):
    """ "Me (2)" brought in from home belongs to Anna: after the merge she has it all, once."""
    with open_store(paths) as store:
        anna, split = store.add_client("Anna"), store.add_client("Me (2)")
        practise(store, anna.id)
        moved = practise(store, split.id, note="Slept better")
        store.set_client_note(anna.id, "Knee pain since May")
        store.set_client_note(split.id, "Prefers the evening")
        settings = Settings(store)
        settings.for_client(split.id).set("screening.answers", {"heart-lung": True})
        settings.for_client(anna.id).set("screening.answers", {"heart-lung": False})
        store.add_note(split.id, "Walked to the shop")
        store.add_goal(split.id, "Walk to the shop", rating=3)
        merged = store.merge_clients(split.id, anna.id)
        assert [n.text for n in store.notes(anna.id)][-1] == "Walked to the shop"
        assert [g.text for g in store.goals(anna.id)] == ["Walk to the shop"]
        assert merged.note == "Knee pain since May\n\nPrefers the evening"
        runs = store.runs_for_client(anna.id)
        assert len(runs) == 2 and store.count_runs() == 2
        assert store.run(moved.id).note == "Slept better"
        assert store.run(moved.id).value("pain", "after") == 4
        assert settings.for_client(anna.id).get("screening.answers") == {"heart-lung": True}
        assert [c.name for c in store.list_clients()] == ["Anna", "Me"]


def test_merging_a_client_into_themselves_changes_nothing(paths):
    """A slip of the list must not lose anyone."""
    with open_store(paths) as store:
        anna = store.add_client("Anna")
        practise(store, anna.id)
        with pytest.raises(StoreError, match="cannot be merged into themselves"):
            store.merge_clients(anna.id, anna.id)
        assert store.count_runs(anna.id) == 1


def test_erasing_leaves_no_trace_in_the_file_its_wal_or_the_backups(paths):
    """A client who asks to be forgotten must be gone from every byte Calm Harbor keeps."""
    with open_store(paths) as store:
        anna, bernd = store.add_client("Zelda Quinterra"), store.add_client("Bernd")
        for _ in range(30):
            practise(store, anna.id, note="Zelda's knee is better")
        practise(store, bernd.id)
        store.set_client_note(anna.id, "Zelda Quinterra, knee")
        store.add_note(anna.id, "Zelda said the knee is better")
        store.add_goal(anna.id, "Zelda walks to the shop", rating=4)
        Settings(store).for_client(anna.id).set("screening.answers", {"heart-lung": True})
    tomorrow = datetime.now().astimezone() + timedelta(days=1)
    open_store(paths, now=lambda: tomorrow).close()  # the next day's backup holds her
    backups = list(paths.backups.glob("*.sqlite3"))
    assert any(b"Zelda" in b.read_bytes() for b in backups)
    with open_store(paths) as store:
        erased = store.erase_client(store.client_by_name("Zelda Quinterra").id)
        assert erased.runs == 30 and erased.copies_rewritten >= 1
        assert "Erased Zelda Quinterra: 30 practices" in erased.text()
        raw = paths.database.read_bytes()
        wal = paths.database.with_name(paths.database.name + "-wal")
        raw += wal.read_bytes() if wal.exists() else b""
        assert b"Zelda" not in raw and b"Quinterra" not in raw
        assert store.count_runs() == 1 and [c.name for c in store.list_clients()] == ["Bernd", "Me"]
    for copy in paths.backups.glob("*.sqlite3"):
        assert b"Zelda" not in copy.read_bytes(), copy.name
    with open_store(paths) as store:
        assert b"Zelda" not in paths.database.read_bytes()


def test_erasing_whoever_is_practising_now_is_refused(paths):
    """A running practice must not lose its client under it."""
    with open_store(paths) as store:
        anna = store.add_client("Anna")
        store.start_run(anna.id, "body-scan", "Body Scan")
        with pytest.raises(StoreError, match="practising now"):
            store.erase_client(anna.id)
        assert store.count_runs(anna.id) == 1


def test_the_home_person_can_be_erased_like_anyone(paths):
    """At home the one person is a client like any other; a new one takes their place."""
    with open_store(paths) as store:
        me = store.default_client()
        practise(store, me.id)
        store.erase_client(me.id)
        assert store.default_client().id != me.id
        assert store.count_runs() == 0


def _home_paths(tmp_path) -> AppPaths:
    return AppPaths.from_environment({"CALM_HOME": str(tmp_path / "home-laptop")}).ensure()


def test_identity_clinic_to_home_and_back_lands_in_the_same_client(paths, tmp_path):
    """Anna's home practice arrives at the clinic as Anna, not as a new "Me (2)"."""
    card = tmp_path / "anna.identity.json"
    with open_store(paths) as clinic:
        clinic.set_setting("mode", "clinic")
        anna = clinic.add_client("Anna")
        Settings(clinic).for_client(anna.id).set("screening.answers", {"heart-lung": True})
        Settings(clinic).for_client(anna.id).set("screening.done", True)
        export_identity(clinic, anna.id, card)
    home_paths = _home_paths(tmp_path)
    with open_store(home_paths) as home:
        result = import_file(home, card)
        assert result.text() == "Added Anna. This computer now practises as Anna."
        assert home.default_client().id == anna.id
        assert [c.name for c in home.list_clients()] == ["Anna"]  # the empty "Me" went
        assert Settings(home).get("screening.answers") == {"heart-lung": True}
        practise(home, home.default_client().id)
        export_fhir(home, tmp_path / "home.json")
    with open_store(paths) as clinic:
        text = import_file(clinic, tmp_path / "home.json").text()
        assert text == (
            "Added 0 clients, 1 practice and 2 ratings. Brought in for Anna, already here."
        )
        assert clinic.count_runs(anna.id) == 1
        assert [c.name for c in clinic.list_clients()] == ["Anna", "Me"]


def test_an_identity_opened_at_home_keeps_what_was_practised_before(paths, tmp_path):
    """Someone who practised at home before their first visit keeps those practices."""
    card = tmp_path / "anna.identity.json"
    with open_store(paths) as clinic:
        export_identity(clinic, clinic.add_client("Anna").id, card)
    with open_store(_home_paths(tmp_path)) as home:
        practise(home, home.default_client().id)
        text = import_file(home, card).text()
        assert text == "Added Anna. Merged Me into Anna. This computer now practises as Anna."
        assert home.count_runs(home.default_client().id) == 1


def test_a_tampered_identity_is_refused_whole(paths, tmp_path):
    """A hand-edited identity with a disguised name must not add anyone."""
    card = tmp_path / "anna.identity.json"
    with open_store(paths) as store:
        export_identity(store, store.add_client("Anna").id, card)
        doc = json.loads(card.read_text())
        doc["client"]["name"] = "Anna\u202e"
        card.write_text(json.dumps(doc))
        with pytest.raises(ImportRejected, match="was not opened: .*Nothing was changed"):
            import_file(store, card)


def test_import_names_each_client_it_added(paths, tmp_path):
    """The therapist reads who arrived, including a renamed "Anna (2)"."""
    with open_store(_home_paths(tmp_path)) as home:
        home.rename_client(home.default_client().id, "Anna")
        practise(home, home.default_client().id)
        export_fhir(home, tmp_path / "home.json")
    with open_store(paths) as clinic:
        clinic.add_client("Anna")
        text = import_file(clinic, tmp_path / "home.json").text()
        assert text.startswith("Added 1 client (Anna (2)), 1 practice and 2 ratings.")


def test_the_record_number_is_the_fhir_patient_identifier(paths, tmp_path):
    """The clinic's system can match our export to its own record."""
    with open_store(paths) as store:
        store.set_setting("clinic.identifier_system", "https://clinic.example/mrn")
        anna = store.add_client("Anna")
        store.set_record_number(anna.id, "MRN-0042")
        export_fhir(store, tmp_path / "all.json", [anna.id])
    bundle = json.loads((tmp_path / "all.json").read_text())
    patient = bundle["entry"][0]["resource"]
    assert {"use": "official", "system": "https://clinic.example/mrn", "value": "MRN-0042"} in (
        patient["identifier"]
    )


def test_everything_about_one_client_includes_notes_and_answers(paths, tmp_path):
    """A client asking for their data gets all of it, and nobody else's."""
    with open_store(paths) as store:
        anna, bernd = store.add_client("Anna"), store.add_client("Bernd")
        practise(store, anna.id, note="Calmer")
        practise(store, bernd.id, note="Bernd's note")
        store.set_client_note(anna.id, "Knee")
        store.add_note(anna.id, "Dated note")
        store.add_goal(anna.id, "Sleep through", rating=2)
        Settings(store).for_client(anna.id).set("screening.answers", {"heart-lung": True})
        assert export_client_record(store, anna.id, tmp_path / "anna.json") == 1
    record = json.loads((tmp_path / "anna.json").read_text())
    assert record["client"]["therapist_note"] == "Knee"
    assert record["practices"][0]["note"] == "Calmer"
    heart = next(a for a in record["safety_answers"] if a["id"] == "heart-lung")
    assert heart["answer"] == "yes"
    assert record["therapist_notes"][0]["text"] == "Dated note"
    assert record["goals"][0]["ratings"][0]["value"] == 2
    assert "Bernd" not in (tmp_path / "anna.json").read_text()
    assert (tmp_path / "anna.json").stat().st_mode & 0o077 == 0


def test_a_backup_of_the_older_format_is_rewritten_too(paths):
    """A copy taken before the update must not keep an erased client either."""
    with open_store(paths) as store:
        zelda = store.add_client("Zelda")
    old = paths.backups / "before-format-4-from-1-test.sqlite3"
    with sqlite3.connect(old) as conn:
        from calm.store.schema import MIGRATIONS

        conn.executescript(MIGRATIONS[0].sql)
        conn.execute(
            "INSERT INTO clients (uuid, display_name, created) VALUES (?, 'Zelda', '2026')",
            (zelda.id,),
        )
    with open_store(paths) as store:
        store.erase_client(zelda.id)
    assert b"Zelda" not in old.read_bytes()

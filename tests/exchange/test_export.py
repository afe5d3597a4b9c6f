"""CSV (RFC 4180) and FHIR R4 exports of a real practice log."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.procedure import Procedure

from calm.errors import ExportError
from calm.exchange.csv_export import COLUMNS, export_csv, write_csv
from calm.exchange.fhir_export import LOINC, MEASURE_SYSTEM, export_fhir, write_fhir
from calm.store import open_store

ZONE = timezone(timedelta(hours=2))
START = datetime(2026, 6, 1, 8, 30, tzinfo=ZONE)
NOTE = 'Tight, then "looser", after a walk,\nthen slept'


@pytest.fixture
def log(paths):
    """A log with two clients: a completed, a stopped and a still running practice."""
    with open_store(paths) as store:
        anna = store.add_client("Anna, K.")
        ben = store.add_client("=Ben")
        done = store.start_run(anna.id, "slow-breathing", "Slow Breathing, 6 a minute",
                               "h1", "10", 600_000, started=START)  # fmt: skip
        store.set_rating(done.id, "pain", "before", 6, rated=START)
        store.set_rating(done.id, "stress", "before", None, rated=START)
        store.finish_run(done.id, "completed", 600_000, 1.0, ended=START + timedelta(minutes=10))
        store.set_rating(done.id, "pain", "after", 4, rated=START + timedelta(minutes=11))
        store.set_rating(done.id, "stress", "after", 3, rated=START + timedelta(minutes=11))
        store.set_run_note(done.id, NOTE)
        stopped = store.start_run(anna.id, "body-scan", "Body Scan", "h2", "20", 1_200_000,
                                  started=START + timedelta(days=1))  # fmt: skip
        store.set_rating(stopped.id, "pain", "before", 0)
        store.finish_run(stopped.id, "stopped", 450_000, 0.375, ended=START + timedelta(days=1))
        running = store.start_run(ben.id, "grounding", "Grounding", started=START)
        yield store, anna, ben, (done, stopped, running)


def test_csv_follows_rfc_4180(log, tmp_path):
    """A spreadsheet or statistics package must read every field back exactly."""
    store, anna, ben, (done, stopped, running) = log
    target = tmp_path / "log.csv"
    assert export_csv(store, target) == 3
    raw = target.read_bytes()
    records = raw.split(b"\r\n")
    assert records[-1] == b"" and len(records) == 1 + 3 + 1  # header, 3 runs, final CRLF
    assert b'"Tight, then ""looser"", after a walk,\nthen slept"' in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert tuple(rows[0]) == COLUMNS
    table = [dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]]
    # by client name ("=Ben" sorts before "Anna, K."), then by start time
    assert [row["run_id"] for row in table] == [running.id, done.id, stopped.id]
    first = table[1]
    assert first["client"] == "Anna, K." and first["client_id"] == anna.id
    assert first["practice_title"] == "Slow Breathing, 6 a minute"
    assert (first["started"], first["ended"]) == ("2026-06-01T08:30:00+02:00",
                                                  "2026-06-01T08:40:00+02:00")  # fmt: skip
    assert (first["length"], first["planned_min"], first["practised_min"]) == ("10", "10", "10")
    assert (first["status"], first["progress_pct"]) == ("completed", "100")
    ratings = [first[k] for k in ("pain_before", "pain_after", "stress_before", "stress_after")]
    assert ratings == ["6", "4", "skipped", "3"]
    assert first["note"] == NOTE
    second = table[2]
    assert (second["status"], second["progress_pct"], second["practised_min"]) == (
        "stopped",
        "38",
        "7.5",
    )
    assert (second["pain_before"], second["pain_after"], second["stress_before"]) == ("0", "", "")
    third = table[0]
    assert (third["client"], third["ended"], third["status"]) == ("'=Ben", "", "running")


def test_csv_of_one_client_and_progress(log):
    """Exporting one client must not leak another client's practice."""
    store, anna, ben, _ = log
    out, calls = io.StringIO(newline=""), []
    assert write_csv(store, out, [ben.id], progress=lambda n, total: calls.append((n, total))) == 1
    assert out.getvalue().count("\r\n") == 2 and "Anna" not in out.getvalue()
    assert calls[-1] == (1, 1)


def test_an_export_that_cannot_be_written_leaves_nothing(log, tmp_path):
    """A failed export must say so plainly and leave no half-written file behind."""
    store, *_ = log
    target = tmp_path / "missing-folder" / "log.csv"
    with pytest.raises(ExportError, match="could not be written"):
        export_csv(store, target)
    with pytest.raises(ExportError):
        export_fhir(store, target)
    assert not target.parent.exists()
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "ok.csv").write_text("old")
    export_csv(store, folder / "ok.csv")
    assert list(folder.iterdir()) == [folder / "ok.csv"]  # no stray partial file
    assert (folder / "ok.csv").read_text().startswith("client,")


def test_fhir_bundle_validates_and_carries_every_rating(log, tmp_path):
    """A clinical system must accept the bundle and find each rating with its session."""
    store, anna, ben, (done, stopped, running) = log
    target = tmp_path / "log.json"
    assert export_fhir(store, target) == 3
    document = json.loads(target.read_text(encoding="utf-8"))
    bundle = Bundle.model_validate(document)
    assert bundle.type == "collection"
    resources = [entry["resource"] for entry in document["entry"]]
    models = {"Patient": Patient, "Procedure": Procedure, "Observation": Observation}
    for resource in resources:
        models[resource["resourceType"]].model_validate(resource)
    full_urls = {entry["fullUrl"] for entry in document["entry"]}
    patients = [r for r in resources if r["resourceType"] == "Patient"]
    me = store.default_client()
    ids = {p["identifier"][0]["value"] for p in patients}
    assert ids == {f"urn:uuid:{c.id}" for c in (anna, ben, me)}
    assert all(p["name"][0]["use"] == "anonymous" for p in patients)
    procedures = {r["id"]: r for r in resources if r["resourceType"] == "Procedure"}
    assert procedures[done.id]["status"] == "completed"
    assert procedures[stopped.id]["status"] == "stopped"
    assert procedures[running.id]["status"] == "in-progress"
    assert procedures[done.id]["note"][0]["text"] == NOTE
    observations = [r for r in resources if r["resourceType"] == "Observation"]
    assert len(observations) == 5  # one per rating given or skipped, none invented
    for obs in observations:
        assert obs["partOf"][0]["reference"] in full_urls
        assert obs["subject"]["reference"] in full_urls
        assert datetime.fromisoformat(obs["effectiveDateTime"]).tzinfo is not None
    pain = [o for o in observations if o["code"]["coding"][0]["system"] == LOINC]
    assert {o["code"]["coding"][0]["code"] for o in pain} == {"72514-3"}
    moments = {(o["extension"][0]["valueCode"], o.get("valueInteger")) for o in pain}
    assert moments == {("before", 6), ("after", 4), ("before", 0)}
    stress = [o for o in observations if o["code"]["coding"][0]["system"] == MEASURE_SYSTEM]
    assert all(o["code"]["text"].startswith("Stress") for o in stress)
    skipped = [o for o in stress if "valueInteger" not in o]
    assert len(skipped) == 1
    assert skipped[0]["dataAbsentReason"]["coding"][0]["code"] == "asked-declined"


def test_fhir_export_of_one_client_is_a_bundle_of_their_own(log):
    """A client's take-home file must hold only that client."""
    store, anna, ben, _ = log
    out = io.StringIO()
    assert write_fhir(store, out, [ben.id]) == 1
    document = json.loads(out.getvalue())
    Bundle.model_validate(document)
    kinds = [e["resource"]["resourceType"] for e in document["entry"]]
    assert kinds == ["Patient", "Procedure"]
    assert anna.id not in out.getvalue()

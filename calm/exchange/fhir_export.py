"""FHIR R4 JSON export: a `collection` Bundle of Patients, Procedures and Observations.

- Patient: pseudonymous (name use "anonymous", the display name only), identified by the
  client's UUID as `urn:uuid:...` and, when the clinic gave one, by its record number under the
  identifier system set in Settings (`clinic.identifier_system`; use "official").
- Procedure: one per practice run (identifier = the run's UUID), status completed / stopped /
  in-progress (a run skipped through is stopped, with its reason), performedPeriod, the
  practice as a code of the project's own, the note; our exact run status (completed, skipped,
  stopped, abandoned), length, planned and practised time and progress in project extensions,
  and `despite-screening` (true) on a practice started although the screening did not advise it.
- Observation: one per rating, category survey, pain coded LOINC 72514-3 with valueInteger,
  stress with a project code plus text; effectiveDateTime = when it was given; before/after in
  the `rating-moment` extension; tied to its run by `partOf` (the Procedure). A skipped answer
  is an Observation with dataAbsentReason "asked-declined" and no value.

Resources refer to each other by `urn:uuid:` fullUrls, so the bundle stands on its own and the
importer can rebuild the same clients, runs and ratings from it. Written as a stream (one entry
at a time), so exporting a whole clinic does not build it all in memory.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from calm.exchange.csv_export import Progress, atomic_text_file
from calm.exchange.fhir_programme import programme_resources
from calm.store import RunRecord, Store
from calm.store.records import ClientRecord, iso, local_now

BASE = "https://calm-harbor.example/fhir"
PRACTICE_SYSTEM = f"{BASE}/CodeSystem/practice"
MEASURE_SYSTEM = f"{BASE}/CodeSystem/measure"
EXT = f"{BASE}/StructureDefinition"
EXT_MOMENT = f"{EXT}/rating-moment"
EXT_STATUS = f"{EXT}/run-status"
EXT_VARIANT = f"{EXT}/length-variant"
EXT_PLANNED = f"{EXT}/planned-ms"
EXT_PRACTISED = f"{EXT}/practised-ms"
EXT_PROGRESS = f"{EXT}/progress"
EXT_SCRIPT = f"{EXT}/script-hash"
EXT_DESPITE = f"{EXT}/despite-screening"  # true: not advised, started by the client's choice
URI_SYSTEM = "urn:ietf:rfc:3986"
LOINC = "http://loinc.org"
PAIN_CODE = "72514-3"
PAIN_DISPLAY = "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
STRESS_CODE = "stress-nrs"
STRESS_DISPLAY = "Stress right now, 0-10 numeric rating scale"
CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"
ABSENT_SYSTEM = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
PROCEDURE_STATUS = {
    "completed": "completed",
    "skipped": "stopped",  # the end was reached, but most of it skipped: not done as planned
    "stopped": "stopped",
    "abandoned": "stopped",
    "running": "in-progress",
}
STATUS_REASONS = {
    "abandoned": "The app closed before the practice ended.",
    "skipped": "Skipped through to the end: less than 80 % of the planned time was practised.",
}
DECLINED = {
    "coding": [{"system": ABSENT_SYSTEM, "code": "asked-declined", "display": "Asked But Declined"}]
}
_RATING_NAMESPACE = uuid.UUID("6f1c7a52-3f0e-4c55-9a59-0d8f0b7c9e21")

CODES = {
    "pain": {
        "coding": [{"system": LOINC, "code": PAIN_CODE, "display": PAIN_DISPLAY}],
        "text": "Pain right now (0 = no pain, 10 = pain as bad as you can imagine)",
    },
    "stress": {
        "coding": [{"system": MEASURE_SYSTEM, "code": STRESS_CODE, "display": STRESS_DISPLAY}],
        "text": "Stress right now (0 = no stress, 10 = worst stress you can imagine)",
    },
}


def urn(value: str) -> str:
    """A UUID as the `urn:uuid:` reference the bundle uses."""
    return f"urn:uuid:{value}"


def rating_uuid(run_id: str, measure: str, when: str) -> str:
    """A rating's stable id, derived from its run, measure and moment."""
    return str(uuid.uuid5(_RATING_NAMESPACE, f"{run_id}/{measure}/{when}"))


def patient(client: ClientRecord, record_system: str = "") -> dict:
    """The pseudonymous Patient of a client (with the clinic's record number, if any)."""
    identifiers = [{"system": URI_SYSTEM, "value": urn(client.id)}]
    if client.record_number:
        number = {"use": "official", "value": client.record_number}
        if record_system:
            number = {"use": "official", "system": record_system, "value": client.record_number}
        identifiers.append(number)
    return {
        "resourceType": "Patient",
        "id": client.id,
        "identifier": identifiers,
        "active": not client.archived,
        "name": [{"use": "anonymous", "text": client.name}],
    }


def procedure(run: RunRecord) -> dict:
    """The Procedure of one practice run."""
    period = {"start": iso(run.started)}
    if run.ended is not None:
        period["end"] = iso(run.ended)
    resource: dict[str, Any] = {
        "resourceType": "Procedure",
        "id": run.id,
        "identifier": [{"system": URI_SYSTEM, "value": urn(run.id)}],
        "extension": [
            {"url": EXT_STATUS, "valueCode": run.status},
            {"url": EXT_PLANNED, "valueInteger": run.planned_ms},
            {"url": EXT_PRACTISED, "valueInteger": run.practised_ms},
            {"url": EXT_PROGRESS, "valueDecimal": round(run.progress, 4)},
        ],
        "status": PROCEDURE_STATUS[run.status],
        "code": {
            "coding": [{"system": PRACTICE_SYSTEM, "code": run.practice_id, "display": run.title}],
            "text": run.title,
        },
        "subject": {"reference": urn(run.client_id)},
        "performedPeriod": period,
    }
    if run.variant:
        resource["extension"].append({"url": EXT_VARIANT, "valueString": run.variant})
    if run.script_hash:
        resource["extension"].append({"url": EXT_SCRIPT, "valueString": run.script_hash})
    if run.despite_screening:
        resource["extension"].append({"url": EXT_DESPITE, "valueBoolean": True})
    if run.status in STATUS_REASONS:
        resource["statusReason"] = {"text": STATUS_REASONS[run.status]}
    if run.note:
        resource["note"] = [{"text": run.note}]
    return resource


def observations(run: RunRecord) -> Iterator[dict]:
    """One Observation per rating of the run (a skipped one with dataAbsentReason)."""
    for rating in run.ratings:
        resource: dict[str, Any] = {
            "resourceType": "Observation",
            "id": rating_uuid(run.id, rating.measure, rating.when),
            "extension": [{"url": EXT_MOMENT, "valueCode": rating.when}],
            "status": "final",
            "category": [
                {"coding": [{"system": CATEGORY_SYSTEM, "code": "survey", "display": "Survey"}]}
            ],
            "code": CODES[rating.measure],
            "subject": {"reference": urn(run.client_id)},
            "partOf": [{"reference": urn(run.id)}],
            "effectiveDateTime": iso(rating.rated),
        }
        if rating.value is None:
            resource["dataAbsentReason"] = {
                "coding": [
                    {
                        "system": ABSENT_SYSTEM,
                        "code": "asked-declined",
                        "display": "Asked But Declined",
                    }
                ]
            }
        else:
            resource["valueInteger"] = rating.value
        yield resource


def write_fhir(
    store: Store,
    out: TextIO,
    client_ids: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> int:
    """Stream the Bundle as JSON to `out`; returns the number of runs written."""
    clients = [
        c
        for c in store.list_clients(include_archived=True)
        if client_ids is None or c.id in client_ids
    ]
    total = sum(store.count_runs(c.id) for c in clients) if progress else 0
    head = {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "type": "collection",
        "timestamp": iso(local_now()),
    }
    out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "entry": [\n')
    first, written = True, 0
    system = store.get_setting("clinic.identifier_system", "")
    system = system if isinstance(system, str) else ""
    for client in clients:
        for resource in _client_resources(store, client, system):
            entry = {"fullUrl": urn(resource["id"]), "resource": resource}
            out.write(("" if first else ",\n") + json.dumps(entry, ensure_ascii=False))
            first = False
            if resource["resourceType"] == "Procedure":
                written += 1
                if progress and written % 500 == 0:
                    progress(written, total)
    out.write("\n]}\n")
    if progress:
        progress(written, total)
    return written


def export_fhir(
    store: Store,
    path: Path,
    client_ids: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the FHIR Bundle file at `path` (whole or not at all); returns the number of runs."""
    with atomic_text_file(path) as out:
        return write_fhir(store, out, client_ids, progress)


def _client_resources(store: Store, client: ClientRecord, system: str) -> Iterator[dict]:
    yield patient(client, system)
    for run in store.runs_for_client(client.id):
        yield procedure(run)
        yield from observations(run)
    yield from programme_resources(store, client.id)

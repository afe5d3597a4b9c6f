"""Strict reading of a FHIR export file into a plan of clients, runs and ratings (for the importer).

Nothing here touches the store. Every check raises ValueError with a reason a person can read
("entry 12: valueInteger must be a whole number from 0 to 10, not 11"); the importer turns it
into ImportRejected. Only what our own exports contain is accepted.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from calm.exchange import fhir_export as fx
from calm.exchange.import_programme import (
    MeasuresPlan,
    check_subjects,
    programme_code,
    read_measure,
)
from calm.store.imports import ImportedClient, ImportedRating
from calm.store.names import MAX_NAME, name_problem
from calm.store.records import MOMENTS, STATUSES, RunRecord

MAX_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 20
MAX_ITEMS = 1_000_000
MAX_MS = 24 * 3600 * 1000
MAX_TEXT, MAX_NOTE = 500, 20_000
FUTURE_SLACK = timedelta(days=1)  # time zones and a clock a little fast are fine

_KEYS = {
    "Patient": {"resourceType", "id", "identifier", "active", "name", "meta", "text"},
    "Procedure": {"resourceType", "id", "identifier", "extension", "status", "statusReason",
                  "code", "subject", "performedPeriod", "note", "meta", "text"},
    "Observation": {"resourceType", "id", "identifier", "extension", "status", "category", "code",
                    "subject", "partOf", "effectiveDateTime", "valueInteger", "dataAbsentReason",
                    "meta", "text"},
}  # fmt: skip


@dataclass(frozen=True)
class Plan:
    """Everything a file holds, checked and ready to add."""

    clients: tuple[ImportedClient, ...]
    runs: tuple[RunRecord, ...]
    ratings: tuple[ImportedRating, ...]
    measures: MeasuresPlan = field(default_factory=MeasuresPlan)  # goals, PGIC, energy


def parse_fhir(text: str) -> Plan:
    """Read our FHIR Bundle; ValueError with the reason if anything is off."""
    try:
        doc = json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        raise ValueError("it is nested far too deeply to be a Calm Harbor export") from None
    except json.JSONDecodeError as error:
        raise ValueError(
            f"it is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    except ValueError as error:  # a number with thousands of digits, NaN, Infinity
        raise ValueError(f"it holds a value that cannot be read ({str(error)[:80]})") from None
    _check_depth(doc)
    bundle = _obj(doc, "the file")
    if bundle.get("resourceType") != "Bundle" or bundle.get("type") != "collection":
        raise ValueError("it is not a FHIR Bundle of type collection")
    entries = _list(bundle.get("entry", []), "entry", MAX_ITEMS)
    patients: dict[str, tuple[str, bool]] = {}
    runs: dict[str, RunRecord] = {}
    ratings: dict[tuple, ImportedRating] = {}
    seen: set[str] = set()
    measures = MeasuresPlan()
    for n, raw in enumerate(entries, start=1):
        where = f"entry {n}"
        resource = _obj(_obj(raw, where).get("resource"), f"{where}: resource")
        kind = resource.get("resourceType")
        if kind == "Goal" or (kind == "Observation" and programme_code(resource)):
            rid = check_uuid(resource.get("id"), f"{where} ({kind}): id")
            if rid in seen:
                raise ValueError(f"{where} ({kind}): the id {rid} appears twice")
            seen.add(rid)
            read_measure(measures, resource, rid, f"{where} ({kind})", _CHECKS)
            continue
        if not isinstance(kind, str) or kind not in _KEYS:
            raise ValueError(f"{where}: a {str(kind)[:40]!r} resource is not part of our exports")
        where = f"{where} ({kind})"
        extra = set(resource) - _KEYS[kind]
        if extra:
            raise ValueError(f"{where}: unexpected field {sorted(extra)[0]!r}")
        rid = check_uuid(resource.get("id"), f"{where}: id")
        if rid in seen:
            raise ValueError(f"{where}: the id {rid} appears twice")
        seen.add(rid)
        if kind == "Patient":
            active = resource.get("active", True)
            if not isinstance(active, bool):
                raise ValueError(f"{where}: active must be true or false")
            patients[rid] = (_patient_name(resource, where), active)
        elif kind == "Procedure":
            runs[rid] = _procedure(resource, rid, where)
        else:
            rating, subject = _observation(resource, where)
            key = (rating.run_id, rating.measure, rating.when)
            if key in ratings:
                raise ValueError(f"{where}: a second {rating.measure} {rating.when} rating")
            ratings[key] = rating
            if rating.run_id not in runs:
                raise ValueError(f"{where}: partOf does not name a practice earlier in the file")
            if runs[rating.run_id].client_id != subject:
                raise ValueError(f"{where}: its subject is not the client of its practice")
    clients = [
        ImportedClient(cid, name, not active, _first_start(cid, runs))
        for cid, (name, active) in patients.items()
    ]
    for run in runs.values():
        if run.client_id not in patients:
            raise ValueError(f"practice {run.id}: its subject is not a Patient in the file")
    check_subjects(measures, set(patients), {r.id: r.client_id for r in runs.values()})
    return Plan(tuple(clients), tuple(runs.values()), tuple(ratings.values()), measures)


def _procedure(res: dict, rid: str, where: str) -> RunRecord:
    ext = _extensions(res, where)
    status = ext.get(fx.EXT_STATUS)
    if status not in STATUSES or fx.PROCEDURE_STATUS[status] != res.get("status"):
        raise ValueError(f"{where}: its status is not one Calm Harbor writes")
    code = _obj(res.get("code"), f"{where}: code")
    coding = _coding(code, fx.PRACTICE_SYSTEM, where)
    period = _obj(res.get("performedPeriod"), f"{where}: performedPeriod")
    progress = _fraction(ext.get(fx.EXT_PROGRESS, 0), f"{where}: progress")
    started = check_when(period.get("start"), f"{where}: performedPeriod.start")
    ended = check_when(period["end"], f"{where}: performedPeriod.end") if "end" in period else None
    check_period(started, ended, where)
    return RunRecord(
        id=rid,
        client_id=_reference(res.get("subject"), f"{where}: subject"),
        practice_id=check_text(coding.get("code"), f"{where}: code", required=True),
        title=check_text(code.get("text", coding.get("display", "")), f"{where}: code.text"),
        script_hash=check_text(ext.get(fx.EXT_SCRIPT, ""), f"{where}: script hash"),
        variant=check_text(ext.get(fx.EXT_VARIANT, ""), f"{where}: length"),
        planned_ms=_int(ext.get(fx.EXT_PLANNED, 0), f"{where}: planned-ms", 0, MAX_MS),
        started=started,
        ended=ended,
        status=status,
        practised_ms=_int(ext.get(fx.EXT_PRACTISED, 0), f"{where}: practised-ms", 0, MAX_MS),
        progress=progress,
        note=_procedure_note(res, where),
        despite_screening=_flag(ext.get(fx.EXT_DESPITE, False), f"{where}: despite-screening"),
    )


def _flag(value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{where} must be true or false")
    return value


def _procedure_note(res: dict, where: str) -> str:
    notes = _list(res.get("note", []), f"{where}: note", 1)
    if not notes:
        return ""
    return check_text(_obj(notes[0], f"{where}: note").get("text", ""), f"{where}: note", MAX_NOTE)


def _observation(res: dict, where: str) -> tuple[ImportedRating, str]:
    when = _extensions(res, where).get(fx.EXT_MOMENT)
    if when not in MOMENTS:
        raise ValueError(f"{where}: the rating-moment extension must be before or after")
    if res.get("status") != "final":
        raise ValueError(f"{where}: status must be final")
    code = _obj(res.get("code"), f"{where}: code")
    codings = _list(code.get("coding"), f"{where}: code.coding", 10)
    systems = [(_obj(c, where).get("system"), _obj(c, where).get("code")) for c in codings]
    if (fx.LOINC, fx.PAIN_CODE) in systems:
        measure = "pain"
    elif (fx.MEASURE_SYSTEM, fx.STRESS_CODE) in systems:
        measure = "stress"
    else:
        raise ValueError(f"{where}: it is neither a pain nor a stress rating")
    part_of = _list(res.get("partOf"), f"{where}: partOf", 1)
    if not part_of:
        raise ValueError(f"{where}: partOf must name its practice")
    if ("valueInteger" in res) == ("dataAbsentReason" in res):
        raise ValueError(f"{where}: it needs either valueInteger or dataAbsentReason")
    value = None
    if "valueInteger" in res:
        value = _int(res["valueInteger"], f"{where}: valueInteger", 0, 10)
    rating = ImportedRating(
        run_id=_reference(part_of[0], f"{where}: partOf"),
        measure=measure,
        when=when,
        value=value,
        rated=check_when(res.get("effectiveDateTime"), f"{where}: effectiveDateTime"),
    )
    check_period(rating.rated, None, where)
    return rating, _reference(res.get("subject"), f"{where}: subject")


def _patient_name(res: dict, where: str) -> str:
    names = _list(res.get("name"), f"{where}: name", 5)
    if not names:
        raise ValueError(f"{where}: a name (or pseudonym) is needed")
    return check_name(_obj(names[0], f"{where}: name").get("text"), f"{where}: name")


def _extensions(res: dict, where: str) -> dict[str, object]:
    found: dict[str, object] = {}
    for item in _list(res.get("extension", []), f"{where}: extension", 20):
        item = _obj(item, f"{where}: extension")
        url = item.get("url")
        values = [v for k, v in item.items() if k.startswith("value")]
        if not isinstance(url, str) or len(values) != 1:
            raise ValueError(f"{where}: each extension needs a url and one value")
        found[url] = values[0]
    return found


def _coding(code: dict, system: str, where: str) -> dict:
    for coding in _list(code.get("coding"), f"{where}: code.coding", 10):
        coding = _obj(coding, f"{where}: code.coding")
        if coding.get("system") == system:
            return coding
    raise ValueError(f"{where}: the practice code is missing")


def _reference(value: object, where: str) -> str:
    ref = _obj(value, where).get("reference")
    if not isinstance(ref, str) or not ref.startswith("urn:uuid:"):
        raise ValueError(f"{where}: the reference must be a urn:uuid")
    return check_uuid(ref.removeprefix("urn:uuid:"), where)


def _obj(value: object, where: str) -> dict:
    if not isinstance(value, dict):
        raise ValueError(f"{where} must be a JSON object")
    return value


def _list(value: object, where: str, limit: int) -> list:
    if not isinstance(value, list):
        raise ValueError(f"{where} must be a list")
    if len(value) > limit:
        raise ValueError(f"{where} has too many items ({len(value):,}; at most {limit:,})")
    return value


def check_uuid(value: object, where: str) -> str:
    """A UUID in its canonical lower-case form, or ValueError."""
    try:
        if not isinstance(value, str) or len(value) != 36:
            raise ValueError
        return str(uuid.UUID(value))
    except ValueError:
        raise ValueError(f"{where} must be a UUID, not {str(value)[:40]!r}") from None


def check_text(value: object, where: str, limit: int = MAX_TEXT, required: bool = False) -> str:
    """Text within `limit` characters (and not blank when required), or ValueError."""
    if not isinstance(value, str):
        raise ValueError(f"{where} must be text")
    if len(value) > limit:
        raise ValueError(f"{where} is too long ({len(value):,} characters; at most {limit:,})")
    if required and not value.strip():
        raise ValueError(f"{where} must not be empty")
    if "\x00" in value:
        raise ValueError(f"{where} holds a NUL character")
    return value


def check_name(value: object, where: str) -> str:
    """A client's name, spaces tidied, or ValueError (calm.store.names decides)."""
    text = check_text(value, where, limit=MAX_NAME, required=True)
    problem = name_problem(text)
    if problem:
        raise ValueError(f"{where}: {problem}")
    return " ".join(text.split())


def _int(value: object, where: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{where} must be a whole number from {low} to {high}, not {value!r:.40}")
    return value


def _fraction(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ValueError(f"{where} must be a number from 0 to 1")
    return float(value)


def check_when(value: object, where: str) -> datetime:
    """An ISO 8601 date and time with its offset, or ValueError."""
    if not isinstance(value, str) or len(value) > 40:
        raise ValueError(f"{where} must be an ISO 8601 date and time")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{where} must be an ISO 8601 date and time, not {value!r}") from None
    if moment.tzinfo is None or not 1970 <= moment.year <= 2200:
        raise ValueError(f"{where} must carry its UTC offset and a year from 1970, not {value!r}")
    return moment


def check_period(started: datetime, ended: datetime | None, where: str) -> None:
    """A practice may not start more than a day after now (a computer whose clock was wrong,
    or a made-up file: it would sit at the top of every list for years), nor end before it
    starts. ValueError says which."""
    if started > datetime.now(UTC) + FUTURE_SLACK:
        raise ValueError(
            f"{where}: it starts on {started.isoformat()}, more than a day in the future "
            "(was the clock of the computer it came from wrong?)"
        )
    if ended is not None and ended < started:
        raise ValueError(
            f"{where}: it ends ({ended.isoformat()}) before it starts ({started.isoformat()})"
        )


def _first_start(client_id: str, runs: dict[str, RunRecord]) -> datetime:
    starts = [run.started for run in runs.values() if run.client_id == client_id]
    return min(starts) if starts else datetime.now().astimezone()


def _check_depth(doc: object) -> None:
    stack = [(doc, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ValueError("it is nested far too deeply to be a Calm Harbor export")
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number JSON allows")


_CHECKS = SimpleNamespace(reference=_reference, text=check_text, when=check_when, int=_int)

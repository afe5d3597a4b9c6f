"""Importing an export into another installation: faithful, idempotent, all or nothing."""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calm.errors import ImportRejected, StoreError
from calm.exchange.csv_export import export_csv
from calm.exchange.demo_data import make_demo_data
from calm.exchange.fhir_export import EXT_DESPITE, export_fhir
from calm.exchange.importer import import_file
from calm.paths import AppPaths
from calm.store import open_store

ZONE = timezone(timedelta(hours=-4))
START = datetime(2026, 1, 5, 19, 0, tzinfo=ZONE)


def other_paths(tmp_path: Path, name: str) -> AppPaths:
    root = tmp_path / name
    return AppPaths(root / "data", root / "cache", root / "config", root / "log")


def counts(store) -> tuple[int, int, int]:
    with store.reader() as conn:
        return tuple(
            conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("clients", "runs", "ratings")
        )


@pytest.fixture
def home(paths):
    """The home laptop's log: one client with three runs (one skipped answer, one note)."""
    with open_store(paths) as store:
        me = store.add_client("Rosa T.")
        for day in range(3):
            started = START + timedelta(days=day)
            run = store.start_run(me.id, "belly-breathing", "Belly Breathing Basics",
                                  f"hash{day}", "5", 300_000, started=started)  # fmt: skip
            store.set_rating(run.id, "pain", "before", 7 - day, rated=started)
            store.set_rating(run.id, "stress", "before", None if day == 1 else 5, rated=started)
            if day < 2:
                ended = started + timedelta(minutes=5)
                store.finish_run(run.id, "completed", 300_000, 1.0, ended=ended)
                store.set_rating(run.id, "pain", "after", 5 - day, rated=ended)
        store.set_run_note(run.id, "Left early, visitor at the door; later felt ok, thanks.")
        yield store, me


@pytest.fixture
def clinic(tmp_path):
    with open_store(other_paths(tmp_path, "clinic")) as store:
        yield store


@pytest.mark.parametrize("kind", ["fhir", "csv"])
def test_an_export_brings_the_same_records_and_twice_adds_nothing(home, clinic, tmp_path, kind):
    """The therapist must see exactly the client's log, once, however often it is imported."""
    store, me = home
    file = tmp_path / f"rosa.{kind}"
    (export_fhir if kind == "fhir" else export_csv)(store, file, [me.id])
    summary = import_file(clinic, file)
    assert (summary.clients_added, summary.runs_added, summary.ratings_added) == (1, 3, 8)
    before = counts(clinic)
    again = import_file(clinic, file)
    assert (again.clients_added, again.runs_added, again.ratings_added) == (0, 0, 0)
    assert again.runs_known == 3 and "already here" in again.text()
    assert counts(clinic) == before
    original, copied = store.runs_for_client(me.id), clinic.runs_for_client(me.id)
    assert clinic.client(me.id).name == "Rosa T."
    for mine, theirs in zip(original, copied, strict=True):
        expected = mine
        if mine.status == "running":  # nobody is practising it on the clinic laptop
            expected = _replace(mine, status="abandoned")
        if kind == "csv":  # CSV has no script hash and no rating times
            expected = _replace(expected, script_hash="", ratings=theirs.ratings)
            assert [(r.measure, r.when, r.value) for r in theirs.ratings] == [
                (r.measure, r.when, r.value) for r in mine.ratings
            ]
        assert theirs == expected


def test_a_name_taken_by_someone_else_gets_a_number(home, clinic, tmp_path):
    """Two different people called the same must stay two people."""
    store, me = home
    clinic.add_client("Rosa T.")
    export_fhir(store, tmp_path / "rosa.json", [me.id])
    import_file(clinic, tmp_path / "rosa.json")
    assert clinic.client(me.id).name == "Rosa T. (2)"


def _replace(run, **changes):
    from dataclasses import replace

    return replace(run, **changes)


def _valid_document(store, tmp_path) -> dict:
    export_fhir(store, tmp_path / "valid.json")
    return json.loads((tmp_path / "valid.json").read_text(encoding="utf-8"))


def _observation(document: dict) -> dict:
    return next(
        e["resource"] for e in document["entry"] if e["resource"]["resourceType"] == "Observation"
    )


NESTED: list = [1]
for _ in range(30):
    NESTED = [NESTED]
NINES = "9" * 5000
ELSEWHERE = "11111111-1111-4111-8111-111111111111"
HOSTILE = {
    "broken JSON": lambda d: json.dumps(d)[:-40],
    "not UTF-8": lambda d: b"\xff\xfe" + json.dumps(d).encode("utf-16-le"),
    "rating as text": lambda d: _set(d, "valueInteger", "6"),
    "rating as a fraction": lambda d: _set(d, "valueInteger", 6.5),
    "rating as true": lambda d: _set(d, "valueInteger", True),
    "rating of 11": lambda d: _set(d, "valueInteger", 11),
    "rating of -1": lambda d: _set(d, "valueInteger", -1),
    "unknown resource": lambda d: _add(d, {"resourceType": "MedicationRequest", "id": "x"}),
    "deep nesting": lambda d: '{"resourceType": "Bundle", "entry": ' + "[" * 50_000 + "]" * 50_000,
    "nested value": lambda d: _set(d, "extension", [{"url": "u", "valueX": NESTED}]),
    "NaN": lambda d: json.dumps(d).replace('"valueInteger": 6', '"valueInteger": NaN'),
    "huge number": lambda d: json.dumps(d).replace('"valueInteger": 6', '"valueInteger": ' + NINES),
    "no such practice": lambda d: _set(d, "partOf", [{"reference": f"urn:uuid:{ELSEWHERE}"}]),
    "naive time": lambda d: _set(d, "effectiveDateTime", "2026-01-05T19:00:00"),
    "not a bundle": lambda d: json.dumps([d]),
    "CSV with a bad rating": lambda d: "x",
}  # fmt: skip


def _set(document: dict, key: str, value) -> dict:
    document = copy.deepcopy(document)
    _observation(document)[key] = value
    return document


def _add(document: dict, resource: dict) -> dict:
    document = copy.deepcopy(document)
    document["entry"].append({"fullUrl": "urn:x", "resource": resource})
    return document


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_malformed_or_hostile_file_is_rejected_whole(home, clinic, tmp_path, case):
    """A bad file must add nothing at all and say why, never crash or half-import."""
    store, me = home
    document = _valid_document(store, tmp_path)
    content = HOSTILE[case](document)
    file = tmp_path / "bad.json"
    if case == "CSV with a bad rating":
        export_csv(store, tmp_path / "good.csv")
        lines = (tmp_path / "good.csv").read_bytes().decode("utf-8").split("\r\n")
        lines[1] = lines[1].replace(",7,", ",eleven,")
        content = "\r\n".join(lines)
    if isinstance(content, dict):
        content = json.dumps(content)
    if isinstance(content, str):
        content = content.encode("utf-8")
    file.write_bytes(content)
    before = counts(clinic)
    with pytest.raises(ImportRejected, match="bad.json was not imported: .*Nothing was added"):
        import_file(clinic, file)
    assert counts(clinic) == before


def test_a_file_over_the_size_limit_is_not_even_read(home, clinic, tmp_path):
    """A huge file must be refused at once rather than fill the memory."""
    store, me = home
    export_fhir(store, tmp_path / "big.json")
    with pytest.raises(ImportRejected, match="too large"):
        import_file(clinic, tmp_path / "big.json", max_bytes=1000)


def test_a_conflict_found_late_rolls_back_everything(home, clinic, tmp_path):
    """If one practice clashes with the log, the clients and runs before it are not kept."""
    store, me = home
    export_fhir(store, tmp_path / "rosa.json", [me.id])
    import_file(clinic, tmp_path / "rosa.json")
    document = json.loads((tmp_path / "rosa.json").read_text(encoding="utf-8"))
    text = json.dumps(document).replace(me.id, "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa")
    (tmp_path / "clash.json").write_text(text, encoding="utf-8")
    before = counts(clinic)
    with pytest.raises(ImportRejected, match="belongs to another client"):
        import_file(clinic, tmp_path / "clash.json")
    assert counts(clinic) == before


def test_a_full_disk_during_import_adds_nothing(clinic, tmp_path):
    """Running out of space half-way must leave the log exactly as it was."""
    with open_store(other_paths(tmp_path, "demo")) as demo:
        make_demo_data(demo, clients=2, days=30, seed=3)
        export_fhir(demo, tmp_path / "rosa.json")
    conn = clinic._db.conn  # the injected fault: the file may not grow
    conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0]}")
    for n in range(10_000):
        try:
            clinic.add_client(f"Filler {n}", note="n" * 3000)
        except StoreError:
            break
    before = counts(clinic)
    with pytest.raises(StoreError, match="is full"):
        import_file(clinic, tmp_path / "rosa.json")
    assert counts(clinic) == before
    with sqlite3.connect(clinic.path) as raw:
        assert raw.execute("SELECT count(*) FROM runs").fetchone()[0] == 0
    conn.execute("PRAGMA max_page_count = 1073741823")  # space freed: now it goes in
    assert import_file(clinic, tmp_path / "rosa.json").runs_added > 100


_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
_JSON = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)
_FUZZ = settings(
    max_examples=int(os.environ.get("CALM_FUZZ", 60)),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def _leaves(value, path=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _leaves(item, (*path, n))
    yield path


@_FUZZ
@given(where=st.integers(min_value=0), replacement=_JSON)
def test_random_damage_is_imported_or_rejected_never_half_done(
    home, clinic, tmp_path, where, replacement
):
    """Whatever is changed in a file, the import either works or adds nothing, with a reason."""
    store, me = home
    document = _valid_document(store, tmp_path)
    paths = list(_leaves(document))
    path = paths[where % len(paths)]
    if path:
        target = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = replacement
    else:
        document = replacement
    file = tmp_path / "mutated.json"
    file.write_text(json.dumps(document), encoding="utf-8")
    before = counts(clinic)
    try:
        import_file(clinic, file)
    except ImportRejected as error:
        assert "Nothing was added" in str(error)
        assert counts(clinic) == before


@_FUZZ
@given(data=st.binary(max_size=300))
def test_random_bytes_are_rejected(clinic, tmp_path, data):
    """A file that is not ours at all is refused with a reason."""
    file = tmp_path / "random.bin"
    file.write_bytes(data)
    before = counts(clinic)
    with pytest.raises(ImportRejected):
        import_file(clinic, file)
    assert counts(clinic) == before


@pytest.mark.parametrize("kind", ["fhir", "csv"])
def test_a_run_skipped_through_stays_skipped_through_on_the_way(paths, clinic, tmp_path, kind):
    """A practice skipped through at home must not arrive at the clinic as completed."""
    with open_store(paths) as store:
        me = store.add_client("Sam K.")
        run = store.start_run(me.id, "grounding", "Grounding", "", "2", 120_000, started=START)
        store.finish_run(run.id, "skipped", 9_000, 1.0, ended=START + timedelta(seconds=9))
        file = tmp_path / f"sam.{kind}"
        (export_fhir if kind == "fhir" else export_csv)(store, file, [me.id])
    if kind == "fhir":
        bundle = json.loads(file.read_text("utf-8"))
        procedure = next(
            e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Procedure"
        )
        assert procedure["status"] == "stopped"
        assert "Skipped through" in procedure["statusReason"]["text"]
    import_file(clinic, file)
    arrived = clinic.run(run.id)
    assert (arrived.status, arrived.planned_ms) == ("skipped", 120_000)
    assert abs(arrived.practised_ms - 9_000) <= 3_000  # CSV keeps minutes to one decimal


@pytest.mark.parametrize("kind", ["fhir", "csv"])
def test_a_start_despite_the_screening_is_exported_and_kept(paths, clinic, tmp_path, kind):
    """The clinic must see that a practice was started against the screening's advice."""
    with open_store(paths) as store:
        me = store.add_client("Sam K.")
        chosen = store.start_run(me.id, "four-seven-eight", "4-7-8 Wind-Down", "", "4-cycles",
                                 150_000, started=START, despite_screening=True)  # fmt: skip
        advised = store.start_run(me.id, "grounding", "Grounding", "", "3", 180_000,
                                  started=START + timedelta(hours=1))  # fmt: skip
        file = tmp_path / f"sam.{kind}"
        (export_fhir if kind == "fhir" else export_csv)(store, file, [me.id])
    if kind == "fhir":
        bundle = json.loads(file.read_text("utf-8"))
        flags = {
            e["resource"]["id"]: [x for x in e["resource"]["extension"] if "despite" in x["url"]]
            for e in bundle["entry"]
            if e["resource"]["resourceType"] == "Procedure"
        }
        assert flags[chosen.id] == [{"url": EXT_DESPITE, "valueBoolean": True}]
        assert flags[advised.id] == []
        Bundle.model_validate(bundle)  # still valid FHIR R4
    else:
        rows = list(csv.DictReader(io.StringIO(file.read_text("utf-8"), newline="")))
        assert [row["despite_screening"] for row in rows] == ["yes", ""]
    import_file(clinic, file)
    assert clinic.run(chosen.id).despite_screening
    assert not clinic.run(advised.id).despite_screening


@pytest.mark.parametrize("last", ["note", "despite_screening"])
def test_a_csv_from_an_earlier_version_still_imports(home, clinic, tmp_path, last):
    """An export written before despite_screening, or before the programme's measures, (its
    columns end at `last`) is read."""
    store, me = home
    file = tmp_path / "old.csv"
    export_csv(store, file, [me.id])
    rows = list(csv.reader(io.StringIO(file.read_text("utf-8"), newline="")))
    keep = rows[0].index(last) + 1
    old = io.StringIO(newline="")
    csv.writer(old, lineterminator="\r\n").writerows(row[:keep] for row in rows)
    file.write_text(old.getvalue(), "utf-8")
    summary = import_file(clinic, file)
    assert summary.runs_added == 3

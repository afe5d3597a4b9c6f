"""Bringing a client's exported log into another installation (home laptop to clinic laptop).

Reads our FHIR Bundle or our CSV. The whole file is checked first, strictly (types, ranges,
references, sizes, depth); anything wrong rejects the file whole with ImportRejected and a
reason, adding nothing. Then everything is added in one transaction, keyed by the stable UUIDs:
clients, runs and ratings already present are left as they are, so importing twice adds
nothing. A client whose name is taken here by someone else is added as "Name (2)". A run still
"running" in the file is added as abandoned: nobody is practising it here.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from calm.errors import ImportRejected, StoreError
from calm.exchange.csv_export import COLUMNS, FORMULA_START, SKIPPED
from calm.exchange.import_parse import (
    MAX_BYTES,
    MAX_ITEMS,
    MAX_NOTE,
    ImportedClient,
    ImportedRating,
    Plan,
    check_name,
    check_period,
    check_text,
    check_uuid,
    check_when,
    parse_fhir,
)
from calm.store import Store
from calm.store.imports import RecordConflict, add_records
from calm.store.records import MEASURES, MOMENTS, STATUSES, RunRecord


@dataclass(frozen=True)
class ImportSummary:
    """What an import added, and what was already here; names every client concerned."""

    clients_added: int
    runs_added: int
    ratings_added: int
    clients_known: int
    runs_known: int
    added_names: tuple[str, ...] = ()  # clients new here, by the name they have here
    known_names: tuple[str, ...] = ()  # clients already here whose practices were brought in
    measures_added: int = 0  # goals' ratings, impressions of change, energy ratings

    def text(self) -> str:
        """'Added 1 client (Anna), 12 practices and 40 ratings (3 practices already here).
        Practices of Bernd went to Bernd.'"""
        added = f"Added {_n(self.clients_added, 'client')}"
        if self.added_names:
            added += f" ({', '.join(self.added_names)})"
        added += f", {_n(self.runs_added, 'practice')} and {_n(self.ratings_added, 'rating')}"
        if self.runs_known:
            added += f" ({_n(self.runs_known, 'practice')} already here)"
        if self.measures_added:
            added += f", and {_n(self.measures_added, 'answer')} about goals, change or energy"
        added += "."
        if self.known_names:
            added += f" Brought in for {', '.join(self.known_names)}, already here."
        return added


def read_plan(path: Path, max_bytes: int = MAX_BYTES) -> Plan:
    """Read and check a file without touching the store; ImportRejected if it is unusable."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise _reject(path, f"it is too large ({size:,} bytes; the limit is {max_bytes:,})")
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise _reject(path, f"it cannot be read ({error.strerror or error})") from error
    if len(data) > max_bytes:
        raise _reject(path, f"it is too large (the limit is {max_bytes:,} bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _reject(path, "it is not UTF-8 text") from None
    try:
        if text.lstrip().startswith("{"):
            return parse_fhir(text)
        return parse_csv(text)
    except ValueError as error:
        raise _reject(path, str(error)) from None


def import_file(store: Store, path: Path, max_bytes: int = MAX_BYTES):
    """Add the clients, runs and ratings of an exported file (idempotent, all or nothing).

    An identity file (calm/exchange/identity.py) is opened as one: at home it makes that
    client the home person. Either way the result has `.text()`, naming each client."""
    from calm.exchange import identity

    head = _head(Path(path))
    if identity.is_identity(head):
        home = store.get_setting("mode", "home") != "clinic"
        return identity.import_identity(store, identity.read_identity(path), make_home=home)
    plan = read_plan(path, max_bytes)
    return import_plan(store, plan, path)


def import_plan(store: Store, plan: Plan, source: Path) -> ImportSummary:
    """Add a checked plan read from `source` (idempotent, all or nothing); ImportRejected
    naming `source` when it disagrees with what is here."""
    try:
        return apply_plan(store, plan)
    except _Conflict as conflict:
        raise _reject(source, str(conflict)) from None


def _head(path: Path) -> str:
    try:
        with open(path, "rb") as handle:
            return handle.read(512).decode("utf-8-sig", errors="replace")
    except OSError:
        return ""  # read_plan says why, in its own sentence


class _Conflict(Exception):
    """The file disagrees with what is here (raised inside the transaction, which rolls back)."""


def apply_plan(store: Store, plan: Plan) -> ImportSummary:
    """Write a checked plan in one transaction."""
    # Nobody is practising a run that was still running in the file: here it is abandoned.
    runs = [replace(r, status="abandoned") if r.status == "running" else r for r in plan.runs]
    try:
        added = add_records(store, plan.clients, runs, plan.ratings, plan.measures)
    except RecordConflict as conflict:
        raise _Conflict(str(conflict)) from None
    except StoreError as error:
        if isinstance(error.__cause__, sqlite3.IntegrityError):
            raise _Conflict(f"it does not fit this practice log ({error.__cause__})") from None
        raise
    return ImportSummary(*added)


def parse_csv(text: str) -> Plan:
    """Read our CSV export; ValueError with the reason if anything is off."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None or tuple(header) != COLUMNS:
            raise ValueError("it is neither a Calm Harbor FHIR file nor its CSV (header differs)")
        clients: dict[str, tuple[str, datetime]] = {}
        runs: dict[str, RunRecord] = {}
        ratings: list[ImportedRating] = []
        for row in reader:
            where = f"line {reader.line_num}"
            if len(runs) >= MAX_ITEMS:
                raise ValueError("it holds too many rows")
            if len(row) != len(COLUMNS):
                raise ValueError(f"{where}: {len(row)} cells instead of {len(COLUMNS)}")
            cell = {key: _unsafe(text) for key, text in zip(COLUMNS, row, strict=True)}
            run = _csv_run(cell, where)
            if run.id in runs:
                raise ValueError(f"{where}: practice {run.id} appears twice")
            runs[run.id] = run
            name = check_name(cell["client"], f"{where}: client")
            known = clients.setdefault(run.client_id, (name, run.started))
            clients[run.client_id] = (known[0], min(known[1], run.started))
            for measure in MEASURES:
                for when in MOMENTS:
                    raw = cell[f"{measure}_{when}"]
                    if raw == "":
                        continue
                    value = None if raw == SKIPPED else _rating_text(raw, f"{where}: {measure}")
                    rated = run.started if when == "before" else (run.ended or run.started)
                    ratings.append(ImportedRating(run.id, measure, when, value, rated))
    except csv.Error as error:
        raise ValueError(f"it is not valid CSV (line {reader.line_num}: {error})") from None
    plan_clients = tuple(ImportedClient(c, n, False, t) for c, (n, t) in clients.items())
    return Plan(plan_clients, tuple(runs.values()), tuple(ratings))


def _csv_run(cell: dict[str, str], where: str) -> RunRecord:
    status = cell["status"]
    if status not in STATUSES:
        raise ValueError(f"{where}: status must be one of {', '.join(STATUSES)}")
    progress = _number(cell["progress_pct"], f"{where}: progress_pct", 0, 100)
    started = check_when(cell["started"], f"{where}: started")
    ended = check_when(cell["ended"], f"{where}: ended") if cell["ended"] else None
    check_period(started, ended, where)
    return RunRecord(
        id=check_uuid(cell["run_id"], f"{where}: run_id"),
        client_id=check_uuid(cell["client_id"], f"{where}: client_id"),
        practice_id=check_text(cell["practice_id"], f"{where}: practice_id", required=True),
        title=check_text(cell["practice_title"], f"{where}: practice_title"),
        script_hash="",
        variant=check_text(cell["length"], f"{where}: length"),
        planned_ms=_minutes_ms(cell["planned_min"], f"{where}: planned_min"),
        started=started,
        ended=ended,
        status=status,
        practised_ms=_minutes_ms(cell["practised_min"], f"{where}: practised_min"),
        progress=progress / 100,
        note=check_text(cell["note"], f"{where}: note", limit=MAX_NOTE),
    )


def _number(text: str, where: str, low: float, high: float) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{where} must be a number, not {text[:40]!r}") from None
    if not low <= value <= high:  # also rejects nan
        raise ValueError(f"{where} must be from {low:g} to {high:g}, not {text[:40]!r}")
    return value


def _minutes_ms(text: str, where: str) -> int:
    return round(_number(text, where, 0, 1440) * 60_000)


def _rating_text(text: str, where: str) -> int:
    if not text.isascii() or not text.isdigit() or not 0 <= int(text) <= 10:
        raise ValueError(f"{where} must be 0 to 10 or 'skipped', not {text[:40]!r}")
    return int(text)


def _unsafe(text: str) -> str:
    """Undo the export's apostrophe in front of formula-like text."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


def _reject(path: Path, reason: str) -> ImportRejected:
    reason = reason.rstrip(".")
    return ImportRejected(f"{Path(path).name} was not imported: {reason}. Nothing was added.")


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"

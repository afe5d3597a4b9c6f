"""Bringing a client's exported log into another installation (home laptop to clinic laptop).

Reads our FHIR Bundle or our CSV, strictly (types, ranges, references, sizes, depth);
anything wrong rejects the file whole with ImportRejected and a reason, adding nothing. A FHIR
file is checked whole first; a CSV file is checked and added part by part as it is read, in one
transaction (a 60 MB file needs little memory). Everything is keyed by the stable UUIDs:
clients, runs and ratings already present are left as they are, so importing twice adds
nothing. A client whose name is taken here by someone else is added as "Name (2)". A run still
"running" in the file is added as abandoned: nobody is practising it here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from calm.errors import ImportRejected, StoreError
from calm.exchange.csv_import import csv_parts, parse_csv
from calm.exchange.import_parse import (
    MAX_BYTES,
    Plan,
    parse_fhir,
)
from calm.store import Store
from calm.store.imports import RecordConflict, add_in_parts, add_records
from calm.store.records import RunRecord


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
        _size_within(path, max_bytes)
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


def import_file(
    store: Store,
    path: Path,
    max_bytes: int = MAX_BYTES,
    progress: Callable[[float], None] | None = None,
):
    """Add the clients, runs and ratings of an exported file (idempotent, all or nothing).

    An identity file (calm/exchange/identity.py) is opened as one: at home it makes that
    client the home person. Either way the result has `.text()`, naming each client."""
    from calm.exchange import identity

    head = _head(Path(path))
    if identity.is_identity(head):
        home = store.get_setting("mode", "home") != "clinic"
        return identity.import_identity(store, identity.read_identity(path), make_home=home)
    if not head.lstrip().startswith("{"):  # our CSV: checked and added as it is read
        return import_csv(store, Path(path), max_bytes, progress)
    summary = import_plan(store, read_plan(path, max_bytes), path)
    if progress is not None:
        progress(1.0)
    return summary


def import_plan(store: Store, plan: Plan, source: Path) -> ImportSummary:
    """Add a checked plan read from `source` (idempotent, all or nothing); ImportRejected
    naming `source` when it disagrees with what is here."""
    try:
        return apply_plan(store, plan)
    except _Conflict as conflict:
        raise _reject(source, str(conflict)) from None


def import_csv(
    store: Store,
    path: Path,
    max_bytes: int = MAX_BYTES,
    progress: Callable[[float], None] | None = None,
) -> ImportSummary:
    """Add a CSV export part by part inside one transaction (calm/exchange/csv_import.py,
    calm/store/imports.py): memory stays flat for the biggest file, and a bad row anywhere
    still adds nothing. `progress(fraction)` is called after each part."""
    size = _size_within(path, max_bytes)
    report = None
    if progress is not None:
        report = lambda read: progress(min(read / max(size, 1), 1.0))  # noqa: E731
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            parts = (
                (part.clients, [_abandoned(r) for r in part.runs], part.ratings, part.measures)
                for part in csv_parts(handle, report)
            )
            return ImportSummary(*add_in_parts(store, parts))
    except UnicodeDecodeError:
        raise _reject(path, "it is not UTF-8 text") from None
    except (ValueError, RecordConflict) as error:
        raise _reject(path, str(error)) from None
    except StoreError as error:
        if isinstance(error.__cause__, sqlite3.IntegrityError):
            raise _reject(path, f"it does not fit this practice log ({error.__cause__})") from None
        raise
    except OSError as error:
        raise _reject(path, f"it cannot be read ({error.strerror or error})") from error


def _abandoned(run: RunRecord) -> RunRecord:
    """Nobody is practising a run that was still running in the file: here it is abandoned."""
    return replace(run, status="abandoned") if run.status == "running" else run


def _size_within(path: Path, max_bytes: int) -> int:
    """The file's size, or ImportRejected when it is too large or cannot be read."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise _reject(path, f"it cannot be read ({error.strerror or error})") from error
    if size > max_bytes:
        raise _reject(path, f"it is too large ({size:,} bytes; the limit is {max_bytes:,})")
    return size


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
    runs = [_abandoned(run) for run in plan.runs]
    try:
        added = add_records(store, plan.clients, runs, plan.ratings, plan.measures)
    except RecordConflict as conflict:
        raise _Conflict(str(conflict)) from None
    except StoreError as error:
        if isinstance(error.__cause__, sqlite3.IntegrityError):
            raise _Conflict(f"it does not fit this practice log ({error.__cause__})") from None
        raise
    return ImportSummary(*added)


def _reject(path: Path, reason: str) -> ImportRejected:
    reason = reason.rstrip(".")
    return ImportRejected(f"{Path(path).name} was not imported: {reason}. Nothing was added.")


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"

"""`calm-harbor salvage FILE`: bring back what can be read from a damaged practice log that
was moved aside, through the importer, so nothing already here is added twice.

Only clients, practices and their ratings come back (what an export holds); each row read
is checked as strictly as an imported one, and a row that is damaged or refers to a row that
could not be read is left out and counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from calm.exchange.import_parse import (
    ImportedClient,
    ImportedRating,
    Plan,
    check_name,
    check_text,
    check_uuid,
    check_when,
)
from calm.exchange.importer import ImportSummary, import_plan
from calm.store import Store
from calm.store.records import MEASURES, MOMENTS, STATUSES, RunRecord
from calm.store.salvage import Salvaged, read_damaged

MAX_MS = 24 * 3600 * 1000


@dataclass(frozen=True)
class SalvageResult:
    """What was read from the damaged file and what of it was added here."""

    read: Plan
    left_out: int  # rows read but unusable (damaged, or their client or practice was lost)
    damaged_parts: int  # places where reading had to skip a damaged part of the file
    added: ImportSummary

    def text(self, path: Path) -> str:
        plan = self.read
        said = (
            f"Read {_n(len(plan.clients), 'client')}, {_n(len(plan.runs), 'practice')} and "
            f"{_n(len(plan.ratings), 'rating')} from {path.name}"
        )
        if self.damaged_parts or self.left_out:
            said += " (some of it was too damaged to read"
            said += f"; {_n(self.left_out, 'row')} left out)" if self.left_out else ")"
        return f"{said}. {self.added.text()}"


def salvage_file(store: Store, path: Path) -> SalvageResult:
    """Read what can be read from `path` and add it here (see the module docstring)."""
    path = Path(path)
    found = read_damaged(path)
    plan, left_out = _plan(found)
    return SalvageResult(plan, left_out, found.skipped, import_plan(store, plan, path))


def _plan(found: Salvaged) -> tuple[Plan, int]:
    left_out = 0
    clients: dict[int, ImportedClient] = {}
    for row in found.clients:
        try:
            clients[row["id"]] = ImportedClient(
                check_uuid(row["uuid"], "uuid"),
                _name(row),
                bool(row["archived"]),
                check_when(row["created"], "created"),
            )
        except (ValueError, TypeError, KeyError):
            left_out += 1
    runs: dict[int, RunRecord] = {}
    for row in found.runs:
        try:
            runs[row["id"]] = _run(row, clients)
        except (ValueError, TypeError, KeyError):
            left_out += 1
    ratings = []
    for row in found.ratings:
        try:
            ratings.append(_rating(row, runs))
        except (ValueError, TypeError, KeyError):
            left_out += 1
    return Plan(tuple(clients.values()), tuple(runs.values()), tuple(ratings)), left_out


def _name(row: dict) -> str:
    try:
        return check_name(row["display_name"], "name")
    except ValueError:  # unreadable, or a name an earlier version let in: keep the person
        return f"Client {str(row['uuid'])[:8]}"


def _run(row: dict, clients: dict[int, ImportedClient]) -> RunRecord:
    if row["status"] not in STATUSES:
        raise ValueError("status")
    progress = float(row["progress"])
    if not 0 <= progress <= 1:
        raise ValueError("progress")
    return RunRecord(
        id=check_uuid(row["uuid"], "uuid"),
        client_id=clients[row["client_id"]].id,
        practice_id=check_text(row["practice_id"], "practice", required=True),
        title=check_text(row["title"], "title"),
        script_hash=check_text(row["script_hash"], "hash"),
        variant=check_text(row["variant"], "length"),
        planned_ms=_ms(row["planned_ms"]),
        started=check_when(row["started"], "started"),
        ended=check_when(row["ended"], "ended") if row["ended"] else None,
        status=row["status"],
        practised_ms=_ms(row["practised_ms"]),
        progress=progress,
        note=check_text(row["note"], "note", limit=20_000),
    )


def _rating(row: dict, runs: dict[int, RunRecord]) -> ImportedRating:
    value = row["value"]
    if row["measure"] not in MEASURES or row["moment"] not in MOMENTS:
        raise ValueError("measure")
    if value is not None and (not isinstance(value, int) or not 0 <= value <= 10):
        raise ValueError("value")
    rated: datetime = check_when(row["rated"], "rated")
    return ImportedRating(runs[row["run_id"]].id, row["measure"], row["moment"], value, rated)


def _ms(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_MS:
        raise ValueError("milliseconds")
    return value


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"

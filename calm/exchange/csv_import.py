"""Reading our CSV export back, strictly, as a stream of parts of a few thousand rows: a big
file (a clinic's 330,000 practices) is checked and added part by part inside one transaction,
so memory stays flat and a bad row anywhere still adds nothing.

Every check raises ValueError with a reason a person can read ("line 12: pain_before must be 0
to 10 or 'skipped', not '11'"); the importer turns it into ImportRejected.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime

from calm.exchange.csv_export import (
    COLUMNS,
    EARLIER_COLUMNS,
    FORMULA_START,
    OLDER_COLUMNS,
    PRACTICE,
    SKIPPED,
)
from calm.exchange.csv_measures import MeasureRows
from calm.exchange.import_parse import (
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
)
from calm.exchange.import_programme import MeasuresPlan
from calm.store.records import MEASURES, MOMENTS, STATUSES, RunRecord

PART_ROWS = 2000
HEADER_DIFFERS = "it is neither a Calm Harbor FHIR file nor its CSV (header differs)"


def parse_csv(text: str) -> Plan:
    """The whole of a CSV text as one plan (small files, tests)."""
    clients: dict[str, ImportedClient] = {}
    runs: list[RunRecord] = []
    ratings: list[ImportedRating] = []
    measures = MeasuresPlan()
    for part in csv_parts(io.StringIO(text, newline="")):
        for client in part.clients:
            known = clients.get(client.id)
            if known is None:
                clients[client.id] = client
            elif client.created < known.created:  # the name as first given, the first start
                clients[client.id] = ImportedClient(client.id, known.name, False, client.created)
        runs.extend(part.runs)
        ratings.extend(part.ratings)
        measures.extend(part.measures)
    return Plan(tuple(clients.values()), tuple(runs), tuple(ratings), measures)


def csv_parts(
    lines: Iterable[str],
    progress: Callable[[int], None] | None = None,
    part_rows: int = PART_ROWS,
) -> Iterator[Plan]:
    """Checked plans of up to `part_rows` rows each, in file order; `progress(characters)`
    after each part with how much of the text has been read. ValueError if anything is off
    (the parts before it have been handed out: the caller's transaction rolls them back)."""
    read = [0]

    def counted() -> Iterator[str]:
        for line in lines:
            read[0] += len(line)
            yield line

    reader = csv.reader(counted(), strict=True)
    seen: set[str] = set()
    rows = 0
    measure_rows = MeasureRows()
    try:
        header = next(reader, None)
        if header is None or tuple(header) not in (COLUMNS, EARLIER_COLUMNS, OLDER_COLUMNS):
            raise ValueError(HEADER_DIFFERS)
        columns = tuple(header)  # an older file lacks the columns added since
        part = _Part()
        for row in reader:
            where = f"line {reader.line_num}"
            rows += 1
            if rows > MAX_ITEMS:
                raise ValueError("it holds too many rows")
            cell = _cells(row, where, columns)
            name = check_name(cell["client"], f"{where}: client")
            if measure_rows.record(cell, where) == PRACTICE:
                run, given = _csv_row(cell, where)
                if run.id in seen:
                    raise ValueError(f"{where}: practice {run.id} appears twice")
                seen.add(run.id)
                part.client(run.client_id, name, run.started)
                part.runs.append(run)
                part.ratings.extend(given)
                energy = measure_rows.practice(cell, where)
                if energy is not None:
                    part.measures.energies.append((run.id, run.client_id, energy))
            else:
                client_id = check_uuid(cell["client_id"], f"{where}: client_id")
                when = measure_rows.measure(cell, where, client_id, part.measures)
                part.client(client_id, name, when)
            part.rows += 1
            if part.rows >= part_rows:
                yield part.plan()
                part = _Part()
                if progress is not None:
                    progress(read[0])
        if part.rows or not rows:
            yield part.plan()
    except csv.Error as error:
        raise ValueError(f"it is not valid CSV (line {reader.line_num}: {error})") from None
    if progress is not None:
        progress(read[0])


class _Part:
    """The rows of one part, gathered."""

    def __init__(self) -> None:
        self.rows = 0
        self.clients: dict[str, ImportedClient] = {}
        self.runs: list[RunRecord] = []
        self.ratings: list[ImportedRating] = []
        self.measures = MeasuresPlan()

    def client(self, client_id: str, name: str, when: datetime) -> None:
        """A client as first named in the file, first seen at its earliest row."""
        known = self.clients.get(client_id)
        if known is None or when < known.created:
            self.clients[client_id] = ImportedClient(
                client_id, known.name if known else name, False, when
            )

    def plan(self) -> Plan:
        return Plan(
            tuple(self.clients.values()), tuple(self.runs), tuple(self.ratings), self.measures
        )


def _cells(row: list[str], where: str, columns: tuple[str, ...]) -> dict[str, str]:
    if len(row) != len(columns):
        raise ValueError(f"{where}: {len(row)} cells instead of {len(columns)}")
    return {key: _unsafe(text) for key, text in zip(columns, row, strict=True)}


def _csv_row(cell: dict[str, str], where: str) -> tuple[RunRecord, list[ImportedRating]]:
    run = _csv_run(cell, where)
    ratings = []
    for measure in MEASURES:
        for when in MOMENTS:
            raw = cell[f"{measure}_{when}"]
            if raw == "":
                continue
            value = None if raw == SKIPPED else _rating_text(raw, f"{where}: {measure}")
            rated = run.started if when == "before" else (run.ended or run.started)
            ratings.append(ImportedRating(run.id, measure, when, value, rated))
    return run, ratings


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
        despite_screening=_yes_or_empty(cell.get("despite_screening", ""), where),
    )


def _yes_or_empty(text: str, where: str) -> bool:
    if text not in ("yes", ""):
        raise ValueError(f"{where}: despite_screening must be 'yes' or empty, not {text[:40]!r}")
    return text == "yes"


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

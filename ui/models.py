"""Qt item models for the records screens: clients, practice runs, weekly figures, and the
average change per practice. Each is filled from plain values (calm.store records and
calm.reports.outcomes figures) and can be tested without any widget through
`model.data(index, role)`.

Text is written for people: "Stopped at 40 %", "6 → 4", "–" for a skipped answer, an empty
cell for a question that was never asked. Every cell also has an accessible text that reads
well aloud ("Pain 6 before, 4 after").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

from PySide6.QtCore import QAbstractListModel, QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QFont

from calm.reports.outcomes import (
    MIN_PAIRS,
    NO_ANSWER,
    MeanChange,
    RatingChange,
    WeekFigures,
    WeeklyOutcome,
    run_changes,
)
from calm.reports.outcomes import Adherence as AdherenceFigures
from calm.store import ClientRecord, RunRecord

Display = Qt.ItemDataRole.DisplayRole
Accessible = Qt.ItemDataRole.AccessibleTextRole
ToolTip = Qt.ItemDataRole.ToolTipRole
RecordRole = Qt.ItemDataRole.UserRole  # the record behind a row (ClientRecord / RunRecord)
IdRole = Qt.ItemDataRole.UserRole + 1  # its stable id


def when_text(moment: datetime, this_year: int | None = None) -> str:
    """'Mon 3 Mar 2025, 18:05' ('Mon 3 Mar, 18:05' in `this_year`)."""
    year = "" if moment.year == this_year else f" {moment.year}"
    return f"{moment:%a} {moment.day} {moment:%b}{year}, {moment:%H:%M}"


def day_text(day: date) -> str:
    """'3 Mar 2025'."""
    return f"{day.day} {day:%b %Y}"


def minutes_text(ms: int) -> str:
    """'10 min', '7.5 min', '< 1 min'."""
    minutes = ms / 60_000
    if 0 < minutes < 1:
        return "< 1 min"
    return f"{round(minutes, 1):g} min"


def status_text(run: RunRecord) -> str:
    if run.status == "completed":
        return "Completed"
    if run.status == "skipped":
        return "Skipped through"
    if run.status == "stopped":
        return f"Stopped at {round(run.progress * 100)} %"
    if run.status == "abandoned":
        return "Interrupted"
    return "In progress"


def rating_cell(change: RatingChange | None) -> tuple[str, str]:
    """('6 → 4', 'Pain 6 before, 4 after'); empty when the measure was never asked."""
    if change is None:
        return "", ""
    before = NO_ANSWER if change.before is None else str(change.before)
    after = NO_ANSWER if change.after is None else str(change.after)
    spoken_b = "skipped" if change.before is None else str(change.before)
    spoken_a = "skipped" if change.after is None else str(change.after)
    name = change.measure.capitalize()
    return f"{before} → {after}", f"{name} {spoken_b} before, {spoken_a} after"


class ClientListModel(QAbstractListModel):
    """The clients, by name; archived ones marked, the current one in bold."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.clients: list[ClientRecord] = []
        self.current_id = ""

    def set_clients(self, clients: Sequence[ClientRecord], current_id: str) -> None:
        self.beginResetModel()
        self.clients = list(clients)
        self.current_id = current_id
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.clients)

    def data(self, index: QModelIndex, role: int = Display):
        if not index.isValid() or not 0 <= index.row() < len(self.clients):
            return None
        client = self.clients[index.row()]
        current = client.id == self.current_id
        if role == Display:
            marks = [
                m for m, on in (("archived", client.archived), ("practising now", current)) if on
            ]
            return " · ".join([client.name, *marks])
        if role == Accessible:
            words = client.name
            if client.archived:
                words += ", archived"
            return words + (", practising now" if current else "")
        if role == Qt.ItemDataRole.FontRole and current:
            font = QFont()
            font.setBold(True)
            return font
        if role == RecordRole:
            return client
        if role == IdRole:
            return client.id
        return None

    def row_of(self, client_id: str) -> int:
        """The row of a client, or -1."""
        return next((n for n, c in enumerate(self.clients) if c.id == client_id), -1)


class _Table(QAbstractTableModel):
    """A read-only table of text cells with a header and an accessible text per cell."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.rows: list[tuple] = []  # per row: (record, cells, spoken cells, tooltips)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Display):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Display:
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex, role: int = Display):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        record, cells, spoken, tips = self.rows[index.row()]
        column = index.column()
        if role == Display:
            return cells[column]
        if role == Accessible:
            return spoken[column] or cells[column]
        if role == ToolTip:
            return tips[column] or None
        if role == RecordRole:
            return record
        return None

    def _reset(self, rows: list[tuple]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()


class RunTableModel(_Table):
    """One client's practice runs, newest first."""

    HEADERS = ("Date", "Practice", "Length", "Status", "Pain", "Stress", "Note")
    NOTE = 6

    def set_runs(self, runs: Sequence[RunRecord], this_year: int | None = None) -> None:
        rows = []
        for run in sorted(runs, key=lambda r: r.started, reverse=True):
            changes = {c.measure: c for c in run_changes(run)}
            pain, pain_words = rating_cell(changes.get("pain"))
            stress, stress_words = rating_cell(changes.get("stress"))
            length = minutes_text(run.practised_ms)  # how far a stopped one got: in Status
            note = " ".join(run.note.split())
            cells = (
                when_text(run.started, this_year),
                run.title,
                length,
                status_text(run),
                pain,
                stress,
                note,
            )
            spoken = ("", "", "", "", pain_words, stress_words, "")
            tips = ("", "", "", "", "", "", run.note)
            rows.append((run, cells, spoken, tips))
        self._reset(rows)


class WeekTableModel(_Table):
    """Week by week: practices, minutes, and the average pain and stress before practice."""

    HEADERS = ("Week of", "Practices", "Minutes", "Pain before", "Stress before")

    def set_figures(self, adherence: AdherenceFigures, weekly: Mapping[str, WeeklyOutcome]) -> None:
        by_week = {m: {w.week_start: w for w in weekly[m].weeks} for m in weekly}
        rows = []
        for week in reversed(adherence.weeks):
            cells = [day_text(week.week_start), str(week.practices), f"{round(week.minutes):g}"]
            spoken = ["", "", ""]
            for measure in ("pain", "stress"):
                figures = by_week.get(measure, {}).get(week.week_start)
                if figures is None or figures.mean_before is None:
                    cells.append("")
                    spoken.append(f"no {measure} ratings")
                    continue
                text, words = week_cell(figures)
                cells.append(text)
                spoken.append(f"{measure} {words}")
            rows.append((week, tuple(cells), tuple(spoken), ("",) * 5))
        self._reset(rows)


class ChangeTableModel(_Table):
    """Per practice: how often both ratings were given and the average before → after."""

    HEADERS = ("Practice", "Times rated", "Pain before → after", "Stress before → after")

    def set_changes(
        self, changes: Mapping[str, Sequence[MeanChange]], titles: Mapping[str, str]
    ) -> None:
        found: dict[str, dict[str, MeanChange]] = {}
        for measure, per_practice in changes.items():
            for change in per_practice:
                found.setdefault(change.key, {})[measure] = change
        rows = []
        for key, measures in found.items():
            pairs = max(c.pairs for c in measures.values())
            if not pairs:
                continue
            cells = [titles.get(key, key), str(pairs)]
            spoken = ["", f"rated before and after {pairs} times"]
            for measure in ("pain", "stress"):
                text, words = change_cell(measures.get(measure))
                cells.append(text)
                spoken.append(words)
            rows.append((key, tuple(cells), tuple(spoken), ("", "") + tuple(spoken[2:])))
        rows.sort(key=lambda row: -int(row[1][1]))
        self._reset(rows)


def week_cell(figures: WeekFigures) -> tuple[str, str]:
    """('4.2 (-1.8, -30 %)', '4.2 on average, 1.8 points (30 %) lower than at the start')."""
    text = f"{figures.mean_before:.1f}"
    words = f"{figures.mean_before:.1f} on average"
    if figures.in_baseline:
        return f"{text} (start)", f"{words}, part of the starting weeks"
    if figures.reduction_pct is None or figures.change_points is None:
        return text, words
    text += f" ({-figures.change_points:+.1f}, {-figures.reduction_pct:+.0f} %)"
    direction = "lower" if figures.change_points > 0 else "higher"
    amount = f"{abs(figures.change_points):.1f} points ({abs(figures.reduction_pct):.0f} %)"
    return text, f"{words}, {amount} {direction} than at the start"


def change_cell(change: MeanChange | None) -> tuple[str, str]:
    """('4.0 → 5.3, higher after', spoken words) for one measure of one practice."""
    if change is None or not change.pairs:
        return "", ""
    name = change.measure.capitalize()
    if change.too_few:
        return (
            f"Too few ratings yet ({change.pairs} of {MIN_PAIRS})",
            f"{name}: too few ratings yet, {change.pairs} of the {MIN_PAIRS} needed",
        )
    text = f"{change.mean_before:.1f} → {change.mean_after:.1f}"
    if change.worse_after:
        text += ", higher after"
    return text, _change_words(change.measure, change.mean_change)


def _change_words(measure: str, change: float) -> str:
    """'Pain 1.5 points lower after practice, on average'."""
    if abs(change) < 0.05:
        return f"{measure.capitalize()} about the same after practice, on average"
    direction = "lower" if change < 0 else "higher"
    return f"{measure.capitalize()} {abs(change):.1f} points {direction} after practice, on average"

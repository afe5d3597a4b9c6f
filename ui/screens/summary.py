"""The summary after a practice: the change said plainly ("Pain 6 → 4 · Stress 7 → 3"), the
note, and how many practices this week. One session's change is shown, never judged."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QBoxLayout, QFrame, QVBoxLayout, QWidget

from calm.reports.ending import ending_sentence, ending_title
from calm.store import RunRecord
from ui.widgets import button, label

SKIPPED = "—"
WAITING = (
    "Your disk is full, so this practice is kept until there is space; it is saved then, or "
    "when Calm Harbor closes."
)


def change_text(run: RunRecord) -> str:
    """'Pain 6 → 4 · Stress 7 → 3'; a skipped answer shows as —, a measure with neither
    answer as 'not rated'."""
    parts = []
    for measure in ("pain", "stress"):
        before, after = run.value(measure, "before"), run.value(measure, "after")
        name = measure.capitalize()
        if before is None and after is None:
            parts.append(f"{name} not rated")
        else:
            shown = [SKIPPED if v is None else str(v) for v in (before, after)]
            parts.append(f"{name} {shown[0]} → {shown[1]}")
    return " · ".join(parts)


def spoken_change(run: RunRecord) -> str:
    """The same for a screen reader, without arrows and dashes."""
    parts = []
    for measure in ("pain", "stress"):
        before, after = run.value(measure, "before"), run.value(measure, "after")
        said = ["not rated" if v is None else str(v) for v in (before, after)]
        parts.append(f"{measure} before {said[0]}, after {said[1]}")
    return "; ".join(parts).capitalize()


class SummaryScreen(QWidget):
    """What changed, the note, practices this week; back to Practices or on to Progress."""

    home_requested = Signal()
    progress_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 24, 40, 24)
        outer.setSpacing(16)
        self.title = label("Well done", "heading", wrap=True)
        outer.addWidget(self.title)
        card = QFrame()
        card.setProperty("role", "card")
        inside = QVBoxLayout(card)
        inside.setContentsMargins(24, 18, 24, 18)
        self.change = label("", "summary", wrap=True)
        inside.addWidget(self.change)
        outer.addWidget(card)
        self.how_far = label("", "muted", wrap=True)
        outer.addWidget(self.how_far)
        self.note = label("", wrap=True)
        outer.addWidget(self.note)
        self.week = label("", wrap=True)
        outer.addWidget(self.week)
        outer.addStretch(1)
        # Side by side, or one under the other when large text would clip them (resizeEvent).
        self.buttons_row = row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.progress = button("See your progress", "See your progress over the weeks")
        self.progress.clicked.connect(self.progress_requested)
        self.home = button("Back to practices", None, "primary")
        self.home.setDefault(True)
        self.home.clicked.connect(self.home_requested)
        row.addWidget(self.progress)
        row.addStretch(1)
        row.addWidget(self.home)
        outer.addLayout(row)

    def show_run(
        self,
        run: RunRecord,
        runs: list[RunRecord],
        today: date | None = None,
        waiting: bool = False,
    ) -> None:
        """Fill in from the run as given and the client's runs (for this week's count);
        `waiting`: part of it waits for disk space, and the person is told so."""
        self.title.setText(ending_title(run.status))
        self.change.setText(change_text(run))
        self.change.setAccessibleName(spoken_change(run))
        how_far = ending_sentence(run.status, run.title, run.practised_ms, run.planned_ms)
        self.how_far.setText(f"{how_far} {WAITING}" if waiting else how_far)
        self.note.setText(f"Your note: {run.note}" if run.note else "")
        self.note.setVisible(bool(run.note))
        from calm.reports.outcomes import practices_this_week  # only once a practice is done

        count = practices_this_week(runs, today or date.today())
        self.week.setText(
            "This is your first practice this week."
            if count == 1
            else f"You have practised {count} times this week."
            if count
            else "No practices logged yet this week."
        )

    def set_progress_available(self, available: bool) -> None:
        self.progress.setVisible(available)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        margins = self.layout().contentsMargins()
        needed = sum(b.sizeHint().width() for b in (self.progress, self.home)) + 24
        narrow = needed > self.width() - margins.left() - margins.right()
        row = self.buttons_row
        row.setDirection(
            QBoxLayout.Direction.TopToBottom if narrow else QBoxLayout.Direction.LeftToRight
        )
        row.setStretch(1, 0 if narrow else 1)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        QTimer.singleShot(0, self.home.setFocus)

"""The weekly questions, after a practice: how well the client can do each of their goals now
(0-10, Patient-Specific Functional Scale style) and, every 4 weeks, the Patient Global
Impression of Change. Asked at the first practice of a week; everything can be skipped, and
nothing is guessed: a goal left unrated is simply not rated this time.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from calm.programme.model import GOAL_ENDS, GOAL_QUESTION, PGIC_CHOICES, PGIC_QUESTION, Goal
from ui.screens.parts import TARGETS_STYLE
from ui.theme import MIN_TARGET_PX
from ui.widgets import RatingRow, button, label


class WeeklyScreen(QWidget):
    """Goal ratings and the impression of change; `answered(goal_values, impression)` on
    Continue (dict goal id -> 0-10 for the goals rated; impression 1-7 or None), `skipped`."""

    answered = Signal(dict, object)
    skipped = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setStyleSheet(TARGETS_STYLE)
        page = QVBoxLayout(self)
        page.setContentsMargins(40, 16, 40, 20)
        page.setSpacing(10)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        page.addWidget(self.scroll, 1)
        footer = QHBoxLayout()
        self.later = button("Not now", "Not now: skip these questions this time")
        self.later.clicked.connect(self.skipped)
        self.go_on = button("Continue", "Save the answers and continue", "primary")
        self.go_on.setDefault(True)
        self.go_on.clicked.connect(self._continue)
        footer.addWidget(self.later)
        footer.addStretch(1)
        footer.addWidget(self.go_on)
        page.addLayout(footer)
        self.goal_rows: list[tuple[Goal, RatingRow]] = []
        self.impression_group: QButtonGroup | None = None

    def open(self, goals: list[Goal], ask_impression: bool) -> None:
        """Ready for this week's questions: a row per goal, the seven choices when asked."""
        body = QWidget()
        outer = QVBoxLayout(body)
        outer.setContentsMargins(0, 0, 8, 0)
        outer.setSpacing(14)
        outer.addWidget(label("This week's questions", "title", wrap=True))
        outer.addWidget(
            label(
                "A few questions once a week, so you and your therapist can see what changes. "
                "Answer what you like; you can skip any of them.",
                "muted",
                wrap=True,
            )
        )
        self.goal_rows = []
        for goal in goals:
            question = f"{GOAL_QUESTION} {goal.text}"
            row = RatingRow("goal", scale=(question, *GOAL_ENDS))
            outer.addWidget(row)
            self.goal_rows.append((goal, row))
        for (_goal, row), (_next, after) in zip(self.goal_rows, self.goal_rows[1:], strict=False):
            row.rated.connect(lambda _v, target=after: target.focus_target().setFocus())
        self.impression_group = None
        if ask_impression:
            outer.addWidget(label(PGIC_QUESTION, "heading", wrap=True))
            self.impression_group = QButtonGroup(self)
            for value, words in enumerate(PGIC_CHOICES, 1):
                row, choice = _choice(value, words)
                self.impression_group.addButton(choice, value)
                outer.addWidget(row)
        outer.addStretch(1)
        self.scroll.setWidget(body)
        self.scroll.verticalScrollBar().setValue(0)

    def answers(self) -> tuple[dict[str, int], int | None]:
        """The goals rated (id -> 0-10) and the impression chosen (1-7), or None."""
        goals = {goal.id: row.value for goal, row in self.goal_rows if row.value is not None}
        chosen = self.impression_group.checkedId() if self.impression_group else -1
        return goals, (chosen if chosen > 0 else None)

    def _continue(self) -> None:
        goals, impression = self.answers()
        self.answered.emit(goals, impression)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self.goal_rows:
            QTimer.singleShot(0, lambda: self.goal_rows[0][1].focus_target().setFocus())

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.key() == Qt.Key.Key_Escape:
            self.skipped.emit()
            return
        super().keyPressEvent(event)


class _Words(QLabel):
    """The words of a choice, wrapping at any width; a click on them chooses it."""

    def __init__(self, text: str, choice: QRadioButton):
        super().__init__(text)
        self.choice = choice
        self.setWordWrap(True)

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.choice.click()
        self.choice.setFocus()


def _choice(value: int, words: str) -> tuple[QWidget, QRadioButton]:
    """One of the seven answers: a radio button with its number and the words beside it, which
    wrap (a radio button's own text never does, and would widen the page at large text)."""
    row = QWidget()
    line = QHBoxLayout(row)
    line.setContentsMargins(0, 0, 0, 0)
    choice = QRadioButton(f"{value}.")
    choice.setAccessibleName(f"{value} of 7: {words}")
    choice.setMinimumHeight(MIN_TARGET_PX)
    line.addWidget(choice, 0, Qt.AlignmentFlag.AlignTop)
    line.addWidget(_Words(words, choice), 1)
    return row, choice

"""The safety questions as large Yes/No toggles, shared by the first-start welcome and Settings.

Each answer is saved the moment it is given (`screening.answers`), so nothing is lost if the
person walks away half-way. Arrow keys move between Yes and No of one question; Tab moves on.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from calm.practice.library import Library
from calm.practice.screening import QUESTIONS, Question, assess, normalise_answers
from calm.settings import Settings
from ui.screens.parts import text_label


class QuestionRow(QFrame):
    """One question with its Yes and No toggles (neither is chosen until the person answers)."""

    answered = Signal(str, bool)  # question id, yes

    def __init__(self, question: Question, parent: QWidget | None = None):
        super().__init__(parent)
        self.question = question
        self.setProperty("role", "card")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(18, 12, 18, 12)
        layout.setSpacing(16)
        words = QVBoxLayout()
        words.setSpacing(2)
        self.text = text_label(question.text)
        words.addWidget(self.text)
        words.addWidget(text_label(question.why, "muted"))
        layout.addLayout(words, 1)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.yes = self._toggle("Yes")
        self.no = self._toggle("No")
        for button in (self.yes, self.no):
            layout.addWidget(button)
        self.group.buttonClicked.connect(lambda b: self.answered.emit(question.id, b is self.yes))

    def _toggle(self, word: str) -> QPushButton:
        button = QPushButton(word)
        button.setCheckable(True)
        # Auto-exclusive checkable buttons let the arrow keys move (and answer) within a row.
        button.setAutoExclusive(True)
        button.setProperty("option", True)  # wide enough for a word (parts.PAGE_STYLE)
        button.setAccessibleName(f"{word}: {self.question.text}")
        self.group.addButton(button)
        return button

    def value(self) -> bool | None:
        if self.yes.isChecked():
            return True
        return False if self.no.isChecked() else None

    def set_value(self, value: object) -> None:
        # An exclusive group cannot uncheck its last button; lift that while clearing.
        self.group.setExclusive(False)
        for button in (self.yes, self.no):
            button.setAutoExclusive(False)
        self.yes.setChecked(value is True)
        self.no.setChecked(value is False)
        for button in (self.yes, self.no):
            button.setAutoExclusive(True)
        self.group.setExclusive(True)


class ScreeningForm(QWidget):
    """The safety questions; `changed(answers)` after each answer, already saved."""

    changed = Signal(dict)

    def __init__(
        self, settings: Settings, library: Library | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.settings = settings
        self.library = library
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        self.rows: dict[str, QuestionRow] = {}
        for question in QUESTIONS:
            row = QuestionRow(question)
            row.answered.connect(self._answered)
            layout.addWidget(row)
            self.rows[question.id] = row
        self.effect = text_label("", "muted")
        self.effect.setAccessibleName("What your answers change")
        layout.addWidget(self.effect)
        self.reload()

    def reload(self) -> None:
        """Show the saved answers."""
        saved = normalise_answers(self.settings.get("screening.answers"))
        for qid, row in self.rows.items():
            row.set_value(saved.get(qid))
        self._describe()

    def answers(self) -> dict[str, bool]:
        return {qid: row.value() for qid, row in self.rows.items() if row.value() is not None}

    def unanswered(self) -> list[QuestionRow]:
        return [row for row in self.rows.values() if row.value() is None]

    def _answered(self, _qid: str, _yes: bool) -> None:
        answers = self.answers()
        self.settings.set("screening.answers", answers)
        self._describe()
        self.changed.emit(answers)

    def _describe(self) -> None:
        """Say what the answers change, so a "yes" never silently removes practices."""
        if self.library is None:
            self.effect.setText("")
            return
        answers = self.answers()
        advice = [assess(script, answers) for script in self.library.scripts.values()]
        hidden = sum(a.hidden for a in advice)
        noted = sum(not a.hidden and (a.warning is not None) for a in advice)
        if not hidden and not noted:
            text = "Every practice suits these answers."
        else:
            parts = []
            if hidden:
                parts.append(f"{_count(hidden, 'practice')} will be hidden")
            if noted:
                parts.append(f"{_count(noted, 'practice')} will show a safety note")
            text = "With these answers, " + " and ".join(parts) + "."
        self.effect.setText(text)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"

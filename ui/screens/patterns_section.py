"""The person's own breathing patterns in Settings: the saved ones (each with Delete) and a form
to add one — a name and four phases in seconds, checked by calm.practice.patterns, with its message
shown in plain words when something is out of range.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from calm.errors import StoreError
from calm.practice.patterns import BreathPattern, PatternError
from calm.store import Store
from ui.screens.flow_layout import FlowLayout
from ui.screens.parts import Plain, text_label

PHASES = ("Breathe in", "Hold after in", "Breathe out", "Hold after out")
PHASE_NAMES = ("inhale", "hold after inhale", "exhale", "hold after exhale")
DEFAULT_SECONDS = (4.0, 0.0, 6.0, 0.0)


class PatternsSection(QWidget):
    """Saved patterns and the form to add one; `changed()` after a pattern is saved or deleted."""

    changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        self.list_layout = QVBoxLayout()
        self.list_layout.setSpacing(6)
        layout.addLayout(self.list_layout)
        layout.addWidget(text_label("Add a pattern of your own", "muted"))
        self.name = QLineEdit()
        self.name.setPlaceholderText("Name, for example “Evening 4-6”")
        self.name.setAccessibleName("Name of the new pattern")
        layout.addWidget(self.name)
        grid = FlowLayout(spacing=14)
        # Lists of half seconds rather than spin boxes: arrow keys step through them, and a
        # value off the 0.5 s grid cannot be typed in by accident.
        self.phases: list[QComboBox] = []
        for title, name, seconds in zip(PHASES, PHASE_NAMES, DEFAULT_SECONDS, strict=True):
            combo = QComboBox()
            for half in range(0, 41):
                combo.addItem(f"{half / 2:g} s", half / 2)
            combo.setCurrentIndex(combo.findData(seconds))
            combo.setAccessibleName(f"Seconds: {name}")
            box = Plain()
            stacked = QVBoxLayout(box)
            stacked.setContentsMargins(0, 0, 0, 0)
            stacked.setSpacing(4)
            stacked.addWidget(text_label(title, wrap=False))
            stacked.addWidget(combo)
            grid.addWidget(box)
            self.phases.append(combo)
        layout.addLayout(grid)
        row = QHBoxLayout()
        self.save = QPushButton("Save pattern")
        self.save.setAccessibleName("Save the new breathing pattern")
        self.save.clicked.connect(self.add_pattern)
        row.addWidget(self.save)
        row.addStretch(1)
        layout.addLayout(row)
        self.message = text_label("", "muted")
        self.message.setAccessibleName("Pattern message")
        self.message.hide()
        layout.addWidget(self.message)
        self.rows: dict[str, QWidget] = {}
        self.reload()

    def reload(self) -> None:
        """Show the saved patterns."""
        while self.list_layout.count():
            item = self.list_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()  # at once; deleteLater waits for the event loop
                item.widget().deleteLater()
        self.rows = {}
        patterns = self.store.patterns()
        if not patterns:
            self.list_layout.addWidget(text_label("No patterns of your own yet.", "muted"))
        for pattern in patterns:
            self.list_layout.addWidget(self._row(pattern))

    def _row(self, pattern: BreathPattern) -> QWidget:
        row = Plain()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(text_label(f"{pattern.name}: {pattern.describe()}"), 1)
        delete = QPushButton("Delete")
        delete.setAccessibleName(f"Delete the pattern {pattern.name}")
        delete.clicked.connect(lambda _=False, n=pattern.name: self.delete_pattern(n))
        line.addWidget(delete)
        self.rows[pattern.name] = row
        return row

    def add_pattern(self) -> BreathPattern | None:
        """Check and save the form's pattern; a plain message either way."""
        seconds = [combo.currentData() for combo in self.phases]
        name = " ".join(self.name.text().split())
        try:
            if not name:
                raise StoreError("Please give the pattern a name.")
            pattern = self.store.save_pattern(BreathPattern.from_seconds(seconds, name=name))
        except PatternError as error:
            return self._say(f"This pattern cannot be saved: {_sentence(str(error))}", True)
        except StoreError as error:
            return self._say(str(error), True)
        self.name.clear()
        self.reload()
        self._say(f"Saved “{pattern.name}”: {pattern.describe()}.", False)
        self.changed.emit()
        return pattern

    def delete_pattern(self, name: str) -> None:
        try:
            self.store.delete_pattern(name)
        except StoreError as error:
            self._say(str(error), True)
            return
        self.reload()
        self._say(f"Deleted “{name}”.", False)
        self.changed.emit()

    def _say(self, text: str, problem: bool) -> None:
        self.message.setText(text)
        self.message.show()
        self.message.setProperty("role", "warning" if problem else "muted")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        return None


def _sentence(text: str) -> str:
    """calm.practice.patterns gives a clause; end it as a sentence."""
    return text.strip().rstrip(".") + "."

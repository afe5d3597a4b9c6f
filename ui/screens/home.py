"""Home: the practices by category, each with its lengths, purpose and safety marks."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from calm.library import Library
from calm.script import CATEGORY_TITLES, SAFETY_FLAGS, Script


def label(text: str, role: str | None = None, wrap: bool = False) -> QLabel:
    widget = QLabel(text)
    if role:
        widget.setProperty("role", role)
    widget.setWordWrap(wrap)
    return widget


class PracticeCard(QFrame):
    """One practice: title, purpose, safety marks, and a button per length."""

    chosen = Signal(str, str)  # script id, variant id

    def __init__(self, script: Script, parent: QWidget | None = None):
        super().__init__(parent)
        self.script = script
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(6)
        layout.addWidget(label(script.title, "heading"))
        layout.addWidget(label(script.description, "muted", wrap=True))
        marks = [SAFETY_FLAGS[flag] for flag in script.safety if flag in SAFETY_FLAGS]
        if marks:
            layout.addWidget(label(" · ".join(marks), "muted", wrap=True))
        row = QHBoxLayout()
        row.setSpacing(10)
        for variant in script.variants:
            button = QPushButton(variant.label)
            button.setAccessibleName(f"Start {script.title}, {variant.label}")
            button.clicked.connect(lambda _=False, v=variant.id: self.chosen.emit(script.id, v))
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)

    def matches(self, text: str) -> bool:
        haystack = f"{self.script.title} {self.script.description} {self.script.category}"
        return text.lower() in haystack.lower()


class HomeScreen(QWidget):
    """The practices to choose from; emits `practice_chosen(script_id, variant_id)`."""

    practice_chosen = Signal(str, str)

    def __init__(self, library: Library, parent: QWidget | None = None):
        super().__init__(parent)
        self.cards: list[PracticeCard] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 24, 32, 24)
        outer.addWidget(label("Choose a practice", "title"))
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search practices")
        self.search.setAccessibleName("Search practices")
        self.search.textChanged.connect(self._filter)
        outer.addWidget(self.search)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        self.body_layout = QVBoxLayout(body)
        self.body_layout.setSpacing(14)
        self.headings: list[tuple[QLabel, list[PracticeCard]]] = []
        for category, scripts in library.by_category():
            heading = label(CATEGORY_TITLES.get(category, category), "heading")
            self.body_layout.addWidget(heading)
            group = []
            for script in scripts:
                card = PracticeCard(script)
                card.chosen.connect(self.practice_chosen)
                self.body_layout.addWidget(card)
                group.append(card)
            self.cards += group
            self.headings.append((heading, group))
        for item in library.unavailable:
            first = item.reason.splitlines()[0] if item.reason else item.path
            note = label(f"Unavailable: {first}", "warning", wrap=True)
            note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.body_layout.addWidget(note)
        self.body_layout.addStretch(1)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

    def _filter(self, text: str) -> None:
        for heading, group in self.headings:
            visible = 0
            for card in group:
                card.setVisible(card.matches(text))
                visible += card.isVisibleTo(self) or card.matches(text)
            heading.setVisible(visible > 0)

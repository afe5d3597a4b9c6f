"""Small widgets shared by the screens: labels with a role, the notice bar, the rating row.

The rating row is the heart of the check-in: eleven large buttons 0-10 with the end labels of
CONTENT.md under the ends, arrow keys to move, Enter or Space to choose, and a Skip.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

# The measures and the words at their ends (CONTENT.md, "Measures").
SCALES = {
    "pain": ("How much pain do you feel right now?", "No pain", "Pain as bad as you can imagine"),
    "stress": (
        "How stressed do you feel right now?",
        "No stress",
        "Worst stress you can imagine",
    ),
    "energy": ("How much energy do you have right now?", "None at all", "As much as you ever have"),
}


def label(text: str, role: str | None = None, wrap: bool = False) -> QLabel:
    """A QLabel styled by its role in theme.py (title, heading, muted, caption, warning...)."""
    widget = QLabel(text)
    if role:
        widget.setProperty("role", role)
    widget.setWordWrap(wrap)
    widget.setIndent(0)  # a style-sheet padding would otherwise add half an "x" of indent
    return widget


def button(text: str, name: str | None = None, role: str | None = None) -> QPushButton:
    """A push button with an accessible name (the text unless a fuller one is given)."""
    widget = Button(text)
    widget.setAccessibleName(name or text.replace("&", ""))
    if role:
        widget.setProperty("role", role)
    return widget


def restyle(widget: QWidget) -> None:
    """Re-read the style sheet after a `role` property changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class Button(QPushButton):
    """A push button that Enter presses as well as Space (outside dialogs Qt lets only Space
    press a button, and many keyboard users reach for Enter)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if plain and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()
            event.accept()
            return
        super().keyPressEvent(event)


class NoticeBar(QWidget):
    """Plain sentences the person should see (sound unavailable, a restored backup, an error),
    each with a Dismiss button. Empty, it takes no room."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(24, 0, 24, 0)
        self._layout.setSpacing(8)
        self.setVisible(False)

    def add(self, text: str) -> QFrame:
        """Show a sentence (the same sentence twice is shown once)."""
        for frame in self.notices():
            if frame.property("text") == text:
                return frame
        frame = QFrame()
        frame.setProperty("role", "notice")
        frame.setProperty("text", text)
        row = QHBoxLayout(frame)
        row.setContentsMargins(16, 10, 10, 10)
        words = label(text, wrap=True)
        words.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        words.setAccessibleName(text)
        row.addWidget(words, 1)
        dismiss = button("Dismiss", f"Dismiss: {text[:60]}")
        dismiss.clicked.connect(lambda: self.remove(frame))
        row.addWidget(dismiss, 0, Qt.AlignmentFlag.AlignTop)
        self._layout.addWidget(frame)
        self.setVisible(True)
        return frame

    def remove(self, frame: QFrame) -> None:
        frame.hide()
        self._layout.removeWidget(frame)
        frame.deleteLater()
        self.setVisible(any(f is not frame for f in self.notices()))

    def clear(self) -> None:
        for frame in self.notices():
            self.remove(frame)

    def notices(self) -> list[QFrame]:
        return [f for f in self.findChildren(QFrame) if f.property("role") == "notice"]

    def texts(self) -> list[str]:
        return [f.property("text") for f in self.notices() if not f.isHidden()]


class RatingRow(QWidget):
    """A 0-10 rating: eleven buttons, the end labels under the ends, and Skip.

    `rated(value)` is emitted the moment a number is chosen, or with None on Skip. Only the
    chosen (or first) number is in the Tab order; the arrow keys move between numbers, so Tab
    passes the row in one step, as a radio group does.
    """

    rated = Signal(object)  # int 0-10, or None when skipped

    def __init__(
        self,
        measure: str,
        parent: QWidget | None = None,
        scale: tuple[str, str, str] | None = None,
    ):
        super().__init__(parent)
        question, low, high = scale or SCALES[measure]
        self.measure = measure
        self.value: int | None = None
        self.answered = False
        self.setAccessibleName(f"{question} 0 is {low}, 10 is {high}")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(6)
        self.question = label(question, "heading", wrap=True)
        outer.addWidget(self.question)
        grid = QGridLayout()
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: list[QPushButton] = []
        for value in range(11):
            number = button(str(value), self._spoken(value, low, high), "rating")
            number.setCheckable(True)
            number.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            number.installEventFilter(self)
            number.clicked.connect(lambda _=False, v=value: self.choose(v))
            self.group.addButton(number, value)
            self.buttons.append(number)
            grid.addWidget(number, 0, value)
        self.skip = button("Skip", f"Skip the question: {question}")
        self.skip.setCheckable(True)
        self.skip.clicked.connect(self.skip_question)
        grid.addWidget(self.skip, 0, 11)
        # The end labels sit under the ends, each spanning a few numbers so long words wrap
        # rather than stretch the row.
        low_label = label(low, "small", wrap=True)
        high_label = label(high, "small", wrap=True)
        high_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        low_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        grid.addWidget(low_label, 1, 0, 1, 4)
        grid.addWidget(high_label, 1, 7, 1, 4)
        outer.addLayout(grid)
        self._roving(0)

    @staticmethod
    def _spoken(value: int, low: str, high: str) -> str:
        ends = {0: f", {low}", 10: f", {high}"}
        return f"{value} of 10{ends.get(value, '')}"

    # -- choosing -----------------------------------------------------------------------------

    def choose(self, value: int) -> None:
        """Choose a number (as a click or Enter does) and say so at once."""
        self.value = value
        self.answered = True
        self.skip.setChecked(False)
        self.buttons[value].setChecked(True)
        self._roving(value)
        self.rated.emit(value)

    def skip_question(self) -> None:
        """Skip: the answer is saved as no answer, never a guessed number."""
        self.value = None
        self.answered = True
        self.group.setExclusive(False)
        for number in self.buttons:
            number.setChecked(False)
        self.group.setExclusive(True)
        self.skip.setChecked(True)
        self.rated.emit(None)

    def reset(self) -> None:
        """Empty again, for the next practice."""
        self.value = None
        self.answered = False
        self.group.setExclusive(False)
        for number in self.buttons:
            number.setChecked(False)
        self.group.setExclusive(True)
        self.skip.setChecked(False)
        self._roving(0)

    def focus_target(self) -> QPushButton:
        """The number that takes focus when the row is entered."""
        return self.buttons[self.value if self.value is not None else 0]

    # -- keyboard -----------------------------------------------------------------------------

    def _roving(self, index: int) -> None:
        for n, number in enumerate(self.buttons):
            policy = Qt.FocusPolicy.StrongFocus if n == index else Qt.FocusPolicy.ClickFocus
            number.setFocusPolicy(policy)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() != QEvent.Type.KeyPress or watched not in self.buttons:
            return False
        key = event.key() if isinstance(event, QKeyEvent) else None
        index = self.buttons.index(watched)
        moves = {
            Qt.Key.Key_Left: -1,
            Qt.Key.Key_Up: -1,  # as in a radio group: up and left go back
            Qt.Key.Key_Right: 1,
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_Home: -index,
            Qt.Key.Key_End: 10 - index,
        }
        if key in moves:
            target = max(0, min(10, index + moves[key]))
            self._roving(target)
            self.buttons[target].setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.choose(index)
            return True
        return False

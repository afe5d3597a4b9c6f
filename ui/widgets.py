"""Small widgets shared by the screens: labels with a role, the notice bar, the rating row.

The rating row is the heart of the check-in: eleven large buttons 0-10 with the end labels of
docs/content.md under the ends, arrow keys to move, Enter or Space to choose, and a Skip.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
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

# The measures and the words at their ends (docs/content.md, "Outcomes").
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
    chosen (or first) number is in the Tab order; the arrow keys move between numbers (and on
    to Skip and back: Left from Skip is 10, never 0), so Tab passes the row in one step, as a
    radio group does. In a narrow window or at large text the numbers wrap onto more lines
    rather than clip: each button keeps its full size.
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
        self.grid = grid = QGridLayout()
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
        self.skip = button("Skip", f"Skip the question: {question}")
        self.skip.setCheckable(True)
        self.skip.setMinimumWidth(self.skip.sizeHint().width())
        self.skip.installEventFilter(self)
        self.skip.clicked.connect(self.skip_question)
        # The end labels sit under the ends, each spanning a few numbers so long words wrap
        # rather than stretch the row.
        self.low_label = label(low, "small", wrap=True)
        self.high_label = label(high, "small", wrap=True)
        self.low_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.ends = (low, high)
        outer.addLayout(grid)
        self.columns = 0
        self._arrange(12)
        # The layout must not hold the row at its widest: a narrower window rearranges it.
        self.setMinimumWidth(1)
        self._roving(0)

    # -- wrapping -----------------------------------------------------------------------------

    def _columns_for(self, width: int) -> int:
        """12 when the scale fits on one line (numbers and Skip), else numbers per line."""
        spacing = self.grid.horizontalSpacing()
        self.skip.setMinimumWidth(self.skip.sizeHint().width())  # the text size may change
        cell = max(b.sizeHint().width() for b in self.buttons) + spacing
        if 11 * cell + self.skip.sizeHint().width() <= width:
            return 12
        return max(1, min(11, (width + spacing) // cell))

    def _arrange(self, columns: int) -> None:
        """Place the numbers on lines of `columns`, Skip after 10 (on a line of its own when
        there is no room), and the end words under the ends."""
        if columns == self.columns:
            return
        self.columns = columns
        grid = self.grid
        for widget in (*self.buttons, self.skip, self.low_label, self.high_label):
            grid.removeWidget(widget)
        for column in range(12):
            grid.setColumnStretch(column, 0)
        low, high = self.ends
        if columns == 12:  # the scale as drawn on paper, words under its ends
            for value, number in enumerate(self.buttons):
                grid.addWidget(number, 0, value)
            grid.addWidget(self.skip, 0, 11)
            self.low_label.setText(low)
            self.high_label.setText(high)
            self.high_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            grid.addWidget(self.low_label, 1, 0, 1, 4)
            grid.addWidget(self.high_label, 1, 7, 1, 4)
            return
        for value, number in enumerate(self.buttons):
            grid.addWidget(number, value // columns, value % columns)
        line, used = divmod(11, columns)
        if columns - used < 2:  # Skip needs about two numbers' room
            line, used = line + 1, 0
        left = Qt.AlignmentFlag.AlignLeft
        grid.addWidget(self.skip, line, used, 1, max(1, columns - used), left)
        self.low_label.setText(f"0 is {low}")
        self.high_label.setText(f"10 is {high}")
        grid.addWidget(self.low_label, line + 1, 0, 1, columns)
        grid.addWidget(self.high_label, line + 2, 0, 1, columns)
        self.high_label.setAlignment(left | Qt.AlignmentFlag.AlignTop)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            QTimer.singleShot(0, self, self._fit)  # the text size changed: the buttons did too

    def _fit(self) -> None:
        columns = self._columns_for(self.width())
        self._arrange(columns)

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
        if event.type() != QEvent.Type.KeyPress:
            return False
        key = event.key() if isinstance(event, QKeyEvent) else None
        if watched is self.skip:
            return self._key_on_skip(key)
        if watched not in self.buttons:
            return False
        index = self.buttons.index(watched)
        if index == 10 and key in (Qt.Key.Key_Right, Qt.Key.Key_Down):
            self.skip.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
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

    def _key_on_skip(self, key) -> bool:
        """Back from Skip is 10, the number beside it (Qt's own arrow moves would jump to 0);
        on from Skip there is nothing."""
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Up):
            self._roving(10)
            self.buttons[10].setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return key in (Qt.Key.Key_Right, Qt.Key.Key_Down)

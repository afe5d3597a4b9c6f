"""Setting rows with large targets: a row of toggles for a choice, a slider for a volume.

Small checkboxes and radio dots are hard to hit with a shaky hand; every choice here is a
button of at least 44 px. Arrow keys move between the options of one row (and choose), Tab
moves to the next row. Setting a value from code never emits `chosen`/`moved`, so reloading
the saved settings cannot echo back as a change.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from ui.screens.flow_layout import FlowLayout
from ui.screens.parts import text_label

ON_OFF = ((True, "On"), (False, "Off"))
STEPS = {Qt.Key.Key_Left: -1, Qt.Key.Key_Up: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Down: 1}


class ChoiceRow(QWidget):
    """A title (and an optional hint) with one toggle per option; `chosen(value)` on a click."""

    chosen = Signal(object)

    def __init__(
        self,
        title: str,
        options: Sequence[tuple[object, str]],
        hint: str = "",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.title = title
        self.values = [value for value, _ in options]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.setSpacing(6)
        self.label = text_label(title)
        layout.addWidget(self.label)
        if hint:
            layout.addWidget(text_label(hint, "muted"))
        row = FlowLayout(spacing=8)  # wraps, so large text never clips an option
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: list[QPushButton] = []
        for index, (_value, text) in enumerate(options):
            button = QPushButton(text)
            button.setCheckable(True)
            button.setAutoExclusive(True)  # arrow keys move (and choose) within the row
            button.setProperty("option", True)  # wide enough for a word (parts.PAGE_STYLE)
            button.setAccessibleName(f"{title}: {text}")
            button.installEventFilter(self)
            self.group.addButton(button, index)
            self.buttons.append(button)
            row.addWidget(button)
        layout.addLayout(row)
        self.group.idClicked.connect(lambda index: self.chosen.emit(self.values[index]))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """Arrow keys step through the options in order, even when they wrap onto two lines
        (Qt's own arrow handling goes by position and would stop at the end of a line)."""
        if event.type() == QEvent.Type.KeyPress and watched in self.buttons:
            step = STEPS.get(event.key())
            if step is not None:
                index = self.buttons.index(watched) + step
                if 0 <= index < len(self.buttons):
                    self.buttons[index].setFocus(Qt.FocusReason.TabFocusReason)
                    self.buttons[index].click()
                return True
        return super().eventFilter(watched, event)

    def value(self) -> object:
        index = self.group.checkedId()
        return None if index < 0 else self.values[index]

    def set_value(self, value: object) -> None:
        """Show `value` as chosen (no signal); an unknown value shows nothing chosen."""
        for index, button in enumerate(self.buttons):
            if self.values[index] == value:
                button.setChecked(True)
                return
        self.group.setExclusive(False)
        for button in self.buttons:
            button.setAutoExclusive(False)
            button.setChecked(False)
            button.setAutoExclusive(True)
        self.group.setExclusive(True)

    def button_for(self, value: object) -> QPushButton:
        return self.buttons[self.values.index(value)]


class VolumeRow(QWidget):
    """A titled 0-100 slider with its value in words beside it; `moved(value)` as it moves."""

    moved = Signal(int)

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = title
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.setSpacing(2)
        layout.addWidget(text_label(title))
        row = QHBoxLayout()
        row.setSpacing(16)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 100)
        self.slider.setSingleStep(5)
        self.slider.setPageStep(10)
        self.slider.setAccessibleName(title)
        self.shown = QLabel("")
        self.shown.setMinimumWidth(self.shown.fontMetrics().horizontalAdvance("100 %") + 8)
        row.addWidget(self.slider, 1)
        row.addWidget(self.shown)
        layout.addLayout(row)
        self.slider.valueChanged.connect(self._changed)

    def value(self) -> int:
        return self.slider.value()

    def set_value(self, value: int) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(value)
        self.slider.blockSignals(False)
        self._show(value)

    def _changed(self, value: int) -> None:
        self._show(value)
        self.moved.emit(value)

    def _show(self, value: int) -> None:
        self.shown.setText(f"{value} %")
        self.slider.setAccessibleDescription(f"{value} percent")

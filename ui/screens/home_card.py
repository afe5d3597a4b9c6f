"""One practice on Home: title and favourite star, purpose, safety marks, the screening's
advice, the breathing pattern (when there is a choice) and a button per length."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from calm.practice.choice import chosen_pattern, pattern_options
from calm.practice.flags import shown_flags
from calm.practice.patterns import BreathPattern
from calm.practice.screening import Advice
from calm.practice.script import CATEGORY_TITLES, SAFETY_FLAGS, Script
from ui.screens.flow_layout import FlowLayout
from ui.widgets import button, label


class PracticeCard(QFrame):
    """One practice: title, star, purpose, safety marks, advice, pattern and lengths."""

    chosen = Signal(str, str)  # script id, variant id
    favourite_toggled = Signal(str, bool)
    pattern_chosen = Signal(str, str)  # script id, pattern key ("" = as written)

    def __init__(
        self,
        script: Script,
        favourite: bool = False,
        advice: Advice | None = None,
        user_patterns: list[BreathPattern] | None = None,
        pattern_choice: str = "",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.script = script
        self.advice = advice or Advice()
        self.user_patterns = user_patterns or []
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 14, 16)
        layout.setSpacing(6)
        top = QHBoxLayout()
        # The person's (or therapist's) own practices, from the practices folder, say so.
        self.own = not script.builtin
        self.title = label(f"{script.title} (your own)" if self.own else script.title, "heading",
                           wrap=True)  # fmt: skip
        top.addWidget(self.title, 1)
        self.star = button("☆", f"Favourite: {script.title}", "star")
        self.star.setCheckable(True)
        self.star.setToolTip("Keep this practice at the top")
        self.star.toggled.connect(self._star_toggled)
        top.addWidget(self.star)
        layout.addLayout(top)
        self.set_favourite(favourite)
        layout.addWidget(label(script.description, "muted", wrap=True))
        marks = [SAFETY_FLAGS[flag] for flag in shown_flags(script)]
        if marks:
            self.marks = label(" · ".join(marks), "small", wrap=True)
            self.marks.setAccessibleName("Safety: " + ", ".join(marks))
            layout.addWidget(self.marks)
        if self.advice.warning:
            self.warning = label(self.advice.warning, "warning", wrap=True)
            layout.addWidget(self.warning)
        self.options = pattern_options(script, self.user_patterns, self.advice)
        self.pattern_box: QComboBox | None = None
        if len(self.options) > 1:
            self._pattern_row(layout, pattern_choice)
        row = FlowLayout(spacing=10)  # wraps in a narrow window rather than clip "10 min"
        self.length_buttons = []
        for variant in script.variants:
            length = button(variant.label, f"Start {script.title}, {variant.label}")
            length.clicked.connect(lambda _=False, v=variant.id: self.chosen.emit(script.id, v))
            row.addWidget(length)
            self.length_buttons.append(length)
        layout.addLayout(row)

    def _pattern_row(self, layout: QVBoxLayout, choice: str) -> None:
        row = QVBoxLayout()  # the words above the box: side by side they widen the card
        row.setSpacing(2)
        row.addWidget(label("Breathing pattern", "small"))
        box = QComboBox()
        box.setAccessibleName(f"Breathing pattern for {self.script.title}")
        # Long pattern names must not widen the card past the window at 200 % text.
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(10)
        box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        for key, text, _pattern in self.options:
            box.addItem(text, key)
        index = box.findData(choice)
        box.setCurrentIndex(index if index >= 0 else 0)
        box.currentIndexChanged.connect(
            lambda _i: self.pattern_chosen.emit(self.script.id, box.currentData())
        )
        row.addWidget(box)
        layout.addLayout(row)
        self.pattern_box = box

    def set_favourite(self, on: bool) -> None:
        self.star.blockSignals(True)
        self.star.setChecked(on)
        self.star.blockSignals(False)
        self.star.setText("★" if on else "☆")
        self.star.setAccessibleDescription("A favourite" if on else "Not a favourite")

    def _star_toggled(self, on: bool) -> None:
        self.set_favourite(on)
        self.favourite_toggled.emit(self.script.id, on)

    def set_pattern(self, key: str) -> None:
        if self.pattern_box is not None:
            index = self.pattern_box.findData(key)
            if index >= 0 and index != self.pattern_box.currentIndex():
                self.pattern_box.blockSignals(True)
                self.pattern_box.setCurrentIndex(index)
                self.pattern_box.blockSignals(False)

    def pattern(self) -> BreathPattern | None:
        """The pattern shown as chosen (calm.practice.choice decides, as for the start)."""
        key = self.pattern_box.currentData() if self.pattern_box is not None else ""
        return chosen_pattern(self.script, key, self.user_patterns, self.advice)

    def matches(self, text: str) -> bool:
        category = CATEGORY_TITLES.get(self.script.category, self.script.category)
        haystack = f"{self.script.title} {self.script.description} {category}"
        return " ".join(text.lower().split()) in " ".join(haystack.lower().split())

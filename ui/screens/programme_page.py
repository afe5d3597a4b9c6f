"""The client's programme and goals, for the therapist: what to practise and how often, the
client's own goals, dated notes, the report and the home pack (ui/screens/client_records.py).

Opened from the Clients page for one client (`open(client_id)`). Every change is saved at
once; a slip (backwards dates, a fourth goal) is a sentence next to the button that caused it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from calm.errors import CalmError
from calm.practice.library import Library
from calm.programme.model import MAX_GOALS, ProgrammeItem
from ui.screens.client_records import ClientRecordsPart
from ui.screens.parts import PAGE_STYLE, Plain, page, section, text_label

OWN_PATTERN = "The practice's own pattern"


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class ProgrammePage(QWidget):
    """Programme, goals, notes, report and pack of one client; `back_requested` to Clients."""

    back_requested = Signal()

    def __init__(
        self,
        store,
        library: Library,
        runner: Callable[..., None],
        records: ClientRecordsPart | None = None,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setStyleSheet(PAGE_STYLE)
        self.store, self.library, self.today = store, library, today
        self.client_id = ""
        scroll, layout = page(900)
        top = QHBoxLayout()
        self.back = QPushButton("Back to clients")
        self.back.clicked.connect(self.back_requested)
        top.addWidget(self.back)
        top.addStretch(1)
        layout.addLayout(top)
        self.title = text_label("Programme and goals", "title")
        layout.addWidget(self.title)
        self._build_programme(section("Programme", layout))
        self._build_goals(section("Goals, in the client's own words", layout))
        self.records = records or ClientRecordsPart(store, library, runner, today)
        self.records.build(layout)
        layout.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    # -- building -------------------------------------------------------------------------

    def _build_programme(self, card: QVBoxLayout) -> None:
        self.items_box = QVBoxLayout()
        card.addLayout(self.items_box)
        card.addWidget(text_label("Add a practice, or change one already there", "muted"))
        row = QHBoxLayout()
        self.practice = QComboBox()
        self.practice.setAccessibleName("Practice to add")
        for script in sorted(self.library.scripts.values(), key=lambda s: s.title):
            self.practice.addItem(script.title, script.id)
        self.practice.currentIndexChanged.connect(self._practice_changed)
        self.length = QComboBox()
        self.length.setAccessibleName("Length")
        row.addWidget(self.practice, 2)
        row.addWidget(self.length, 1)
        card.addLayout(row)
        row = QHBoxLayout()
        self.per_day = QRadioButton("Times a day")
        self.per_day.setChecked(True)
        self.days_a_week = QRadioButton("Days a week")
        self.how_many = QSpinBox()
        self.how_many.setRange(1, 7)
        self.how_many.setValue(1)
        self.how_many.setAccessibleName("How many (times a day or days a week)")
        for widget in (self.how_many, self.per_day, self.days_a_week):
            row.addWidget(widget)
        row.addStretch(1)
        card.addLayout(row)
        row = QHBoxLayout()
        self.start = QDateEdit(_qdate(self.today()))
        self.start.setCalendarPopup(True)
        self.start.setAccessibleName("From")
        self.has_until = QCheckBox("Until")
        self.until = QDateEdit(_qdate(self.today()).addDays(42))
        self.until.setCalendarPopup(True)
        self.until.setAccessibleName("Until")
        self.until.setEnabled(False)
        self.has_until.toggled.connect(self.until.setEnabled)
        row.addWidget(text_label("From", wrap=False))
        row.addWidget(self.start)
        row.addWidget(self.has_until)
        row.addWidget(self.until)
        row.addStretch(1)
        card.addLayout(row)
        self.pattern = QComboBox()
        self.pattern.setAccessibleName("Breathing pattern")
        card.addWidget(self.pattern)
        self.instruction = QLineEdit()
        self.instruction.setPlaceholderText("One line for the client, e.g. 'Before lunch, sitting'")
        self.instruction.setAccessibleName("Instruction for the client")
        card.addWidget(self.instruction)
        row = QHBoxLayout()
        self.add_item = QPushButton("Add to the programme")
        self.add_item.setProperty("role", "primary")
        self.add_item.clicked.connect(self.save_item)
        row.addWidget(self.add_item)
        row.addStretch(1)
        card.addLayout(row)
        self.item_state = text_label("", "muted")
        card.addWidget(self.item_state)
        card.addWidget(text_label("A note for the client about the whole programme", "muted"))
        self.note = QPlainTextEdit()
        self.note.setAccessibleName("Note on the programme")
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(100)
        card.addWidget(self.note)
        row = QHBoxLayout()
        self.save_note = QPushButton("Save the note")
        self.save_note.clicked.connect(self.save_programme_note)
        row.addWidget(self.save_note)
        row.addStretch(1)
        card.addLayout(row)
        self.note_state = text_label("", "muted")
        card.addWidget(self.note_state)
        self._practice_changed()

    def _build_goals(self, card: QVBoxLayout) -> None:
        self.goals_box = QVBoxLayout()
        card.addLayout(self.goals_box)
        row = QHBoxLayout()
        self.goal_text = QLineEdit()
        self.goal_text.setPlaceholderText("What the client wants to be able to do")
        self.goal_text.setAccessibleName("New goal, in the client's words")
        self.goal_text.returnPressed.connect(self.add_goal)
        self.goal_rating = QSpinBox()
        self.goal_rating.setRange(0, 10)
        self.goal_rating.setAccessibleName("How well the client can do it now, 0 to 10")
        self.goal_button = QPushButton("Add goal")
        self.goal_button.clicked.connect(self.add_goal)
        row.addWidget(self.goal_text, 1)
        row.addWidget(text_label("Now (0-10)", wrap=False))
        row.addWidget(self.goal_rating)
        row.addWidget(self.goal_button)
        card.addLayout(row)
        self.goal_state = text_label("", "muted")
        card.addWidget(self.goal_state)

    # -- showing --------------------------------------------------------------------------

    def open(self, client_id: str) -> None:
        """Show this client's programme, goals, notes and report choices."""
        self.client_id = client_id
        client = self.store.client(client_id)
        self.title.setText(f"Programme and goals — {client.name}")
        for state in (self.item_state, self.note_state, self.goal_state):
            state.setText("")
        self.pattern.clear()
        self.pattern.addItem(OWN_PATTERN, "")
        for saved in self.store.patterns():
            self.pattern.addItem(f"{saved.name} ({saved.describe()})", saved.name)
        self.note.setPlainText(self.store.programme(client_id).note)
        self._show_items()
        self._show_goals()
        self.records.open(client_id)

    def _clear(self, box: QVBoxLayout) -> None:
        while box.count():
            widget = box.takeAt(0).widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()

    def _show_items(self) -> None:
        self._clear(self.items_box)
        programme = self.store.programme(self.client_id)
        if not programme.items:
            self.items_box.addWidget(text_label("No practices in the programme yet.", "muted"))
        for item in programme.items:
            script = self.library.scripts.get(item.practice_id)
            title = script.title if script else f"{item.practice_id} (not on this computer)"
            line = Plain()
            row = QHBoxLayout(line)
            row.setContentsMargins(0, 0, 0, 0)
            words = f"{title}, {item.length} min, {item.how_often()}"
            if item.until:
                words += f", until {item.until:%-d %b %Y}"
            if item.instruction:
                words += f" — {item.instruction}"
            row.addWidget(text_label(words), 1)
            remove = QPushButton("Remove")
            remove.setAccessibleName(f"Remove {title} from the programme")
            remove.clicked.connect(lambda _=False, pid=item.practice_id: self.remove_item(pid))
            row.addWidget(remove)
            self.items_box.addWidget(line)

    def _show_goals(self) -> None:
        self._clear(self.goals_box)
        goals = self.store.goals(self.client_id)
        ratings = self.store.goal_ratings(self.client_id)
        if not goals:
            self.goals_box.addWidget(text_label("No goals yet (up to three).", "muted"))
        for goal in goals:
            mine = [r.value for r in ratings if r.goal_id == goal.id]
            line = Plain()
            row = QHBoxLayout(line)
            row.setContentsMargins(0, 0, 0, 0)
            rated = " → ".join(str(v) for v in mine[-4:]) if mine else "not rated yet"
            row.addWidget(text_label(f"{goal.text}: {rated}"), 1)
            aside = QPushButton("Set aside")
            aside.setAccessibleName(f"Set aside the goal {goal.text} (its ratings are kept)")
            aside.clicked.connect(lambda _=False, gid=goal.id: self.set_goal_aside(gid))
            row.addWidget(aside)
            self.goals_box.addWidget(line)
        self.goal_button.setEnabled(len(goals) < MAX_GOALS)

    def _practice_changed(self, _index: int = 0) -> None:
        self.length.clear()
        script = self.library.scripts.get(self.practice.currentData() or "")
        for variant in script.variants if script else ():
            self.length.addItem(variant.label, variant.id)

    # -- changing -------------------------------------------------------------------------

    def _item(self) -> ProgrammeItem:
        how = self.how_many.value()
        return ProgrammeItem(
            practice_id=self.practice.currentData(),
            length=self.length.currentData(),
            per_day=how if self.per_day.isChecked() else None,
            days_a_week=how if self.days_a_week.isChecked() else None,
            start=_date(self.start.date()),
            until=_date(self.until.date()) if self.has_until.isChecked() else None,
            instruction=self.instruction.text(),
            pattern=self.pattern.currentData() or None,
        )

    def save_item(self) -> None:
        try:
            item = self._item()
            programme = self.store.programme(self.client_id)
            self.store.set_programme(programme.with_item(item), set(self.library.scripts))
        except CalmError as error:
            self.item_state.setText(str(error))
            return
        self.item_state.setText(f"Saved: {self.practice.currentText()}, {item.how_often()}.")
        self.instruction.clear()
        self._show_items()

    def remove_item(self, practice_id: str) -> None:
        try:
            programme = self.store.programme(self.client_id)
            self.store.set_programme(programme.without(practice_id), set(self.library.scripts))
        except CalmError as error:
            self.item_state.setText(str(error))
            return
        self.item_state.setText("Taken out of the programme.")
        self._show_items()

    def save_programme_note(self) -> None:
        from dataclasses import replace

        try:
            programme = self.store.programme(self.client_id)
            note = self.note.toPlainText()
            self.store.set_programme(replace(programme, note=note), set(self.library.scripts))
        except CalmError as error:
            self.note_state.setText(str(error))
            return
        self.note_state.setText("The note is saved.")

    def add_goal(self) -> None:
        try:
            self.store.add_goal(self.client_id, self.goal_text.text(), self.goal_rating.value())
        except CalmError as error:
            self.goal_state.setText(str(error))
            return
        self.goal_state.setText("Goal added, with today's rating.")
        self.goal_text.clear()
        self._show_goals()

    def set_goal_aside(self, goal_id: str) -> None:
        try:
            self.store.archive_goal(goal_id)
        except CalmError as error:
            self.goal_state.setText(str(error))
            return
        self.goal_state.setText("Set aside; its ratings stay in the record.")
        self._show_goals()

"""The therapist's part of a client's page: record number, safety answers, merge, export of
everything, and erase, each with its answer right beside its button.

Merge and erase ask first, in a line that appears under their button and names exactly what
will happen ("This erases Anna for good: 12 practices with their ratings and notes, ..."),
with the safe choice ("Keep") focused. Erasing the client who is practising now, merging a
client into themselves and a bad record number are refused with a sentence; nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from calm.errors import CalmError
from calm.settings import Settings
from calm.store import ClientRecord, Store
from ui.screens.parts import text_label
from ui.screens.screening_form import ScreeningForm
from ui.widgets import button


def ask_save_path(parent: QWidget, suggested: str) -> str | None:
    """Where to write a client's whole record (None when cancelled)."""
    path, _ = QFileDialog.getSaveFileName(
        parent, "Save everything about this client", str(Path.home() / suggested), "JSON (*.json)"
    )
    return path or None


class ClientAdminPart(QWidget):
    """Bound to one client at a time (`show_client`); emits `changed()` after a change and
    `erased(name)` once a client is gone."""

    changed = Signal()
    erased = Signal(str)

    def __init__(
        self,
        store: Store,
        settings: Settings,
        practising: Callable[[], str],
        ask_path: Callable[[QWidget, str], str | None] = ask_save_path,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.store, self.settings, self.practising, self.ask_path = (
            store, settings, practising, ask_path,
        )  # fmt: skip
        self.client: ClientRecord | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(text_label("Clinic record number (exported as the FHIR identifier)"))
        row = QHBoxLayout()
        self.number = QLineEdit()
        self.number.setAccessibleName("Clinic record number of the selected client")
        self.number.returnPressed.connect(self.save_number)
        row.addWidget(self.number, 1)
        self.number_button = button("Save number", "Save the record number")
        self.number_button.clicked.connect(self.save_number)
        row.addWidget(self.number_button)
        layout.addLayout(row)
        self.number_message = self._message(layout)
        layout.addWidget(text_label("Safety answers (saved as they are given)", "heading"))
        self.form_holder = QVBoxLayout()
        layout.addLayout(self.form_holder)
        self.form: ScreeningForm | None = None
        layout.addWidget(text_label("Merge into another client", "heading"))
        row = QHBoxLayout()
        self.merge_target = QComboBox()
        self.merge_target.setAccessibleName("Client to merge the selected client into")
        row.addWidget(self.merge_target, 1)
        self.merge_button = button("Merge…")
        self.merge_button.clicked.connect(self.ask_merge)
        row.addWidget(self.merge_button)
        layout.addLayout(row)
        self.merge_confirm, self.merge_yes, self.merge_no, self.merge_text = self._confirm(
            layout, self.merge
        )
        self.merge_message = self._message(layout)
        row = QHBoxLayout()
        self.export_button = button("Export everything…")
        self.export_button.clicked.connect(self.export_all)
        row.addWidget(self.export_button)
        self.erase_button = button("Erase…")
        self.erase_button.setProperty("role", "danger")
        self.erase_button.clicked.connect(self.ask_erase)
        row.addWidget(self.erase_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.erase_confirm, self.erase_yes, self.erase_no, self.erase_text = self._confirm(
            layout, self.erase
        )
        self.message = self._message(layout)

    def _message(self, layout: QVBoxLayout):
        message = text_label("", "muted")
        message.setAccessibleName("Message")
        message.hide()
        layout.addWidget(message)
        return message

    def _confirm(self, layout: QVBoxLayout, act: Callable[[], None]):
        box = QWidget()
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, 0, 0, 0)
        text = text_label("", "warning")
        inner.addWidget(text)
        row = QHBoxLayout()
        yes = button("")
        yes.clicked.connect(act)
        no = button("Keep", "Keep: change nothing")
        no.clicked.connect(lambda: self._close_confirms(focus=True))
        row.addWidget(no)
        row.addWidget(yes)
        row.addStretch(1)
        inner.addLayout(row)
        box.hide()
        layout.addWidget(box)
        return box, yes, no, text

    # -- binding ------------------------------------------------------------------------------

    def show_client(self, client: ClientRecord | None) -> None:
        """Show this client's record number, answers and the choices about them."""
        self.client = client
        self._close_confirms()
        for message in (self.number_message, self.merge_message, self.message):
            message.hide()
        self.setEnabled(client is not None)
        self.number.setText(client.record_number if client else "")
        self.merge_target.clear()
        if client is None:
            return
        answers_of = self.settings.for_client(client.id)
        if self.form is None:
            self.form = ScreeningForm(answers_of)
            self.form.changed.connect(lambda _a: self._answered())
            self.form_holder.addWidget(self.form)
        self.form.settings = answers_of  # the same questions, this client's answers
        self.form.reload()
        for other in self.store.list_clients(include_archived=True):
            if other.id != client.id:
                self.merge_target.addItem(other.name, other.id)
        self.merge_button.setEnabled(self.merge_target.count() > 0)
        name = client.name
        self.erase_button.setAccessibleName(f"Erase {name} and everything about them")
        self.export_button.setAccessibleName(f"Export everything about {name}")

    def ask_answers(self) -> None:
        """Focus the first safety question (a client was just added)."""
        if self.form is not None:
            first = next(iter(self.form.rows.values()))
            first.yes.setFocus(Qt.FocusReason.OtherFocusReason)

    def _answered(self) -> None:
        if self.client and self.form and not self.form.unanswered():
            self.settings.for_client(self.client.id).set("screening.done", True)

    # -- acting -------------------------------------------------------------------------------

    def save_number(self) -> None:
        if self.client is None:
            return
        try:
            client = self.store.set_record_number(self.client.id, self.number.text())
        except CalmError as error:
            return _say(self.number_message, str(error), problem=True)
        self.client = client
        shown = client.record_number or "none"
        _say(self.number_message, f"{client.name}'s record number: {shown}.")
        self.changed.emit()

    def ask_merge(self) -> None:
        if self.client is None or self.merge_target.count() == 0:
            return
        target = self.merge_target.currentText()
        runs = self.store.count_runs(self.client.id)
        self.merge_text.setText(
            f"This moves {self.client.name}'s {_n(runs, 'practice')}, notes, goals and answers "
            f"to {target}, and {self.client.name} is no longer listed."
        )
        self.merge_yes.setText(f"Merge {self.client.name} into {target}")
        self.merge_yes.setAccessibleName(self.merge_yes.text())
        self._open(self.merge_confirm, self.merge_no)

    def merge(self) -> None:
        source, target_id = self.client, self.merge_target.currentData()
        self._close_confirms()
        if source is None or not target_id:
            return
        try:
            target = self.store.merge_clients(source.id, target_id)
        except CalmError as error:
            return _say(self.merge_message, str(error), problem=True)
        _say(self.merge_message, f"Merged {source.name} into {target.name}.")
        self.erased.emit(target.id)  # the page shows the target now

    def ask_erase(self) -> None:
        client = self.client
        if client is None:
            return
        if client.id == self.practising():
            return _say(
                self.message,
                f"{client.name} is practising now. Choose someone else first, then erase.",
                problem=True,
            )
        runs = self.store.count_runs(client.id)
        self.erase_text.setText(
            f"This erases {client.name} for good: {_n(runs, 'practice')} with their ratings "
            "and notes, the therapist's notes, goals, programme, safety answers and profile, "
            "here and in the backup copies. It cannot be undone."
        )
        self.erase_yes.setText(f"Erase {client.name} for good")
        self.erase_yes.setAccessibleName(self.erase_yes.text())
        self._open(self.erase_confirm, self.erase_no)

    def erase(self) -> None:
        client = self.client
        self._close_confirms()
        if client is None:
            return
        if client.id == self.practising():
            return _say(self.message, f"{client.name} is practising now.", problem=True)
        try:
            done = self.store.erase_client(client.id)
        except CalmError as error:
            return _say(self.message, str(error), problem=True)
        _say(self.message, done.text())
        self.erased.emit("")

    def export_all(self) -> None:
        from calm.exchange.client_record import export_client_record

        if self.client is None:
            return
        path = self.ask_path(self, f"{self.client.name}-everything.json")
        if not path:
            return
        try:
            count = export_client_record(self.store, self.client.id, Path(path))
        except CalmError as error:
            return _say(self.message, str(error), problem=True)
        _say(self.message, f"Saved everything about {self.client.name} ({_n(count, 'practice')},"
             f" notes and answers) to {path}.")  # fmt: skip

    def _open(self, box: QWidget, keep) -> None:
        self._close_confirms()
        box.show()
        keep.setFocus(Qt.FocusReason.OtherFocusReason)

    def _close_confirms(self, focus: bool = False) -> None:
        for box in (self.merge_confirm, self.erase_confirm):
            box.hide()
        if focus:
            self.erase_button.setFocus(Qt.FocusReason.OtherFocusReason)


def _say(where, text: str, problem: bool = False) -> None:
    where.setText(text)
    where.setProperty("role", "warning" if problem else "muted")
    where.style().unpolish(where)
    where.style().polish(where)
    where.show()


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"

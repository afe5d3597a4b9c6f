"""Clients (clinic use): the people whose practice is logged on this computer.

Add, rename, archive (and bring back), choose who is practising now (`client_switched(id)`),
keep a therapist's note on each (saved as typed, a moment after the last key), and bring in a
client's export from their own computer. Every problem is a plain sentence on the page.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from calm.errors import CalmError
from calm.exchange.importer import ImportSummary, import_file
from calm.settings import Settings
from calm.store import ClientRecord, Store
from ui.models import ClientListModel
from ui.screens.client_admin import ClientAdminPart
from ui.screens.parts import page, section, text_label

NOTE_DELAY_MS = 800  # save the note this long after the last key: typing is never interrupted
IMPORT_FILTER = "Calm Harbor exports (*.json *.csv);;All files (*)"

AskPath = Callable[[QWidget], str | None]
Runner = Callable[..., None]


def ask_import_path(parent: QWidget) -> str | None:
    """The file dialog for an export to bring in (None when cancelled)."""
    path, _ = QFileDialog.getOpenFileName(
        parent, "Bring in a client's practice log", str(Path.home()), IMPORT_FILTER
    )
    return path or None


class ClientsScreen(QWidget):
    """The clinic's clients; emits `client_switched(client_id)` when someone else practises."""

    client_switched = Signal(str)
    clients_changed = Signal()  # added, renamed, archived or imported (names may have changed)
    programme_requested = Signal(str)  # the client's programme, goals, notes, report and pack
    import_moved = Signal(float)  # 0-1, emitted on the worker thread, shown on the bar

    def __init__(
        self,
        store: Store,
        settings: Settings,
        run_in_background: Runner,
        client_id: Callable[[], str],
        ask_path: AskPath = ask_import_path,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self.run_in_background = run_in_background
        self.client_id = client_id
        self.ask_path = ask_path
        self.model = ClientListModel(self)
        self._note_client = ""
        self._note_dirty = False
        self.note_timer = QTimer(self)
        self.note_timer.setSingleShot(True)
        self.note_timer.setInterval(NOTE_DELAY_MS)
        self.note_timer.timeout.connect(self.save_note)

        scroll, layout = page()
        layout.addWidget(text_label("Clients", "title"))
        layout.addWidget(
            text_label(
                "Each person's practice log is kept apart. Choose who is practising now.",
                "muted",
            )
        )
        self._build_list(section("People", layout))
        self._build_details(section("", layout))
        self.message = self.details_message  # the message line spoken last
        self.admin = ClientAdminPart(store, settings, self._practising)
        self.admin.changed.connect(self.clients_changed.emit)
        self.admin.erased.connect(self._after_erase)
        section("Record, safety answers, merge and erase", layout).addWidget(self.admin)
        self._build_add(section("Add someone", layout))
        self._build_import(section("Bring in a log from another computer", layout))
        layout.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.reload()

    # -- building -----------------------------------------------------------------------------

    def _build_list(self, layout: QVBoxLayout) -> None:
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setAccessibleName("Clients")
        self.list.setMinimumHeight(220)
        self.list.selectionModel().currentChanged.connect(self._selected)
        self.list.activated.connect(lambda _index: self.switch())
        layout.addWidget(self.list)
        self.show_archived = QPushButton("Show archived")
        self.show_archived.setCheckable(True)
        self.show_archived.setAccessibleName("Show archived clients too")
        self.show_archived.toggled.connect(lambda _on: self.reload())
        row = QHBoxLayout()
        row.addWidget(self.show_archived)
        row.addStretch(1)
        layout.addLayout(row)

    def _build_details(self, layout: QVBoxLayout) -> None:
        self.selected_label = layout.itemAt(0).widget()  # the card's heading: the name
        row = QHBoxLayout()
        self.switch_button = QPushButton("Practise as this person")
        self.switch_button.setProperty("role", "primary")
        self.switch_button.clicked.connect(self.switch)
        row.addWidget(self.switch_button)
        self.programme_button = QPushButton("Programme and goals…")
        self.programme_button.setAccessibleName(
            "Programme, goals, notes, report and home pack of the selected client"
        )
        self.programme_button.clicked.connect(
            lambda: self.selected() and self.programme_requested.emit(self.selected_id())
        )
        row.addWidget(self.programme_button)
        self.archive_button = QPushButton("Archive")
        self.archive_button.clicked.connect(self.toggle_archive)
        row.addWidget(self.archive_button)
        row.addStretch(1)
        layout.addLayout(row)
        rename_row = QHBoxLayout()
        self.rename_field = QLineEdit()
        self.rename_field.setAccessibleName("New name for the selected client")
        self.rename_field.returnPressed.connect(self.rename)
        rename_row.addWidget(self.rename_field, 1)
        self.rename_button = QPushButton("Rename")
        self.rename_button.setAccessibleName("Rename the selected client")
        self.rename_button.clicked.connect(self.rename)
        rename_row.addWidget(self.rename_button)
        layout.addLayout(rename_row)
        layout.addWidget(text_label("Therapist's note (saved as you type)", "muted"))
        self.note = QPlainTextEdit()
        self.note.setAccessibleName("Therapist's note on the selected client")
        self.note.setTabChangesFocus(True)  # Tab leaves the note, as everywhere else
        self.note.setMinimumHeight(140)
        self.note.textChanged.connect(self._note_typed)
        layout.addWidget(self.note)
        self.note_state = text_label("", "muted")
        layout.addWidget(self.note_state)
        self.details_message = self._message(layout)

    def _build_add(self, layout: QVBoxLayout) -> None:
        row = QHBoxLayout()
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText("A first name or a pseudonym")
        self.new_name.setAccessibleName("Name of the new client")
        self.new_name.returnPressed.connect(self.add)
        row.addWidget(self.new_name, 1)
        self.add_button = QPushButton("Add")
        self.add_button.setAccessibleName("Add the new client")
        self.add_button.clicked.connect(self.add)
        row.addWidget(self.add_button)
        layout.addLayout(row)
        self.add_message = self._message(layout)

    def _build_import(self, layout: QVBoxLayout) -> None:
        layout.addWidget(
            text_label(
                "A client can export their log (CSV or FHIR) at home and bring the file here. "
                "Bringing in the same file twice adds nothing new.",
                "muted",
            )
        )
        row = QHBoxLayout()
        self.import_button = QPushButton("Choose a file…")
        self.import_button.setAccessibleName("Choose an exported log to bring in")
        self.import_button.clicked.connect(self.choose_import)
        row.addWidget(self.import_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.import_bar = QProgressBar()  # a big file takes a while: show how far it is
        self.import_bar.setAccessibleName("Import progress")
        self.import_bar.setRange(0, 1000)
        self.import_bar.setTextVisible(False)
        self.import_bar.hide()
        self.import_moved.connect(self._import_moved)
        layout.addWidget(self.import_bar)
        self.import_message = self._message(layout)

    def _message(self, layout: QVBoxLayout):
        """A message line right under the buttons it answers (nothing above shifts)."""
        message = text_label("")
        message.setAccessibleName("Message")
        message.hide()
        layout.addWidget(message)
        return message

    def _practising(self) -> str:
        """The client practising now ('' when nobody is: clinic mode, unlocked)."""
        if self.settings.get("mode") == "clinic" and not self.settings.get("client.current"):
            return ""
        return self.client_id()

    def _after_erase(self, show: str) -> None:
        self.reload(select=show or None)
        self.clients_changed.emit()

    # -- reading ------------------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        """Read the clients again and keep (or set) the selection."""
        self.save_note()
        keep = select or self.selected_id() or self.client_id()
        clients = self.store.list_clients(include_archived=self.show_archived.isChecked())
        self.model.set_clients(clients, self._practising())
        row = self.model.row_of(keep)
        if row < 0 and clients:
            row = max(0, self.model.row_of(self.client_id()))
        if row >= 0:
            index = self.model.index(row)
            self.list.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
        self._show_selected()

    def selected(self) -> ClientRecord | None:
        index = self.list.currentIndex()
        return self.model.clients[index.row()] if index.isValid() else None

    def selected_id(self) -> str:
        client = self.selected()
        return client.id if client else ""

    def _selected(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self.save_note()  # the note typed for the previous person goes to that person
        self._show_selected()

    def _show_selected(self) -> None:
        client = self.selected()
        now = client is not None and client.id == self._practising()
        name = client.name if client else ""
        self.selected_label.setText(f"{name} — practising now" if now else name)
        for widget in (
            self.switch_button,
            self.archive_button,
            self.rename_field,
            self.programme_button,
        ):
            widget.setEnabled(client is not None)
        self.switch_button.setText(f"Practise as {name}")
        self.switch_button.setAccessibleName(self.switch_button.text())
        self.switch_button.setVisible(not now)  # the heading already says so
        archived = bool(client and client.archived)
        self.archive_button.setText("Bring back" if archived else "Archive")
        self.archive_button.setAccessibleName(f"{self.archive_button.text()} {name}")
        self.rename_field.setText(name)
        self.note.blockSignals(True)
        self.note.setPlainText(client.note if client else "")
        self.note.blockSignals(False)
        self._note_client = client.id if client else ""
        self._note_dirty = False
        self.note_state.setText("")
        self.admin.show_client(client)

    # -- acting -------------------------------------------------------------------------------

    def add(self) -> None:
        try:
            client = self.store.add_client(self.new_name.text())
        except CalmError as error:
            return self.say(str(error), problem=True, where=self.add_message)
        self.new_name.clear()
        self.reload(select=client.id)
        self.say(
            f"Added {client.name}. Ask their safety answers below with them, then choose "
            f"“Practise as {client.name}”.",
            where=self.add_message,
        )
        self.clients_changed.emit()
        self.admin.ask_answers()  # asked when the client is added, with the client there

    def rename(self) -> None:
        client = self.selected()
        if client is None:
            return
        try:
            renamed = self.store.rename_client(client.id, self.rename_field.text())
        except CalmError as error:
            return self.say(str(error), problem=True)
        self.reload(select=client.id)
        if renamed.name != client.name:
            self.say(f"{client.name} is now called {renamed.name}.")
            self.clients_changed.emit()

    def toggle_archive(self) -> None:
        client = self.selected()
        if client is None:
            return
        if not client.archived and client.id == self._practising():
            return self.say(
                f"{client.name} is practising now. Choose someone else first, then archive.",
                problem=True,
            )
        try:
            changed = self.store.archive_client(client.id, not client.archived)
        except CalmError as error:
            return self.say(str(error), problem=True)
        self.reload(select=changed.id)
        if changed.archived:
            self.say(
                f"{changed.name} is archived; their records are kept. “Show archived” finds them."
            )
        else:
            self.say(f"{changed.name} is back in the list.")
        self.clients_changed.emit()

    def switch(self) -> None:
        """Make the selected client the one practising now."""
        client = self.selected()
        if client is None or client.id == self._practising():
            return
        if client.archived:
            return self.say(f"{client.name} is archived. Bring them back first.", problem=True)
        try:
            self.settings.set("client.current", client.id)
        except CalmError as error:
            return self.say(str(error), problem=True)
        self.reload(select=client.id)
        self.say(f"{client.name} is practising now.")
        self.client_switched.emit(client.id)

    # -- the note -----------------------------------------------------------------------------

    def _note_typed(self) -> None:
        self._note_dirty = True
        self.note_state.setText("")
        self.note_timer.start()

    def save_note(self) -> None:
        """Save typing not yet saved (a moment after the last key, or on leaving)."""
        if not self._note_dirty or not self._note_client:
            return
        self._note_dirty = False
        self.note_timer.stop()
        try:
            self.store.set_client_note(self._note_client, self.note.toPlainText())
        except CalmError as error:
            self.note_state.setText(str(error))
            return
        self.note_state.setText("Note saved.")

    # -- importing ----------------------------------------------------------------------------

    def choose_import(self) -> None:
        path = self.ask_path(self)
        if not path:
            return
        self.import_button.setEnabled(False)
        self.say(f"Reading {Path(path).name}…", where=self.import_message)
        self.import_bar.setValue(0)
        self.import_bar.show()
        store, moved = self.store, self.import_moved.emit
        self.run_in_background(
            lambda: import_file(store, Path(path), progress=moved),
            self._imported,
            self._import_failed,
        )

    def _import_moved(self, fraction: float) -> None:
        self.import_bar.setValue(round(fraction * 1000))

    def _imported(self, summary: ImportSummary) -> None:
        self.import_button.setEnabled(True)
        self.import_bar.hide()
        self.reload()
        self.say(summary.text(), where=self.import_message)
        self.clients_changed.emit()

    def _import_failed(self, error: BaseException) -> None:
        self.import_button.setEnabled(True)
        self.import_bar.hide()
        if isinstance(error, CalmError):
            self.say(str(error), problem=True, where=self.import_message)
            return
        self.say(
            "The file could not be brought in. Nothing was added.",
            problem=True,
            where=self.import_message,
        )
        sys.excepthook(type(error), error, error.__traceback__)  # logged, with the dialog

    # -- showing ------------------------------------------------------------------------------

    def say(self, text: str, problem: bool = False, where=None) -> None:
        """Say it beside the buttons that caused it (`where`; else under the client's details)."""
        self.message = where or self.details_message  # the line spoken last (tests read it)
        self.message.setText(text)
        self.message.setProperty("role", "warning" if problem else None)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.show()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        try:
            self.reload()
        except CalmError as error:  # the log could not be read: say so on the page
            self.say(str(error), problem=True)
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        self.save_note()
        super().hideEvent(event)

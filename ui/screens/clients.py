"""Clients (clinic use): the people whose practice is logged on this computer.

Add, rename, archive (and bring back) and choose who is practising now
(`client_switched(id)`), here; the page also holds the therapist's note on each
(ui/screens/client_note.py), the clinic record, safety answers, merge and erase
(ui/screens/client_admin.py) and bringing in a client's export from their own computer
(ui/screens/client_import.py). Every problem is a plain sentence beside the button that
caused it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QListView, QPushButton, QVBoxLayout, QWidget

from calm.errors import CalmError
from calm.settings import Settings
from calm.store import ClientRecord, Store
from ui.models import ClientListModel
from ui.screens.client_admin import ClientAdminPart
from ui.screens.client_import import (
    AskPath,
    ClientImportPart,
    Runner,
    ask_import_path,
    message_line,
)
from ui.screens.client_note import ClientNote
from ui.screens.parts import page, section, text_label


class ClientsScreen(QWidget):
    """The clinic's clients; emits `client_switched(client_id)` when someone else practises."""

    client_switched = Signal(str)
    clients_changed = Signal()  # added, renamed, archived or imported (names may have changed)
    programme_requested = Signal(str)  # the client's programme, goals, notes, report and pack

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
        self.client_id = client_id
        self.model = ClientListModel(self)

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
        self.importer = ClientImportPart(store, run_in_background, self.say, ask_path)
        self.importer.imported.connect(self._imported)
        section("Bring in a log from another computer", layout).addWidget(self.importer)
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
        self.note = ClientNote(self.store)
        layout.addWidget(self.note)
        self.details_message = message_line(layout)

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
        self.add_message = message_line(layout)

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
        self.note.save()
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
        self._show_selected()  # the note typed for the previous person goes to that person

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
        self.note.show_client(client)
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

    def _imported(self) -> None:
        self.reload()
        self.clients_changed.emit()

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

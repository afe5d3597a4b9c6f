"""“Who is practising?”: the clinic window's locked first page. Names only, nothing else.

Each client is one large button; a search field appears once there are more than a handful.
Choosing a name emits `chosen(client_id)`; “Therapist” asks for the passphrase (app wiring).
Keyboard: Tab moves through the names, Enter or Space chooses; typing in the search field
narrows the list and Enter chooses the only match.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLineEdit, QPushButton, QVBoxLayout, QWidget

from ui.screens.parts import page, text_label
from ui.widgets import button

SEARCH_FROM = 9  # clients: from this many, a search field helps


class WhoScreen(QWidget):
    """The names of the clients (archived and demo ones left out); nothing else about them."""

    chosen = Signal(str)
    therapist_requested = Signal()

    def __init__(self, store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.buttons: list[QPushButton] = []
        scroll, layout = page(640)
        layout.setSpacing(14)
        self.title = text_label("Who is practising?", "title")
        layout.addWidget(self.title)
        self.message = text_label("", "muted")
        self.message.setAccessibleName("Message")
        self.message.hide()
        layout.addWidget(self.message)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Type your name")
        self.search.setAccessibleName("Find your name")
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self._choose_only_match)
        layout.addWidget(self.search)
        self.names = QVBoxLayout()
        self.names.setSpacing(10)
        layout.addLayout(self.names)
        self.empty = text_label("No clients yet. The therapist adds them under Clients.", "muted")
        layout.addWidget(self.empty)
        layout.addStretch(1)
        self.therapist = button("Therapist…", "Therapist: unlock with the passphrase")
        self.therapist.clicked.connect(self.therapist_requested.emit)
        layout.addWidget(self.therapist, 0, Qt.AlignmentFlag.AlignLeft)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.reload()

    def reload(self) -> None:
        """Read the names again (after clients were added, renamed or erased)."""
        for old in self.buttons:
            self.names.removeWidget(old)
            old.deleteLater()
        self.buttons = []
        clients = [c for c in self.store.list_clients() if not c.demo]
        for client in clients:
            name_button = button(client.name, f"I am {client.name}", "primary")
            name_button.setProperty("client_id", client.id)
            name_button.clicked.connect(lambda _=False, c=client.id: self.chosen.emit(c))
            self.names.addWidget(name_button)
            name_button.setHidden(False)  # not only once the event loop comes round
            self.buttons.append(name_button)
        self.search.setVisible(len(clients) >= SEARCH_FROM)
        self.search.clear()
        self.empty.setVisible(not clients)

    def say(self, text: str) -> None:
        """A line under the title (a goodbye, why the window came back here)."""
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def visible_names(self) -> list[str]:
        return [b.text() for b in self.buttons if not b.isHidden()]

    def _filter(self, text: str) -> None:
        wanted = text.strip().casefold()
        for name_button in self.buttons:
            name_button.setHidden(bool(wanted) and wanted not in name_button.text().casefold())

    def _choose_only_match(self) -> None:
        shown = [b for b in self.buttons if not b.isHidden()]
        if len(shown) == 1:
            shown[0].click()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        self.reload()
        first = self.search if self.search.isVisibleTo(self) else None
        first = first or (self.buttons[0] if self.buttons else self.therapist)
        first.setFocus(Qt.FocusReason.OtherFocusReason)
        super().showEvent(event)

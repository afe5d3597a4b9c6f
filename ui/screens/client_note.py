"""The therapist's note on a client (the Clients page): saved as typed, a moment after the
last key, so typing is never interrupted, and always to the person it was typed about.

The page binds it to one client at a time (`show_client`); anything typed and not yet saved
is saved first, when the selection moves, the list is read again (`save`) or the page is
left (the note is hidden with it). A note that cannot be saved says why under the box and
stays as typed.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QPlainTextEdit, QVBoxLayout, QWidget

from calm.errors import CalmError
from calm.store import ClientRecord, Store
from ui.screens.parts import text_label

NOTE_DELAY_MS = 800  # save the note this long after the last key: typing is never interrupted


class ClientNote(QWidget):
    """A note box with its "Note saved." line, bound to one client at a time."""

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self._client = ""
        self._dirty = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(NOTE_DELAY_MS)
        self.timer.timeout.connect(self.save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)  # as the card around it
        layout.addWidget(text_label("Therapist's note (saved as you type)", "muted"))
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName("Therapist's note on the selected client")
        self.editor.setTabChangesFocus(True)  # Tab leaves the note, as everywhere else
        self.editor.setMinimumHeight(140)
        self.editor.textChanged.connect(self._typed)
        layout.addWidget(self.editor)
        self.state = text_label("", "muted")
        layout.addWidget(self.state)
        self.setFocusProxy(self.editor)

    def show_client(self, client: ClientRecord | None) -> None:
        """Show this client's note (save what was typed for the one before first)."""
        self.save()
        self.editor.blockSignals(True)
        self.editor.setPlainText(client.note if client else "")
        self.editor.blockSignals(False)
        self.editor.setEnabled(client is not None)
        self._client = client.id if client else ""
        self._dirty = False
        self.state.setText("")

    def _typed(self) -> None:
        self._dirty = True
        self.state.setText("")
        self.timer.start()

    def save(self) -> None:
        """Save typing not yet saved (a moment after the last key, or on leaving)."""
        if not self._dirty or not self._client:
            return
        self._dirty = False
        self.timer.stop()
        try:
            self.store.set_client_note(self._client, self.editor.toPlainText())
        except CalmError as error:
            self.state.setText(str(error))
            return
        self.state.setText("Note saved.")

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt's name)
        self.save()  # the page (or the window) was left
        super().hideEvent(event)

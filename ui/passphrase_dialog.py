"""The therapist's passphrase in the window: asking for it, and choosing one.

`ask_passphrase(parent, store, why)` opens a small dialog that checks what is typed with the
store (salted scrypt, calm/store/passphrase.py): a wrong one is a sentence in the dialog, five
in a row make it wait 30 seconds (the OK button says how long). `choose_passphrase(parent,
store)` asks for a new one twice when clinic mode is turned on. Both answer True only when the
passphrase was right (or set). Keyboard only: the field has focus, Enter confirms, Escape
cancels; every target is at least 44 px; the texts wrap at 200 % text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from calm.errors import CalmError, PassphraseError
from ui.widgets import button, label


class PassphraseDialog(QDialog):
    """Asks for the therapist's passphrase (or, with `new`, for a new one, twice)."""

    def __init__(self, store, why: str, parent: QWidget | None = None, new: bool = False):
        super().__init__(parent)
        self.store = store
        self.new = new
        self.setWindowTitle("Choose the therapist's passphrase" if new else "Therapist only")
        self.setModal(True)
        self.setFixedWidth(540)  # wrapped sentences then get the height they need
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        self.why = label(why, wrap=True)
        layout.addWidget(self.why)
        self.field = self._field("Passphrase" if not new else "New passphrase")
        layout.addWidget(self.field)
        self.again = self._field("The new passphrase again")
        self.again.setVisible(new)
        layout.addWidget(self.again)
        self.message = label("", "warning", wrap=True)
        self.message.setAccessibleName("Problem")
        self.message.hide()
        layout.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch(1)
        self.cancel = button("Cancel")
        self.cancel.clicked.connect(self.reject)
        row.addWidget(self.cancel)
        self.ok = button("Set passphrase" if new else "Unlock", role="primary")
        self.ok.setDefault(True)
        self.ok.clicked.connect(self.confirm)
        row.addWidget(self.ok)
        layout.addLayout(row)
        self.countdown = QTimer(self)
        self.countdown.setInterval(1000)
        self.countdown.timeout.connect(self._tick)
        self.field.setFocus(Qt.FocusReason.OtherFocusReason)
        self._fit()
        if not new:
            self._tick()  # a wait still running from earlier tries shows at once

    def _field(self, name: str) -> QLineEdit:
        field = QLineEdit()
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setAccessibleName(name)
        field.setPlaceholderText(name)
        return field  # Enter presses the default button (Unlock / Set passphrase)

    def confirm(self) -> None:
        """Check (or set) the passphrase; accept when right, else say why and stay."""
        if not self.ok.isEnabled():
            return
        try:
            if self.new:
                if self.field.text() != self.again.text():
                    raise PassphraseError("The two passphrases differ. Please type them again.")
                self.store.reset_passphrase(self.field.text())
            else:
                self.store.check_passphrase(self.field.text())
        except PassphraseError as error:
            self.say(str(error))
            self.field.selectAll()
            self.field.setFocus()
            if error.wait_s:
                self._tick()
            return
        self.field.clear()
        self.again.clear()
        self.accept()

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        self._fit()

    def _fit(self) -> None:
        """Tall enough for every wrapped line (at 200 % text too)."""
        self.layout().activate()
        self.setFixedHeight(self.layout().totalHeightForWidth(self.width()))

    def _tick(self) -> None:
        """While the store says to wait, the Unlock button counts down and cannot be used."""
        try:
            wait = self.store.passphrase_wait_s() if not self.new else 0
        except CalmError:  # the log went away (the window is closing)
            self.countdown.stop()
            return
        self.ok.setEnabled(wait == 0)
        self.ok.setText(f"Wait {wait} s" if wait else "Unlock")
        self.ok.setAccessibleName(self.ok.text())
        if wait and not self.countdown.isActive():
            self.countdown.start()
        elif not wait:
            self.countdown.stop()


def ask_passphrase(parent: QWidget | None, store, why: str) -> bool:
    """True when the therapist typed the right passphrase (a modal dialog)."""
    dialog = PassphraseDialog(store, why, parent)
    return dialog.exec() == QDialog.DialogCode.Accepted


def choose_passphrase(parent: QWidget | None, store) -> bool:
    """True when the therapist chose a new passphrase (a modal dialog)."""
    dialog = PassphraseDialog(
        store,
        "Clinic mode keeps each client's practice to themselves. Choose a passphrase (at least "
        "8 characters) for the therapist: it unlocks clients, notes, settings, export and "
        "import. If it is forgotten, the owner of this computer's account can reset it with "
        "`calm-harbor clinic reset-passphrase`.",
        parent,
        new=True,
    )
    return dialog.exec() == QDialog.DialogCode.Accepted

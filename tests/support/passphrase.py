"""The therapist's hands on the real passphrase dialog (ui/passphrase_dialog.py), for window
tests: `build_window(..., ask=Typist(qtbot))` types the passphrase and presses Enter, so a
test never blocks on a modal dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest

from ui.passphrase_dialog import PassphraseDialog

SECRET = "harbour lights"


class Typist:
    """Types `text` into the real dialog and presses Enter; `said` keeps what it answered."""

    def __init__(self, qtbot, text: str = SECRET):
        self.qtbot, self.text, self.said = qtbot, text, []

    def __call__(self, parent, store, why: str) -> bool:
        dialog = PassphraseDialog(store, why, parent)

        def type_it() -> None:
            QTest.keyClicks(dialog.field, self.text)
            QTest.keyClick(dialog.field, Qt.Key.Key_Return)
            self.said.append(dialog.message.text())
            if dialog.isVisible():
                dialog.reject()

        QTimer.singleShot(0, type_it)
        return dialog.exec() == PassphraseDialog.DialogCode.Accepted

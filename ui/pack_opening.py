"""Opening a home pack from the window: choose the file, check it, ask before it changes who
practises here, apply it, and say what happened in one sentence.

The same steps as `calm-harbor open-pack` (calm/exchange/pack_open.py), with dialogs; wired in
app.py and offered on the welcome (first start) and in Settings.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from calm.errors import CalmError

AskOpen = Callable[[QWidget], "str | None"]
Confirm = Callable[[QWidget, str], bool]


def ask_pack_path(parent: QWidget) -> str | None:
    """The open dialog for a pack (None when cancelled)."""
    path, _ = QFileDialog.getOpenFileName(
        parent, "Open a pack from your therapist", str(Path.home()),
        "Calm Harbor packs (*.calmpack);;All files (*)",
    )  # fmt: skip
    return path or None


def confirm_other_person(parent: QWidget, question: str) -> bool:
    """Yes/No on opening a pack made for someone else; No is the default."""
    answer = QMessageBox.question(
        parent,
        "A pack for someone else",
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def pack_opener(
    store, paths, ask_open: AskOpen = ask_pack_path, confirm: Confirm = confirm_other_person
) -> Callable[[QWidget], tuple[bool, str] | None]:
    """A call that opens a pack from a dialog: (opened, sentence), or None when cancelled."""

    def open_pack(parent: QWidget) -> tuple[bool, str] | None:
        from calm.exchange.pack_open import PackForSomeoneElse, apply_pack, read_pack

        path = ask_open(parent)
        if not path:
            return None
        try:
            contents = read_pack(Path(path))
            try:
                opened = apply_pack(store, contents, paths)
            except PackForSomeoneElse as question:
                if not confirm(parent, str(question)):
                    return False, "The pack was not opened. Nothing was changed."
                opened = apply_pack(store, contents, paths, confirmed=True)
        except CalmError as error:
            return False, str(error)
        return True, opened.text()

    return open_pack

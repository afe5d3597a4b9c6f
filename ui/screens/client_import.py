"""Bringing in a client's log from another computer: the last part of the Clients page.

A client exports their log (CSV or FHIR) at home; here the therapist chooses the file, it is
read on a worker with a bar that moves as it is read, and one sentence beside the button says
what was added (or, for a file that cannot be read, why nothing was). Bringing in the same file
twice adds nothing new (calm/exchange/importer.py).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from calm.errors import CalmError
from calm.exchange.importer import ImportSummary, import_file
from calm.store import Store
from ui.screens.parts import hold_while_working, text_label

IMPORT_FILTER = "Calm Harbor exports (*.json *.csv);;All files (*)"

AskPath = Callable[[QWidget], str | None]
Runner = Callable[..., None]
Say = Callable[..., None]  # say(text, problem=False, where=label): the page's message lines


def ask_import_path(parent: QWidget) -> str | None:
    """The file dialog for an export to bring in (None when cancelled)."""
    path, _ = QFileDialog.getOpenFileName(
        parent, "Bring in a client's practice log", str(Path.home()), IMPORT_FILTER
    )
    return path or None


def message_line(layout: QVBoxLayout) -> QLabel:
    """A message line right under the buttons it answers, hidden until it has something to say
    (nothing above it shifts when it appears)."""
    message = text_label("")
    message.setAccessibleName("Message")
    message.hide()
    layout.addWidget(message)
    return message


class ClientImportPart(QWidget):
    """Emits `imported()` once a file has been brought in (clients may have been added)."""

    imported = Signal()
    import_moved = Signal(float)  # 0-1, emitted on the worker thread, shown on the bar

    def __init__(
        self,
        store: Store,
        run_in_background: Runner,
        say: Say,
        ask_path: AskPath = ask_import_path,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.store, self.run_in_background, self.say, self.ask_path = (
            store, run_in_background, say, ask_path,
        )  # fmt: skip
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)  # as the card around it
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
        self.message = message_line(layout)
        self._release: Callable[[], None] = lambda: None

    def choose_import(self) -> None:
        path = self.ask_path(self)
        if not path:
            return
        self.import_bar.setValue(0)
        self.import_bar.show()
        self._release = hold_while_working([self.import_button], self.import_bar)
        self.say(f"Reading {Path(path).name}…", where=self.message)
        store, moved = self.store, self.import_moved.emit
        self.run_in_background(
            lambda: import_file(store, Path(path), progress=moved),
            self._imported,
            self._import_failed,
        )

    def _import_moved(self, fraction: float) -> None:
        self.import_bar.setValue(round(fraction * 1000))

    def _done(self) -> None:
        self._release()
        self.import_bar.hide()

    def _imported(self, summary: ImportSummary) -> None:
        self._done()
        self.imported.emit()
        self.say(summary.text(), where=self.message)

    def _import_failed(self, error: BaseException) -> None:
        self._done()
        if isinstance(error, CalmError):
            self.say(str(error), problem=True, where=self.message)
            return
        self.say(
            "The file could not be brought in. Nothing was added.",
            problem=True,
            where=self.message,
        )
        sys.excepthook(type(error), error, error.__traceback__)  # logged, with the dialog

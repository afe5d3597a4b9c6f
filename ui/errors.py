"""The last line of defence: an unexpected exception is logged and told, and the app keeps going.

`install_excepthook(log_file, parent)` replaces `sys.excepthook` (which PySide6 calls for an
exception escaping a slot or event handler): the traceback goes to the rotating log, and a
dialog says in plain words that something went wrong and names the log file to send. Errors a
person can act on (CalmError) are expected to be caught earlier and shown as a sentence in the
window; if one slips through, its own sentence is shown instead of the generic one.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from calm.errors import CalmError

log = logging.getLogger("calm.unexpected")

ParentSource = Callable[[], QWidget | None]


class ErrorReporter:
    """Logs unexpected exceptions and shows one calm dialog at a time naming the log file."""

    def __init__(self, log_file: Path, parent: ParentSource | None = None):
        self.log_file = log_file
        self.parent = parent or (lambda: None)
        self.dialog: QMessageBox | None = None
        self.count = 0  # exceptions seen (a test reads it)

    def __call__(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        self.count += 1
        log.error("unexpected error", exc_info=(kind, error, trace))
        if threading.current_thread() is not threading.main_thread():
            return  # widgets belong to the main thread; the log has it
        self.show(self.message(error))

    def message(self, error: BaseException) -> str:
        """The sentence to show for this error."""
        if isinstance(error, CalmError):
            return str(error)
        return (
            "Something went wrong inside Calm Harbor. What you were doing has been kept "
            "where possible, and you can carry on.\n\n"
            f"The details were written to the log file:\n{self.log_file}\n\n"
            "If it happens again, please send that file to whoever looks after the app."
        )

    def show(self, text: str) -> None:
        """Show the dialog, or add to the one already open (never a stack of dialogs)."""
        if self.dialog is not None and self.dialog.isVisible():
            return
        dialog = QMessageBox(self.parent())
        dialog.setIcon(QMessageBox.Icon.Information)
        dialog.setWindowTitle("Calm Harbor")
        dialog.setText(text)
        dialog.setAccessibleName("Something went wrong")
        dialog.setStandardButtons(QMessageBox.StandardButton.Ok)
        dialog.setDefaultButton(QMessageBox.StandardButton.Ok)
        self.dialog = dialog
        dialog.open()  # not exec(): the event loop (and a practice in progress) keeps running


def install_excepthook(log_file: Path, parent: ParentSource | None = None) -> ErrorReporter:
    """Route unexpected exceptions (main thread and workers) to a reporter; returns it."""
    reporter = ErrorReporter(log_file, parent)
    sys.excepthook = reporter

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        reporter(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)

    threading.excepthook = thread_hook
    return reporter

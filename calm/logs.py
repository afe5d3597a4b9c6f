"""Logging to a rotating file in the user's log folder; unexpected errors end up there.

A log file that cannot be written (a full disk, a read-only folder) is given up quietly: the
standard handler would print a "--- Logging error ---" traceback on the terminal for every
line, in the middle of a practice. Nothing is ever logged to the terminal.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from calm.paths import make_private

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class QuietFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log file that drops a line it cannot write instead of printing a traceback."""

    failures = 0

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging's name)
        self.failures += 1


def setup_logging(log_file: Path, level: int = logging.INFO) -> logging.Handler | None:
    """Send the root logger to `log_file` (1 MB × 3 files). Returns the handler, or None if the
    folder cannot be written (the app still runs; it just keeps no log). Called twice for the
    same file (a command that opens the window), it adds no second handler."""
    root = logging.getLogger()
    log_file = Path(log_file).absolute()
    for handler in list(root.handlers):
        if isinstance(handler, QuietFileHandler):
            if Path(handler.baseFilename) == log_file:
                return handler
            root.removeHandler(handler)  # one app log at a time (tests run many commands)
            handler.close()
    try:
        make_private(log_file.parent)
        handler = QuietFileHandler(log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    root.setLevel(level)
    return handler


def setup_command_logging(log_file: Path) -> None:
    """For the command line: log to the file like the window does; without a writable log
    folder, log nowhere (Python would otherwise print warnings on the terminal)."""
    if setup_logging(log_file) is None and not logging.getLogger().handlers:
        logging.getLogger().addHandler(logging.NullHandler())

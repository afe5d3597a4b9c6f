"""One base error for the core and a few specific ones, each with a sentence a person can act on.

The interface and the command line catch `CalmError` at their edge and show `str(error)`.
"""

from __future__ import annotations

from dataclasses import dataclass


class CalmError(Exception):
    """Something the user can act on; `str()` is the plain sentence to show."""


@dataclass(frozen=True)
class Problem:
    """One problem in a practice script: where it is and what is wrong."""

    path: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return visible(f"{where}: {self.field}: {self.message}")


def visible(text: str, lines: bool = False) -> str:
    """`text` with its control and invisible characters shown as escapes, for a terminal: a
    name, title or key read from a file can hold a line break, a terminal's escape sequence
    (which could set its title, colour or clear it) or a right-to-left override. One line,
    unless `lines` keeps the line breaks."""
    if lines:
        return "\n".join(visible(line) for line in str(text).split("\n"))
    return "".join(
        char if char.isprintable() or char == " " else repr(char)[1:-1] for char in str(text)
    )


class ScriptError(CalmError):
    """A practice script could not be used; `problems` lists every problem found, one per line."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class StoreError(CalmError):
    """The practice log could not be read or written."""


class DiskFullError(StoreError):
    """The disk holding the practice log is full: nothing of the last change was written."""


class DataInUseError(StoreError):
    """Another copy of Calm Harbor is using the same data folder."""


class NewerDatabaseError(StoreError):
    """The database was written by a newer version of Calm Harbor."""


class ImportRejected(CalmError):
    """A file brought in from elsewhere was malformed; nothing was added."""


class ExportError(CalmError):
    """An export file could not be written; nothing half-written was left behind."""


class AudioError(CalmError):
    """Sound could not be played or rendered."""


class PassphraseError(CalmError):
    """The therapist's passphrase was wrong, missing or must be waited for; `wait_s` > 0 while
    the lock makes the next try wait."""

    def __init__(self, message: str, wait_s: int = 0):
        super().__init__(message)
        self.wait_s = wait_s

"""What app.py hands every command: the folders, the practices, and the parts it wires.

A command is a function `run(args, context) -> exit code`, named by its subparser with
`set_defaults(run=...)`; app.py builds one `CommandContext` and calls it. The window and the
sound engine come in as callables, so the command line never imports the interface and the
tests can pass their own.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from calm.paths import AppPaths
    from calm.practice.library import Library


@dataclass
class CommandContext:
    """The wiring a command may use; each part is made only when asked for."""

    paths: AppPaths
    open_window: Callable[..., int]  # run_window(paths, start_practice=(id, length))
    open_sound: Callable[[Any], Any]  # clock -> a sound engine on the shared sound bank
    write_report: Callable[[Any, Path], Path]  # (ClientReport, target) -> the PDF written
    mention_unavailable: bool = True  # one line on stderr if some practice files are broken
    _library: Library | None = field(default=None, repr=False)

    @property
    def library(self) -> Library:
        """The built-in practices plus the user's own folder, loaded on first use. Broken
        files are summed up in one line on stderr (`list` and `validate` give the details)."""
        if self._library is None:
            from calm.practice.library import load_library

            self._library = load_library(self.paths.user_sessions)
            broken = len(self._library.unavailable)
            if broken and self.mention_unavailable:
                files = "1 practice file is" if broken == 1 else f"{broken} practice files are"
                print(
                    f"calm-harbor: {files} unavailable; `calm-harbor list` shows why.",
                    file=sys.stderr,
                )
        return self._library

"""The library of practices: the built-in scripts plus the user's own folder.

Loading never fails because of one bad file: the others load, and the bad one is listed as
unavailable with its reason. A user's script with the id of a built-in one replaces it (a
therapist's adapted version).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from calm.errors import ScriptError
from calm.practice.loader import load_script
from calm.practice.script import CATEGORIES, Script

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Unavailable:
    """A script file that could not be used, and why (one line per problem)."""

    path: str
    reason: str


@dataclass
class Library:
    scripts: dict[str, Script] = field(default_factory=dict)
    unavailable: list[Unavailable] = field(default_factory=list)
    folders: tuple[Path, ...] = ()  # the user's folders it was loaded from
    builtin: Path | None = None  # the built-in folder (None: the `sessions` package)

    def reload(self) -> bool:
        """Load the folders again, in place (every screen holding the library sees the new
        practices); True when anything changed."""
        fresh = load_library(*self.folders, builtin=self.builtin)
        before = (self._fingerprint(), list(self.unavailable))
        self.scripts, self.unavailable = fresh.scripts, fresh.unavailable
        return before != (self._fingerprint(), list(self.unavailable))

    def _fingerprint(self) -> list[tuple[str, str, str]]:
        return [(s.id, s.path, s.source_hash) for s in self.scripts.values()]

    def get(self, script_id: str) -> Script:
        try:
            return self.scripts[script_id]
        except KeyError:
            raise KeyError(f"There is no practice called {script_id!r}.") from None

    def by_category(self) -> list[tuple[str, list[Script]]]:
        """Categories in their fixed order, each with its practices in file order."""
        order = {category: n for n, category in enumerate(CATEGORIES)}
        groups: dict[str, list[Script]] = {}
        for script in self.scripts.values():
            groups.setdefault(script.category, []).append(script)
        return sorted(groups.items(), key=lambda item: order.get(item[0], len(order)))


def builtin_folder() -> Path:
    return Path(str(resources.files("sessions")))


def load_library(*folders: Path, builtin: Path | None = None) -> Library:
    """Load the built-in folder (default: the `sessions` package) then each user folder."""
    library = Library(folders=tuple(folders), builtin=builtin)
    _load_folder(library, builtin or builtin_folder(), is_builtin=True)
    for folder in folders:
        _load_folder(library, folder, is_builtin=False, audio_roots=folders)
    return library


def _load_folder(
    library: Library, folder: Path, is_builtin: bool, audio_roots: tuple[Path, ...] = ()
) -> None:
    try:
        files = sorted(folder.glob("*.toml"))
    except OSError as error:
        library.unavailable.append(Unavailable(str(folder), f"cannot be read ({error})"))
        return
    for path in files:
        try:
            script = load_script(path, builtin=is_builtin, audio_roots=audio_roots)
        except ScriptError as error:
            log.warning("practice unavailable: %s", error)
            library.unavailable.append(Unavailable(str(path), str(error)))
            continue
        previous = library.scripts.get(script.id)
        if previous is not None and not previous.builtin:
            reason = f"{path}: id: {script.id!r} is already used by {previous.path}"
            library.unavailable.append(Unavailable(str(path), reason))
            continue
        library.scripts[script.id] = script

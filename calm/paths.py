"""Where Calm Harbor keeps things: the appdirs folders, or all under `CALM_HOME` when it is set.

Tests and benchmarks set `CALM_HOME` to a temporary folder so they never touch a real user's data.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import appdirs

APP_NAME = "calm-harbor"
APP_AUTHOR = "CalmHarbor"


@dataclass(frozen=True)
class AppPaths:
    """The four per-user folders: data (database, backups), cache (rendered sound), config, log."""

    data: Path
    cache: Path
    config: Path
    log: Path

    @property
    def database(self) -> Path:
        return self.data / "calm-harbor.sqlite3"

    @property
    def backups(self) -> Path:
        return self.data / "backups"

    @property
    def user_sessions(self) -> Path:
        """The folder where a user's or therapist's own practice scripts live."""
        return self.data / "practices"

    @property
    def log_file(self) -> Path:
        return self.log / "calm-harbor.log"

    @classmethod
    def from_environment(cls, env: Mapping[str, str] | None = None) -> AppPaths:
        env = os.environ if env is None else env
        home = env.get("CALM_HOME")
        if home:
            root = Path(home).expanduser()
            return cls(root / "data", root / "cache", root / "config", root / "log")
        if sys.platform in ("win32", "darwin"):
            return cls(
                Path(appdirs.user_data_dir(APP_NAME, APP_AUTHOR)),
                Path(appdirs.user_cache_dir(APP_NAME, APP_AUTHOR)),
                Path(appdirs.user_config_dir(APP_NAME, APP_AUTHOR)),
                Path(appdirs.user_log_dir(APP_NAME, APP_AUTHOR)),
            )
        # appdirs takes an empty XDG_DATA_HOME as a folder named "" (the current folder); the
        # XDG specification says an empty or relative value is to be ignored.
        cache = _xdg(env, "XDG_CACHE_HOME", ".cache") / APP_NAME
        return cls(
            _xdg(env, "XDG_DATA_HOME", ".local/share") / APP_NAME,
            cache,
            _xdg(env, "XDG_CONFIG_HOME", ".config") / APP_NAME,
            cache / "log",  # where appdirs puts it
        )

    def ensure(self) -> AppPaths:
        """Create the folders (readable by the user only; an existing one looser than that is
        tightened) and return self."""
        for folder in self.folders:
            make_private(folder)
        return self

    @property
    def folders(self) -> tuple[Path, ...]:
        """Every folder the app keeps things in."""
        return (self.data, self.cache, self.config, self.log, self.user_sessions)

    def tighten(self) -> AppPaths:
        """Close those of the folders that exist to other users (see `tighten`)."""
        for folder in self.folders:
            tighten(folder)
        return self


def make_private(folder: Path) -> Path:
    """Create `folder` (0700), or tighten an existing one the app owns to 0700: the data is
    health information. A folder that is not ours to change is left as it is."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return tighten(folder)


def tighten(folder: Path) -> Path:
    """Take away other users' access to an existing folder (nothing if it is missing or not
    ours to change)."""
    try:
        mode = folder.stat().st_mode
        if mode & 0o077:
            os.chmod(folder, stat.S_IMODE(mode) & 0o700)
    except OSError:
        pass
    return folder


def _xdg(env: Mapping[str, str], name: str, default: str) -> Path:
    """An XDG base folder: the variable when it holds an absolute path, else ~/`default`."""
    value = env.get(name, "")
    if value and os.path.isabs(value):
        return Path(value)
    home = env.get("HOME") or os.path.expanduser("~")
    return Path(home) / default

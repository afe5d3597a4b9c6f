"""Where Calm Harbor keeps things: the appdirs folders, or all under `CALM_HOME` when it is set.

Tests and benchmarks set `CALM_HOME` to a temporary folder so they never touch a real user's data.
"""

from __future__ import annotations

import os
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
        return cls(
            Path(appdirs.user_data_dir(APP_NAME, APP_AUTHOR)),
            Path(appdirs.user_cache_dir(APP_NAME, APP_AUTHOR)),
            Path(appdirs.user_config_dir(APP_NAME, APP_AUTHOR)),
            Path(appdirs.user_log_dir(APP_NAME, APP_AUTHOR)),
        )

    def ensure(self) -> AppPaths:
        """Create the folders (readable by the user only) and return self."""
        for folder in (self.data, self.cache, self.config, self.log, self.user_sessions):
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        return self

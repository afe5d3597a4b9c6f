"""Every user setting, declared once with its type, default, label and allowed values.

Values are kept in the store's settings table; a loaded value that has the wrong type or is
out of range is ignored in favour of the default (a damaged or hand-edited value never breaks
the app).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class Setting:
    key: str
    kind: type
    default: Any
    label: str
    choices: tuple = ()  # allowed values, for text settings
    low: float | None = None
    high: float | None = None

    def accepts(self, value: Any) -> bool:
        if self.kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if self.kind is int and isinstance(value, bool):
            return False
        if not isinstance(value, self.kind):
            return False
        if self.choices and value not in self.choices:
            return False
        if self.low is not None and value < self.low:
            return False
        return self.high is None or value <= self.high


DECLARED: tuple[Setting, ...] = (
    Setting("volume.master", int, 80, "Overall volume", low=0, high=100),
    Setting("volume.voice", int, 90, "Voice volume", low=0, high=100),
    Setting("volume.cue", int, 70, "Bells and breath tones volume", low=0, high=100),
    Setting("volume.ambience", int, 50, "Ambience volume", low=0, high=100),
    Setting("voice.enabled", bool, True, "Spoken guidance"),
    Setting("bell.enabled", bool, True, "Bells"),
    Setting("tones.enabled", bool, True, "Breath tones"),
    Setting(
        "ambience.choice",
        str,
        "script",
        "Ambience",
        choices=("script", "none", "brown", "pink", "rain", "ocean"),
    ),
    Setting("theme", str, "light", "Theme", choices=("light", "dark", "high-contrast")),
    Setting("text.scale", float, 1.0, "Text size", low=1.0, high=2.0),
    Setting("motion.reduced", bool, False, "Reduced motion"),
    Setting("mode", str, "home", "Use", choices=("home", "clinic")),
    Setting("screening.done", bool, False, "Safety questions answered"),
    Setting("screening.answers", dict, {}, "Safety answers"),
    Setting("favourites", list, [], "Favourite practices"),
    Setting("last.practice", dict, {}, "Last practice"),
    Setting("pattern.choice", dict, {}, "Breathing pattern chosen per practice"),
    Setting("client.current", str, "", "Current client"),
)
BY_KEY = {setting.key: setting for setting in DECLARED}


class SettingsBackend(Protocol):
    def get_setting(self, key: str, default: Any = None) -> Any: ...
    def set_setting(self, key: str, value: Any) -> None: ...


class Settings:
    """Typed access to the declared settings, kept in a backend (the store).

    A value can also be *staged*: read back at once, written later by `save_staged` (a slider
    dragged through fifty steps is one write when it settles, not fifty; the interface does
    that write off its own thread).
    """

    def __init__(self, backend: SettingsBackend):
        self.backend = backend
        self._staged: dict[str, Any] = {}
        self._lock = threading.Lock()  # guards _staged
        self._saving = threading.Lock()  # two saves never write out of order

    def get(self, key: str) -> Any:
        setting = BY_KEY[key]
        with self._lock:
            staged = key in self._staged
            value = self._staged.get(key)
        if not staged:
            value = self.backend.get_setting(key, setting.default)
        if not setting.accepts(value):
            return setting.default
        return float(value) if setting.kind is float else value

    def set(self, key: str, value: Any) -> None:
        _check(key, value)
        self.backend.set_setting(key, value)
        with self._lock:
            self._staged.pop(key, None)

    def stage(self, key: str, value: Any) -> None:
        """Take `value` now (get() returns it) and write it with the next `save_staged`."""
        _check(key, value)
        with self._lock:
            self._staged[key] = value

    def save_staged(self) -> None:
        """Write the latest staged values. What fails to be written stays staged (the error
        is raised), so a later save can try again."""
        with self._saving:
            with self._lock:
                staged = dict(self._staged)
            for key, value in staged.items():
                self.backend.set_setting(key, value)
                with self._lock:
                    if key in self._staged and self._staged[key] == value:
                        del self._staged[key]

    @property
    def has_staged(self) -> bool:
        """Whether some value waits to be written."""
        with self._lock:
            return bool(self._staged)


def _check(key: str, value: Any) -> None:
    setting = BY_KEY[key]
    if not setting.accepts(value):
        raise ValueError(f"{setting.label}: {value!r} is not allowed")


class MemoryBackend:
    """Settings kept in a dict (for a read-only store, and for tests)."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def get_setting(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def set_setting(self, key: str, value: Any) -> None:
        self.values[key] = value

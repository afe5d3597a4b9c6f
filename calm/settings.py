"""Every user setting, declared once with its type, default, label, allowed values and scope.

Two scopes (docs/architecture.md, "Per client and per laptop"):
- "client": the person's own - safety answers, favourites, last practice, pattern and
  ambience choices, text size, the stronger hand. Kept per client (the store's
  client_settings table).
- "laptop": the computer's - mode, theme, volumes, the clinic's settings. Kept once (the
  store's settings table). The data folder itself is chosen by CALM_HOME / appdirs.

`Settings(store, client=...)` reads and writes both: a per-client key goes to the client the
`client` callable names (the one practising now in the window), `settings.for_client(id)`
gives a view bound to one client (the command line, another client's page). A loaded value
that has the wrong type or is out of range is ignored in favour of the default (a damaged or
hand-edited value never breaks the app).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from calm.practice.ambience import AMBIENCE_CHOICES

LAPTOP, CLIENT = "laptop", "client"


@dataclass(frozen=True)
class Setting:
    key: str
    kind: type
    default: Any
    label: str
    choices: tuple = ()  # allowed values, for text settings
    low: float | None = None
    high: float | None = None
    scope: str = LAPTOP  # LAPTOP (one value for the computer) or CLIENT (one per client)

    def accepts(self, value: Any) -> bool:
        if self.kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if self.kind is int and isinstance(value, bool):
            return False
        if not isinstance(value, self.kind):
            return False
        if self.choices and value not in self.choices:
            return False
        number: Any = value  # only numbers have limits
        if self.low is not None and number < self.low:
            return False
        return self.high is None or number <= self.high


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
        choices=tuple(AMBIENCE_CHOICES),
        scope=CLIENT,
    ),
    Setting("theme", str, "light", "Theme", choices=("light", "dark", "high-contrast")),
    Setting("text.scale", float, 1.0, "Text size", low=1.0, high=2.0, scope=CLIENT),
    Setting("motion.reduced", bool, False, "Reduced motion"),
    Setting("mode", str, "home", "Use", choices=("home", "clinic")),
    Setting("screening.done", bool, False, "Safety questions answered", scope=CLIENT),
    Setting("screening.answers", dict, {}, "Safety answers", scope=CLIENT),
    Setting("favourites", list, [], "Favourite practices", scope=CLIENT),
    Setting("last.practice", dict, {}, "Last practice", scope=CLIENT),
    Setting("pattern.choice", dict, {}, "Breathing pattern chosen per practice", scope=CLIENT),
    Setting("client.current", str, "", "Current client"),
    Setting("clinic.idle_minutes", int, 5, "Back to “Who is practising?” after", low=1, high=60),
    Setting(
        "clinic.identifier_system",
        str,
        "",
        "Record number system (FHIR Patient.identifier)",
    ),
    # Muscle relaxation and autogenic training begin with the stronger side (docs/content.md).
    Setting(
        "hand.stronger", str, "right", "Stronger hand", choices=("right", "left"), scope=CLIENT
    ),
)
BY_KEY = {setting.key: setting for setting in DECLARED}
CLIENT_KEYS = tuple(s.key for s in DECLARED if s.scope == CLIENT)


class SettingsBackend(Protocol):
    def get_setting(self, key: str, default: Any = None) -> Any: ...
    def set_setting(self, key: str, value: Any) -> None: ...
    def get_client_setting(self, client_id: str, key: str, default: Any = None) -> Any: ...
    def set_client_setting(self, client_id: str, key: str, value: Any) -> None: ...


class Settings:
    """Typed access to the declared settings, kept in a backend (the store).

    `client` names the client whose per-client settings are meant (a callable, asked at each
    use, so the window can change who is practising); without one, the backend's default
    client is used when it has one.

    A value can also be *staged*: read back at once, written later by `save_staged` (a slider
    dragged through fifty steps is one write when it settles, not fifty; the interface does
    that write off its own thread). A staged per-client value stays with the client it was
    staged for.
    """

    def __init__(self, backend: SettingsBackend, client: Callable[[], str] | None = None):
        self.backend = backend
        self._client = client
        self._staged: dict[tuple[str, str], Any] = {}  # (owner, key): owner "" = the laptop
        self._lock = threading.Lock()  # guards _staged
        self._saving = threading.Lock()  # two saves never write out of order

    def client_id(self) -> str:
        """The client whose per-client settings `get` and `set` use now."""
        if self._client is not None:
            return self._client()
        default = getattr(self.backend, "default_client", None)
        return default().id if default is not None else ""

    def for_client(self, client_id: str) -> Settings:
        """The same settings, with the per-client ones of this client."""
        return Settings(self.backend, lambda: client_id)

    def _owner(self, key: str) -> str:
        return self.client_id() if BY_KEY[key].scope == CLIENT else ""

    def get(self, key: str) -> Any:
        setting = BY_KEY[key]
        owner = self._owner(key)
        value: Any
        with self._lock:
            staged = (owner, key) in self._staged
            value = self._staged.get((owner, key))
        if not staged:
            value = self._read(owner, key, setting.default)
        if not setting.accepts(value):
            return setting.default
        return float(value) if setting.kind is float else value

    def set(self, key: str, value: Any) -> None:
        _check(key, value)
        owner = self._owner(key)
        self._write(owner, key, value)
        with self._lock:
            self._staged.pop((owner, key), None)

    def stage(self, key: str, value: Any) -> None:
        """Take `value` now (get() returns it) and write it with the next `save_staged`."""
        _check(key, value)
        owner = self._owner(key)
        with self._lock:
            self._staged[(owner, key)] = value

    def save_staged(self) -> None:
        """Write the latest staged values. What fails to be written stays staged (the error
        is raised), so a later save can try again."""
        with self._saving:
            with self._lock:
                staged = dict(self._staged)
            for (owner, key), value in staged.items():
                self._write(owner, key, value)
                with self._lock:
                    if self._staged.get((owner, key), _NOTHING) == value:
                        del self._staged[(owner, key)]

    @property
    def has_staged(self) -> bool:
        """Whether some value waits to be written."""
        with self._lock:
            return bool(self._staged)

    def _read(self, owner: str, key: str, default: Any) -> Any:
        if owner:
            return self.backend.get_client_setting(owner, key, default)
        return self.backend.get_setting(key, default)

    def _write(self, owner: str, key: str, value: Any) -> None:
        if owner:
            self.backend.set_client_setting(owner, key, value)
        else:
            self.backend.set_setting(key, value)


_NOTHING = object()


def _check(key: str, value: Any) -> None:
    setting = BY_KEY[key]
    if not setting.accepts(value):
        raise ValueError(f"{setting.label}: {value!r} is not allowed")


class MemoryBackend:
    """Settings kept in a dict (for a read-only store, and for tests)."""

    def __init__(self) -> None:
        self.values: dict[str | tuple[str, str], Any] = {}  # key, or (client id, key)

    def get_setting(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def set_setting(self, key: str, value: Any) -> None:
        self.values[key] = value

    def get_client_setting(self, client_id: str, key: str, default: Any = None) -> Any:
        return self.values.get((client_id, key), default)

    def set_client_setting(self, client_id: str, key: str, value: Any) -> None:
        self.values[(client_id, key)] = value

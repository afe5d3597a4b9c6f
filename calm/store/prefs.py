"""Settings (key to JSON value) and the person's own saved breathing patterns.

The store keeps values; which settings exist, their types and defaults are declared by the
part of the app that uses them.
"""

from __future__ import annotations

import json
from typing import Any

from calm.errors import StoreError
from calm.practice.patterns import BreathPattern, PatternError
from calm.store.db import Database
from calm.store.profiles import to_json

MAX_PATTERN_NAME = 60


class PrefsMixin:
    """Settings and pattern methods of `Store` (which supplies `_db`)."""

    _db: Database

    def get_setting(self, key: str, default: Any = None) -> Any:
        """The saved value for `key`, or `default` if none was saved."""
        with self._db.read() as conn:
            row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return default if row is None else json.loads(row[0])

    def set_setting(self, key: str, value: Any) -> None:
        """Save a JSON-able value (None, bool, number, text, list, dict) under `key`."""
        text = to_json(key, value)
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, text),
            )

    def settings(self) -> dict[str, Any]:
        """Every saved setting."""
        with self._db.read() as conn:
            rows = conn.execute("SELECT key, value FROM settings ORDER BY key").fetchall()
        return {key: json.loads(value) for key, value in rows}

    def save_pattern(self, pattern: BreathPattern) -> BreathPattern:
        """Save (or replace) a named pattern of the person's own."""
        name = " ".join(str(pattern.name).split())
        if not name:
            raise StoreError("Please give the pattern a name.")
        if len(name) > MAX_PATTERN_NAME:
            raise StoreError(f"Please keep the pattern's name under {MAX_PATTERN_NAME} characters.")
        try:
            pattern.check()
        except PatternError as error:
            raise StoreError(f"This pattern cannot be saved: {error}.") from None
        values = pattern.as_tuple()
        if any(isinstance(v, bool) or not isinstance(v, int) for v in values):
            raise StoreError("This pattern cannot be saved: its phases are not whole milliseconds.")
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO breathing_patterns (name, inhale_ms, hold_in_ms, exhale_ms, "
                "hold_out_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
                "inhale_ms = excluded.inhale_ms, hold_in_ms = excluded.hold_in_ms, "
                "exhale_ms = excluded.exhale_ms, hold_out_ms = excluded.hold_out_ms",
                (name, *values),
            )
        return BreathPattern(*values, name=name)

    def patterns(self) -> list[BreathPattern]:
        """The saved patterns, by name."""
        with self._db.read() as conn:
            rows = conn.execute(
                "SELECT name, inhale_ms, hold_in_ms, exhale_ms, hold_out_ms "
                "FROM breathing_patterns ORDER BY name"
            ).fetchall()
        return [
            BreathPattern(in_, hold_in, out, hold_out, name)
            for name, in_, hold_in, out, hold_out in rows
        ]

    def delete_pattern(self, name: str) -> bool:
        """Forget a saved pattern; False if there was none by that name."""
        with self._db.write() as conn:
            return bool(
                conn.execute(
                    "DELETE FROM breathing_patterns WHERE name = ?", (" ".join(name.split()),)
                ).rowcount
            )

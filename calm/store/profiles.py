"""Each client's own profile: the settings that belong to a person, not to the laptop.

Safety answers, favourites, the last practice, pattern and ambience choices and text size are
kept per client in `client_settings` (which keys are per client is declared once, in
calm/settings.py). Values are JSON, as in the laptop-wide settings table.

    store.get_client_setting(client_id, "screening.answers", {})
    store.set_client_setting(client_id, "favourites", ["body-scan"])
    store.client_profile(client_id)          # every saved key of that client

A client's profile goes when the client is erased (the rows cascade with the client).
"""

from __future__ import annotations

import json
from typing import Any

from calm.store.clients import client_rowid
from calm.store.db import Database


def to_json(key: str, value: Any) -> str:
    """The text a setting is kept as; ValueError for a value JSON cannot hold."""
    if not isinstance(key, str) or not key:
        raise ValueError("a setting needs a non-empty text key")
    try:
        return json.dumps(value, allow_nan=False, sort_keys=True)
    except (TypeError, ValueError) as error:
        raise ValueError(f"setting {key!r} cannot be saved: {error}") from None


class ProfilesMixin:
    """Per-client settings methods of `Store` (which supplies `_db`)."""

    _db: Database

    def get_client_setting(self, client_id: str, key: str, default: Any = None) -> Any:
        """The client's saved value for `key`, or `default` (also for an unknown client)."""
        with self._db.read() as conn:
            row = conn.execute(
                "SELECT s.value FROM client_settings s JOIN clients c ON c.id = s.client_id "
                "WHERE c.uuid = ? AND s.key = ?",
                (client_id, key),
            ).fetchone()
        return default if row is None else json.loads(row[0])

    def set_client_setting(self, client_id: str, key: str, value: Any) -> None:
        """Save a JSON-able value under `key` for this client (StoreError: unknown client)."""
        text = to_json(key, value)
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO client_settings (client_id, key, value) VALUES (?, ?, ?) "
                "ON CONFLICT (client_id, key) DO UPDATE SET value = excluded.value",
                (client_rowid(conn, client_id), key, text),
            )

    def client_profile(self, client_id: str) -> dict[str, Any]:
        """Every per-client setting saved for this client (raw values, by key)."""
        with self._db.read() as conn:
            rows = conn.execute(
                "SELECT key, value FROM client_settings WHERE client_id = ? ORDER BY key",
                (client_rowid(conn, client_id),),
            ).fetchall()
        return {key: json.loads(value) for key, value in rows}

"""Merging two clients into one, and erasing a client with everything about them.

merge_clients(source, target): the source's runs (with their ratings and notes), dated notes,
goals and impressions of change move to the target, the single therapist's notes are joined,
the source's programme moves when the target has none, the profiles combine (a "yes" safety
answer from either stays yes; favourites are joined; otherwise the target's choice wins), and
the source is gone. Runs are keyed by their own ids, so nothing is ever duplicated.

erase_client(id): the client, their runs, ratings, notes, answers and profile are deleted,
the file is rebuilt (VACUUM) and its WAL emptied, so nothing of them remains in the database
file; then every backup copy beside it is rewritten without them (see `erase_from_copies`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from calm.errors import StoreError
from calm.paths import AppPaths
from calm.practice.questions import normalise_answers
from calm.store.clients import DEFAULT_KEY, client_rowid
from calm.store.db import Database
from calm.store.records import ClientRecord


@dataclass(frozen=True)
class Erased:
    """What an erase removed, and which older copies could not be rewritten."""

    name: str
    runs: int
    copies_rewritten: int
    copies_failed: tuple[Path, ...] = ()

    def text(self) -> str:
        """The sentence for the therapist."""
        said = (
            f"Erased {self.name}: {self.runs} practice{'' if self.runs == 1 else 's'} with "
            "their ratings and notes, the therapist's notes, goals, programme, safety answers "
            "and profile. "
        )
        said += f"{self.copies_rewritten} backup cop{'y' if self.copies_rewritten == 1 else 'ies'} "
        said += "rewritten without them."
        if self.copies_failed:
            listed = ", ".join(str(p) for p in self.copies_failed)
            said += f" These copies could not be rewritten; delete them by hand: {listed}."
        return said


def combine_profiles(target: dict, source: dict) -> dict:
    """The merged profile: yes answers from either, favourites joined, else the target's."""
    merged = {**source, **target}
    theirs = normalise_answers(source.get("screening.answers"))
    answers = {**theirs, **normalise_answers(target.get("screening.answers"))}
    answers.update({question: True for question, value in theirs.items() if value})
    if answers:
        merged["screening.answers"] = answers
    if source.get("screening.done") is True or target.get("screening.done") is True:
        merged["screening.done"] = True
    favourites = [*_list(target.get("favourites")), *_list(source.get("favourites"))]
    if favourites:
        merged["favourites"] = list(dict.fromkeys(favourites))
    return merged


class ClientAdminMixin:
    """Merge and erase methods of `Store` (which supplies `_db`, `paths`, `client`...)."""

    _db: Database
    _now: Callable[[], datetime]
    paths: AppPaths
    client: Callable[[str], ClientRecord]  # ClientsMixin's, on the same Store
    _ensure_default_client: Callable[[], None]

    def merge_clients(self, source_id: str, target_id: str) -> ClientRecord:
        """Move everything of `source` into `target` and remove `source`; returns the target."""
        source, target = self.client(source_id), self.client(target_id)
        if source.id == target.id:
            raise StoreError(f"{source.name} cannot be merged into themselves; choose another.")
        with self._db.write() as conn:
            if _running(conn, source.id):
                raise StoreError(f"{source.name} is practising now. Merge after the practice.")
            src, dst = client_rowid(conn, source.id), client_rowid(conn, target.id)
            profile = combine_profiles(_profile(conn, dst), _profile(conn, src))
            moved = ["runs", "client_notes", "goals", "change_impressions"]
            if not conn.execute("SELECT 1 FROM programmes WHERE client_id = ?", (dst,)).fetchone():
                moved += ["programmes", "programme_items"]
            for table in moved:
                conn.execute(f"UPDATE {table} SET client_id = ? WHERE client_id = ?", (dst, src))
            note = "\n\n".join(n for n in (target.note.strip(), source.note.strip()) if n)
            number = target.record_number or source.record_number
            conn.execute(
                "UPDATE clients SET note = ?, record_number = ? WHERE id = ?", (note, number, dst)
            )
            conn.execute("DELETE FROM client_settings WHERE client_id IN (?, ?)", (src, dst))
            conn.executemany(
                "INSERT INTO client_settings (client_id, key, value) VALUES (?, ?, ?)",
                [(dst, k, json.dumps(v, sort_keys=True)) for k, v in profile.items()],
            )
            _hand_over_default(conn, source.id, target.id)
            conn.execute("DELETE FROM clients WHERE id = ?", (src,))
        return self.client(target.id)

    def erase_client(self, client_id: str) -> Erased:
        """Delete a client and everything about them, here and in the backup copies."""
        client = self.client(client_id)
        with self._db.write() as conn:
            if _running(conn, client.id):
                raise StoreError(
                    f"{client.name} is practising now. Erase them after the practice ends."
                )
            runs = conn.execute(
                "SELECT count(*) FROM runs WHERE client_id = ?", (client_rowid(conn, client.id),)
            ).fetchone()[0]
            _forget(conn, client.id)
        self._db.compact()
        self._ensure_default_client()
        rewritten, failed = erase_from_copies(_copies(self.paths), client.id)
        return Erased(client.name, runs, rewritten, tuple(failed))


def erase_from_copies(copies: list[Path], client_id: str) -> tuple[int, list[Path]]:
    """Rewrite each SQLite copy without the client (deleted, then VACUUM); returns how many
    were rewritten and the copies that could not be (damaged or not ours to write)."""
    rewritten, failed = 0, []
    for copy in copies:
        try:
            conn = sqlite3.connect(copy, isolation_level=None)
            try:
                conn.execute("PRAGMA foreign_keys = ON")
                conn.execute("PRAGMA secure_delete = ON")
                conn.execute("BEGIN IMMEDIATE")
                _forget(conn, client_id)
                conn.execute("COMMIT")
                conn.execute("VACUUM")
                conn.execute("PRAGMA journal_mode = DELETE")
            finally:
                conn.close()
            rewritten += 1
        except (sqlite3.Error, OSError):
            failed.append(copy)
    return rewritten, failed


def _copies(paths) -> list[Path]:
    """Every copy of the log beside it: the backups and any damaged file moved aside."""
    found = sorted(paths.backups.glob("*.sqlite3")) if paths.backups.is_dir() else []
    found += sorted(paths.data.glob(f"{paths.database.stem}-damaged-*{paths.database.suffix}"))
    return [p for p in found if p.is_file()]


def _forget(conn: sqlite3.Connection, client_id: str) -> None:
    """Delete one client's rows (runs, ratings and the profile cascade with the client)."""
    conn.execute("DELETE FROM settings WHERE key = ? AND json_extract(value, '$') = ?",
                 (DEFAULT_KEY, client_id))  # fmt: skip
    conn.execute(
        "DELETE FROM ratings WHERE run_id IN (SELECT r.id FROM runs r JOIN clients c "
        "ON c.id = r.client_id WHERE c.uuid = ?)",
        (client_id,),
    )
    conn.execute(
        "DELETE FROM runs WHERE client_id IN (SELECT id FROM clients WHERE uuid = ?)",
        (client_id,),
    )
    conn.execute("DELETE FROM clients WHERE uuid = ?", (client_id,))


def _running(conn: sqlite3.Connection, client_id: str) -> bool:
    return bool(
        conn.execute(
            "SELECT 1 FROM runs r JOIN clients c ON c.id = r.client_id "
            "WHERE c.uuid = ? AND r.status = 'running'",
            (client_id,),
        ).fetchone()
    )


def _profile(conn: sqlite3.Connection, rowid: int) -> dict:
    rows = conn.execute(
        "SELECT key, value FROM client_settings WHERE client_id = ?", (rowid,)
    ).fetchall()
    return {key: json.loads(value) for key, value in rows}


def _hand_over_default(conn: sqlite3.Connection, old: str, new: str) -> None:
    conn.execute(
        "UPDATE settings SET value = json_quote(?) WHERE key = ? AND json_extract(value, '$') = ?",
        (new, DEFAULT_KEY, old),
    )


def _dict(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list:
    return value if isinstance(value, list) else []

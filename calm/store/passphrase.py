"""The therapist's passphrase: what unlocks clients, notes, settings, export and import in
clinic mode.

Only a salted, memory-hard hash is kept (`hashlib.scrypt`, n=2**14, r=8, p=1, a random 16-byte
salt, a 32-byte key), in the `therapist_lock` table, with its cost parameters so they can be
raised later. Five wrong passphrases in a row make the next try wait 30 seconds; the count and
the time to wait until are in the file too, so closing the window does not skip the wait. Time
is the store's injected clock (`open_store(..., now=...)`).

    store.has_passphrase()
    store.set_passphrase("new one", current="old one")   # current needed once one is set
    store.check_passphrase(text)                          # PassphraseError with a sentence
    store.reset_passphrase("new one")                     # the owner's reset, from the CLI
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime

from calm.errors import PassphraseError
from calm.store.db import Database
from calm.store.records import epoch_ms

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES, KEY_BYTES = 16, 32
MAX_WRONG = 5
WAIT_MS = 30_000
MIN_LENGTH = 8
MAX_LENGTH = 1024


def derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    """The scrypt key of a passphrase (UTF-8) with this salt and these costs. (hashlib, and
    with it OpenSSL, is loaded only here: calm/digests.py.)"""
    import hashlib

    return hashlib.scrypt(
        passphrase.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * n * r * p + 2**20,
        dklen=KEY_BYTES,
    )  # fmt: skip


def passphrase_problem(passphrase: object) -> str | None:
    """Why a new passphrase is not good enough (a sentence), or None."""
    if not isinstance(passphrase, str) or len(passphrase.strip()) < MIN_LENGTH:
        return f"Please choose a passphrase of at least {MIN_LENGTH} characters."
    if len(passphrase) > MAX_LENGTH:
        return f"Please keep the passphrase under {MAX_LENGTH} characters."
    return None


class PassphraseMixin:
    """Passphrase methods of `Store` (which supplies `_db` and `_now`)."""

    _db: Database
    _now: Callable[[], datetime]

    def has_passphrase(self) -> bool:
        """True once a therapist has set a passphrase."""
        with self._db.read() as conn:
            return conn.execute("SELECT 1 FROM therapist_lock").fetchone() is not None

    def set_passphrase(self, new: str, current: str | None = None) -> None:
        """Set (or change) the passphrase; changing one needs the current one."""
        if self.has_passphrase():
            if current is None:
                raise PassphraseError("Please give the current passphrase to change it.")
            self.check_passphrase(current)
        self.reset_passphrase(new)

    def reset_passphrase(self, new: str) -> None:
        """Replace the passphrase without the old one (the data folder owner's reset)."""
        problem = passphrase_problem(new)
        if problem:
            raise PassphraseError(problem)
        salt = os.urandom(SALT_BYTES)  # what secrets.token_bytes gives
        key = derive(new, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO therapist_lock (id, salt, hash, n, r, p) VALUES (1, ?, ?, ?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET salt = excluded.salt, hash = excluded.hash, "
                "n = excluded.n, r = excluded.r, p = excluded.p, failures = 0, wait_until_ms = 0",
                (salt, key, SCRYPT_N, SCRYPT_R, SCRYPT_P),
            )

    def passphrase_wait_s(self) -> int:
        """Seconds still to wait before the next try (0 when a try is allowed now)."""
        with self._db.read() as conn:
            row = conn.execute("SELECT wait_until_ms FROM therapist_lock").fetchone()
        if row is None:
            return 0
        return max(0, -(-(row[0] - epoch_ms(self._now())) // 1000))

    def check_passphrase(self, passphrase: str) -> None:
        """Return quietly when right; otherwise PassphraseError with a sentence (and the wait
        after five wrong ones in a row, during which nothing is even tried)."""
        with self._db.read() as conn:
            row = conn.execute(
                "SELECT salt, hash, n, r, p, failures, wait_until_ms FROM therapist_lock"
            ).fetchone()
        if row is None:
            raise PassphraseError("No therapist passphrase is set yet.")
        salt, stored, n, r, p, failures, wait_until = row
        now = epoch_ms(self._now())
        if now < wait_until:
            raise _wait_error(wait_until - now)
        given = passphrase if isinstance(passphrase, str) else ""
        from hmac import compare_digest  # with OpenSSL, as derive

        if len(given) <= MAX_LENGTH and compare_digest(derive(given, salt, n, r, p), stored):
            if failures and not self._db.read_only:
                with self._db.write() as conn:
                    conn.execute("UPDATE therapist_lock SET failures = 0, wait_until_ms = 0")
            return
        if self._db.read_only:  # beside the open window: the window's count is the one kept
            raise PassphraseError("That passphrase is not right. Please try again.")
        failures += 1
        if failures >= MAX_WRONG:
            with self._db.write() as conn:
                conn.execute(
                    "UPDATE therapist_lock SET failures = 0, wait_until_ms = ?", (now + WAIT_MS,)
                )
            raise PassphraseError(
                f"That passphrase is not right. After {MAX_WRONG} wrong tries in a row, please "
                f"wait {WAIT_MS // 1000} seconds before trying again.",
                wait_s=WAIT_MS // 1000,
            )
        with self._db.write() as conn:
            conn.execute("UPDATE therapist_lock SET failures = ?", (failures,))
        left = MAX_WRONG - failures
        raise PassphraseError(
            f"That passphrase is not right. Please try again ({left} "
            f"{'try' if left == 1 else 'tries'} before a {WAIT_MS // 1000}-second wait)."
        )


def _wait_error(ms: int) -> PassphraseError:
    seconds = max(1, -(-ms // 1000))
    return PassphraseError(
        f"Too many wrong passphrases. Please wait {seconds} "
        f"{'second' if seconds == 1 else 'seconds'}, then try again.",
        wait_s=seconds,
    )

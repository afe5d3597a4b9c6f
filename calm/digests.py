"""The app's checksums and names of content (SHA-256, BLAKE2b), without loading OpenSSL.

`hashlib` opens Python's OpenSSL binding on import, about 4 MB of resident memory that the app
has no other use for while a practice plays (the memory target in docs/performance.md).
Python carries its own SHA-256 and BLAKE2b, with the same digests, and they are taken from
there; an interpreter built without them falls back to hashlib. Only the therapist's
passphrase (scrypt, calm/store/passphrase.py) loads hashlib itself, when one is set or given.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

Hash = Callable[..., Any]  # a constructor: hash(data=b"", ...) -> object with .digest()


def _first(*places: tuple[str, str]) -> Hash:
    for module, name in places:
        try:
            return getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            continue
    raise ImportError(f"no {places[-1][1]} in this Python")


# Python 3.11 names its own SHA-256 module _sha256; 3.12 and later, _sha2.
sha256: Hash = _first(("_sha256", "sha256"), ("_sha2", "sha256"), ("hashlib", "sha256"))
blake2b: Hash = _first(("_blake2", "blake2b"), ("hashlib", "blake2b"))


def short_name(content: str | bytes) -> str:
    """16 hex digits naming this text or these bytes (SHA-256): how cached sounds are named
    and how a script's source is told apart."""
    data = content.encode() if isinstance(content, str) else content
    return sha256(data).hexdigest()[:16]

"""A client's identity, handed from the clinic to the client's own computer and back.

The file (JSON, `calm-harbor-identity`, version 1) holds the client's stable id, their name,
when they were added and their safety answers; nothing else (no record number, no note, no
practice). Opening it at home (`calm-harbor import FILE`, or Open in the window) makes that
identity the home person: the one person at home practises as that client from then on, so a
later export from home imports straight into the same client at the clinic. What the home
person had logged before (if anything) moves into the identity; an empty default person goes.

    export_identity(store, client_id, path)      # the clinic's side
    import_identity(store, read_identity(path), make_home=True) -> IdentityResult
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from calm.errors import ImportRejected
from calm.exchange.csv_export import atomic_text_file
from calm.exchange.import_parse import check_name, check_uuid, check_when
from calm.practice.questions import LEGACY_IDS, QUESTION_IDS, normalise_answers
from calm.store import Store
from calm.store.imports import add_client_once
from calm.store.records import iso

FORMAT = "calm-harbor-identity"
VERSION = 1
MAX_BYTES = 64 * 1024


@dataclass(frozen=True)
class Identity:
    """A client's identity as the file gives it (checked)."""

    id: str
    name: str
    created: datetime
    answers: dict[str, bool]
    answered: bool


@dataclass(frozen=True)
class IdentityResult:
    """What opening an identity did, as a sentence naming each client concerned."""

    client_name: str
    added: bool
    merged: tuple[str, ...] = ()
    home: bool = False

    def text(self) -> str:
        name = self.client_name
        said = f"Added {name}." if self.added else f"{name} was already here."
        if self.merged:
            said += f" Merged {', '.join(self.merged)} into {self.client_name}."
        if self.home:
            said += f" This computer now practises as {self.client_name}."
        return said


def identity_document(store: Store, client_id: str) -> dict:
    """The identity file's content for one client."""
    client = store.client(client_id)
    answers = store.get_client_setting(client.id, "screening.answers", {})
    return {
        "format": FORMAT,
        "version": VERSION,
        "client": {
            "id": client.id,
            "name": client.name,
            "created": iso(client.created),
            "answers": normalise_answers(answers),
            "answered": store.get_client_setting(client.id, "screening.done", False) is True,
        },
    }


def export_identity(store: Store, client_id: str, path: Path) -> Path:
    """Write the client's identity file (whole or not at all)."""
    with atomic_text_file(Path(path)) as out:
        json.dump(identity_document(store, client_id), out, ensure_ascii=False, indent=2)
        out.write("\n")
    return Path(path)


def is_identity(text: str) -> bool:
    """Whether this text looks like an identity file (and not an export)."""
    head = text.lstrip()[:200]
    return head.startswith("{") and f'"{FORMAT}"' in head


def parse_identity(text: str, name: str = "the file") -> Identity:
    """Check an identity file's text; ImportRejected with a reason if it is not usable."""
    try:
        doc = json.loads(text)
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise ValueError("it is not a Calm Harbor identity file")
        if doc.get("version") != VERSION:
            raise ValueError(f"it is of version {doc.get('version')!r}; this app reads {VERSION}")
        client = doc.get("client")
        if not isinstance(client, dict):
            raise ValueError("it names no client")
        answers = client.get("answers", {})
        if not isinstance(answers, dict) or any(
            (q not in QUESTION_IDS and q not in LEGACY_IDS) or not isinstance(v, bool)
            for q, v in answers.items()
        ):
            raise ValueError("its safety answers are not yes/no answers to known questions")
        return Identity(
            id=check_uuid(client.get("id"), "client id"),
            name=check_name(client.get("name"), "client name"),
            created=check_when(client.get("created"), "client created"),
            answers=normalise_answers(answers),
            answered=client.get("answered") is True,
        )
    except (ValueError, RecursionError) as error:
        raise ImportRejected(f"{name} was not opened: {error}. Nothing was changed.") from None


def read_identity(path: Path) -> Identity:
    """Read and check an identity file."""
    path = Path(path)
    try:
        data = path.read_bytes()[: MAX_BYTES + 1]
        text = data.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ImportRejected(
            f"{path.name} could not be read ({error}). Nothing was changed."
        ) from None
    if len(data) > MAX_BYTES:
        raise ImportRejected(f"{path.name} is too large for an identity file. Nothing changed.")
    return parse_identity(text, path.name)


def import_identity(store: Store, identity: Identity, make_home: bool) -> IdentityResult:
    """Add the client (if new) with their answers; with `make_home`, make them the home person
    and fold the earlier home person into them."""
    added = add_client_once(store, identity.id, identity.name, identity.created)
    client = store.client(identity.id)
    if added or not store.get_client_setting(client.id, "screening.done", False):
        store.set_client_setting(client.id, "screening.answers", identity.answers)
        store.set_client_setting(client.id, "screening.done", identity.answered)
    merged: list[str] = []
    if make_home:
        earlier = store.default_client()
        if earlier.id != client.id:
            if store.count_runs(earlier.id) or earlier.note or store.client_profile(earlier.id):
                store.merge_clients(earlier.id, client.id)
                merged.append(earlier.name)
            else:
                store.set_default_client(client.id)
                store.erase_client(earlier.id)
        store.set_default_client(client.id)
    return IdentityResult(store.client(client.id).name, added, tuple(merged), make_home)

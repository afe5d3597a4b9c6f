"""A home pack: everything a client takes home from the clinic, in one file.

A pack is a zip with its own extension (`anna-2026-12-01.calmpack`) holding `manifest.json`
(the client's identity and safety answers, the programme, the goals with their ratings, and the
breathing patterns the programme names), the adapted practices the programme uses with their
recorded voice files under `practices/`, and optionally the programme's practices rendered to
MP3 under `audio/` for a phone. Opening it at home is calm/exchange/pack_open.py.

Made in a temporary file beside the target and renamed into place, readable by the owner only.
"""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from calm.errors import CalmError
from calm.practice.library import Library
from calm.practice.script import NarrationStep, Script
from calm.store.records import iso, iso_ms

FORMAT = "calm-harbor-pack"
VERSION = 1
SUFFIX = ".calmpack"
MAX_PACK_BYTES = 500 * 1024 * 1024

# (script, length id, pattern name or None, target file) -> None; wired in by the front-end
Renderer = Callable[[Script, str, "str | None", Path], None]
Progress = Callable[[float], None]


class PackError(CalmError):
    """A pack that cannot be made or opened; the text says why and what to do."""


@dataclass(frozen=True)
class PackMade:
    """What went into a pack."""

    path: Path
    client_name: str
    practices: int
    adapted: int
    recordings: int

    def text(self) -> str:
        parts = [f"{self.practices} practice{'s' if self.practices != 1 else ''} in the programme"]
        if self.adapted:
            parts.append(f"{self.adapted} adapted practice file(s)")
        if self.recordings:
            parts.append(f"{self.recordings} recording(s) for a phone")
        return f"Wrote the home pack for {self.client_name} to {self.path} ({', '.join(parts)})."


def default_name(client_name: str, today: date | None = None) -> str:
    """'anna-2026-12-01.calmpack' (letters and digits of the name, lower case)."""
    stem = "".join(c if c.isalnum() else "-" for c in client_name.casefold()).strip("-")
    stem = "-".join(part for part in stem.split("-") if part) or "client"
    return f"{stem}-{(today or date.today()).isoformat()}{SUFFIX}"


def manifest(store, client_id: str, library: Library) -> dict:
    """The pack's manifest.json for one client."""
    from calm.exchange.identity import identity_document

    programme = store.programme(client_id)
    ratings = store.goal_ratings(client_id)
    named = {item.pattern.casefold() for item in programme.items if item.pattern}
    return {
        "format": FORMAT,
        "version": VERSION,
        "made": iso(datetime.now().astimezone()),
        "identity": identity_document(store, client_id),
        "programme": {
            "note": programme.note,
            "updated": iso(programme.updated) if programme.updated else None,
            "items": [item.document() for item in programme.items],
        },
        "patterns": [
            {"name": p.name, "seconds": list(p.seconds())}
            for p in store.patterns()
            if p.name.casefold() in named
        ],
        "goals": [
            {
                "id": goal.id,
                "text": goal.text,
                "created": iso(goal.created),
                "archived": goal.archived,
                "ratings": [
                    {"value": r.value, "rated": iso_ms(r.rated)}
                    for r in ratings
                    if r.goal_id == goal.id
                ],
            }
            for goal in store.goals(client_id, include_archived=True)
        ],
    }


def adapted_files(script: Script) -> Iterator[tuple[str, Path]]:
    """(name inside the pack, file on disk) for an adapted practice and its recordings."""
    source = Path(script.path)
    folder = source.parent.resolve()
    yield f"practices/{source.name}", source
    seen = set()
    for step in script.steps:
        if isinstance(step, NarrationStep) and step.audio and step.audio not in seen:
            seen.add(step.audio)
            recording = Path(step.audio).resolve()
            try:
                inside = recording.relative_to(folder)
            except ValueError:
                continue  # outside the practice's folder: never packed
            yield f"practices/{inside.as_posix()}", recording


def make_pack(
    store,
    client_id: str,
    library: Library,
    target: Path,
    renderer: Renderer | None = None,
    progress: Progress | None = None,
) -> PackMade:
    """Write the client's home pack to `target`; with a `renderer`, the programme's practices
    are rendered to MP3 inside it too."""
    target = Path(target)
    if not str(target).strip() or target.is_dir():
        raise PackError(f"Please name a file to write the pack to (not {str(target)!r}).")
    document = manifest(store, client_id, library)
    items = document["programme"]["items"]
    if not items:
        name = document["identity"]["client"]["name"]
        raise PackError(f"{name} has no programme yet. Add a practice to it first.")
    missing = [i["practice_id"] for i in items if i["practice_id"] not in library.scripts]
    if missing:
        raise PackError(
            f"The programme names practices not on this computer: {', '.join(missing)}."
        )
    scripts = [library.scripts[item["practice_id"]] for item in items]
    adapted = [script for script in scripts if not script.builtin]
    document["practices"] = [script.id for script in adapted]
    document["audio"] = []
    folder = target.parent if str(target.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=".pack-", suffix=SUFFIX, dir=folder)
        os.close(handle)
    except OSError as error:
        raise PackError(_cannot_write(target, error)) from None
    recordings = 0
    try:
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as pack:
            files = 0
            for script in adapted:
                for inside, path in adapted_files(script):
                    pack.write(path, inside)
                    files += 1
            if renderer is not None:
                with tempfile.TemporaryDirectory(prefix="calm-pack-") as work:
                    for n, (item, script) in enumerate(zip(items, scripts, strict=True)):
                        mp3 = Path(work) / f"{script.id}-{item['length']}.mp3"
                        renderer(script, item["length"], item["pattern"], mp3)
                        pack.write(mp3, f"audio/{mp3.name}", zipfile.ZIP_STORED)
                        document["audio"].append(f"audio/{mp3.name}")
                        recordings += 1
                        if progress:
                            progress((n + 1) / len(items))
            pack.writestr("manifest.json", json.dumps(document, ensure_ascii=False, indent=2))
        if os.path.getsize(temporary) > MAX_PACK_BYTES:
            raise PackError(
                "The pack would be larger than 500 MB. Leave out the recordings for a phone "
                "(or some long practices) and try again."
            )
        os.chmod(temporary, 0o600)
        os.replace(temporary, target)
    except OSError as error:
        raise PackError(_cannot_write(target, error)) from None
    finally:
        Path(temporary).unlink(missing_ok=True)
    if progress:
        progress(1.0)
    return PackMade(
        target, document["identity"]["client"]["name"], len(items), len(adapted), recordings
    )


def _cannot_write(target: Path, error: OSError) -> str:
    reason = error.strerror or str(error)
    return (
        f"The pack could not be written to {target} ({reason}). Choose another folder (one "
        "you can write to, with some free space) and try again."
    )

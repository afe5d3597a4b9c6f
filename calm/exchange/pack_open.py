"""Opening a home pack on the client's computer: check it whole, then apply it.

`read_pack(path)` checks everything before anything changes: the file is a zip of at most
500 MB, no name in it escapes its folder (absolute paths, `..`, links), its manifest is ours,
the identity is valid, and every practice in it passes validation. `apply_pack` then makes the
identity the home person (calm/exchange/identity.py), replaces the programme when the pack's is
newer, brings the goals and their ratings, saves the patterns the programme names, and writes
the adapted practices and recordings into the practices folder. The practice log itself is
never touched. A pack for someone other than the person already here raises `PackForSomeoneElse`
unless `confirmed`; the interface and the command line ask first.
"""

from __future__ import annotations

import json
import os
import stat
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from calm.errors import ScriptError
from calm.exchange.pack import FORMAT, MAX_PACK_BYTES, VERSION, PackError
from calm.practice.patterns import BreathPattern, PatternError
from calm.programme.model import Programme, ProgrammeError, ProgrammeItem, check_item

if TYPE_CHECKING:
    from calm.exchange.identity import Identity

MAX_MEMBERS = 2000
MAX_MANIFEST_BYTES = 4 * 1024 * 1024
TOP_FOLDERS = ("practices", "audio")


class PackForSomeoneElse(PackError):
    """The pack is for another person than the one already practising here."""

    def __init__(self, pack_name: str, here_name: str):
        self.pack_name, self.here_name = pack_name, here_name
        super().__init__(
            f"This pack is for {pack_name}, but {here_name} already practises on this computer. "
            f"Opening it makes this computer practise as {pack_name}; {here_name}'s practice log "
            "is kept. Open it only if that is right."
        )


@dataclass
class PackContents:
    """A checked pack, ready to apply."""

    path: Path
    manifest: dict
    identity: Identity | None  # None until read_pack has checked it
    items: list[ProgrammeItem]
    patterns: list[BreathPattern]
    practice_files: dict[str, bytes] = field(default_factory=dict)  # name under practices/
    audio_files: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PackOpened:
    """What opening a pack did, in words naming the client."""

    client_name: str
    identity_text: str
    programme: str
    goals: int
    ratings: int
    practices: int
    audio_folder: Path | None

    def text(self) -> str:
        said = [self.identity_text, self.programme]
        if self.goals:
            said.append(f"{self.goals} goal(s) brought, with {self.ratings} new rating(s).")
        if self.practices:
            said.append(f"{self.practices} adapted practice file(s) added to your practices.")
        if self.audio_folder:
            said.append(f"Recordings for a phone are in {self.audio_folder}.")
        return " ".join(said)


def _refuse(path: Path, why: str) -> PackError:
    return PackError(f"{path.name} was not opened: {why}. Nothing was changed.")


def _safe_name(name: str) -> bool:
    pure = PurePosixPath(name)
    return (
        bool(name)
        and "\\" not in name
        and not pure.is_absolute()
        and ".." not in pure.parts
        and ":" not in pure.parts[0]
        and (name == "manifest.json" or pure.parts[0] in TOP_FOLDERS)
    )


def read_pack(path: Path) -> PackContents:
    """Check a pack whole; PackError with a sentence if anything is wrong."""
    from calm.errors import ImportRejected
    from calm.exchange.identity import parse_identity

    path = Path(path)
    try:
        info = path.stat()
    except OSError as error:
        raise _refuse(path, f"it cannot be read ({error.strerror or error})") from None
    if not stat.S_ISREG(info.st_mode):
        raise _refuse(path, "it is not a file")
    if info.st_size > MAX_PACK_BYTES:
        raise _refuse(path, "it is larger than 500 MB, so it is not a pack from Calm Harbor")
    if not zipfile.is_zipfile(path):
        raise _refuse(path, "it is not a Calm Harbor pack (not a zip file)")
    try:
        with zipfile.ZipFile(path) as pack:
            members = pack.infolist()
            _check_members(path, members)
            raw = pack.read("manifest.json")
            manifest = json.loads(raw.decode("utf-8"))
            contents = _check_manifest(path, manifest)
            try:
                contents.identity = parse_identity(json.dumps(manifest["identity"]), path.name)
            except ImportRejected as error:
                raise PackError(str(error)) from None
            for member in members:
                if member.filename.startswith("practices/") and not member.is_dir():
                    contents.practice_files[member.filename[len("practices/") :]] = pack.read(
                        member
                    )
            _check_practices(path, contents)
            contents.audio_files = [n for n in manifest.get("audio", []) if n in pack.namelist()]
    except (
        zipfile.BadZipFile,
        KeyError,
        UnicodeDecodeError,
        json.JSONDecodeError,
        OSError,
    ) as error:
        raise _refuse(path, f"it is damaged or incomplete ({error})") from None
    return contents


def _check_members(path: Path, members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_MEMBERS:
        raise _refuse(path, f"it holds more than {MAX_MEMBERS} files")
    if sum(member.file_size for member in members) > MAX_PACK_BYTES:
        raise _refuse(path, "it would unpack to more than 500 MB")
    names = set()
    for member in members:
        mode = member.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise _refuse(path, f"it holds a link ({member.filename})")
        if not _safe_name(member.filename):
            raise _refuse(
                path, f"it holds a file whose name leaves the pack's folder ({member.filename!r})"
            )
        names.add(member.filename)
    if "manifest.json" not in names:
        raise _refuse(path, "it has no manifest, so it is not a Calm Harbor pack")
    manifest = next(m for m in members if m.filename == "manifest.json")
    if manifest.file_size > MAX_MANIFEST_BYTES:
        raise _refuse(path, "its manifest is far too large")


def _check_manifest(path: Path, manifest) -> PackContents:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _refuse(path, "it is not a Calm Harbor pack")
    if manifest.get("version") != VERSION:
        raise _refuse(
            path, f"it is of version {manifest.get('version')!r}; this app reads {VERSION}"
        )
    programme = manifest.get("programme")
    if not isinstance(programme, dict) or not isinstance(programme.get("items"), list):
        raise _refuse(path, "it has no programme")
    items = []
    try:
        for raw in programme["items"]:
            items.append(
                check_item(
                    ProgrammeItem(
                        practice_id=str(raw["practice_id"]),
                        length=str(raw["length"]),
                        per_day=raw.get("per_day"),
                        days_a_week=raw.get("days_a_week"),
                        start=date.fromisoformat(raw["start"]) if raw.get("start") else None,
                        until=date.fromisoformat(raw["until"]) if raw.get("until") else None,
                        instruction=str(raw.get("instruction", "")),
                        pattern=raw.get("pattern"),
                    )
                )
            )
        patterns = [
            BreathPattern.from_seconds(p["seconds"], name=str(p["name"]))
            for p in manifest.get("patterns", [])
        ]
        for goal in manifest.get("goals", []):
            datetime.fromisoformat(goal["created"])
            for rating in goal.get("ratings", []):
                datetime.fromisoformat(rating["rated"])
    except (ProgrammeError, PatternError) as error:
        raise _refuse(path, f"its programme is not usable ({error})") from None
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise _refuse(path, f"its manifest is incomplete ({error})") from None
    return PackContents(path, manifest, None, items, patterns)


def _check_practices(path: Path, contents: PackContents) -> None:
    """Validate every practice in the pack as it will stand in the practices folder: unpacked
    into a temporary folder with its recordings beside it."""
    import tempfile

    from calm.practice.loader import load_script

    with tempfile.TemporaryDirectory(prefix="calm-pack-check-") as work:
        folder = Path(work)
        _write_practices(folder, contents.practice_files)
        for name in sorted(contents.practice_files):
            if not name.endswith(".toml") or "/" in name:
                continue
            try:
                load_script(folder / name)
            except ScriptError as error:
                first = error.problems[0] if error.problems else error
                reason = str(first).replace(str(folder) + "/", "")
                raise _refuse(path, f"the practice {name} in it is not valid ({reason})") from None


def apply_pack(store, contents: PackContents, paths, confirmed: bool = False) -> PackOpened:
    """Make the pack's person the one practising here and bring their programme and goals."""
    from calm.exchange.identity import import_identity

    identity = contents.identity
    if identity is None:
        raise PackError(f"{contents.path.name} holds no identity, so it was not opened.")
    here = store.default_client()
    someone_else = here.id != identity.id and store.count_runs(here.id) > 0
    if someone_else and not confirmed:
        raise PackForSomeoneElse(identity.name, here.name)
    if someone_else:  # a second person here: theirs stays apart, the pack's becomes the home one
        result = import_identity(store, identity, make_home=False)
        store.set_default_client(identity.id)
        identity_text = (
            f"{result.text()} This computer now practises as {result.client_name}; "
            f"{here.name}'s practice log is kept apart."
        )
    else:
        identity_text = import_identity(store, identity, make_home=True).text()
    client_id = identity.id
    manifest = contents.manifest
    programme = manifest["programme"]
    updated = datetime.fromisoformat(programme["updated"]) if programme.get("updated") else None
    current = store.programme(client_id)
    if current.updated and updated and updated <= current.updated and current.items:
        said = "The programme here is as new as the pack's, so it was kept."
    else:
        store.set_programme(
            Programme(client_id, tuple(contents.items), programme.get("note", ""), updated)
        )
        said = f"Your programme has {len(contents.items)} practice(s)."
    for pattern in contents.patterns:
        store.save_pattern(pattern)
    ratings = 0
    for goal in manifest.get("goals", []):
        ratings += store.bring_goal(
            client_id,
            str(goal["id"]),
            str(goal["text"]),
            datetime.fromisoformat(goal["created"]),
            bool(goal.get("archived")),
            [
                (int(r["value"]), datetime.fromisoformat(r["rated"]))
                for r in goal.get("ratings", [])
            ],
        )
    written = _write_practices(paths.user_sessions, contents.practice_files)
    audio_folder = _write_audio(paths, contents) if contents.audio_files else None
    return PackOpened(
        client_name=identity.name,
        identity_text=identity_text,
        programme=said,
        goals=len(manifest.get("goals", [])),
        ratings=ratings,
        practices=written,
        audio_folder=audio_folder,
    )


def _write_practices(folder: Path, files: dict[str, bytes]) -> int:
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    written = 0
    root = folder.resolve()
    for name, raw in files.items():
        target = (folder / name).resolve()
        if root not in target.parents:
            continue  # checked already; never written outside the folder
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        partial = target.with_name(f".{target.name}.partial")
        partial.write_bytes(raw)
        os.chmod(partial, 0o600)
        os.replace(partial, target)
        written += name.endswith(".toml")
    return written


def _write_audio(paths, contents: PackContents) -> Path:
    folder = paths.data / "recordings from your therapist"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    with zipfile.ZipFile(contents.path) as pack:
        for name in contents.audio_files:
            target = folder / PurePosixPath(name).name
            with pack.open(name) as source, open(target, "wb") as out:
                while chunk := source.read(1 << 20):
                    out.write(chunk)
            os.chmod(target, 0o600)
    return folder

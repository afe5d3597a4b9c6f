"""Reads and checks a practice script (TOML), reporting every problem at once.

`load_script(path)` returns a `Script` or raises `ScriptError` whose lines read
`path:line: field: what is wrong`. Nothing else escapes: unreadable files, broken encodings,
syntax errors, wrong types, unknown keys and absurd values all become problems.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from collections.abc import Sequence
from pathlib import Path

from calm.digests import short_name
from calm.errors import Problem, ScriptError
from calm.practice.patterns import BreathPattern, PatternError
from calm.practice.problems import Problems, seconds_list
from calm.practice.script import CATEGORIES, SAFETY_FLAGS, Script, Variant
from calm.practice.steps import StepReader
from calm.practice.toml_lines import LineIndex

MAX_FILE_BYTES = 512 * 1024
TOO_LARGE = "is larger than 512 KB; is it a script?"
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,47}$")
TOP_KEYS = {"format", "id", "title", "category", "description", "safety", "breathing"}
TOP_KEYS |= {"variants", "steps"}
BREATHING_KEYS = {"pattern", "bpm", "ratio", "alternatives"}
VARIANT_KEYS = {"id", "minutes", "label"}


def load_script(
    path: str | Path,
    builtin: bool = False,
    audio_roots: Sequence[Path] = (),
    check_files: bool = False,
) -> Script:
    """Read, parse and check one script file. Recorded audio must lie in the script's own
    folder or one of `audio_roots`; `check_files` also reports recordings that are missing."""
    path = Path(path)
    raw = read_limited(path, MAX_FILE_BYTES)
    return parse_script(
        raw, path, builtin=builtin, audio_roots=audio_roots, check_files=check_files
    )


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, or ScriptError. A named pipe, a
    device (a link to /dev/zero) or a folder is refused before reading, and the size is
    checked first, so a huge file is never read whole."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise _file_problem(path, f"cannot be read ({error.strerror or error})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _file_problem(path, f"is not an ordinary file (it is {_kind(info.st_mode)})")
        if info.st_size > limit:
            raise _file_problem(path, TOO_LARGE)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(limit + 1)
    except OSError as error:
        raise _file_problem(path, f"cannot be read ({error.strerror or error})") from None
    finally:
        os.close(fd)
    return raw


def _file_problem(path: Path, message: str) -> ScriptError:
    return ScriptError([Problem(str(path), None, "file", message)])


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def parse_script(
    raw: bytes,
    path: Path,
    builtin: bool = False,
    audio_roots: Sequence[Path] = (),
    check_files: bool = False,
) -> Script:
    """Parse and check the bytes of a script that lives at `path`."""
    where = str(path)
    if len(raw) > MAX_FILE_BYTES:
        raise _file_problem(path, TOO_LARGE)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ScriptError([Problem(where, line, "file", "is not UTF-8 text")]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error)) or "invalid TOML"
        at_line = int(match.group(1)) if match else None
        raise ScriptError([Problem(where, at_line, "syntax", message)]) from None
    except (RecursionError, MemoryError, ValueError):
        raise ScriptError([Problem(where, None, "syntax", "is nested too deeply")]) from None
    checker = Checker(where, LineIndex(text), path.parent)
    checker.audio_roots = (path.parent, *audio_roots)
    checker.check_files = check_files
    script = checker.script(data, builtin)
    if checker.problems:
        raise ScriptError(sorted(checker.problems, key=lambda p: p.line or 0))
    digest = short_name(raw)
    return Script(**{**script, "path": where, "source_hash": digest, "builtin": builtin})


class Checker(Problems):
    """Turns parsed TOML into the fields of a Script, collecting its problems."""

    audio_roots: tuple[Path, ...] = ()
    check_files = False

    def script(self, data: dict, builtin: bool) -> dict:
        self.unknown_keys(data, TOP_KEYS, None, "")
        fmt = data.get("format", 1)
        if fmt != 1 or isinstance(fmt, bool):
            self.add(None, "format", "format", "must be 1 (the only format so far)")
        script_id = self.text(data, "id", None, "id", 48)
        if script_id and not ID_RE.match(script_id):
            self.add(None, "id", "id", "use lower-case letters, digits and dashes")
        category = self.text(data, "category", None, "category", 20)
        if category and category not in CATEGORIES:
            self.add(None, "category", "category", f"must be one of {', '.join(CATEGORIES)}")
        variants = self.variants(data.get("variants"))
        pattern, alternatives = self.breathing(data.get("breathing"))
        reader = StepReader(self, {v.id for v in variants}, self.folder)
        reader.audio_roots, reader.check_files = self.audio_roots, self.check_files
        # A script whose own pattern is wrong has one problem, not one per breathing step.
        has_pattern = isinstance(data.get("breathing"), dict) and bool(
            {"pattern", "bpm"} & set(data["breathing"])
        )
        steps = reader.steps(data.get("steps"), has_pattern=has_pattern)
        return {
            "id": script_id or "",
            "title": self.text(data, "title", None, "title", 80) or "",
            "category": category or "",
            "description": self.text(data, "description", None, "description", 600) or "",
            "safety": self.safety(data.get("safety", [])),
            "variants": tuple(variants),
            "steps": tuple(steps),
            "pattern": pattern,
            "alternatives": tuple(alternatives),
        }

    def safety(self, value) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.add(None, "safety", "safety", "must be a list of flags in quotes")
            return ()
        for flag in value:
            if flag not in SAFETY_FLAGS:
                self.add(None, "safety", "safety", f"unknown flag {flag!r}")
        return tuple(flag for flag in value if flag in SAFETY_FLAGS)

    def variants(self, value) -> list[Variant]:
        if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
            self.add(None, "variants", "variants", "needs at least one [[variants]] table")
            return []
        found: list[Variant] = []
        for index, item in enumerate(value):
            table = ("variants", index)
            prefix = f"variants[{index + 1}]."
            self.unknown_keys(item, VARIANT_KEYS, table, prefix)
            variant_id = self.text(item, "id", table, prefix + "id", 24)
            minutes = item.get("minutes")
            if isinstance(minutes, bool) or not isinstance(minutes, int | float):
                self.add(table, "minutes", prefix + "minutes", "must be a number of minutes")
                continue
            if not 0.5 <= minutes <= 120:
                self.add(table, "minutes", prefix + "minutes", "must be between 0.5 and 120")
                continue
            label = self.text(item, "label", table, prefix + "label", 40, required=False)
            if variant_id is None:
                continue
            if any(v.id == variant_id for v in found):
                self.add(table, "id", prefix + "id", f"{variant_id!r} is used twice")
                continue
            found.append(Variant(variant_id, float(minutes), label or f"{minutes:g} min"))
        return found

    def breathing(self, value) -> tuple[BreathPattern | None, list[BreathPattern]]:
        if value is None:
            return None, []
        table = ("breathing", 0)
        if not isinstance(value, dict):
            self.add(None, "breathing", "breathing", "must be a table")
            return None, []
        self.unknown_keys(value, BREATHING_KEYS, table, "breathing.")
        pattern = self.pattern(value, table, "breathing.")
        alternatives = []
        raw_alternatives = value.get("alternatives", [])
        if not isinstance(raw_alternatives, list):
            self.add(table, "alternatives", "breathing.alternatives", "must be a list of patterns")
            raw_alternatives = []
        for item in raw_alternatives:
            try:
                alternatives.append(BreathPattern.from_seconds(seconds_list(item)))
            except PatternError as error:
                self.add(table, "alternatives", "breathing.alternatives", str(error))
        return pattern, alternatives

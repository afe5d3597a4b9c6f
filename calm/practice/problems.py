"""The problems collector that the script loader and the step reader both write into.

A script file's problems are all reported at once, each as `path:line: field: what is wrong`;
the loader and the step reader add to the same `Problems`, so neither needs the other.
"""

from __future__ import annotations

from pathlib import Path

from calm.errors import Problem
from calm.practice.patterns import BreathPattern, PatternError
from calm.practice.toml_lines import LineIndex


class Problems:
    """Collects every problem of one script file, each with its line, and reads the small
    values (text, a breathing pattern) that both the script and its steps hold."""

    def __init__(self, path: str, lines: LineIndex, folder: Path):
        self.path = path
        self.lines = lines
        self.folder = folder
        self.problems: list[Problem] = []

    def add(self, table, key: str | None, field: str, message: str) -> None:
        self.problems.append(Problem(self.path, self.lines.line(table, key), field, message))

    def unknown_keys(self, data: dict, allowed: set[str], table, prefix: str) -> None:
        for key in sorted(set(data) - allowed):
            self.add(table, key, f"{prefix}{key}", "unknown key (a typo?)")

    def text(self, data: dict, key: str, table, field: str, limit: int, required=True):
        value = data.get(key)
        if value is None:
            if required:
                self.add(table, None, field, "is missing")
            return None
        if not isinstance(value, str):
            self.add(table, key, field, "must be text in quotes")
            return None
        if not value.strip():
            self.add(table, key, field, "must not be empty")
            return None
        if len(value) > limit:
            self.add(table, key, field, f"is longer than {limit} characters")
            return None
        return value.strip()

    def pattern(self, data: dict, table, prefix: str) -> BreathPattern | None:
        """A pattern from `pattern = [in, hold, out, hold]` or `bpm` + `ratio`, or None."""
        has_rate = "bpm" in data or "ratio" in data
        if "pattern" in data and has_rate:
            self.add(table, "pattern", prefix + "pattern", "give a pattern or bpm, not both")
            return None
        try:
            if "pattern" in data:
                return BreathPattern.from_seconds(seconds_list(data["pattern"]))
            if has_rate:
                return BreathPattern.from_rate(data.get("bpm"), data.get("ratio", "1:1"))
        except PatternError as error:
            key = "pattern" if "pattern" in data else "bpm"
            self.add(table, key, prefix + key, str(error))
        return None


def seconds_list(value) -> list:
    if not isinstance(value, list):
        raise PatternError("a pattern is a list of four numbers: [inhale, hold, exhale, hold]")
    return value

"""Finds the line of a key in a TOML file, so a problem can say `path:line: field: ...`.

tomllib gives values without positions; this scans the text once for table headers and keys.
It understands the shapes our scripts use: top-level keys, `[table]` and `[[array]]` tables.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\"' ]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_\-]+)\s*=""")


class LineIndex:
    """Line numbers (1-based) of tables and keys: `line(("steps", 3), "seconds")`."""

    def __init__(self, text: str):
        self._tables: dict[tuple[str, int], int] = {}
        self._keys: dict[tuple[str, int, str], int] = {}
        counts: dict[str, int] = {}
        table, index = "", 0
        for number, raw in enumerate(text.splitlines(), start=1):
            header = _HEADER.match(raw)
            if header:
                table = header.group(2).strip()
                if header.group(1) == "[[":
                    index = counts.get(table, 0)
                    counts[table] = index + 1
                else:
                    index = 0
                self._tables.setdefault((table, index), number)
                continue
            key = _KEY.match(raw)
            if key:
                name = key.group(1).strip("\"'")
                self._keys.setdefault((table, index, name), number)

    def line(self, table: tuple[str, int] | None, key: str | None = None) -> int | None:
        """The line of `key` in `table` (None: top level), else the table's header line."""
        name, index = table if table else ("", 0)
        if key is not None and (name, index, key) in self._keys:
            return self._keys[(name, index, key)]
        return self._tables.get((name, index))

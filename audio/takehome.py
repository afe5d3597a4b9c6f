"""Rendering a programme's practices to files a client can take home (for the home pack).

One renderer per pack: it compiles each practice at its length with the pattern the programme
names (from the saved patterns) and mixes it to the file's format (audio/render.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from calm.paths import AppPaths
from calm.practice.patterns import BreathPattern
from calm.practice.script import Script


def practice_renderer(
    paths: AppPaths, patterns: Mapping[str, BreathPattern], stronger: str = "right"
):
    """A `(script, length id, pattern name or None, target) -> None` renderer; `patterns` are
    the saved ones by case-folded name; `stronger` is the person's stronger hand."""
    bank = None

    def render(script: Script, length: str, pattern_name: str | None, target: Path) -> None:
        nonlocal bank
        from audio.bank import open_bank
        from audio.render import render_timeline
        from calm.practice.timeline import compile_timeline

        bank = bank or open_bank(paths)
        pattern = patterns.get(pattern_name.casefold()) if pattern_name else None
        render_timeline(compile_timeline(script, length, pattern, stronger), target, bank)

    return render

"""The practice commands of the command line: list, show and validate.

Each takes what it needs and a stream to write to, and returns the exit code.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from calm.errors import CalmError, ScriptError
from calm.practice.library import Library
from calm.practice.loader import load_script
from calm.practice.script import CATEGORY_TITLES, SAFETY_FLAGS, Script
from calm.practice.timeline import compile_timeline
from cli.context import CommandContext


def run_list(args: argparse.Namespace, context: CommandContext) -> int:
    return cmd_list(context.library, sys.stdout)


def run_show(args: argparse.Namespace, context: CommandContext) -> int:
    return cmd_show(context.library, args.id, args.length, sys.stdout)


def run_validate(args: argparse.Namespace, context: CommandContext) -> int:
    return cmd_validate(args.files, sys.stdout)


def format_duration(ms: int) -> str:
    """12:05 style minutes and seconds (h:mm:ss past an hour)."""
    seconds = round(ms / 1000)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"


def cmd_list(library: Library, out: TextIO) -> int:
    for category, scripts in library.by_category():
        print(CATEGORY_TITLES.get(category, category), file=out)
        for script in scripts:
            own = "" if script.builtin else "  (your own)"
            print(f"  {script.id:<20} {script.title:<34} {script.lengths_label}{own}", file=out)
    for item in library.unavailable:
        first = item.reason.splitlines()[0] if item.reason else ""
        print(f"unavailable: {item.path}: {first}", file=out)
    return 0


def cmd_show(library: Library, script_id: str, length: str | None, out: TextIO) -> int:
    try:
        script = library.get(script_id)
        variant = script.variant(length)
    except KeyError as error:
        raise CalmError(error.args[0]) from None
    timeline = compile_timeline(script, variant.id)
    print(f"{script.title} ({script.id}) — {CATEGORY_TITLES.get(script.category)}", file=out)
    print(script.description, file=out)
    print(f"Lengths: {script.lengths_label}", file=out)
    if script.safety:
        flags = "; ".join(SAFETY_FLAGS[flag] for flag in script.safety)
        print(f"Safety: {flags}", file=out)
    if script.pattern:
        print(f"Breathing: {script.pattern.describe()}", file=out)
    print(f"\n{variant.label}: {format_duration(timeline.duration_ms)} in all", file=out)
    _print_steps(script, timeline, out)
    return 0


def _print_steps(script: Script, timeline, out: TextIO) -> None:
    starts = [(e.at_ms, e.action) for e in timeline.events if e.kind == "stepstarted"]
    for n, (at_ms, started) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else timeline.duration_ms
        step = script.steps[started.index]
        detail = getattr(step, "text", "") or getattr(step, "title", "") or ""
        if len(detail) > 60:
            detail = detail[:57] + "..."
        length = format_duration(end - at_ms)
        print(f"  {format_duration(at_ms):>7}  {length:>6}  {started.title:<12} {detail}", file=out)


def cmd_validate(files: list[str], out: TextIO) -> int:
    failed = False
    for name in files:
        try:
            script = load_script(Path(name))
        except ScriptError as error:
            failed = True
            print(error, file=out)
            continue
        lengths = ", ".join(
            f"{v.label} = {format_duration(compile_timeline(script, v.id).duration_ms)}"
            for v in script.variants
        )
        print(f"{name}: ok ({script.id}: {lengths})", file=out)
    return 1 if failed else 0

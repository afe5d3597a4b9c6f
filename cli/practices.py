"""The practice commands of the command line: list, show and validate.

Each takes what it needs and a stream to write to, and returns the exit code.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from calm.errors import CalmError, ScriptError, visible
from calm.practice.checks import check_content
from calm.practice.flags import shown_flags
from calm.practice.library import Library, builtin_folder
from calm.practice.loader import load_script
from calm.practice.patterns import BreathPattern, PatternError
from calm.practice.script import CATEGORY_TITLES, SAFETY_FLAGS, Script
from calm.practice.timeline import compile_timeline
from cli.context import CommandContext


def run_list(args: argparse.Namespace, context: CommandContext) -> int:
    context.mention_unavailable = False  # listed below, each with its reason
    return cmd_list(context.library, sys.stdout)


def run_show(args: argparse.Namespace, context: CommandContext) -> int:
    return cmd_show(context.library, args.id, args.length, sys.stdout, args.pattern)


def run_validate(args: argparse.Namespace, context: CommandContext) -> int:
    return cmd_validate(args.files, sys.stdout, audio_roots=(context.paths.user_sessions,))


def _pattern(text: str | None) -> BreathPattern | None:
    """ "4-0-4-0" as a pattern (None: the practice's own); a wrong one is a plain sentence."""
    if not text:
        return None
    try:
        return BreathPattern.from_seconds([float(part) for part in text.split("-")])
    except (ValueError, PatternError) as error:
        raise CalmError(f"--pattern {text!r}: give four seconds like 4-0-4-0 ({error})") from None


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
            title = visible(script.title)
            print(f"  {script.id:<20} {title:<34} {visible(script.lengths_label)}{own}", file=out)
    for item in library.unavailable:
        first = item.reason.splitlines()[0] if item.reason else ""
        print(f"unavailable: {visible(item.path)}: {visible(first)}", file=out)
    return 0


def cmd_show(
    library: Library, script_id: str, length: str | None, out: TextIO, pattern: str | None = None
) -> int:
    try:
        script = library.get(script_id)
        variant = script.variant(length)
    except KeyError as error:
        raise CalmError(error.args[0]) from None
    chosen = _pattern(pattern)
    timeline = compile_timeline(script, variant.id, chosen)
    print(
        f"{visible(script.title)} ({script.id}) — {CATEGORY_TITLES.get(script.category)}", file=out
    )
    print(visible(script.description, lines=True), file=out)
    print(f"Lengths: {visible(script.lengths_label)}", file=out)
    if shown_flags(script):
        flags = "; ".join(SAFETY_FLAGS[flag] for flag in shown_flags(script))
        print(f"Safety: {flags}", file=out)
    if script.pattern:
        print(f"Breathing: {script.pattern.describe()}", file=out)
    if chosen:
        print(f"Played with: {chosen.describe()}", file=out)
    print(f"\n{visible(variant.label)}: {format_duration(timeline.duration_ms)} in all", file=out)
    _print_steps(script, timeline, out)
    return 0


def _print_steps(script: Script, timeline, out: TextIO) -> None:
    starts = [(e.at_ms, e.action) for e in timeline.events if e.kind == "stepstarted"]
    # The words as said with the pattern played (placeholders filled in).
    said = {e.step: e.action.text for e in timeline.events if e.kind == "narration"}
    for n, (at_ms, started) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else timeline.duration_ms
        step = script.steps[started.index]
        detail = visible(said.get(started.index) or getattr(step, "title", "") or "")
        if len(detail) > 60:
            detail = detail[:57] + "..."
        length = format_duration(end - at_ms)
        title = visible(started.title)
        print(f"  {format_duration(at_ms):>7}  {length:>6}  {title:<12} {detail}", file=out)


def cmd_validate(
    files: list[str],
    out: TextIO,
    builtin: Path | None = None,
    audio_roots: tuple[Path, ...] = (),
) -> int:
    """Check each file; content findings are errors for the built-in practices (the files in
    `builtin`, by default the `sessions` folder) and warnings for a person's own. Recordings
    must be there and lie beside the script or in one of `audio_roots`."""
    folder = (builtin or builtin_folder()).resolve()
    failed = False
    for name in files:
        is_builtin = Path(name).resolve().parent == folder
        try:
            script = load_script(
                Path(name), builtin=is_builtin, audio_roots=audio_roots, check_files=True
            )
        except ScriptError as error:
            failed = True
            print(error, file=out)
            continue
        findings = check_content(script, is_builtin)
        for finding in findings:
            print(finding, file=out)
        if any(finding.error for finding in findings):
            failed = True
            continue
        lengths = ", ".join(
            f"{v.label} = {format_duration(compile_timeline(script, v.id).duration_ms)}"
            for v in script.variants
        )
        print(f"{visible(name)}: ok ({script.id}: {visible(lengths)})", file=out)
    return 1 if failed else 0

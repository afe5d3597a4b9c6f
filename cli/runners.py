"""The commands that open the store or the sound: play, render, and the practice-log ones.

Each is `run(args, context) -> exit code`; a CalmError raised here is shown by app.py as one
plain sentence on stderr.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from calm.errors import CalmError, visible
from cli.context import CommandContext


def practice_of(context: CommandContext, args: argparse.Namespace, pattern=None):
    """The script and compiled timeline a play/render command asks for (breathed with
    `pattern` when given, else the practice's own)."""
    from calm.practice.timeline import compile_timeline

    script, variant = script_of(context, args)
    return script, compile_timeline(script, variant.id, pattern)


def script_of(context: CommandContext, args: argparse.Namespace):
    """The script and length a command names, or CalmError with a sentence."""
    try:
        script = context.library.get(args.id)
        return script, script.variant(args.length)
    except KeyError as error:
        raise CalmError(error.args[0]) from None


def screening_decision(store, client_id: str, script):
    """The screening's one decision for this client: their own answers, the pattern chosen
    for the practice and their saved patterns (calm/practice/advice.py)."""
    from calm.practice.advice import decide, pattern_from_key

    patterns = store.patterns()
    choice = store.get_client_setting(client_id, "pattern.choice", {}).get(script.id, "")
    chosen = pattern_from_key(script, choice if isinstance(choice, str) else "", patterns)
    answers = store.get_client_setting(client_id, "screening.answers", {})
    return decide(script, answers, chosen, patterns)


def run_play(args: argparse.Namespace, context: CommandContext) -> int:
    """play: ask (or take) the before-ratings, play in the terminal through the sound engine,
    then the after-ratings; everything is saved the moment it is given. The screening decides
    first, for this client: the advice is printed and the adapted pattern played; a practice
    not advised plays only with --despite-screening (kept on the run). With a window, the
    check-in shows the same decision ("Start anyway")."""
    if not args.no_window and has_display():
        return context.open_window(
            context.paths, start_practice=(args.id, args.length), client=args.client
        )
    from calm.clock import MonotonicClock
    from calm.store import open_store
    from calm.store.recorder import RunRecorder
    from cli.terminal_player import (
        Ratings,
        TerminalPlayer,
        ask_rating,
        key_reader,
        stop_signals,
    )

    script, timeline = practice_of(context, args)
    context.paths.ensure()
    store = open_store(context.paths)
    try:
        for notice in store.notices:
            print(f"calm-harbor: {visible(notice)}", file=sys.stderr)
        client = player_client(store, args.client)
        timeline, despite = screened_timeline(
            store, client, script, timeline, args.length, args.despite_screening
        )
        read = sys.stdin.readline

        def ask(measure: str, when: str) -> int | None:
            given = getattr(args, f"{measure}_{when}")
            return given if given is not None else ask_rating(measure, read, sys.stdout)

        before = Ratings(ask("pain", "before"), ask("stress", "before"))
        clock = MonotonicClock()
        sound = context.open_sound(clock)
        recorder = RunRecorder(store, client.id, tell=_say)
        with key_reader() as keys:
            player = TerminalPlayer(script, timeline, sound, clock, recorder, sys.stdout, keys)
            with stop_signals(player.ask_to_stop):  # Ctrl-C, SIGTERM: stop, save, fade
                player.begin(before, despite_screening=despite)
                player.play()
        after = Ratings(ask("pain", "after"), ask("stress", "after"))
        player.rate_after(after)
        print(player.summary(before, after))
        return 0
    finally:
        store.close()
        for notice in store.closing_notices:
            print(f"calm-harbor: {visible(notice)}", file=sys.stderr)


def _say(sentence: str) -> None:
    """A sentence from the run recorder (the disk is full; all saved again), mid-practice."""
    print(f"Note: {visible(sentence)}", flush=True)


def player_client(store, name: str | None):
    """Whose log a `play` goes in: `--client`, which clinic mode needs (a sentence otherwise);
    at home the one person."""
    clinic = store.get_setting("mode", "home") == "clinic"
    if name:
        client = store.client_by_name(name)
    elif clinic:
        raise CalmError(
            "In clinic mode, say whose practice this is: calm-harbor play ID --client NAME "
            "(calm-harbor clients list shows the names)."
        )
    else:
        client = store.default_client()
    if client.archived:
        raise CalmError(f"{client.name} is archived. Bring them back first.")
    if clinic and store.get_client_setting(client.id, "screening.done", False) is not True:
        raise CalmError(
            f"{client.name} has not answered the safety questions yet. Answer them first: "
            f"calm-harbor clients answers NAME --yes ID... --no ID... (or in the window)."
        )
    return client


def screened_timeline(store, client, script, timeline, length, despite_screening=False):
    """(timeline, started despite the screening) for this client, through the screening's one
    decision (calm/practice/advice.py): its advice printed, the adapted pattern compiled in,
    and a practice not advised refused with a sentence unless `despite_screening`."""
    from calm.practice.advice import not_advised_text
    from calm.practice.timeline import compile_timeline
    from calm.settings import Settings

    decision = screening_decision(store, client.id, script)
    despite = decision.not_advised and despite_screening
    if decision.not_advised and not despite:
        raise CalmError(not_advised_text(decision))
    if decision.why:
        print(f"Started despite the screening: {decision.why}" if despite else decision.why)
    pattern = decision.start_with(despite)
    # The client's stronger side comes first in muscle relaxation and autogenic training.
    stronger = Settings(store).for_client(client.id).get("hand.stronger")
    if pattern is None and stronger == "right":  # as `practice_of` compiled it
        return timeline, despite
    return compile_timeline(script, script.variant(length).id, pattern, stronger), despite


def run_render(args: argparse.Namespace, context: CommandContext) -> int:
    """render: mix the whole practice into one file, with a progress bar on the terminal."""
    from audio.bank import open_bank
    from audio.render import render_timeline

    script, timeline = practice_of(context, args)
    context.paths.ensure()

    bank = open_bank(context.paths)
    result = render_timeline(timeline, Path(args.out), bank, progress=progress_bar(sys.stdout))
    print()
    for warning in result.warnings:
        print(f"calm-harbor: {visible(warning)}", file=sys.stderr)
    minutes = result.duration_ms / 60_000
    print(f"Wrote {visible(str(result.path))} ({visible(script.title)}, {minutes:.1f} min).")
    return 0


def progress_bar(out: TextIO) -> Callable[[float], None]:
    """A bar on one terminal line, redrawn as `fraction` (0-1) grows: [#####.....]  50%."""

    def progress(fraction: float) -> None:
        filled = round(fraction * 30)
        print(f"\r[{'#' * filled}{'.' * (30 - filled)}] {fraction:4.0%}", end="", file=out)
        out.flush()

    return progress


def has_display() -> bool:
    """Whether a window can be shown here (else `play` plays in the terminal)."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    return (
        bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
        or platform in ("offscreen", "windows", "cocoa")
        or sys.platform in ("win32", "darwin")
    )


def with_store(command, read_only: bool = False, therapist: bool = False):
    """A practice-log command run on an open store: open, show its notices, run, close.
    Commands that only read work while the window is open. With `therapist`, clinic mode asks
    for the therapist's passphrase first (the command needs `--passphrase-file` among its
    arguments: cli.therapist.passphrase_options)."""

    def run(args: argparse.Namespace, context: CommandContext) -> int:
        from calm.store import open_store
        from cli.therapist import require_therapist

        store = open_store(context.paths, read_only=read_only)
        try:
            for notice in store.notices:
                print(f"calm-harbor: {visible(notice)}", file=sys.stderr)
            if therapist:
                require_therapist(args, store)
            return command(args, store, sys.stdout, context)
        finally:
            store.close()

    return run

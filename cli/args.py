"""The command line's words: every command, its arguments and its help text.

Each subparser names the function that runs it (`set_defaults(run=...)`); app.py parses,
builds a `CommandContext` and calls `args.run(args, context)`. No command: the window opens.
"""

from __future__ import annotations

import argparse

from cli import practices, runners
from cli.clients_commands import add_arguments as add_clinic_commands
from cli.pack_commands import add_arguments as add_pack_commands
from cli.programme_commands import add_arguments as add_programme_commands
from cli.store_commands import add_arguments as add_store_commands


def build_parser() -> argparse.ArgumentParser:
    """Every command; with none, app.py opens the window."""
    parser = argparse.ArgumentParser(
        prog="calm-harbor",
        description="Guided relaxation and mindfulness for people who live with chronic pain.",
    )
    parser.add_argument("--smoke", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    listing = sub.add_parser(
        "list", help="list the practices (bad files are listed as unavailable)"
    )
    listing.set_defaults(run=practices.run_list)
    show = sub.add_parser("show", help="show a practice, its steps and durations")
    show.add_argument("id")
    show.add_argument("--length", help="the length variant (minutes, or its id)")
    show.add_argument("--pattern", help="breathe it with this pattern, in seconds: 4-0-4-0")
    show.set_defaults(run=practices.run_show)
    validate = sub.add_parser("validate", help="check practice script files")
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.set_defaults(run=practices.run_validate)
    add_play_commands(sub)
    add_store_commands(sub)  # export, import, stats, demo-data
    add_programme_commands(sub)  # programme, goals, notes, report
    add_pack_commands(sub)  # pack, open-pack
    add_clinic_commands(sub)  # mode, clients, clinic
    return parser


def add_play_commands(sub) -> None:
    """play and render."""
    play = sub.add_parser("play", help="play a practice (captions and breaths in the terminal)")
    play.add_argument("id")
    play.add_argument("--length", help="the length (minutes, or its id); default the shortest")
    play.add_argument("--no-window", action="store_true", help="play in this terminal")
    play.add_argument("--client", help="whose log the practice goes in (clinic use)")
    play.add_argument(
        "--despite-screening",
        action="store_true",
        help="start a practice the safety screening does not advise for this person (recorded)",
    )
    for when in ("before", "after"):
        for measure in ("pain", "stress"):
            play.add_argument(
                f"--{measure}-{when}",
                type=rating_value,
                metavar="N",
                help=f"{measure} {when} the practice, 0-10 (else asked)",
            )
    play.set_defaults(run=runners.run_play)
    render = sub.add_parser("render", help="mix a practice into one sound file to take home")
    render.add_argument("id")
    render.add_argument("out", metavar="OUT.(wav|ogg|mp3|flac)")
    render.add_argument("--length", help="the length (minutes, or its id)")
    render.set_defaults(run=runners.run_render)


def rating_value(text: str) -> int:
    """A rating given on the command line: a whole number 0-10."""
    if text.isdigit() and int(text) <= 10:
        return int(text)
    raise argparse.ArgumentTypeError(f"{text!r} is not a whole number from 0 to 10")

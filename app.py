"""Calm Harbor's launcher: builds every part and wires them together, for the window and the
command line alike (paths -> logging -> store -> audio -> controller -> window).

    python app.py                 open the window
    python app.py list|show|validate|play|render|export|import|stats|demo-data ...
"""

from __future__ import annotations

import argparse
import os
import sys
import time

_STARTED = time.perf_counter()

# pygame and SDL read these at import: no greeting, and no SDL signal handlers (SDL would
# otherwise swallow SIGTERM while the mixer is open; we handle termination ourselves).
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
os.environ.setdefault("SDL_NO_SIGNAL_HANDLERS", "1")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="calm-harbor",
        description="Guided relaxation and mindfulness for people who live with chronic pain.",
    )
    parser.add_argument("--smoke", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    sub.add_parser("list", help="list the practices (bad files are listed as unavailable)")
    show = sub.add_parser("show", help="show a practice, its steps and durations")
    show.add_argument("id")
    show.add_argument("--length", help="the length variant (minutes, or its id)")
    validate = sub.add_parser("validate", help="check practice script files")
    validate.add_argument("files", nargs="+", metavar="FILE")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    from calm.paths import AppPaths

    paths = AppPaths.from_environment()
    if args.command is None:
        return run_window(paths, smoke=args.smoke)
    return run_command(args, paths)


def run_command(args: argparse.Namespace, paths) -> int:
    from calm import cli
    from calm.errors import CalmError

    library = cli.load_user_library(paths)
    try:
        if args.command == "list":
            return cli.cmd_list(library, sys.stdout)
        if args.command == "show":
            return cli.cmd_show(library, args.id, args.length, sys.stdout)
        if args.command == "validate":
            return cli.cmd_validate(args.files, sys.stdout)
    except CalmError as error:
        print(f"calm-harbor: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 2


def run_window(paths, smoke: bool = False) -> int:
    from calm.library import load_library
    from calm.logs import setup_logging
    from ui.main_window import launch

    if smoke:  # a smoke run never touches the user's real folders
        import tempfile

        from calm.paths import AppPaths

        home = tempfile.mkdtemp(prefix="calm-smoke-")
        paths = AppPaths.from_environment({"CALM_HOME": home})
    paths.ensure()
    setup_logging(paths.log_file)
    library = load_library(paths.user_sessions)
    return launch(paths, library, smoke=smoke, started=_STARTED)


if __name__ == "__main__":
    sys.exit(main())

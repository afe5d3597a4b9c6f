"""Home packs on the command line: `pack` at the clinic, `open-pack` at home.

calm-harbor pack --client Anna -o anna-2026-12-01.calmpack [--with-audio]
calm-harbor open-pack anna-2026-12-01.calmpack [--yes]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from calm.errors import visible
from cli.runners import with_store
from cli.therapist import passphrase_options

if TYPE_CHECKING:
    from calm.store import Store
    from cli.context import CommandContext


def add_arguments(sub: argparse._SubParsersAction) -> None:
    """Add `pack` and `open-pack` to app.py's subparsers."""
    secret = passphrase_options()  # in clinic mode, packs need the therapist's passphrase
    pack = sub.add_parser(
        "pack", parents=[secret], help="make a client's home pack (programme, goals, practices)"
    )
    pack.add_argument("--client", required=True, metavar="NAME")
    pack.add_argument("-o", "--output", metavar="FILE", help="default: NAME-DATE.calmpack here")
    pack.add_argument(
        "--with-audio", action="store_true", help="also the programme's practices as MP3 files"
    )
    pack.set_defaults(run=with_store(cmd_pack, read_only=True, therapist=True))
    opened = sub.add_parser(
        "open-pack", parents=[secret], help="open a home pack from your therapist"
    )
    opened.add_argument("file", metavar="FILE")
    opened.add_argument(
        "--yes",
        action="store_true",
        help="open it even if it is for someone else than the person here",
    )
    opened.set_defaults(run=with_store(cmd_open_pack, therapist=True))


def _bar(fraction: float) -> None:
    filled = round(fraction * 30)
    print(
        f"\r[{'#' * filled}{'.' * (30 - filled)}] {fraction:4.0%}",
        end="",
        flush=True,
        file=sys.stderr,
    )


def cmd_pack(args, store: Store, out: TextIO, context: CommandContext) -> int:
    """`pack --client NAME [-o FILE] [--with-audio]`."""
    from audio.takehome import practice_renderer
    from calm.exchange.pack import default_name, make_pack
    from calm.settings import Settings

    client = store.client_by_name(args.client)
    target = Path(args.output) if args.output is not None else Path(default_name(client.name))
    patterns = {pattern.name.casefold(): pattern for pattern in store.patterns()}
    renderer = None
    if args.with_audio:  # the client's stronger side first, as in the window
        stronger = Settings(store).for_client(client.id).get("hand.stronger")
        renderer = practice_renderer(context.paths, patterns, stronger)
    made = make_pack(
        store, client.id, context.library, target, renderer, _bar if args.with_audio else None
    )
    if args.with_audio:
        print(file=sys.stderr)
    print(visible(made.text()), file=out)
    return 0


def cmd_open_pack(args, store: Store, out: TextIO, context: CommandContext) -> int:
    """`open-pack FILE [--yes]`: a pack for someone else is refused unless --yes."""
    from calm.exchange.pack_open import apply_pack, read_pack

    contents = read_pack(Path(args.file))
    opened = apply_pack(store, contents, context.paths, confirmed=args.yes)
    print(visible(opened.text()), file=out)
    return 0

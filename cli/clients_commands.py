"""The command line's clinic commands: mode, clients (list, add, rename, merge, archive, erase,
export-identity, export-all, record-number, answers) and clinic reset-passphrase.

Everything the Clients page does, for scripts and for a therapist at a terminal. In clinic
mode every command that changes a client or takes their data off the laptop asks for the
therapist's passphrase (cli/therapist.py); listing names does not.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TextIO

from calm.errors import CalmError, StoreError
from calm.practice.questions import QUESTIONS
from cli.runners import with_store
from cli.therapist import passphrase_options, read_passphrase, require_therapist


def _question_list() -> str:
    lines = [f"  {q.id:<14} {q.text}" for q in QUESTIONS]
    return "the question ids:\n" + "\n".join(lines)


def add_arguments(sub: argparse._SubParsersAction) -> None:
    """Add mode, clients and clinic to app.py's subparsers."""
    secret = passphrase_options()
    mode = sub.add_parser(
        "mode", parents=[secret], help="use Calm Harbor at home (one person) or in a clinic"
    )
    mode.add_argument("mode", choices=("home", "clinic"))
    mode.set_defaults(run=with_store(cmd_mode))

    clients = sub.add_parser("clients", help="the people whose practice is logged here")
    actions = clients.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="the clients, with their practices")
    listing.add_argument("--archived", action="store_true", help="archived clients too")
    add = actions.add_parser("add", parents=[secret], help="add a client")
    add.add_argument("name")
    add.add_argument("--record-number", default="", help="the clinic's record number")
    rename = actions.add_parser("rename", parents=[secret], help="give a client another name")
    rename.add_argument("name")
    rename.add_argument("new_name", metavar="NEW_NAME")
    merge = actions.add_parser(
        "merge", parents=[secret], help="move everything of SOURCE into TARGET (SOURCE goes)"
    )
    merge.add_argument("source")
    merge.add_argument("target")
    archive = actions.add_parser("archive", parents=[secret], help="hide a client (kept)")
    archive.add_argument("name")
    archive.add_argument("--undo", action="store_true", help="bring the client back")
    erase = actions.add_parser(
        "erase", parents=[secret], help="erase a client and everything about them, for good"
    )
    erase.add_argument("name")
    erase.add_argument("--yes", action="store_true", help="do not ask to type the name")
    identity = actions.add_parser(
        "export-identity", parents=[secret], help="the client's identity, to open at home"
    )
    identity.add_argument("name")
    identity.add_argument("-o", "--output", required=True, metavar="FILE")
    everything = actions.add_parser(
        "export-all", parents=[secret], help="everything about one client, notes and answers"
    )
    everything.add_argument("name")
    everything.add_argument("-o", "--output", required=True, metavar="FILE")
    number = actions.add_parser(
        "record-number", parents=[secret], help="set the clinic's record number ('' clears)"
    )
    number.add_argument("name")
    number.add_argument("number")
    answers = actions.add_parser(
        "answers",
        parents=[secret],
        help="show or set a client's safety answers",
        epilog=_question_list(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    answers.add_argument("name")
    ids = [q.id for q in QUESTIONS]
    answers.add_argument("--yes", nargs="+", default=[], choices=ids, metavar="ID")
    answers.add_argument("--no", nargs="+", default=[], choices=ids, metavar="ID")
    clients.set_defaults(run=with_store(cmd_clients))

    clinic = sub.add_parser("clinic", help="the therapist's passphrase")
    clinic_actions = clinic.add_subparsers(dest="action", metavar="ACTION", required=True)
    clinic_actions.add_parser(
        "reset-passphrase",
        parents=[secret],
        help="set a new passphrase without the old one (the data folder's owner only)",
    )
    clinic.set_defaults(run=run_reset_passphrase)


def cmd_mode(args: argparse.Namespace, store, out: TextIO, _context=None) -> int:
    """`mode home|clinic`: clinic asks for a passphrase the first time; leaving it needs it."""
    now = store.get_setting("mode", "home")
    if args.mode == now:
        print(f"Calm Harbor is already in {now} mode.", file=out)
        return 0
    if args.mode == "clinic":
        if not store.has_passphrase():
            print("Choose the therapist's passphrase (at least 8 characters).", file=out)
            store.reset_passphrase(read_passphrase(args, "New passphrase: ", confirm=True))
    else:
        require_therapist(args, store)
    store.set_setting("mode", args.mode)
    if args.mode == "clinic":
        print(
            "Calm Harbor is now in clinic mode: the window opens on “Who is practising?”, "
            "and clients, notes, settings, export and import need the passphrase.",
            file=out,
        )
    else:
        print("Calm Harbor is now in home mode: one person, no passphrase.", file=out)
    return 0


def cmd_clients(args: argparse.Namespace, store, out: TextIO, _context=None) -> int:
    """`clients ACTION ...`."""
    if args.action == "list":
        return _list(store, args.archived, out)
    require_therapist(args, store)
    action = args.action
    if action == "add":
        client = store.add_client(args.name)
        if args.record_number:
            store.set_record_number(client.id, args.record_number)
        print(f"Added {client.name}. Ask their safety answers: calm-harbor clients answers "
              f"{_quoted(client.name)} --yes ID... --no ID...", file=out)  # fmt: skip
    elif action == "rename":
        client = store.client_by_name(args.name)
        renamed = store.rename_client(client.id, args.new_name)
        print(f"{client.name} is now called {renamed.name}.", file=out)
    elif action == "merge":
        source, target = store.client_by_name(args.source), store.client_by_name(args.target)
        moved = store.count_runs(source.id)
        store.merge_clients(source.id, target.id)
        print(
            f"Merged {source.name} into {target.name}: {moved} practice"
            f"{'' if moved == 1 else 's'} moved; {source.name} is no longer listed.",
            file=out,
        )
    elif action == "archive":
        client = store.archive_client(store.client_by_name(args.name).id, not args.undo)
        said = "is archived; their records are kept" if client.archived else "is back in the list"
        print(f"{client.name} {said}.", file=out)
    elif action == "erase":
        return _erase(args, store, out)
    elif action == "export-identity":
        from calm.exchange.identity import export_identity

        client = store.client_by_name(args.name)
        path = export_identity(store, client.id, Path(args.output))
        print(f"Wrote {client.name}'s identity to {path}. Open it in Calm Harbor at home.",
              file=out)  # fmt: skip
    elif action == "export-all":
        from calm.exchange.client_record import export_client_record

        client = store.client_by_name(args.name)
        count = export_client_record(store, client.id, Path(args.output))
        print(f"Wrote everything about {client.name} ({count} practices, notes and answers) "
              f"to {args.output}.", file=out)  # fmt: skip
    elif action == "record-number":
        client = store.set_record_number(store.client_by_name(args.name).id, args.number)
        shown = client.record_number or "none"
        print(f"{client.name}'s record number: {shown}.", file=out)
    elif action == "answers":
        return _answers(args, store, out)
    return 0


def _list(store, archived: bool, out: TextIO) -> int:
    clients = store.list_clients(include_archived=archived)
    if not clients:
        print("No clients yet: calm-harbor clients add NAME", file=out)
    for client in clients:
        runs = store.count_runs(client.id)
        answered = store.get_client_setting(client.id, "screening.done", False) is True
        extra = [f"{runs} practice{'' if runs == 1 else 's'}"]
        if not answered:
            extra.append("safety questions not answered")
        if client.record_number:
            extra.append(f"record {client.record_number}")
        if client.archived:
            extra.append("archived")
        print(f"{client.name}  ({', '.join(extra)})", file=out)
    return 0


def _erase(args: argparse.Namespace, store, out: TextIO) -> int:
    client = store.client_by_name(args.name)
    runs = store.count_runs(client.id)
    print(
        f"This erases {client.name} for good: {runs} practice{'' if runs == 1 else 's'} with "
        "their ratings and notes, the therapist's notes, goals, programme, safety answers and "
        "profile, here and in the backup copies. It cannot be undone.",
        file=out,
    )
    if not args.yes:
        print(f"Type {client.name} to erase, or press Enter to keep: ", end="", file=out)
        out.flush()
        typed = sys.stdin.readline().strip()
        if typed != client.name:
            print(f"Nothing was erased; {client.name} is kept.", file=out)
            return 1
    print(store.erase_client(client.id).text(), file=out)
    return 0


def _answers(args: argparse.Namespace, store, out: TextIO) -> int:
    from calm.practice.questions import normalise_answers

    client = store.client_by_name(args.name)
    both = set(args.yes) & set(args.no)
    if both:
        raise CalmError(f"{', '.join(sorted(both))}: answered both yes and no. Nothing changed.")
    answers = normalise_answers(store.get_client_setting(client.id, "screening.answers", {}))
    if args.yes or args.no:
        answers.update({q: True for q in args.yes})
        answers.update({q: False for q in args.no})
        store.set_client_setting(client.id, "screening.answers", answers)
        if all(q.id in answers for q in QUESTIONS):
            store.set_client_setting(client.id, "screening.done", True)
    print(f"Safety answers of {client.name}:", file=out)
    for question in QUESTIONS:
        value = answers.get(question.id)
        shown = "yes" if value is True else "no" if value is False else "not answered"
        print(f"  {question.id:<14} {shown:<13} {question.text}", file=out)
    missing = [q.id for q in QUESTIONS if q.id not in answers]
    if missing:
        print(f"Still to answer: {' '.join(missing)}.", file=out)
    return 0


def run_reset_passphrase(args: argparse.Namespace, context) -> int:
    """`clinic reset-passphrase`: only the owner of the data folder, only while it is free."""
    from calm.errors import DataInUseError
    from calm.store import open_store

    data = context.paths.data
    try:
        owner = data.stat().st_uid
    except OSError:
        raise StoreError(f"There is no data folder at {data} yet; nothing to reset.") from None
    if hasattr(os, "getuid") and os.getuid() != owner:
        raise CalmError(
            f"Only the owner of {data} may reset the passphrase. Log in as that user, then "
            "run this again."
        )
    try:
        store = open_store(context.paths)
    except DataInUseError:
        raise DataInUseError(
            "Calm Harbor is open with this data folder. Close the window (and any command "
            "using it), then reset the passphrase."
        ) from None
    try:
        store.reset_passphrase(read_passphrase(args, "New passphrase: ", confirm=True))
    finally:
        store.close()
    print("The therapist's passphrase is reset. Use the new one from now on.")
    return 0


def _quoted(name: str) -> str:
    return f'"{name}"' if " " in name else name

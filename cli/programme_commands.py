"""The home programme on the command line: `programme`, `goals` and `notes`.

calm-harbor programme --client Anna add slow-breathing --length 10 --per-day 2
calm-harbor programme --client Anna add body-scan --length 20 --days-a-week 3 --until 2027-01-31
calm-harbor programme --client Anna remove body-scan
calm-harbor programme --client Anna show
calm-harbor goals --client Anna add "Cook a meal standing" --rating 3
calm-harbor goals --client Anna rate 1 5
calm-harbor notes --client Anna add "Sleeps badly; try the wind-down." [--not-in-report]
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, TextIO

from calm.errors import CalmError, visible
from cli.runners import with_store
from cli.therapist import passphrase_on_actions, passphrase_options

if TYPE_CHECKING:
    from calm.store import Store
    from cli.context import CommandContext


def add_arguments(sub: argparse._SubParsersAction) -> None:
    """Add `programme`, `goals` and `notes` to app.py's subparsers (in clinic mode each asks
    for the therapist's passphrase: --passphrase-file FILE, or typed)."""
    secret = passphrase_options()
    programme = sub.add_parser(
        "programme", parents=[secret], help="a client's home programme: add, remove, show"
    )
    programme.add_argument("--client", required=True, metavar="NAME")
    actions = programme.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a practice (or change its entry)")
    add.add_argument("id", metavar="PRACTICE")
    add.add_argument("--length", help="minutes, or the length's id (default: the shortest)")
    often = add.add_mutually_exclusive_group(required=True)
    often.add_argument("--per-day", type=int, metavar="K", help="K times a day")
    often.add_argument("--days-a-week", type=int, metavar="K", help="on K days a week")
    add.add_argument("--from", dest="start", type=_date, metavar="YYYY-MM-DD")
    add.add_argument("--until", type=_date, metavar="YYYY-MM-DD")
    add.add_argument("--instruction", default="", help="one line for the client")
    add.add_argument("--pattern", help="a saved breathing pattern's name")
    remove = actions.add_parser("remove", help="take a practice out of the programme")
    remove.add_argument("id", metavar="PRACTICE")
    actions.add_parser("show", help="the programme and this week's progress")
    note = actions.add_parser("note", help="the programme's overall note ('' clears it)")
    note.add_argument("text")
    passphrase_on_actions(actions)
    programme.set_defaults(run=with_store(cmd_programme, therapist=True))

    goals = sub.add_parser("goals", parents=[secret], help="a client's own goals, rated 0-10")
    goals.add_argument("--client", required=True, metavar="NAME")
    actions = goals.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="a goal in the client's words (at most 3)")
    add.add_argument("text")
    add.add_argument("--rating", type=_score, metavar="N", help="how well now, 0-10")
    rate = actions.add_parser("rate", help="rate goal number N (as `show` numbers them)")
    rate.add_argument("number", type=int)
    rate.add_argument("value", type=_score)
    done = actions.add_parser("archive", help="set goal number N aside (its ratings stay)")
    done.add_argument("number", type=int)
    actions.add_parser("show", help="the goals and their ratings")
    passphrase_on_actions(actions)
    goals.set_defaults(run=with_store(cmd_goals, therapist=True))

    notes = sub.add_parser(
        "notes", parents=[secret], help="the therapist's dated notes on a client"
    )
    notes.add_argument("--client", required=True, metavar="NAME")
    actions = notes.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="a dated note")
    add.add_argument("text")
    add.add_argument("--not-in-report", action="store_true", help="keep it out of reports")
    actions.add_parser("show", help="the notes, oldest first")
    passphrase_on_actions(actions)
    notes.set_defaults(run=with_store(cmd_notes, therapist=True))

    report = sub.add_parser(
        "report", parents=[secret], help="a client's report as PDF, for the clinical record"
    )
    report.add_argument("--client", required=True, metavar="NAME")
    report.add_argument("--from", dest="start", type=_date, metavar="YYYY-MM-DD")
    report.add_argument("--to", dest="end", type=_date, metavar="YYYY-MM-DD")
    report.add_argument("--no-notes", action="store_true", help="leave the therapist's notes out")
    report.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    report.set_defaults(run=with_store(cmd_report, read_only=True, therapist=True))


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-12-01") from None


def _score(text: str) -> int:
    if text.isdigit() and int(text) <= 10:
        return int(text)
    raise argparse.ArgumentTypeError(f"{text!r} is not a whole number from 0 to 10")


def cmd_programme(args, store: Store, out: TextIO, context: CommandContext) -> int:
    """`programme --client NAME add|remove|show|note`."""
    from calm.programme.model import ProgrammeItem

    client = store.client_by_name(args.client)
    library = context.library
    programme = store.programme(client.id)
    if args.action == "show":
        return show_programme(store, client.id, library, out)
    if args.action == "add":
        try:
            script = library.get(args.id)
            variant = script.variant(args.length)
        except KeyError as error:
            raise CalmError(error.args[0]) from None
        item = ProgrammeItem(
            practice_id=script.id,
            length=variant.id,
            per_day=args.per_day,
            days_a_week=args.days_a_week,
            start=args.start or date.today(),
            until=args.until,
            instruction=args.instruction,
            pattern=args.pattern,
        )
        if args.pattern and args.pattern.casefold() not in {
            pattern.name.casefold() for pattern in store.patterns()
        }:
            raise CalmError(f"There is no saved breathing pattern called {args.pattern!r}.")
        store.set_programme(programme.with_item(item), set(library.scripts))
        print(
            f"{visible(client.name)}'s programme: {visible(script.title)}, {variant.label}, "
            f"{item.how_often()}.",
            file=out,
        )
        return 0
    if args.action == "remove":
        store.set_programme(programme.without(args.id), set(library.scripts))
        print(f"Took {args.id} out of {visible(client.name)}'s programme.", file=out)
        return 0
    store.set_programme(replace(programme, note=args.text), set(library.scripts))
    print(f"Saved the note on {visible(client.name)}'s programme.", file=out)
    return 0


def show_programme(store: Store, client_id: str, library, out: TextIO) -> int:
    from calm.programme.adherence import today_list

    client = store.client(client_id)
    programme = store.programme(client_id)
    if not programme.items:
        print(f"{visible(client.name)} has no programme yet.", file=out)
        return 0
    print(f"{visible(client.name)}'s programme", file=out)
    for item in programme.items:
        script = library.scripts.get(item.practice_id)
        title = script.title if script else f"{item.practice_id} (not on this computer)"
        dates = _dates(item.start, item.until)
        print(f"  {visible(title)}, {item.length} min, {item.how_often()}{dates}", file=out)
        if item.instruction:
            print(f"    {visible(item.instruction)}", file=out)
    if programme.note:
        print(f"Note: {visible(programme.note)}", file=out)
    today = today_list(programme, store.runs_for_client(client_id), date.today())
    if today:
        print("Today:", file=out)
        for entry in today:
            script = library.scripts.get(entry.item.practice_id)
            title = script.title if script else entry.item.practice_id
            print(f"  {visible(title)}: {entry.status}", file=out)
    return 0


def _dates(start: date | None, until: date | None) -> str:
    if start and until:
        return f", {start.isoformat()} to {until.isoformat()}"
    if until:
        return f", until {until.isoformat()}"
    return f", from {start.isoformat()}" if start else ""


def cmd_goals(args, store: Store, out: TextIO, context: CommandContext) -> int:
    """`goals --client NAME add|rate|archive|show`."""
    client = store.client_by_name(args.client)
    goals = store.goals(client.id)
    if args.action == "add":
        goal = store.add_goal(client.id, args.text, args.rating)
        print(
            f"Added goal {len(goals) + 1} for {visible(client.name)}: {visible(goal.text)}",
            file=out,
        )
        return 0
    if args.action in ("rate", "archive"):
        if not 1 <= args.number <= len(goals):
            raise CalmError(
                f"{visible(client.name)} has {len(goals)} goal(s); `goals show` numbers them."
            )
        goal = goals[args.number - 1]
        if args.action == "rate":
            store.rate_goal(goal.id, args.value)
            print(f"Rated {visible(goal.text)!r}: {args.value} of 10.", file=out)
        else:
            store.archive_goal(goal.id)
            print(f"Set aside {visible(goal.text)!r}; its ratings are kept.", file=out)
        return 0
    if not goals:
        print(f"{visible(client.name)} has no goals yet.", file=out)
        return 0
    ratings = store.goal_ratings(client.id)
    for number, goal in enumerate(goals, 1):
        values = [
            f"{r.value} ({r.rated.date().isoformat()})" for r in ratings if r.goal_id == goal.id
        ]
        print(f"{number}. {visible(goal.text)}: {', '.join(values) or 'not rated yet'}", file=out)
    return 0


def cmd_notes(args, store: Store, out: TextIO, context: CommandContext) -> int:
    """`notes --client NAME add|show`."""
    client = store.client_by_name(args.client)
    if args.action == "add":
        store.add_note(client.id, args.text, in_report=not args.not_in_report)
        print(f"Added a note on {visible(client.name)}.", file=out)
        return 0
    for note in store.notes(client.id):
        mark = "" if note.in_report else " (not in reports)"
        print(f"{note.written.date().isoformat()}{mark}: {visible(note.text)}", file=out)
    return 0


def cmd_report(args, store: Store, out: TextIO, context: CommandContext) -> int:
    """`report --client NAME [--from DATE --to DATE] [--no-notes] -o FILE.pdf`."""
    from pathlib import Path

    from calm.reports.client_report import build_report

    client = store.client_by_name(args.client)
    titles = {script.id: script.title for script in context.library.scripts.values()}
    categories = {script.id: script.category for script in context.library.scripts.values()}
    report = build_report(
        store,
        client.id,
        titles,
        args.start,
        args.end,
        not args.no_notes,
        category_of=categories,
    )
    written = context.write_report(report, Path(args.output))
    print(
        f"Wrote the report of {visible(client.name)} ({report.start.isoformat()} to "
        f"{report.end.isoformat()}) to {written}.",
        file=out,
    )
    return 0

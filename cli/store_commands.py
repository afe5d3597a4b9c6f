"""The practice-log commands of the command line: export, import, stats and demo-data.

Each takes the parsed arguments, an open store and a stream to write to, and returns the exit
code; a CalmError raised here is shown by app.py as one plain sentence.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from calm.errors import visible
from cli.runners import progress_bar, with_store
from cli.therapist import passphrase_options

if TYPE_CHECKING:  # the modules themselves load with the command that needs them
    from calm.reports.outcomes import ClientOutcomes, MeanChange, WeeklyOutcome
    from calm.store import ClientRecord, Store

WEEKS_SHOWN = 8


def add_arguments(sub: argparse._SubParsersAction) -> None:
    """Add the four commands to app.py's subparsers."""
    secret = passphrase_options()
    export = sub.add_parser(
        "export", parents=[secret], help="export practice records as CSV or FHIR"
    )
    who = export.add_mutually_exclusive_group(required=True)
    who.add_argument("--client", metavar="NAME", help="one client (name or id)")
    who.add_argument("--all", action="store_true", help="every client")
    export.add_argument("--format", choices=("csv", "fhir"), default="csv")
    export.add_argument("-o", "--output", required=True, metavar="FILE", help="'-' for stdout")
    imported = sub.add_parser(
        "import",
        parents=[secret],
        help="bring in an export or a client's identity file from another installation",
    )
    imported.add_argument("file", metavar="FILE")
    salvage = sub.add_parser(
        "salvage",
        parents=[secret],
        help="bring back what can be read from a damaged log that was moved aside",
    )
    salvage.add_argument("file", metavar="FILE")
    salvage.set_defaults(run=with_store(cmd_salvage, therapist=True))  # it adds, as import does
    stats = sub.add_parser("stats", help="outcome figures: weekly averages, practice, change")
    stats.add_argument("--client", metavar="NAME", help="one client (name or id)")
    stats.add_argument("--weeks", type=int, default=WEEKS_SHOWN, help="weeks to list (8)")
    demo = sub.add_parser("demo-data", help="add made-up clients and history for demonstrations")
    demo.add_argument("--clients", type=int, default=8)
    demo.add_argument("--days", type=int, default=90)
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--force", action="store_true", help="even beside real records")
    export.set_defaults(run=with_store(cmd_export, read_only=True, therapist=True))
    imported.set_defaults(run=with_store(cmd_import, therapist=True))
    demo.set_defaults(run=with_store(cmd_demo_data))
    stats.set_defaults(run=with_store(_stats_with_categories, read_only=True))


def _stats_with_categories(args, store, out, context) -> int:
    categories = {script.id: script.category for script in context.library.scripts.values()}
    return cmd_stats(args, store, out, categories)


def cmd_export(args: argparse.Namespace, store: Store, out: TextIO, _context=None) -> int:
    """`export (--client NAME | --all) --format csv|fhir -o FILE`."""
    from calm.exchange.csv_export import count_measures, export_csv, write_csv
    from calm.exchange.fhir_export import export_fhir, write_fhir

    clients = None if args.all else [store.client_by_name(args.client).id]
    if args.output == "-":
        (write_fhir if args.format == "fhir" else write_csv)(store, out, clients)
        return 0
    target = Path(args.output)
    count = (export_fhir if args.format == "fhir" else export_csv)(store, target, clients)
    whose = "every client" if args.all else visible(store.client_by_name(args.client).name)
    answers = " with the goals and answers" if count_measures(store, clients) else ""
    print(
        f"Exported {_n(count, 'practice')}{answers} of {whose} to {visible(str(target))}.",
        file=out,
    )
    return 0


def cmd_import(args: argparse.Namespace, store: Store, out: TextIO, _context=None) -> int:
    """`import FILE`: idempotent; a bad file is refused whole."""
    from calm.exchange.importer import import_file

    # The bar goes to stderr, and only on a terminal: the result stays alone on stdout.
    bar = progress_bar(sys.stderr) if sys.stderr.isatty() else None
    summary = import_file(store, Path(args.file), progress=bar)
    if bar is not None:
        print(file=sys.stderr)
    print(visible(summary.text()), file=out)
    return 0


def cmd_salvage(args: argparse.Namespace, store: Store, out: TextIO, _context=None) -> int:
    """`salvage FILE`: what can be read from a damaged log, added without duplicates."""
    from calm.exchange.salvage import salvage_file

    path = Path(args.file)
    print(visible(salvage_file(store, path).text(path)), file=out)
    return 0


def cmd_demo_data(args: argparse.Namespace, store: Store, out: TextIO, _context=None) -> int:
    """`demo-data --clients N --days D [--seed S] [--force]`."""
    from calm.exchange.demo_data import make_demo_data

    if args.clients < 1 or args.days < 1:
        print("calm-harbor: --clients and --days must be at least 1.", file=out)
        return 2
    made = make_demo_data(
        store, clients=args.clients, days=args.days, seed=args.seed, force=args.force
    )
    print(
        f"Added {_n(made.clients, 'demo client')} with {_n(made.runs, 'practice')} and "
        f"{_n(made.ratings, 'rating')} (seed {args.seed}). Earlier demo clients were replaced.",
        file=out,
    )
    return 0


def cmd_stats(
    args: argparse.Namespace,
    store: Store,
    out: TextIO,
    category_of: Mapping[str, str] | None = None,
    today: date | None = None,
) -> int:
    """`stats [--client NAME]`: one client in detail, or an overview when there are several."""
    from calm.exchange.demo_data import CATEGORY_OF
    from calm.reports.outcomes import client_outcomes

    today = today or date.today()
    category_of = {**CATEGORY_OF, **(category_of or {})}
    if args.client:
        clients = [store.client_by_name(args.client)]
    else:
        clients = store.list_clients()
        with_runs = [c for c in clients if store.count_runs(c.id)]
        clients = with_runs or [store.default_client()]  # the one with practices, if one
    if len(clients) > 1:
        _overview(store, clients, today, out)
        return 0
    client = clients[0]
    runs = store.runs_for_client(client.id)
    figures = client_outcomes(runs, today, category_of)
    _client_report(client, runs, figures, max(args.weeks, 1), today, out)
    return 0


def _client_report(
    client: ClientRecord, runs, figures: ClientOutcomes, weeks: int, today: date, out: TextIO
) -> None:
    from calm.reports.words import progress_words

    done = figures.adherence
    if not runs:
        print(f"{visible(client.name)}: no practices yet.", file=out)
        return
    print(
        f"{visible(client.name)}: {_n(done.practices, 'practice')}, {done.minutes:.0f} minutes, "
        f"since {runs[0].started.date()}",
        file=out,
    )
    titles = {run.practice_id: run.title for run in runs}
    for line in progress_words(figures, today, f"{client.name}'s", titles).lines:
        print(f"  {line}", file=out)
    print(
        f"Per week on average: {done.mean_practices_per_week:.1f} practices, "
        f"{done.mean_minutes_per_week:.0f} minutes.",
        file=out,
    )
    for measure in ("pain", "stress"):
        _weekly_table(figures.weekly[measure], weeks, out)
    print("\nAverage change from before to after one practice:", file=out)
    for measure in ("pain", "stress"):
        print(f"  {measure:<7} {_change_text(figures.change[measure])}", file=out)
    print("\nBy practice (count, minutes, average pain change):", file=out)
    pain = {c.key: c for c in figures.change_by_practice["pain"]}
    for item in done.by_practice:
        change = pain[item.key]
        shown = _change_text(change) if change.pairs else ""
        key = visible(item.key)
        print(f"  {key:<22} {item.practices:>5} {item.minutes:>8.0f}  {shown}", file=out)
    shares = ", ".join(f"{visible(c.key)} {c.practices}" for c in done.by_category)
    print(f"By category: {shares}.", file=out)


def _change_text(change: MeanChange) -> str:
    """'6.1 → 4.9 (-1.2, 48 practices with both answers)', or why there is no average."""
    from calm.reports.outcomes import MIN_PAIRS

    if change.mean_change is None:
        if not change.pairs:
            return "no practice with both answers yet"
        pairs = _n(change.pairs, "practice")
        return f"too few ratings yet ({pairs} with both answers; {MIN_PAIRS} needed)"
    marked = ", higher after" if change.worse_after else ""
    return (
        f"{change.mean_before:.1f} → {change.mean_after:.1f} ({change.mean_change:+.1f}, "
        f"{_n(change.pairs, 'practice')} with both answers{marked})"
    )


def _weekly_table(outcome: WeeklyOutcome, weeks: int, out: TextIO) -> None:
    from calm.reports.weekly import BANDED_MEASURES, MIN_BANDED_BASELINE, MIN_RATINGS

    why_no_band = {
        "few-baseline": "too few ratings in the first weeks",
        "few-week": f"under {MIN_RATINGS} ratings",
        "unfinished": "week not over",
        "low-baseline": f"started below {MIN_BANDED_BASELINE}",
    }
    title = "Pain" if outcome.measure == "pain" else "Stress"
    if outcome.baseline is None:
        print(f"\n{title}: no before-rating yet.", file=out)
        return
    span = "first week" if outcome.baseline_weeks == 1 else "first two weeks"
    print(
        f"\n{title} before practice, weekly average (0-10), against the {span} "
        f"(baseline {outcome.baseline:.1f} from {_n(outcome.baseline_ratings, 'rating')}, "
        f"week of {outcome.baseline_week}):",
        file=out,
    )
    banded = outcome.measure in BANDED_MEASURES
    print(
        f"  {'week of':<11} {'ratings':>7} {'before':>7} {'after':>6}  {'change':<13}"
        + ("  band" if banded else ""),
        file=out,
    )
    for week in [w for w in outcome.weeks if w.ratings][-weeks:]:
        after = "" if week.mean_after is None else f"{week.mean_after:.1f}"
        if week.in_baseline:
            change = "baseline"
        elif week.change_points is None:
            change = ""
        elif week.reduction_pct is None:
            change = f"{-week.change_points:+.1f}"
        else:
            change = f"{-week.change_points:+.1f} ({-week.reduction_pct:+.0f} %)"
        reason = why_no_band.get(week.no_band or "")
        band = week.band or (f"({reason})" if reason else "")
        print(
            f"  {week.week_start!s:<11} {week.ratings:>7} {week.mean_before:>7.1f} "
            f"{after:>6}  {change:<13}" + (f"  {band}" if banded else ""),
            file=out,
        )
    if not banded:
        print("  (stress has no validated bands: points and per cent only)", file=out)


def _overview(store: Store, clients: list[ClientRecord], today: date, out: TextIO) -> None:
    from calm.reports.outcomes import client_outcomes

    print(
        f"{'client':<24} {'practices':>9} {'this week':>9} {'pain now':>8} {'baseline':>8} "
        f"{'change':>13}  band",
        file=out,
    )
    for client in clients:
        runs = store.runs_for_client(client.id)
        figures = client_outcomes(runs, today)
        pain = figures.weekly["pain"]
        week = pain.compared
        now = "" if week is None else f"{week.mean_before:.1f}"
        base = "" if pain.baseline is None else f"{pain.baseline:.1f}"
        change = ""
        if week is not None and week.change_points is not None:
            change = f"{-week.change_points:+.1f}"
            if week.reduction_pct is not None:
                change += f" ({-week.reduction_pct:+.0f} %)"
        band = (week.band or "") if week else ""
        print(
            f"{visible(client.name)[:24]:<24} {figures.adherence.practices:>9} "
            f"{figures.this_week:>9} {now:>8} {base:>8} {change:>13}  {band}",
            file=out,
        )
    print(
        "\n'pain now' is the latest whole week after the baseline (or this week, if none); "
        "a band is named only when the ratings can carry one.",
        file=out,
    )
    print("For one client's weekly figures: calm-harbor stats --client NAME", file=out)


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"

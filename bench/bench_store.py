"""The store at clinic scale: 50 clients × 3 years × 2 practices a day (about 110,000 runs).

Prints one client's history (target ≤ 50 ms), one client's weekly outcome figures (≤ 50 ms)
and the CSV export of everything (≤ 5 s), each as the median and min-max of several runs,
plus a few figures for information (building the clinic, opening the store, FHIR export).
"""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta, timezone

from _common import header, report, temp_home

from calm.exchange.csv_export import export_csv
from calm.exchange.demo_data import CATEGORY_OF, make_demo_data
from calm.exchange.fhir_export import export_fhir
from calm.paths import AppPaths
from calm.reports.outcomes import adherence, client_outcomes, weekly_outcome
from calm.store import open_store

CLIENTS, DAYS, PER_DAY = 50, 3 * 365, 2.0
TODAY = date(2026, 6, 30)
ZONE = timezone(timedelta(hours=2))
RUNS = 15


def ms_since(began: float) -> float:
    return (time.perf_counter() - began) * 1000


def main() -> None:
    with temp_home() as home:
        paths = AppPaths.from_environment()
        store = open_store(paths, now=lambda: datetime(2026, 6, 30, 12, tzinfo=ZONE))
        began = time.perf_counter()
        made = make_demo_data(store, CLIENTS, DAYS, seed=2026, per_day=PER_DAY,
                              today=TODAY, zone=ZONE)  # fmt: skip
        build = ms_since(began) / 1000
        store.close()
        report(f"build clinic ({made.runs:,} runs)", [build], "s", "< 60 s (info)")

        next_day = lambda: datetime(2026, 7, 1, 8, tzinfo=ZONE)  # noqa: E731
        began = time.perf_counter()
        open_store(paths, now=next_day).close()
        report("open store, first of the day", [ms_since(began)], "ms", "check+backup (info)")
        opening = []
        for _ in range(5):
            began = time.perf_counter()
            store = open_store(paths, now=next_day)
            opening.append(ms_since(began))
            store.close()
        report("open store, later that day", opening, "ms", "(info)")

        store = open_store(paths, now=next_day)
        clients = [c for c in store.list_clients() if c.demo]
        history, weekly, progress, history_cpu = [], [], [], []
        for n in range(RUNS):
            client = clients[(n * 7) % len(clients)]
            runs = figures = None  # free the last round's records outside the timings
            began = time.perf_counter()
            runs = store.runs_for_client(client.id)
            history.append(ms_since(began))
            began = time.perf_counter()
            weekly_outcome(runs, "pain", TODAY)
            weekly_outcome(runs, "stress", TODAY)
            adherence(runs, CATEGORY_OF)
            weekly.append(ms_since(began))
            runs = None
            began = time.perf_counter()
            runs = store.runs_for_client(client.id)
            figures = client_outcomes(runs, TODAY, CATEGORY_OF)
            progress.append(ms_since(began))
            assert figures.adherence.practices > 0
            began = time.process_time()
            runs = None
            runs = store.runs_for_client(client.id)
            history_cpu.append((time.process_time() - began) * 1000)
        report(f"one client's history ({len(runs):,} runs)", history, "ms", "≤ 50 ms")
        report("  the same, CPU time of this process", history_cpu, "ms", "(info: load)")
        report("one client's weekly outcomes", weekly, "ms", "≤ 50 ms")
        report("history + all outcome figures", progress, "ms", "(info)")

        export = []
        for n in range(5):
            began = time.perf_counter()
            count = export_csv(store, home / f"all-{n}.csv")
            export.append(ms_since(began) / 1000)
        report(f"CSV export of everything ({count:,})", export, "s", "≤ 5 s")

        fhir = []
        for n in range(3):
            began = time.perf_counter()
            export_fhir(store, home / f"one-{n}.json", [clients[n].id])
            fhir.append(ms_since(began))
        report("FHIR export of one client", fhir, "ms", "(info)", digits=0)
        store.close()


if __name__ == "__main__":
    header()
    main()

"""A client's PDF report: made for a client with 3 years of practice (2 a day), target < 2 s.

Times `build_report` (the store reads and figures) plus laying out and writing the PDF, in
one process with Qt already loaded (as in the window), median of 7; and the whole
`calm-harbor report` command, start to finish, median of 3.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date, timedelta

from _common import ROOT, header, report, temp_home

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    header()
    from PySide6.QtGui import QGuiApplication

    import app
    from calm.paths import AppPaths
    from calm.practice.library import load_library
    from calm.programme.model import Programme, ProgrammeItem
    from calm.reports.client_report import build_report
    from calm.store import open_store
    from ui.report.pdf import write_report_pdf

    _qt = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841
    with temp_home() as home:
        assert app.main(["demo-data", "--clients", "1", "--days", "1095", "--seed", "5"]) == 0
        paths = AppPaths.from_environment()
        library = load_library(paths.user_sessions)
        titles = {s.id: s.title for s in library.scripts.values()}
        with open_store(paths) as store:
            client = next(c for c in store.list_clients() if c.demo)
            start = date.today() - timedelta(days=1000)
            store.set_programme(
                Programme(
                    client.id, (ProgrammeItem("slow-breathing", "10", per_day=2, start=start),)
                )
            )
            store.add_goal(client.id, "Cook a meal standing", rating=3)
            runs = store.count_runs(client.id)
            samples = []
            for _ in range(7):
                began = time.perf_counter()
                write_report_pdf(build_report(store, client.id, titles), home / "report.pdf")
                samples.append(time.perf_counter() - began)
        report(f"report, {runs} runs, in process", samples, "s", "< 2 s")
        whole = []
        for _ in range(3):
            began = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "app.py"),
                    "report",
                    "--client",
                    client.name,
                    "-o",
                    str(home / "cli.pdf"),
                ],
                check=True,
                capture_output=True,
                env={**os.environ, "CALM_HOME": str(home)},
            )
            whole.append(time.perf_counter() - began)
        report("report command, start to finish", whole, "s", "info")


if __name__ == "__main__":
    main()

"""A clinic's big CSV export is brought in part by part: memory stays flat, a bar shows how
far it is (on the terminal and in the window), and a bad last row still adds nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from calm.exchange.csv_export import COLUMNS
from calm.settings import Settings
from calm.store import open_store
from calm.store.recorder import current_client
from tests.support.big_csv import EMPTY_MEASURE, write_big_csv
from tests.support.cli import ROOT
from ui.screens.clients import ClientsScreen
from ui.tasks import run_immediately

PEAK_CHILD = (
    "import resource, subprocess, sys, json; "
    "done = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
    "print(json.dumps([done.returncode, done.stdout, done.stderr, "
    "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]))"
)


def test_a_big_csv_is_imported_with_flat_memory(calm_home, tmp_path, paths):
    """60,000 practices (11 MB) used to be held whole several times over (842 MB for 60 MB);
    now the import's peak stays near an idle command's, far under the bound."""
    big = write_big_csv(tmp_path / "clinic.csv", 60_000)
    done = subprocess.run(
        [sys.executable, "-c", PEAK_CHILD, sys.executable, str(ROOT / "app.py"), "import",
         str(big)],
        capture_output=True, text=True, timeout=900, cwd=ROOT,
        env={**os.environ, "CALM_HOME": str(calm_home)},
    )  # fmt: skip
    code, out, err, peak_kb = json.loads(done.stdout)
    assert code == 0, err
    assert out.startswith("Added 50 clients (Client 00, Client 01, ")
    assert out.endswith(", 60000 practices and 240000 ratings.\n")
    assert peak_kb / 1024 < 200, f"peak {peak_kb / 1024:.0f} MB"
    with open_store(paths) as store:
        assert store.count_runs() == 60_000


def test_a_bad_last_row_adds_nothing_of_the_parts_before(calm, tmp_path, paths):
    """All or nothing holds for a file read part by part: row 5,002 is wrong, so the 5,000
    practices before it (already written in parts) are taken back."""
    big = write_big_csv(tmp_path / "clinic.csv", 5_000)
    with open(big, "a", encoding="utf-8", newline="") as out:
        wrong = ["Client 00", "not-a-uuid"] + ["x"] * (COLUMNS.index("record") - 2)
        out.write(",".join(wrong + ["practice", *EMPTY_MEASURE]) + "\r\n")  # a whole row
    done = calm("import", str(big))
    assert done.stderr == (
        "calm-harbor: clinic.csv was not imported: line 5002: status must be one of running, "
        "completed, skipped, stopped, abandoned. Nothing was added.\n"
    )
    with open_store(paths) as store:
        assert store.count_runs() == 0 and [c.name for c in store.list_clients()] == ["Me"]


def test_the_clients_page_shows_the_import_moving(qtbot, tmp_path, paths):
    """In the window the bar under the import button moves as the file is read, then goes."""
    big = write_big_csv(tmp_path / "clinic.csv", 9_000)
    store = open_store(paths)
    try:
        settings = Settings(store)
        settings.set("mode", "clinic")
        screen = ClientsScreen(
            store, settings, run_immediately, lambda: current_client(store, settings),
            lambda _parent: str(big),
        )  # fmt: skip
        qtbot.addWidget(screen)
        screen.show()
        seen = []
        screen.importer.import_moved.connect(seen.append)
        screen.importer.import_bar.valueChanged.connect(lambda v: seen.append(("bar", v)))
        screen.importer.choose_import()
        fractions = [f for f in seen if isinstance(f, float)]
        assert len(fractions) >= 4 and fractions == sorted(fractions) and fractions[-1] == 1.0
        assert ("bar", 1000) in seen
        assert screen.importer.import_bar.isHidden()
        assert screen.message.text().startswith("Added 50 clients")
    finally:
        store.close()


def test_the_terminal_shows_a_bar_while_importing(calm_home, tmp_path):
    """On a terminal, `import` draws a bar on stderr as the file is read; stdout keeps the
    one sentence of what was added."""
    import pty

    big = write_big_csv(tmp_path / "clinic.csv", 9_000)
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, str(ROOT / "app.py"), "import", str(big)],
            stdout=subprocess.PIPE, stderr=follower, text=True, timeout=300, cwd=ROOT,
            env={**os.environ, "CALM_HOME": str(calm_home)},
        )  # fmt: skip
        os.close(follower)
        drawn = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal's other end is gone: all read
                break
            if not chunk:
                break
            drawn += chunk
    finally:
        os.close(leader)
    assert done.returncode == 0
    assert done.stdout.startswith("Added 50 clients")
    bars = drawn.decode().split("\r")
    assert len([bar for bar in bars if bar.startswith("[")]) >= 4
    assert bars[-2] == "[" + "#" * 30 + "] 100%" and bars[-1] == "\n"  # then the line ends

"""Writing made-up clients and their history (calm.exchange.demo_data makes them up).

Demo clients are marked as such, and writing a new set replaces the old one. Everything goes
in one transaction with executemany, so a clinic of 50 clients over 3 years (about 110,000
runs) takes seconds.
"""

from __future__ import annotations

from collections.abc import Sequence

from calm.store.clients import free_name
from calm.store.store import Store

# A run row: (client uuid, run uuid, practice_id, title, variant, planned_ms, started,
# started_ms, ended, status, practised_ms, progress, note).
# A rating row: (index of its run in the run rows, measure, moment, value, rated).


def real_records(store: Store) -> tuple[int, int]:
    """(clients, runs) that are not demo data; the untouched default client does not count."""
    with store.reader() as conn:
        runs = conn.execute(
            "SELECT count(*) FROM runs r JOIN clients c ON c.id = r.client_id WHERE c.demo = 0"
        ).fetchone()[0]
        clients = conn.execute("SELECT count(*) FROM clients WHERE demo = 0").fetchone()[0]
    return max(clients - 1, 0), runs


def replace_demo(
    store: Store,
    clients: Sequence[tuple[str, str, str]],
    runs: Sequence[tuple],
    ratings: Sequence[tuple],
) -> None:
    """Remove the demo clients, then add `clients` ((uuid, name, created) each, a taken name
    becoming "Name (2)") with their runs and ratings (rows as described above)."""
    with store.transaction() as conn:
        conn.execute("DELETE FROM clients WHERE demo = 1")
        first_run = (conn.execute("SELECT max(id) FROM runs").fetchone()[0] or 0) + 1
        conn.executemany(
            "INSERT INTO clients (uuid, display_name, created, demo) VALUES (?, ?, ?, 1)",
            [(uuid, free_name(conn, name), created) for uuid, name, created in clients],
        )
        conn.executemany(
            "INSERT INTO runs (id, client_id, uuid, practice_id, title, variant, planned_ms, "
            "started, started_ms, ended, status, practised_ms, progress, note) "
            "VALUES (?, (SELECT id FROM clients WHERE uuid = ?), ?,?,?,?,?,?,?,?,?,?,?,?)",
            ((first_run + n, *row) for n, row in enumerate(runs)),
        )
        conn.executemany(
            "INSERT INTO ratings (run_id, measure, moment, value, rated) VALUES (?,?,?,?,?)",
            ((first_run + n, *rest) for n, *rest in ratings),
        )

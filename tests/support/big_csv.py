"""A big CSV export made up quickly (a clinic's years of practice), for the import benchmark
and the memory test: our export's layout, valid in every row."""

from __future__ import annotations

import csv
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

from calm.exchange.csv_export import COLUMNS

EMPTY_MEASURE = ("",) * (len(COLUMNS) - COLUMNS.index("record") - 1)
ZONE = timezone(timedelta(hours=1))
START = datetime(2020, 1, 6, 8, 0, tzinfo=ZONE)
PRACTICES = (("body-scan", "Body Scan", "20"), ("slow-breathing", "Slow Breathing", "10"),
             ("grounding", "Grounding", "5"), ("pmr", "Muscle Relaxation", "15"))  # fmt: skip


def write_big_csv(path: Path, runs: int, clients: int = 50) -> Path:
    """`runs` completed practices of `clients` clients, one every 8 minutes, each with four
    ratings: about 190 bytes a row (330,000 rows: 63 MB)."""
    client_ids = [str(uuid.UUID(int=(7 << 64) + n)) for n in range(clients)]
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for n in range(runs):
            who = n % clients
            practice, title, minutes = PRACTICES[n % len(PRACTICES)]
            started = START + timedelta(minutes=8 * n)
            ended = started + timedelta(minutes=int(minutes))
            pain = 3 + n % 5
            writer.writerow((
                f"Client {who:02d}", client_ids[who], str(uuid.UUID(int=(9 << 64) + n)),
                practice, title, minutes, minutes, started.isoformat(), ended.isoformat(),
                "completed", minutes, 100, pain, pain - 2, 6 - n % 3, 3, "", "", "",
                "practice", *EMPTY_MEASURE,
            ))  # fmt: skip
    return path

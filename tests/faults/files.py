"""Files a hostile or unlucky user could hand the app: exports with chosen cells, scripts."""

from __future__ import annotations

import csv
from pathlib import Path

from calm.exchange.csv_export import COLUMNS

CLIENT_ID = "5c1b5c1e-0000-4000-8000-000000000001"


def run_row(n: int = 1, **cells: str) -> dict[str, str]:
    """One completed 5-minute run of a client "Anna" on 2026-04-01, with `cells` changed."""
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        client="Anna", client_id=CLIENT_ID, run_id=f"5c1b5c1e-0000-4000-8000-{n:012d}",
        practice_id="grounding", practice_title="Grounding", planned_min="5",
        started="2026-04-01T10:00:00+01:00", ended="2026-04-01T10:05:00+01:00",
        status="completed", practised_min="5", progress_pct="100", pain_before="6",
        pain_after="4",
    )  # fmt: skip
    row.update(cells)
    return row


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    """Our CSV export's layout with these rows."""
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([row[c] for c in COLUMNS])
    return path


SCRIPT = """\
id = "{id}"
title = "{title}"
category = "breathing"
description = "A short practice."
[[variants]]
id = "1"
minutes = 0.5
[[steps]]
kind = "narration"
text = "Settle in."
{audio}
[[steps]]
kind = "silence"
seconds = 1
"""


def script(folder: Path, name: str, id: str = "mine", title: str = "Mine", audio: str = "") -> Path:
    """A valid practice file of a few seconds (with a recording named by `audio`, if given)."""
    folder.mkdir(parents=True, exist_ok=True)
    line = f'audio = "{audio}"' if audio else ""
    path = folder / name
    path.write_text(SCRIPT.format(id=id, title=title, audio=line), encoding="utf-8")
    return path

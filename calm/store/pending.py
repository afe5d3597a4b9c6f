"""Practice records kept while the disk is full, written when there is space again.

A practice goes on when its log cannot be written: the run, its ratings, heartbeats, note and
end are kept here in order, in memory, and written as soon as a later write succeeds or when
the app closes. If the disk is still full then, they go into a small file beside the log
(`pending-writes.json`), if even that can be written, and are added at the next opening.

Writing them again is harmless: a run already there is not added twice, a rating replaces
itself, a heartbeat touches only a running run and an end only a run not yet closed.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from calm.errors import DiskFullError, StoreError
from calm.store.records import Rating, RunRecord

log = logging.getLogger(__name__)

PENDING_NAME = "pending-writes.json"
FULL = (
    "Your disk is full, so this practice cannot be saved right now. It goes on: everything "
    "you give is kept and saved as soon as there is space, or when Calm Harbor closes."
)
SAVED = "There is space on the disk again: everything from this practice is saved now."

Op = dict[str, Any]


class PendingWrites:
    """The writes of practices that waited for disk space, oldest first."""

    def __init__(self) -> None:
        self.ops: list[Op] = []

    def __bool__(self) -> bool:
        return bool(self.ops)

    def add(self, op: Op) -> None:
        """Keep one more write; a heartbeat replaces the one before it for the same run."""
        last = self.ops[-1] if self.ops else None
        if op["op"] == "heartbeat" and last and last["op"] == "heartbeat":
            if last["run_id"] == op["run_id"]:
                self.ops[-1] = op
                return
        self.ops.append(op)

    def flush(self, store) -> bool:
        """Write what waits, in order; True when nothing waits any more. Stops (keeping the
        rest) while the disk is still full; a write the log refuses for another reason (a
        run deleted meanwhile) is logged and dropped rather than blocking the others."""
        while self.ops:
            try:
                apply(store, self.ops[0])
            except DiskFullError:
                return False
            except (StoreError, ValueError) as error:
                log.warning("a write kept while the disk was full was dropped: %s", error)
            self.ops.pop(0)
        return True

    def view(self, run: RunRecord | None, run_id: str) -> RunRecord | None:
        """The run as it will be once what waits is written (`run` as saved, or None)."""
        for op in self.ops:
            if op.get("run_id") != run_id:
                continue
            kind = op["op"]
            if kind == "begin":
                run = run or RunRecord(
                    run_id, op["client_id"], op["practice_id"], op["title"], op["script_hash"],
                    op["variant"], op["planned_ms"], _when(op["started"]), None, "running", 0,
                    0.0, despite_screening=op.get("despite_screening", False),
                )  # fmt: skip
            elif run is None:
                continue
            elif kind == "rate":
                kept = [
                    r for r in run.ratings if (r.measure, r.when) != (op["measure"], op["when"])
                ]
                given = Rating(op["measure"], op["when"], op["value"], _when(op["rated"]))
                run = replace(run, ratings=(*kept, given))
            elif kind == "heartbeat" and run.status == "running":
                run = replace(run, practised_ms=op["practised_ms"], progress=op["progress"])
            elif kind == "finish" and run.status == "running":
                run = replace(
                    run, status=op["status"], practised_ms=op["practised_ms"],
                    progress=op["progress"], ended=_when(op["ended"]),
                )  # fmt: skip
            elif kind == "note":
                run = replace(run, note=op["text"])
        return run

    def save(self, path: Path) -> bool:
        """Write what waits to `path` (whole or not at all, readable by the owner only);
        False when even that small file cannot be written."""
        partial = path.with_name(path.name + ".partial")
        try:
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with open(fd, "w", encoding="utf-8") as out:
                json.dump({"format": 1, "writes": self.ops}, out)
                out.flush()
                os.fsync(out.fileno())
            os.replace(partial, path)
        except OSError as error:
            log.error("the writes kept while the disk was full could not be saved: %s", error)
            try:
                partial.unlink(missing_ok=True)
            except OSError:
                pass
            return False
        return True


def replay(store, path: Path) -> int:
    """Add the writes a full disk left in `path` at the last closing; returns how many were
    written. The file goes once they are all in (it stays while the disk is still full)."""
    try:
        with open(path, encoding="utf-8") as handle:
            ops = json.load(handle)["writes"]
        if not isinstance(ops, list) or not all(isinstance(op, dict) for op in ops):
            raise ValueError("not a list of writes")
    except FileNotFoundError:
        return 0
    except (OSError, ValueError, KeyError, TypeError) as error:
        log.error("pending writes in %s cannot be read (%s); left as they are", path, error)
        return 0
    waiting = PendingWrites()
    waiting.ops = list(ops)
    if not waiting.flush(store):
        return 0
    path.unlink(missing_ok=True)
    return len(ops)


def apply(store, op: Op) -> Any:
    """Write one kept write to the store (harmless when it is already there)."""
    kind, run_id = op["op"], op["run_id"]
    if kind == "begin":
        try:
            return store.run(run_id)
        except StoreError:
            pass  # not there yet: add it below
        return store.start_run(
            op["client_id"], op["practice_id"], op["title"], op["script_hash"], op["variant"],
            op["planned_ms"], started=_when(op["started"]), run_id=run_id,
            despite_screening=op.get("despite_screening", False),
        )  # fmt: skip
    if kind == "rate":
        return store.set_rating(run_id, op["measure"], op["when"], op["value"], _when(op["rated"]))
    if kind == "heartbeat":
        return store.heartbeat(run_id, op["practised_ms"], op["progress"])
    if kind == "finish":
        if store.run(run_id).status != "running":
            return store.run(run_id)
        return store.finish_run(
            run_id, op["status"], op["practised_ms"], op["progress"], _when(op["ended"])
        )
    if kind == "note":
        return store.set_run_note(run_id, op["text"])
    if kind == "energy":
        return store.set_energy(run_id, op["value"])
    raise ValueError(f"unknown kept write {kind!r}")


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text)

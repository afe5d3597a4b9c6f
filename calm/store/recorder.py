"""Logging one practice as it happens: the one object the terminal player and the window share.

Each call is committed at once, so whatever the person has given survives a crash or power cut:
the run exists from its first second, before-ratings are saved as each is given, heartbeats
keep the time practised, and a run the app never finished is marked abandoned on the next start.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from calm.errors import DiskFullError, StoreError
from calm.store import RunRecord, Store
from calm.store.pending import FULL, SAVED, apply
from calm.store.records import iso


class RunRecorder:
    """Writes one client's practice runs and ratings to the store, a commit per call.

    While the disk is full, each write is kept (`store.pending`) and the practice goes on:
    `tell` hears one plain sentence when that starts and one when all is saved again."""

    def __init__(self, store: Store, client_id: str, tell: Callable[[str], None] | None = None):
        self.store = store
        self.client_id = client_id
        self.tell = tell or (lambda sentence: None)

    def begin(
        self,
        practice_id: str,
        title: str,
        script_hash: str,
        variant: str,
        planned_ms: int,
        despite_screening: bool = False,
    ) -> str:
        """Log a run that starts now (status running); returns its id. `despite_screening`:
        started by a deliberate choice although the screening did not advise it."""
        if isinstance(planned_ms, bool) or not isinstance(planned_ms, int) or planned_ms < 0:
            raise ValueError(f"planned_ms must be a whole number >= 0, not {planned_ms!r}")
        run_id = str(uuid.uuid4())
        self._write(
            op="begin", run_id=run_id, client_id=self.client_id, practice_id=practice_id,
            title=title, script_hash=script_hash, variant=variant, planned_ms=planned_ms,
            started=self._now(), despite_screening=bool(despite_screening),
        )  # fmt: skip
        return run_id

    def rate(self, run_id: str, measure: str, when: str, value: int | None) -> None:
        """Save one answer (pain|stress, before|after, 0-10 or None for skipped; the pacing
        check-in's energy, asked before, is kept on the run itself)."""
        if measure == "energy":
            self._write(op="energy", run_id=run_id, value=value)
            return
        self._write(
            op="rate", run_id=run_id, measure=measure, when=when, value=value, rated=self._now()
        )

    def heartbeat(self, run_id: str, practised_ms: int, progress: float) -> bool:
        """Save the time practised so far (0..1 of the way); False once the run is closed.
        Players call it every HEARTBEAT_MS (calm/practice/practice_run.py)."""
        progress = min(max(progress, 0.0), 1.0)
        done = self._write(
            op="heartbeat", run_id=run_id, practised_ms=practised_ms, progress=progress
        )
        return done is not False

    def finish(self, run_id: str, status: str, practised_ms: int, progress: float) -> RunRecord:
        """Close the run as completed or stopped (or abandoned) with its final time."""
        self._write(
            op="finish", run_id=run_id, status=status, practised_ms=practised_ms,
            progress=min(max(progress, 0.0), 1.0), ended=self._now(),
        )  # fmt: skip
        if status == "completed" and not self.store.pending:
            self.store.back_up(wait=False)  # a damaged log later must not cost this practice
        return self.run(run_id)

    def note(self, run_id: str, text: str) -> None:
        """Save the note written after the practice."""
        self._write(op="note", run_id=run_id, text=text)

    def run(self, run_id: str) -> RunRecord:
        """The run as the person gave it, with its ratings (for the summary screen): as saved,
        with anything still waiting for disk space on top."""
        try:
            saved = self.store.run(run_id)
        except StoreError:
            saved = None
        run = self.store.pending.view(saved, run_id)
        if run is None:
            raise StoreError("That practice is not in this practice log.")
        return run

    @property
    def waiting(self) -> bool:
        """True while some of what was given waits for disk space."""
        return bool(self.store.pending)

    def _write(self, **op) -> object:
        """Write now; while the disk is full, keep it (in order) and say so once."""
        pending = self.store.pending
        if pending:
            if not pending.flush(self.store):
                pending.add(op)
                return None
            self.tell(SAVED)
        try:
            return apply(self.store, op)
        except DiskFullError:
            pending.add(op)
            self.tell(FULL)
            return None

    def _now(self) -> str:
        return iso(self.store.now())


def current_client(store, settings) -> str:
    """The client practising now: the one chosen in clinic mode, else the default one."""
    chosen = settings.get("client.current")
    if chosen:
        try:
            if not store.client(chosen).archived:
                return chosen
        except StoreError:
            pass  # removed or from another log: fall back to the default
    return store.default_client().id

"""Logging one practice as it happens: the one object the terminal player and the window share.

Each call is committed at once, so whatever the person has given survives a crash or power cut:
the run exists from its first second, before-ratings are saved as each is given, heartbeats
keep the time practised, and a run the app never finished is marked abandoned on the next start.
"""

from __future__ import annotations

from calm.errors import StoreError
from calm.store import RunRecord, Store


class RunRecorder:
    """Writes one client's practice runs and ratings to the store, a commit per call."""

    def __init__(self, store: Store, client_id: str):
        self.store = store
        self.client_id = client_id

    def begin(
        self, practice_id: str, title: str, script_hash: str, variant: str, planned_ms: int
    ) -> str:
        """Log a run that starts now (status running); returns its id."""
        run = self.store.start_run(
            self.client_id,
            practice_id=practice_id,
            title=title,
            script_hash=script_hash,
            variant=variant,
            planned_ms=planned_ms,
        )
        return run.id

    def rate(self, run_id: str, measure: str, when: str, value: int | None) -> None:
        """Save one answer (pain|stress, before|after, 0-10 or None for skipped; the pacing
        check-in's energy, asked before, is kept on the run itself)."""
        if measure == "energy":
            self.store.set_energy(run_id, value)
            return
        self.store.set_rating(run_id, measure, when, value)

    def heartbeat(self, run_id: str, practised_ms: int, progress: float) -> bool:
        """Save the time practised so far (0..1 of the way); False once the run is closed.
        Players call it every HEARTBEAT_MS (calm/practice/practice_run.py)."""
        return self.store.heartbeat(run_id, practised_ms, min(max(progress, 0.0), 1.0))

    def finish(self, run_id: str, status: str, practised_ms: int, progress: float) -> RunRecord:
        """Close the run as completed or stopped (or abandoned) with its final time."""
        return self.store.finish_run(run_id, status, practised_ms, min(max(progress, 0.0), 1.0))

    def note(self, run_id: str, text: str) -> None:
        """Save the note written after the practice."""
        self.store.set_run_note(run_id, text)

    def run(self, run_id: str) -> RunRecord:
        """The run as saved, with its ratings (for the summary screen)."""
        return self.store.run(run_id)


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

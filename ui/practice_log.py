"""What the controller writes about a practice: the run from its start, the ratings as they
are given, heartbeats, the note and the end — each a commit of its own (calm.store.recorder).

A failure to write never stops a practice: it becomes a plain sentence (`warn`) and the
practice goes on; the person can still breathe while the disk is full.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

from calm.errors import CalmError, StoreError
from calm.practice.patterns import BreathPattern
from calm.practice.script import Script
from calm.practice.timeline import Timeline
from calm.settings import Settings
from calm.store.recorder import RunRecorder
from ui.tasks import Runner

log = logging.getLogger(__name__)


class PracticeLog:
    """One practice's records; `run_id` is the run being written."""

    def __init__(
        self,
        store,
        settings: Settings,
        warn: Callable[[str], None],
        runner: Runner | None = None,
    ):
        self.store = store
        self.settings = settings
        self.warn = warn
        self.runner = runner  # heartbeats go through it (a worker) when given
        self.recorder: RunRecorder | None = None
        self.run_id: str | None = None

    def begin(
        self,
        client_id: str,
        script: Script,
        timeline: Timeline,
        before: Mapping[str, int | None],
        pattern: BreathPattern | None,
        despite_screening: bool = False,
    ) -> str:
        """Log the run (status running) and the before-ratings now. Raises StoreError when
        the run itself cannot be written (the practice should not start unlogged)."""
        self.recorder = RunRecorder(self.store, client_id, tell=self.warn)
        self.run_id = self.recorder.begin(
            script.id,
            script.title,
            script.source_hash,
            timeline.variant_id,
            timeline.duration_ms,
            despite_screening,
        )
        for measure, value in before.items():
            self.recorder.rate(self.run_id, measure, "before", value)
        self._remember_last(script, timeline.variant_id, pattern)
        return self.run_id

    def rate_after(self, measure: str, value: int | None) -> bool:
        """Save an after-rating at once; False (and a warning) if it could not be saved."""
        return self._save(lambda: self.recorder.rate(self.run_id, measure, "after", value))

    def note(self, text: str) -> bool:
        return self._save(lambda: self.recorder.note(self.run_id, text))

    def heartbeat(self, practised_ms: int, progress: float) -> None:
        """How far the practice got (calm.practice.practice_run calls it every HEARTBEAT_MS)."""
        if self.runner is not None:
            self.heartbeat_with(self.runner, practised_ms, progress)
        else:
            self._save(lambda: self.recorder.heartbeat(self.run_id, practised_ms, progress))

    def heartbeat_with(self, runner: Runner, practised_ms: int, progress: float) -> None:
        """The heartbeat written through `runner` (a worker); a failure warns on this thread.
        A heartbeat landing after the end changes nothing (only a running run is updated)."""
        recorder, run_id = self.recorder, self.run_id
        if recorder is None or run_id is None:
            return
        runner(
            lambda: recorder.heartbeat(run_id, practised_ms, progress),
            lambda _changed: None,
            lambda error: self._failed(run_id, error),
        )

    def _failed(self, run_id: str, error: BaseException) -> None:
        if not isinstance(error, CalmError | ValueError):
            raise error
        log.warning("practice log for run %s: %s", run_id, error)
        self.warn(str(error))

    def finish(self, status: str, practised_ms: int, progress: float) -> None:
        self._save(lambda: self.recorder.finish(self.run_id, status, practised_ms, progress))

    def run(self):
        """The run as the person gave it (what waits for disk space included), for the
        summary; StoreError if there is none."""
        if self.recorder is None or self.run_id is None:
            raise StoreError("No practice has been logged yet.")
        return self.recorder.run(self.run_id)

    @property
    def waiting(self) -> bool:
        """True while some of this practice's records wait for disk space."""
        return self.recorder is not None and self.recorder.waiting

    def _save(self, write: Callable[[], object]) -> bool:
        if self.recorder is None or self.run_id is None:
            return False
        try:
            write()
        except (CalmError, ValueError) as error:
            self._failed(self.run_id, error)
            return False
        return True

    def _remember_last(self, script: Script, variant_id: str, pattern: BreathPattern | None):
        value = {"id": script.id, "variant": variant_id}
        if pattern is not None and pattern.name:
            value["pattern"] = pattern.name
        try:
            self.settings.set("last.practice", value)
        except (StoreError, ValueError) as error:
            log.warning("could not remember the last practice: %s", error)

"""One practice playing as every player plays it: due events handed to the sound, the time
practised written every HEARTBEAT_MS, and an end that never claims more than was heard."""

from __future__ import annotations

from audio.engine import SilentEngine
from calm.clock import FakeClock
from calm.practice.library import load_library
from calm.practice.practice_run import HEARTBEAT_MS, PracticeRun
from calm.practice.session import State
from calm.practice.sound_choices import AudioChoices, ChosenSound
from calm.practice.timeline import compile_timeline
from calm.store import open_store
from calm.store.recorder import RunRecorder


class OneRun:
    """The recorder bound to one run, as a player binds it (the run's log)."""

    def __init__(self, recorder: RunRecorder, run_id: str):
        self.recorder, self.run_id = recorder, run_id

    def heartbeat(self, practised_ms: int, progress: float) -> None:
        self.recorder.heartbeat(self.run_id, practised_ms, progress)

    def finish(self, status: str, practised_ms: int, progress: float) -> None:
        self.recorder.finish(self.run_id, status, practised_ms, progress)


def start(paths, practice="belly-breathing"):
    store = open_store(paths)
    script = load_library().get(practice)
    timeline = compile_timeline(script, script.variants[0].id)
    recorder = RunRecorder(store, store.default_client().id)
    run_id = recorder.begin(script.id, script.title, "", timeline.variant_id, timeline.duration_ms)
    clock = FakeClock()
    run = PracticeRun(
        timeline, clock, ChosenSound(AudioChoices(), SilentEngine()), OneRun(recorder, run_id)
    )
    run.start()
    return store, run, clock, run_id


def test_heartbeats_keep_the_time_practised(paths):
    """A crash loses at most HEARTBEAT_MS of practice: the log is written that often."""
    store, run, clock, run_id = start(paths)
    try:
        run.step()
        clock.advance(HEARTBEAT_MS - 1)
        run.step()
        assert store.run(run_id).practised_ms == 0
        clock.advance(1)
        run.step()
        assert store.run(run_id).practised_ms == HEARTBEAT_MS
        clock.advance(HEARTBEAT_MS // 2)
        run.pause()  # pausing writes at once
        assert store.run(run_id).practised_ms == HEARTBEAT_MS * 3 // 2
    finally:
        store.close()


def test_the_end_is_logged_as_the_core_decides(paths):
    """Played through, the run is completed with no more than its length; stopped half-way,
    it is stopped with the time really practised."""
    store, run, clock, run_id = start(paths)
    try:
        while run.state is State.RUNNING:
            clock.advance(5000)
            run.step()
        assert run.finish() == "completed"
        saved = store.run(run_id)
        assert saved.status == "completed" and saved.practised_ms == run.timeline.duration_ms
    finally:
        store.close()
    store, run, clock, run_id = start(paths)
    try:
        clock.advance(30_000)
        run.step()
        assert run.finish() == "stopped"
        assert store.run(run_id).status == "stopped"
        assert store.run(run_id).practised_ms == 30_000
    finally:
        store.close()

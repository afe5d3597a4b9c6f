"""One practice playing, the same for every player: the terminal's loop and the window's timer
both call `step()` whenever they wake, and the same verbs to pause, jump and finish.

`step()` ticks the session engine, hands each due event to the sound (with the person's
choices applied), and writes a heartbeat to the run's log every HEARTBEAT_MS, so a crash or
power cut loses at most that much of the time practised. A player keeps only what is its own:
how it waits, what it shows, and how it lets the sound device go.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from calm.clock import Clock
from calm.practice.events import Event
from calm.practice.session import SessionEngine, State
from calm.practice.sound_choices import ChosenSound
from calm.practice.timeline import Timeline

HEARTBEAT_MS = 10_000


class RunLog(Protocol):
    """Where the run is written (calm.store.recorder, bound to one run)."""

    def heartbeat(self, practised_ms: int, progress: float) -> object: ...

    def finish(self, status: str, practised_ms: int, progress: float) -> object: ...


class PracticeRun:
    """The session engine, the sound and the run's log of one practice, stepped together."""

    def __init__(
        self,
        timeline: Timeline,
        clock: Clock,
        sound: ChosenSound,
        log: RunLog,
        heartbeat_ms: int = HEARTBEAT_MS,
    ):
        self.timeline = timeline
        self.clock = clock
        self.sound = sound
        self.log = log
        self.heartbeat_ms = heartbeat_ms
        self.engine = SessionEngine(timeline, clock)
        self._last_beat = 0
        self._restore_on_resume = False

    @property
    def state(self) -> State:
        return self.engine.state

    def start(self) -> None:
        """Start at the beginning, with the person's own bed when the practice has none."""
        self.engine.start()
        self._last_beat = self.clock.now_ms()
        extra = self.sound.choices.opening_ambience(self.timeline)
        if extra is not None:
            self.sound.play(extra)

    def step(self) -> list[Event]:
        """Everything due now, each already handed to the sound; a heartbeat when one is
        due. Returns the due events for the player to show."""
        due = self.engine.tick()
        for event in due:
            self.sound.play(event.action)
        self.beat_if_due()
        return due

    def beat_if_due(self) -> None:
        """Write the time practised if HEARTBEAT_MS have passed since the last time."""
        if self.engine.state is State.RUNNING:
            if self.clock.now_ms() - self._last_beat >= self.heartbeat_ms:
                self.beat()

    def beat(self) -> None:
        self._last_beat = self.clock.now_ms()
        self.log.heartbeat(self.engine.practised_ms(), self.engine.progress())

    def pause(self) -> None:
        """Pause the practice and every sound; the time practised so far is written."""
        if self.engine.state is State.RUNNING:
            self.engine.pause()
            if self.sound.audio is not None:
                self.sound.audio.pause()
            self.beat()

    def resume(self) -> None:
        """Go on from where it was paused (with the ambience of a place jumped to meanwhile)."""
        if self.engine.state is State.PAUSED:
            self.engine.resume()
            if self.sound.audio is not None:
                self.sound.audio.resume()
                if self._restore_on_resume:
                    self._restore_on_resume = False
                    self.sound.bring_back_ambience(self.timeline, self.engine.position_ms())

    def next_step(self) -> None:
        self._jump(self.engine.next_step)

    def previous_step(self) -> None:
        self._jump(self.engine.previous_step)

    def _jump(self, move: Callable[[], list[Event]]) -> None:
        if not self.engine.active:
            return
        move()  # the engine's own answer is the written change; the sound follows the choices
        running = self.engine.state is State.RUNNING
        position = self.engine.position_ms()
        if self.sound.after_jump(self.timeline, position, running):
            self._restore_on_resume = True

    def finish(self) -> str:
        """Close the run (stopping it if it still plays) and return how it ended, as the
        session engine decides: completed, skipped (through to the end) or stopped. A late
        last tick can overshoot the end: the time practised never exceeds the length."""
        if self.engine.active:
            self.engine.stop()
        status = self.engine.outcome()
        practised = self.engine.practised_ms()
        if status != "stopped":
            practised = min(practised, self.timeline.duration_ms)
        self.log.finish(status, practised, self.engine.progress())
        return status

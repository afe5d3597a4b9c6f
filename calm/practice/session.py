"""The session engine: plays a timeline against a clock, returning what is due on each tick.

Every event time is absolute from the start; pausing moves the origin, so nothing drifts
however late or sparse the ticks are. Each event is returned exactly once, in time order.

The stall rule (what happens to events that fell due long ago, say after the machine slept or
the process was frozen): an event more than `stall_ms` late is
- narration: not spoken; its caption is returned instead (a `Caption`), so the words still show;
- a bell or a breath tone: dropped (a late bell would only startle), except the last breath
  phase of the tick, which is returned so the pacer and its sound rejoin the breath;
- a step start: only the last one of the tick is returned;
- ambience changes and the end: always returned, in order (they are state, not moments).
"""

from __future__ import annotations

from enum import StrEnum

from calm.clock import Clock
from calm.practice.events import (
    Ambience,
    Bell,
    Breath,
    Caption,
    Event,
    Finished,
    Narration,
    StepStarted,
)
from calm.practice.timeline import Mark, PacerState, Timeline

STALL_MS = 1500
# The end counts as "completed" only when at least this share of the planned time was heard;
# reached sooner (by Next, again and again) it is "skipped" through, with the time really spent.
HEARD_FOR_COMPLETED = 0.8
BACK_TO_START_MS = 3000  # "previous" within this time of a mark's start goes to the mark before


def ended_as(practised_ms: int, planned_ms: int) -> str:
    """A practice whose end was reached: "completed" when most of it was heard, else "skipped"."""
    return "completed" if practised_ms >= HEARD_FOR_COMPLETED * planned_ms else "skipped"


class State(StrEnum):
    IDLE = "idle"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    STOPPED = "stopped"


class SessionEngine:
    """A state machine (idle, running, paused, finished, stopped) over one timeline."""

    def __init__(self, timeline: Timeline, clock: Clock, stall_ms: int = STALL_MS):
        self.timeline = timeline
        self.clock = clock
        self.stall_ms = stall_ms
        self.state = State.IDLE
        self._origin = 0  # clock time of position 0 while running
        self._held = 0  # position while not running
        self._cursor = 0  # index of the next event to return
        self._run_since = 0  # clock time the current running stretch began
        self._practised = 0  # running time before that stretch

    # -- state changes ----------------------------------------------------------------------

    def start(self) -> None:
        """Begin at the start; events at time 0 come with the first tick."""
        self._require(State.IDLE, "start")
        now = self.clock.now_ms()
        self._origin = self._run_since = now
        self.state = State.RUNNING

    def pause(self) -> None:
        if self.state is State.RUNNING:
            now = self.clock.now_ms()
            self._held = min(now - self._origin, self.timeline.duration_ms)
            self._practised += now - self._run_since
            self.state = State.PAUSED

    def resume(self) -> None:
        if self.state is State.PAUSED:
            now = self.clock.now_ms()
            self._origin = now - self._held
            self._run_since = now
            self.state = State.RUNNING

    def toggle_pause(self) -> None:
        self.resume() if self.state is State.PAUSED else self.pause()

    def stop(self) -> None:
        """Stop early; a stopped practice is logged as stopped."""
        if self.state in (State.RUNNING, State.PAUSED):
            self._held = self.position_ms()
            if self.state is State.RUNNING:
                self._practised += self.clock.now_ms() - self._run_since
            self.state = State.STOPPED

    # -- reading ----------------------------------------------------------------------------

    @property
    def active(self) -> bool:
        return self.state in (State.RUNNING, State.PAUSED)

    def position_ms(self) -> int:
        """Time into the practice, 0 to its duration."""
        if self.state is State.RUNNING:
            return max(0, min(self.clock.now_ms() - self._origin, self.timeline.duration_ms))
        return self._held

    def practised_ms(self) -> int:
        """Time actually spent running (pauses excluded)."""
        running = self.clock.now_ms() - self._run_since if self.state is State.RUNNING else 0
        return self._practised + running

    def progress(self) -> float:
        return self.position_ms() / self.timeline.duration_ms if self.timeline.duration_ms else 1.0

    def outcome(self) -> str:
        """How the practice ended, as the run is logged: "completed" (the end reached having
        heard at least 80 % of the planned time), "skipped" (the end reached sooner, skipping
        through), "stopped" (stopped before the end), or "running" while it is not over."""
        if self.state is State.STOPPED:
            return "stopped"
        if self.state is not State.FINISHED:
            return "running"
        return ended_as(self.practised_ms(), self.timeline.duration_ms)

    def remaining_ms(self) -> int:
        return self.timeline.duration_ms - self.position_ms()

    def ms_until_next(self) -> int | None:
        """Milliseconds until the next event falls due (0 if one is due now); None when not
        running. A player can wait exactly this long instead of polling on a fixed tick."""
        if self.state is not State.RUNNING or self._cursor >= len(self.timeline.events):
            return None
        due = self.timeline.events[self._cursor].at_ms
        return max(0, due - (self.clock.now_ms() - self._origin))

    def pacer(self) -> PacerState | None:
        return self.timeline.pacer_at(self.position_ms())

    def current_mark(self) -> Mark | None:
        position = self.position_ms()
        current = None
        for mark in self.timeline.marks:
            if mark.at_ms <= position:
                current = mark
        return current

    # -- ticking ----------------------------------------------------------------------------

    def tick(self, now_ms: int | None = None) -> list[Event]:
        """Everything due since the last tick, in order, with the stall rule applied."""
        if self.state is not State.RUNNING:
            return []
        now = self.clock.now_ms() if now_ms is None else now_ms
        position = now - self._origin
        events = self.timeline.events
        due: list[Event] = []
        while self._cursor < len(events) and events[self._cursor].at_ms <= position:
            due.append(events[self._cursor])
            self._cursor += 1
        if self._cursor >= len(events):
            self._held = self.timeline.duration_ms
            self._practised += now - self._run_since
            self.state = State.FINISHED
        return self._apply_stall_rule(due, position)

    def _apply_stall_rule(self, due: list[Event], position: int) -> list[Event]:
        late = [position - event.at_ms > self.stall_ms for event in due]
        if not any(late):
            return due
        last_breath = max(
            (i for i, e in enumerate(due) if isinstance(e.action, Breath)), default=-1
        )
        last_step = max(
            (i for i, e in enumerate(due) if isinstance(e.action, StepStarted)), default=-1
        )
        kept: list[Event] = []
        for i, (event, is_late) in enumerate(zip(due, late, strict=True)):
            action = event.action
            if not is_late or isinstance(action, Ambience | Finished):
                kept.append(event)
            elif isinstance(action, Narration):
                kept.append(Event(event.at_ms, event.step, Caption(action.caption)))
            elif isinstance(action, Breath) and i == last_breath:
                kept.append(event)
            elif isinstance(action, StepStarted) and i == last_step:
                kept.append(event)
            elif isinstance(action, Bell | Breath | StepStarted):
                continue
        return kept

    # -- moving between steps ---------------------------------------------------------------

    def next_step(self) -> list[Event]:
        """Jump to the start of the next mark; returns the written ambience change between the
        two places (if any). What a player sounds after a jump is decided by the person's
        choices: PracticeRun.next_step and calm/practice/sound_choices.py's after_jump."""
        position = self.position_ms()
        later = [mark for mark in self.timeline.marks if mark.at_ms > position]
        return self._seek(later[0].at_ms if later else self.timeline.duration_ms)

    def previous_step(self) -> list[Event]:
        """Back to the start of this mark, or to the one before when just past its start."""
        position = self.position_ms()
        earlier = [mark for mark in self.timeline.marks if mark.at_ms <= position]
        if not earlier:
            return self._seek(0)
        target = earlier[-1]
        if position - target.at_ms < BACK_TO_START_MS and len(earlier) > 1:
            target = earlier[-2]
        return self._seek(target.at_ms)

    def _seek(self, target: int) -> list[Event]:
        if not self.active:
            return []
        before = self._ambience_before(self._cursor)
        target = max(0, min(target, self.timeline.duration_ms))
        now = self.clock.now_ms()
        if self.state is State.RUNNING:
            self._origin = now - target
        self._held = target
        events = self.timeline.events
        self._cursor = next((i for i, e in enumerate(events) if e.at_ms >= target), len(events))
        after = self._ambience_before(self._cursor)
        if after == before:
            return []
        step = events[self._cursor].step if self._cursor < len(events) else 0
        restore = after or Ambience("stop", None, 0, 1000)
        if restore.action == "start" and before is not None and before.action != "stop":
            restore = Ambience("change", restore.sound, restore.volume, 1000)
        return [Event(target, step, restore)]

    def _ambience_before(self, cursor: int) -> Ambience | None:
        """The ambience as the events before `cursor` left it."""
        for event in reversed(self.timeline.events[:cursor]):
            if isinstance(event.action, Ambience):
                return event.action
        return None

    def _require(self, state: State, what: str) -> None:
        if self.state is not state:
            raise RuntimeError(f"cannot {what} a session that is {self.state.value}")

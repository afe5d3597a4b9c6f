"""Playing a practice in the terminal: ratings asked and saved, captions and breath phases
printed, sound through whatever engine it is given, Space/Enter to pause, Ctrl-C to stop.

Plain Python: the sound port (calm/practice/sound_port.py, implemented in audio/) and the run
recorder are passed in, so this module loads neither pygame nor Qt, and a test can drive it
with a fake clock and scripted keys. The practice itself runs as in the window: a PracticeRun
(calm/practice/practice_run.py) ticks, plays, heartbeats, jumps and finishes.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TextIO

from calm.clock import Clock
from calm.errors import visible
from calm.practice.events import Action, Breath, Caption, Finished, Narration, StepKind, StepStarted
from calm.practice.practice_run import PracticeRun
from calm.practice.questions import STOP_LINE
from calm.practice.script import Script
from calm.practice.session import State
from calm.practice.sound_choices import AudioChoices, ChosenSound
from calm.practice.sound_port import SoundPort
from calm.practice.timeline import Timeline
from calm.reports.ending import ending_sentence
from calm.reports.outcomes import RatingChange
from calm.store.recorder import RunRecorder

TICK_MS = 20
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
STOP_FADE_MS = 300
SCALES = {
    "pain": "Pain right now (0 = no pain, 10 = pain as bad as you can imagine)",
    "stress": "Stress right now (0 = no stress, 10 = worst stress you can imagine)",
}


@dataclass
class Ratings:
    pain: int | None = None
    stress: int | None = None


def clock_text(ms: int) -> str:
    seconds = ms // 1000
    return f"{seconds // 60}:{seconds % 60:02}"


def ask_rating(measure: str, read: Callable[[], str], out: TextIO) -> int | None:
    """Ask until a whole number 0-10 or an empty line (skip); end of input skips too."""
    while True:
        print(f"{SCALES[measure]}, Enter to skip: ", end="", file=out, flush=True)
        line = read()
        if not line:
            print(file=out)
            return None  # end of input: no answer, never a made-up one
        text = line.strip()
        if not text:
            return None
        if text.isdigit() and 0 <= int(text) <= 10:
            return int(text)
        print("Please type a whole number from 0 to 10, or just press Enter to skip.", file=out)


class TerminalPlayer:
    """Runs one practice against a clock, printing what happens and playing it through `sound`."""

    def __init__(
        self,
        script: Script,
        timeline: Timeline,
        sound: SoundPort,
        clock: Clock,
        recorder: RunRecorder,
        out: TextIO,
        keys: Callable[[float], str | None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.script = script
        self.timeline = timeline
        self.sound = sound
        self.clock = clock
        self.recorder = recorder
        self.out = out
        self.keys = keys or (lambda timeout: sleep(timeout))
        self.run = PracticeRun(timeline, clock, ChosenSound(AudioChoices(), sound), self)
        self.engine = self.run.engine
        self.run_id: str | None = None
        self.stop_asked = False  # Ctrl-C, SIGTERM, q or Esc: stop at the loop's next turn

    def say(self, text: str) -> None:
        """One line (or a few) for the terminal; titles and captions come from script files,
        so their control characters are shown as escapes, never sent to the terminal."""
        print(visible(text, lines=True), file=self.out, flush=True)

    def begin(self, before: Ratings, despite_screening: bool = False) -> str:
        """Log the run as started and save the before-ratings at once (`despite_screening`:
        not advised for this person, started by their deliberate choice)."""
        variant = self.timeline.variant_id
        self.run_id = self.recorder.begin(
            self.script.id,
            self.script.title,
            self.script.source_hash,
            variant,
            self.timeline.duration_ms,
            despite_screening,
        )
        for measure in ("pain", "stress"):
            self.recorder.rate(self.run_id, measure, "before", getattr(before, measure))
        return self.run_id

    def heartbeat(self, practised_ms: int, progress: float) -> None:
        """The run's log (calm.practice.practice_run.RunLog): time practised so far."""
        self.recorder.heartbeat(self._run_id(), practised_ms, progress)

    def finish(self, status: str, practised_ms: int, progress: float) -> None:
        """The run's log: the end, completed or stopped."""
        self.recorder.finish(self._run_id(), status, practised_ms, progress)

    def _run_id(self) -> str:
        if self.run_id is None:
            raise RuntimeError("begin() logs the run before it plays")
        return self.run_id

    def play(self) -> str:
        """Play to the end or until stopped; returns the status logged: completed, skipped
        (through to the end) or stopped."""
        if self.sound.reason:
            self.say(f"Note: {self.sound.reason}")
        for warning in self.sound.preload(self.timeline.events) or []:
            self.say(f"Note: {warning}")
        length = clock_text(self.timeline.duration_ms)
        self.say(f"{self.script.title} — {length}. Space or Enter pauses, Ctrl-C stops.")
        if self.script.is_breathing:
            self.say(STOP_LINE)
        self.run.start()
        try:
            while self.run.state in (State.RUNNING, State.PAUSED) and not self.stop_asked:
                # Wake at the next event rather than on a fixed grid: cues then start within a
                # millisecond or two of their time, not up to a whole tick late.
                wait = min(TICK_MS, self.engine.ms_until_next() or TICK_MS)
                key = self.keys(max(1, wait) / 1000)
                if key is not None:
                    self.on_key(key)
                if self.stop_asked:
                    break
                for event in self.run.step():
                    self.show(event.at_ms, event.action)
                self.sound.update(self.clock.now_ms())
            if self.stop_asked:
                self.engine.stop()
                self.say("\nStopped. What you practised is kept.")
        finally:
            self.sound.stop(STOP_FADE_MS)
            self.sound.close()
            status = self.run.finish()
        if status == "skipped":
            planned = self.timeline.duration_ms
            self.say(
                ending_sentence(status, self.script.title, self.engine.practised_ms(), planned)
            )
        return status

    def ask_to_stop(self, *_signal) -> None:
        """Stop at the loop's next turn (at most a tick away): a signal handler only sets
        this, so a stop never lands half-way through a write or inside the mixer's lock."""
        self.stop_asked = True

    def on_key(self, key: str) -> None:
        if key in (" ", "\n", "\r"):
            was_paused = self.run.state is State.PAUSED
            self.run.resume() if was_paused else self.run.pause()
            self.say("Resumed." if was_paused else "Paused. Space or Enter to go on.")
        elif key in ("q", "\x1b"):
            self.ask_to_stop()
        elif key == "n":
            self.run.next_step()
        elif key == "p":
            self.run.previous_step()

    def show(self, at_ms: int, action: Action) -> None:
        stamp = f"[{clock_text(at_ms)}]"
        if isinstance(action, Narration | Caption):
            self.say(f"{stamp} {action.caption if isinstance(action, Narration) else action.text}")
        elif isinstance(action, Breath):
            seconds = f"{action.duration_ms / 1000:g} s"
            self.say(f"{stamp}     {action.phase.label} … {seconds}")
        elif isinstance(action, StepStarted) and action.kind is StepKind.SECTION:
            self.say(f"{stamp} — {action.title} —")
        elif isinstance(action, Finished):
            self.say(f"{stamp} The practice has ended.")

    def rate_after(self, after: Ratings) -> None:
        for measure in ("pain", "stress"):
            self.recorder.rate(self.run_id, measure, "after", getattr(after, measure))

    def summary(self, before: Ratings, after: Ratings) -> str:
        changes = [
            RatingChange(m, getattr(before, m), getattr(after, m)).text()
            for m in ("pain", "stress")
        ]
        return " · ".join(changes)


@contextlib.contextmanager
def stop_signals(handler: Callable[..., None]) -> Iterator[None]:
    """Ctrl-C (SIGINT) and SIGTERM call `handler` while playing, instead of raising wherever
    the program happens to be; the earlier handlers come back afterwards. Only the main thread
    can take signals (a player driven from another thread, as in tests, keeps them as they are)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    earlier = {number: signal.signal(number, handler) for number in STOP_SIGNALS}
    try:
        yield
    finally:
        for number, previous in earlier.items():
            signal.signal(number, previous)


@contextlib.contextmanager
def key_reader(stream: TextIO = sys.stdin) -> Iterator[Callable[[float], str | None]]:
    """Single keys from a terminal without Enter (cbreak mode), restored afterwards. Without a
    terminal, a reader that only waits."""
    if not stream.isatty():
        yield lambda timeout: time.sleep(timeout)
        return
    import termios
    import tty

    fd = stream.fileno()
    saved = termios.tcgetattr(fd)
    tty.setcbreak(fd)

    def read(timeout: float) -> str | None:
        ready, _, _ = select.select([fd], [], [], timeout)
        return os.read(fd, 1).decode(errors="ignore") if ready else None

    try:
        yield read
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)

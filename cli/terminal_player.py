"""Playing a practice in the terminal: ratings asked and saved, captions and breath phases
printed, sound through whatever engine it is given, Space/Enter to pause, Ctrl-C to stop.

Plain Python: the sound engine (audio/) and the run recorder are passed in, so this module
loads neither pygame nor Qt, and a test can drive it with a fake clock and scripted keys.
"""

from __future__ import annotations

import contextlib
import os
import select
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from calm.clock import Clock
from calm.practice.events import Breath, Caption, Finished, Narration, StepStarted
from calm.practice.questions import STOP_LINE
from calm.practice.script import Script
from calm.practice.session import SessionEngine, State
from calm.practice.timeline import Timeline
from calm.reports.ending import ending_sentence
from calm.reports.outcomes import RatingChange

TICK_MS = 20
HEARTBEAT_MS = 10_000
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
        sound: Any,
        clock: Clock,
        recorder: Any,
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
        self.engine = SessionEngine(timeline, clock)
        self.run_id: str | None = None

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def begin(self, before: Ratings) -> str:
        """Log the run as started and save the before-ratings at once."""
        variant = self.timeline.variant_id
        self.run_id = self.recorder.begin(
            self.script.id,
            self.script.title,
            self.script.source_hash,
            variant,
            self.timeline.duration_ms,
        )
        for measure in ("pain", "stress"):
            self.recorder.rate(self.run_id, measure, "before", getattr(before, measure))
        return self.run_id

    def play(self) -> str:
        """Play to the end or until stopped; returns the status logged: completed, skipped
        (through to the end) or stopped."""
        if getattr(self.sound, "reason", None):
            self.say(f"Note: {self.sound.reason}")
        for warning in self.sound.preload(self.timeline.events) or []:
            self.say(f"Note: {warning}")
        length = clock_text(self.timeline.duration_ms)
        self.say(f"{self.script.title} — {length}. Space or Enter pauses, Ctrl-C stops.")
        if self.script.is_breathing:
            self.say(STOP_LINE)
        self.engine.start()
        last_beat = self.clock.now_ms()
        status = "stopped"
        try:
            while self.engine.state in (State.RUNNING, State.PAUSED):
                # Wake at the next event rather than on a fixed grid: cues then start within a
                # millisecond or two of their time, not up to a whole tick late.
                wait = min(TICK_MS, self.engine.ms_until_next() or TICK_MS)
                key = self.keys(max(1, wait) / 1000)
                if key is not None:
                    self.on_key(key)
                for event in self.engine.tick():
                    self.show(event.at_ms, event.action)
                    self.sound.play_event(event.action)
                self.sound.update(self.clock.now_ms())
                if self.clock.now_ms() - last_beat >= HEARTBEAT_MS:
                    last_beat = self.clock.now_ms()
                    self.recorder.heartbeat(
                        self.run_id, self.engine.practised_ms(), self.engine.progress()
                    )
            if self.engine.state is State.FINISHED:
                status = self.engine.outcome()  # completed, or skipped through
        except KeyboardInterrupt:
            self.engine.stop()
            self.say("\nStopped. What you practised is kept.")
        finally:
            self.sound.stop(300)
            self.sound.close()
            self.recorder.finish(
                self.run_id, status, self.engine.practised_ms(), self.engine.progress()
            )
        if status == "skipped":
            planned = self.timeline.duration_ms
            self.say(
                ending_sentence(status, self.script.title, self.engine.practised_ms(), planned)
            )
        return status

    def on_key(self, key: str) -> None:
        if key in (" ", "\n", "\r"):
            was_paused = self.engine.state is State.PAUSED
            self.engine.toggle_pause()
            (self.sound.resume if was_paused else self.sound.pause)()
            self.say("Resumed." if was_paused else "Paused. Space or Enter to go on.")
        elif key in ("q", "\x1b"):
            raise KeyboardInterrupt
        elif key == "n":
            for event in self.engine.next_step():
                self.sound.play_event(event.action)
        elif key == "p":
            for event in self.engine.previous_step():
                self.sound.play_event(event.action)

    def show(self, at_ms: int, action: Any) -> None:
        stamp = f"[{clock_text(at_ms)}]"
        if isinstance(action, Narration | Caption):
            self.say(f"{stamp} {action.caption if isinstance(action, Narration) else action.text}")
        elif isinstance(action, Breath):
            seconds = f"{action.duration_ms / 1000:g} s"
            self.say(f"{stamp}     {action.phase.label} … {seconds}")
        elif isinstance(action, StepStarted) and action.kind == "SectionStep":
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

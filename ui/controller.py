"""The practice controller: one precise timer turns the timeline into signals, sound and records.

It owns, for one practice at a time, the SessionEngine (what is due, from the clock), the audio
engine (opened when the practice starts, closed when it ends: an idle open mixer costs CPU)
and the RunRecorder (the run is written when Start is pressed, each rating the moment it is
given, a heartbeat every 10 s, and the end as completed or stopped with how far it got).
Screens only listen to its past-tense signals and call its verbs; they never see the timer.

The timer runs only while the practice runs (stopped while paused and after the end), so an
idle window costs nothing. Positions always come from the clock, never from counting ticks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import replace
from enum import StrEnum

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from audio.engine import AudioEngine, SilentEngine, no_device_reason
from calm.clock import Clock, MonotonicClock
from calm.engine import SessionEngine, State
from calm.errors import CalmError, StoreError
from calm.events import (
    Action,
    Ambience,
    Bell,
    Breath,
    Caption,
    Event,
    Narration,
)
from calm.patterns import BreathPattern
from calm.recording import RunRecorder
from calm.script import Script
from calm.settings import Settings
from calm.timeline import PacerState, Timeline, compile_timeline
from ui.controller_audio import AudioChoices, apply_volumes, transform
from ui.tasks import Runner, run_in_background

log = logging.getLogger(__name__)

TICK_MS = 50  # 20 Hz: ducking and volume ramps move smoothly; the pacer paints on its own
HEARTBEAT_MS = 10_000
STOP_FADE_MS = 800
END_FADE_MS = 1500
SKIP_FADE_MS = 250

GENERIC_STEPS = frozenset({"Guidance", "Quiet", "Bell", "Ambience"})  # timeline's default names

AudioFactory = Callable[[], AudioEngine]


class Stage(StrEnum):
    """What the practice is doing, as the player shows it."""

    IDLE = "idle"
    PREPARING = "preparing"  # sounds being prepared before the start
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    STOPPED = "stopped"


class PracticeController(QObject):
    """Plays one practice at a time; see the module docstring."""

    step_changed = Signal(str)  # the step's (or section's) title
    caption_changed = Signal(str)  # the words being spoken
    phase_changed = Signal(str)  # calm.events.Phase value, or "" outside breathing
    state_changed = Signal(str)  # a Stage value
    progress_changed = Signal(int, int)  # position_ms, duration_ms (at most once a second)
    preparing_progress = Signal(float)  # 0-1 while sounds are prepared
    finished = Signal(str)  # "completed" or "stopped"
    sound_unavailable = Signal(str)  # the sentence to show; the practice runs silently
    warning = Signal(str)  # a plain sentence (a missing recording, a failed save)

    def __init__(
        self,
        store,
        settings: Settings,
        audio_factory: AudioFactory,
        client_id: Callable[[], str],
        *,
        clock: Clock | None = None,
        runner: Runner = run_in_background,
        tick_ms: int = TICK_MS,
        heartbeat_ms: int = HEARTBEAT_MS,
    ):
        super().__init__()
        self.store = store
        self.settings = settings
        self.audio_factory = audio_factory
        self.client_id = client_id
        self.clock = clock or MonotonicClock()
        self.runner = runner
        self.heartbeat_ms = heartbeat_ms
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(tick_ms)
        self.timer.timeout.connect(self.tick)
        self.stage = Stage.IDLE
        self.script: Script | None = None
        self.timeline: Timeline | None = None
        self.engine: SessionEngine | None = None
        self.audio: AudioEngine | None = None
        self.recorder: RunRecorder | None = None
        self.run_id: str | None = None
        self.choices = AudioChoices.from_settings(settings)
        self._closing: AudioEngine | None = None  # faded out, closed once the fade is heard
        self._generation = 0  # which practice a background preparation belongs to
        self._reset_shown()

    def _reset_shown(self) -> None:
        self._step = self._caption = self._phase = None
        self._second = -1
        self._last_beat = 0
        self._restore_on_resume = False

    # -- the practice's life ------------------------------------------------------------------

    def begin(
        self,
        script: Script,
        variant_id: str,
        pattern: BreathPattern | None = None,
        before: Mapping[str, int | None] | None = None,
    ) -> str:
        """Start a practice: log the run (and the before-ratings) now, prepare its sounds in
        the background, then play. Raises StoreError when the run cannot be logged."""
        if self.active:
            raise RuntimeError("a practice is already playing")
        self._close_audio_now()
        self.timeline = compile_timeline(script, variant_id, pattern)
        self.engine = SessionEngine(self.timeline, self.clock)
        self.script = script
        self.choices = AudioChoices.from_settings(self.settings)
        self.recorder = RunRecorder(self.store, self.client_id())
        self.run_id = self.recorder.begin(
            script.id, script.title, script.source_hash, self.timeline.variant_id,
            self.timeline.duration_ms,
        )  # fmt: skip
        for measure, value in (before or {}).items():
            self.recorder.rate(self.run_id, measure, "before", value)
        self._remember_last(script, variant_id, pattern)
        self._reset_shown()
        self._set_stage(Stage.PREPARING)
        self._generation += 1
        generation = self._generation
        events = self._playable(self.timeline.events)
        self.runner(
            lambda: self._prepare(events),
            lambda result: self._prepared(generation, result),
            lambda error: self._prepared(generation, (SilentEngine(_reason(error)), [])),
        )
        return self.run_id

    def _prepare(self, events: list[Event]) -> tuple[AudioEngine, list[str]]:
        """On a worker: open an engine and render or load every sound before the start."""
        audio = self.audio_factory()
        last = [-1]

        def progress(done: float) -> None:
            percent = int(done * 100)
            if percent != last[0]:  # a signal per percent, not per sound
                last[0] = percent
                self.preparing_progress.emit(done)

        warnings = audio.preload(events, progress)
        return audio, warnings

    def _prepared(self, generation: int, result: tuple[AudioEngine, list[str]]) -> None:
        audio, warnings = result
        if generation != self._generation or self.stage is not Stage.PREPARING:
            audio.stop(0)  # stopped while preparing: this engine is not needed
            audio.close()
            return
        self.audio = audio
        apply_volumes(audio, self.settings)
        if not audio.available:
            self.sound_unavailable.emit(audio.reason or no_device_reason("unknown reason"))
        for text in dict.fromkeys(warnings):
            self.warning.emit(text)
        self.engine.start()
        self._last_beat = self.clock.now_ms()
        extra = self.choices.opening_ambience(self.timeline)
        if extra is not None:
            self._play(extra)
        self._set_stage(Stage.RUNNING)
        self.timer.start()
        self.tick()

    def tick(self) -> None:
        """Everything due now: signals for the screen, calls for the sound, a heartbeat."""
        engine = self.engine
        if engine is None or engine.state is not State.RUNNING:
            return
        now = self.clock.now_ms()
        for event in engine.tick(now):
            self._dispatch(event.action)
        if self.audio is not None:
            self.audio.update()
            for text in self.audio.take_warnings():
                self.warning.emit(text)
        self._show_position()
        if engine.state is State.FINISHED:
            self._end("completed", END_FADE_MS)
        elif now - self._last_beat >= self.heartbeat_ms:
            self._heartbeat()

    def pause(self) -> None:
        if self.stage is Stage.RUNNING:
            self.engine.pause()
            self.timer.stop()
            if self.audio is not None:
                self.audio.pause()
            self._heartbeat()
            self._set_stage(Stage.PAUSED)

    def resume(self) -> None:
        if self.stage is Stage.PAUSED:
            self.engine.resume()
            if self.audio is not None:
                self.audio.resume()
                if self._restore_on_resume:
                    self._restore_ambience()
            self._set_stage(Stage.RUNNING)
            self.timer.start()
            self.tick()

    def toggle_pause(self) -> None:
        """Space: pause when running, resume when paused."""
        self.resume() if self.stage is Stage.PAUSED else self.pause()

    def stop(self) -> None:
        """Stop early: fade out and log the run as stopped, with how far it got."""
        if self.stage is Stage.PREPARING:
            self._generation += 1  # the preparation's result will be closed unused
            self._finish_record("stopped", 0, 0.0)
            self._set_stage(Stage.STOPPED)
            self.finished.emit("stopped")
        elif self.stage in (Stage.RUNNING, Stage.PAUSED):
            self.engine.stop()
            self._end("stopped", STOP_FADE_MS)

    def shutdown(self) -> None:
        """The app is closing (window closed, SIGTERM): save as stopped, fade, release."""
        self.stop()
        self._close_audio_now()

    def _end(self, status: str, fade_ms: int) -> None:
        self.timer.stop()
        engine = self.engine
        self._show_position(force=True)
        # A late last tick can overshoot the end; the time practised never exceeds the length.
        practised = engine.practised_ms()
        if status == "completed":
            practised = min(practised, self.timeline.duration_ms)
        self._finish_record(status, practised, engine.progress())
        if self.audio is not None:
            self.audio.stop(fade_ms)
            self._closing, self.audio = self.audio, None
            QTimer.singleShot(fade_ms + 100, self._close_audio_now)
        self._set_stage(Stage.FINISHED if status == "completed" else Stage.STOPPED)
        self.finished.emit(status)

    def _finish_record(self, status: str, practised_ms: int, progress: float) -> None:
        try:
            self.recorder.finish(self.run_id, status, practised_ms, progress)
        except CalmError as error:
            log.warning("could not close run %s: %s", self.run_id, error)
            self.warning.emit(str(error))

    def _close_audio_now(self) -> None:
        closing, self._closing = self._closing, None
        if closing is not None:
            closing.close()

    # -- moving and mixing --------------------------------------------------------------------

    def next_step(self) -> None:
        self._skip(self.engine.next_step if self.engine else None)

    def previous_step(self) -> None:
        self._skip(self.engine.previous_step if self.engine else None)

    def _skip(self, move: Callable[[], list[Event]] | None) -> None:
        if move is None or self.stage not in (Stage.RUNNING, Stage.PAUSED):
            return
        move()
        # What was sounding belongs to the step left behind: fade it, then bring back the
        # ambience as it is at the new place.
        if self.audio is not None:
            self.audio.stop(SKIP_FADE_MS)
            if self.stage is Stage.RUNNING:
                self._restore_ambience()
            else:
                self._restore_on_resume = True
        self._caption = None
        self.caption_changed.emit("")
        self._show_position(force=True)

    def _restore_ambience(self) -> None:
        self._restore_on_resume = False
        now = self.choices.ambience_now(self.timeline, self.engine.position_ms())
        if now is not None:
            self._play(now)

    def set_volume(self, layer: str, volume: int) -> None:
        """One layer's volume (voice, cue, ambience), now and for later practices."""
        self.settings.set(f"volume.{layer}", int(volume))
        if self.audio is not None:
            self.audio.set_volume(layer, int(volume))

    def set_ambience(self, choice: str) -> None:
        """The ambience ("script", "none" or a sound), now and for later practices."""
        self.settings.set("ambience.choice", choice)
        self.choices = replace(self.choices, ambience=choice)
        if self.audio is not None and self.stage in (Stage.RUNNING, Stage.PAUSED):
            wanted = self.choices.ambience_now(self.timeline, self.engine.position_ms())
            self._play(wanted or Ambience("stop", None, 0, 1500))

    # -- ratings after ------------------------------------------------------------------------

    def rate_after(self, measure: str, value: int | None) -> bool:
        """Save an after-rating at once; False (and a warning) if it could not be saved."""
        return self._save(lambda: self.recorder.rate(self.run_id, measure, "after", value))

    def save_note(self, text: str) -> bool:
        return self._save(lambda: self.recorder.note(self.run_id, text))

    def _save(self, write: Callable[[], None]) -> bool:
        if self.recorder is None or self.run_id is None:
            return False
        try:
            write()
        except (StoreError, ValueError) as error:
            self.warning.emit(str(error))
            return False
        return True

    # -- reading ------------------------------------------------------------------------------

    @property
    def active(self) -> bool:
        """Preparing, running or paused."""
        return self.stage in (Stage.PREPARING, Stage.RUNNING, Stage.PAUSED)

    def pacer_state(self) -> PacerState | None:
        """The pacer's position source: where the breath is, from the clock."""
        if self.engine is None or self.stage not in (Stage.RUNNING, Stage.PAUSED):
            return None
        return self.engine.pacer()

    def position_ms(self) -> int:
        return self.engine.position_ms() if self.engine else 0

    def duration_ms(self) -> int:
        return self.timeline.duration_ms if self.timeline else 0

    # -- inside -------------------------------------------------------------------------------

    def _dispatch(self, action: Action) -> None:
        if isinstance(action, Narration | Caption):
            caption = action.caption if isinstance(action, Narration) else action.text
            if caption != self._caption:
                self._caption = caption
                self.caption_changed.emit(caption)
        if isinstance(action, Narration | Bell | Breath | Ambience):
            self._play(action)

    def _play(self, action: Action) -> None:
        if self.audio is None:
            return
        playable = transform(action, self.choices)
        if playable is not None:
            self.audio.play_event(playable)

    def _playable(self, events: tuple[Event, ...]) -> list[Event]:
        """The events as they will sound with the person's choices (what to preload)."""
        kept = []
        for event in events:
            if isinstance(event.action, Narration | Bell | Breath | Ambience):
                action = transform(event.action, self.choices)
                if action is not None:
                    kept.append(replace(event, action=action))
        extra = self.choices.opening_ambience(self.timeline)
        if extra is not None:
            kept.insert(0, Event(0, 0, extra))
        return kept

    def _show_position(self, force: bool = False) -> None:
        engine = self.engine
        position = engine.position_ms()
        step = self._step_title()
        if step != self._step:
            self._step = step
            self.step_changed.emit(step)
        pacer = engine.pacer()
        phase = pacer.phase.value if pacer is not None else ""
        if phase != self._phase:
            self._phase = phase
            self.phase_changed.emit(phase)
        second = position // 1000
        if force or second != self._second:  # the screen shows minutes: once a second is plenty
            self._second = second
            self.progress_changed.emit(position, self.timeline.duration_ms)

    def _step_title(self) -> str:
        """The section (or step) playing; a practice without named parts shows its title."""
        mark = self.engine.current_mark()
        if mark is None or mark.title in GENERIC_STEPS:
            return self.script.title
        return mark.title

    def _heartbeat(self) -> None:
        self._last_beat = self.clock.now_ms()
        try:
            self.recorder.heartbeat(self.run_id, self.engine.practised_ms(), self.engine.progress())
        except CalmError as error:
            log.warning("heartbeat failed: %s", error)
            self.warning.emit(str(error))

    def _remember_last(self, script: Script, variant_id: str, pattern: BreathPattern | None):
        value = {"id": script.id, "variant": variant_id}
        if pattern is not None and pattern.name:
            value["pattern"] = pattern.name
        try:
            self.settings.set("last.practice", value)
        except (StoreError, ValueError) as error:
            log.warning("could not remember the last practice: %s", error)

    def _set_stage(self, stage: Stage) -> None:
        if stage is not self.stage:
            self.stage = stage
            self.state_changed.emit(stage.value)


def _reason(error: BaseException) -> str:
    """The sentence for a preparation that failed outright: the practice still runs, silent."""
    log.warning("sounds could not be prepared: %r", error)
    if isinstance(error, CalmError):
        return f"{error} This practice runs silently: follow the captions and the guide."
    return no_device_reason(f"{type(error).__name__}: {error}")

"""The practice controller: one precise timer turns the timeline into signals, sound and records.

It owns, for one practice at a time, a PracticeRun (calm/practice/practice_run.py: the session
engine, the sound and the heartbeat stepped together, as the terminal player does), the sound
port (opened when the practice starts, closed when it ends: an idle open mixer costs CPU) and
the PracticeLog (the run is written when Start is pressed, each rating the moment it is given,
a heartbeat every HEARTBEAT_MS, and the end as completed, skipped through or stopped, with the
time really practised).
Screens only listen to its past-tense signals and call its verbs; they never see the timer.

The timer runs only while the practice runs (stopped while paused and after the end), so an
idle window costs nothing. It is a single-shot precise timer set each time for the next thing
that needs doing (ui/wakeups.py): the next cue, to the millisecond, the next frame while the
pacer's disc moves (driven by `ticked`: one wake-up for sound and picture), the next number on
screen, a volume ramp's next step. Positions always come from the clock, never from counting
ticks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from enum import StrEnum

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from audio.engine import SilentEngine, no_device_reason
from calm.clock import Clock, MonotonicClock
from calm.practice.events import Action, Ambience, Caption, Narration, Phase, StepKind
from calm.practice.patterns import BreathPattern
from calm.practice.practice_run import HEARTBEAT_MS, PracticeRun
from calm.practice.script import Script
from calm.practice.session import SessionEngine, State
from calm.practice.sound_choices import (
    BACK_IN_FADE_MS,
    JUMP_FADE_MS,
    AudioChoices,
    playable_events,
)
from calm.practice.sound_port import SoundPort
from calm.practice.timeline import PacerState, Timeline, compile_timeline, estimate_speech_ms
from calm.settings import Settings
from ui.controller_audio import PracticeSound, prepare_sound, silent_reason
from ui.lifecycle import settle_collector
from ui.practice_log import PracticeLog
from ui.tasks import Runner, run_in_background
from ui.wakeups import WakePlan

log = logging.getLogger(__name__)

FRAME_MS = 100  # a frame while a breath moves, without a pacer asking (ui/pacer.py sets its own)
DUCK_RECOVERY_MS = 1200  # ambience comes back up under a finished voice (engine: 900 ms)
STOP_FADE_MS = 800
END_FADE_MS = 1500
CAPTION_HOLD_MS = 2500  # a caption stays this long after its speech ends, then fades
NAMED_PARTS = frozenset({StepKind.SECTION, StepKind.BREATHING})  # steps with their own title

AudioFactory = Callable[[], SoundPort]


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
    caption_changed = Signal(str)  # the words being spoken; "" when they have been said
    phase_changed = Signal(str)  # calm.practice.events.Phase value, or "" outside breathing
    state_changed = Signal(str)  # a Stage value
    progress_changed = Signal(int, int)  # position_ms, duration_ms (events, and periodically)
    ticked = Signal()  # after each tick while running: the pacer's frame
    preparing_progress = Signal(float)  # 0-1 while sounds are prepared
    finished = Signal(str)  # "completed", "skipped" (through to the end) or "stopped"
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
        frame_ms: int = FRAME_MS,
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
        self.frame_ms = frame_ms
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setSingleShot(True)  # set again after each tick, for what falls due next
        self.timer.timeout.connect(self.tick)
        self.plan = WakePlan([], 0, frame_ms)
        self.smooth_frames = True
        self.frame_wait: Callable[[PacerState | None], int | None] | None = self._fixed_frames
        self.stage = Stage.IDLE
        self.script: Script | None = None
        self.timeline: Timeline | None = None
        self.run: PracticeRun | None = None
        self.sound = PracticeSound(settings, runner, self.warning.emit)
        # Heartbeats are written on a worker: a commit waits for the disk.
        self.log = PracticeLog(store, settings, self.warning.emit, runner)
        self._generation = 0  # which practice a background preparation belongs to
        self._reset_shown()

    def _reset_shown(self) -> None:
        self._step = self._caption = self._phase = None
        self._pacer_cache: tuple[int, PacerState | None] = (-1, None)

    # -- the practice's life ------------------------------------------------------------------

    def begin(
        self,
        script: Script,
        variant_id: str,
        pattern: BreathPattern | None = None,
        before: Mapping[str, int | None] | None = None,
        despite_screening: bool = False,
    ) -> str:
        """Start a practice: log the run (and the before-ratings) now, prepare its sounds in
        the background, then play. Raises StoreError when the run cannot be logged.
        `despite_screening`: not advised, started by a deliberate choice (kept on the run)."""
        if self.active:
            raise RuntimeError("a practice is already playing")
        self.sound.close_now()
        timeline = compile_timeline(script, variant_id, pattern, self.settings.get("hand.stronger"))
        run_id = self.log.begin(
            self.client_id(), script, timeline, before or {}, pattern, despite_screening
        )
        self.timeline, self.script = timeline, script
        self.run = PracticeRun(timeline, self.clock, self.sound, self.log, self.heartbeat_ms)
        self.plan = WakePlan.for_timeline(timeline, self.frame_ms, self.smooth_frames)
        self.sound.choices = AudioChoices.from_settings(self.settings)
        self._reset_shown()
        self._set_stage(Stage.PREPARING)
        self._generation += 1
        generation = self._generation
        events = playable_events(timeline, self.sound.choices)
        self.runner(
            lambda: prepare_sound(self.audio_factory, events, self.preparing_progress.emit),
            lambda result: self._prepared(generation, result),
            lambda error: self._prepared(generation, (SilentEngine(silent_reason(error)), [])),
        )
        return run_id

    def _prepared(self, generation: int, result: tuple[SoundPort, list[str]]) -> None:
        audio, warnings = result
        if generation != self._generation or self.stage is not Stage.PREPARING:
            audio.stop(0)  # stopped while preparing: this engine is not needed
            self.runner(audio.close, lambda _: None, lambda error: log.warning("%r", error))
            return
        self.sound.attach(audio)
        if not audio.available:
            self.sound_unavailable.emit(audio.reason or no_device_reason("unknown reason"))
        for text in dict.fromkeys(warnings):
            self.warning.emit(text)
        settle_collector(collect=True)  # before the sound starts: no full pass while it plays
        self.run.start()
        self._set_stage(Stage.RUNNING)
        self.tick()

    def tick(self) -> None:
        """Whatever is due now (see ui/wakeups.py): cues for the sound, signals for the
        screen, a heartbeat; then sleep until the next thing to do."""
        run = self.run
        if run is None or run.state is not State.RUNNING:
            return
        engine, plan = run.engine, self.plan
        position = engine.position_ms()
        events = plan.events_due(position)
        if events:
            for event in run.step():  # the sound has each of them already
                self._show_event(event.action, position)
            plan.consumed(engine.position_ms())
        if plan.caption_due(position) and self._caption:
            self._caption = ""
            self.caption_changed.emit("")
        second = plan.new_period(position)
        if self.audio is not None and (events or second or plan.ramping(position)):
            self.audio.update()
            if events or second:
                for text in self.audio.take_warnings():
                    self.warning.emit(text)
        if events or second:
            self._show_position()
        if engine.state is State.FINISHED:  # completed, or skipped through (the core decides)
            self._end(END_FADE_MS)
            return
        if second:
            run.beat_if_due()
        self.ticked.emit()
        position, pacer = engine.position_ms(), self.pacer_state()
        frame_in = self.frame_wait(pacer) if self.frame_wait is not None else None
        self.timer.start(plan.delay(position, pacer, frame_in))

    def set_smooth_frames(self, smooth: bool) -> None:
        """False in reduced motion: the pacer needs a frame only when its words change."""
        self.smooth_frames = smooth
        self.plan.smooth = smooth

    def frames_from(self, wait: Callable[[PacerState | None], int | None]) -> None:
        """Wake when the pacer wants its next frame (`wait(state)`: ms, or None when still);
        without one, a frame every `frame_ms` while a breath moves."""
        self.frame_wait = wait

    def pause(self) -> None:
        if self.stage is Stage.RUNNING:
            self.run.pause()
            self.timer.stop()
            self._set_stage(Stage.PAUSED)

    def resume(self) -> None:
        if self.stage is Stage.PAUSED:
            self.run.resume()
            self._set_stage(Stage.RUNNING)
            self.tick()

    def toggle_pause(self) -> None:
        """Space: pause when running, resume when paused."""
        self.resume() if self.stage is Stage.PAUSED else self.pause()

    def stop(self) -> None:
        """Stop early: fade out and log the run as stopped, with how far it got."""
        if self.stage is Stage.PREPARING:
            self._generation += 1  # the preparation's result will be closed unused
            self.log.finish("stopped", 0, 0.0)
            self._set_stage(Stage.STOPPED)
            self.finished.emit("stopped")
        elif self.stage in (Stage.RUNNING, Stage.PAUSED):
            self._end(STOP_FADE_MS)

    def shutdown(self) -> None:
        """The app is closing (window closed, SIGTERM): save as stopped, fade, release."""
        self.stop()
        self.sound.save_now()
        self.sound.close_now()

    def _end(self, fade_ms: int) -> None:
        self.timer.stop()
        status = self.run.finish()
        self._show_position()
        self.sound.fade_out(fade_ms)
        self._set_stage(Stage.STOPPED if status == "stopped" else Stage.FINISHED)
        self.finished.emit(status)

    # -- moving and mixing --------------------------------------------------------------------

    def next_step(self) -> None:
        self._skip(forward=True)

    def previous_step(self) -> None:
        self._skip(forward=False)

    def _skip(self, forward: bool) -> None:
        run = self.run
        if run is None or self.stage not in (Stage.RUNNING, Stage.PAUSED):
            return
        # What sounds after the jump is the core's rule (ChosenSound.after_jump).
        run.next_step() if forward else run.previous_step()
        position = run.engine.position_ms()
        self.plan.sought(position)
        if self.audio is not None:
            self.plan.ramps_for(position, JUMP_FADE_MS + BACK_IN_FADE_MS)
        self._caption = None
        self.plan.caption_until = None
        self.caption_changed.emit("")
        self._show_position()
        if self.stage is Stage.RUNNING:
            self.timer.start(1)  # the next event is another one now

    def _fixed_frames(self, pacer: PacerState | None) -> int | None:
        moving = pacer is not None and pacer.phase in (Phase.INHALE, Phase.EXHALE)
        return self.frame_ms - self.engine.position_ms() % self.frame_ms if moving else None

    @property
    def engine(self) -> SessionEngine | None:
        """The session engine of the practice playing (or last played)."""
        return self.run.engine if self.run is not None else None

    @property
    def audio(self) -> SoundPort | None:
        """The sound engine of the practice playing (None before and after)."""
        return self.sound.audio

    def set_volume(self, layer: str, volume: int) -> None:
        """One layer's volume (voice, cue, ambience), heard now, kept for later practices."""
        self.sound.set_volume(layer, volume)

    def save_volumes(self) -> None:
        """A volume slider was let go: keep what it says now (written on a worker)."""
        self.sound.save_soon()

    def set_ambience(self, choice: str) -> None:
        """The ambience ("script", "none" or a sound) for this practice (`keep_ambience`
        makes it the usual one)."""
        live = self.stage in (Stage.RUNNING, Stage.PAUSED)
        self.sound.set_ambience(choice, self.timeline if live else None, self._live_position)

    def keep_ambience(self, choice: str) -> None:
        """Make a sound the usual one for every practice (the Settings choice)."""
        self.sound.keep_ambience(choice)

    def _live_position(self) -> int | None:
        live = self.stage in (Stage.RUNNING, Stage.PAUSED)
        return self.engine.position_ms() if live else None

    # -- ratings after ------------------------------------------------------------------------

    @property
    def run_id(self) -> str | None:
        """The run being (or last) practised."""
        return self.log.run_id

    def rate_after(self, measure: str, value: int | None) -> bool:
        """Save an after-rating at once; False (and a warning) if it could not be saved."""
        return self.log.rate_after(measure, value)

    def save_note(self, text: str) -> bool:
        return self.log.note(text)

    # -- reading ------------------------------------------------------------------------------

    @property
    def active(self) -> bool:
        """Preparing, running or paused."""
        return self.stage in (Stage.PREPARING, Stage.RUNNING, Stage.PAUSED)

    def pacer_state(self) -> PacerState | None:
        """The pacer's position source: where the breath is, from the clock."""
        if self.engine is None or self.stage not in (Stage.RUNNING, Stage.PAUSED):
            return None
        position = self.engine.position_ms()
        if self._pacer_cache[0] != position:  # the tick and the frame share one reading
            self._pacer_cache = (position, self.timeline.pacer_at(position))
        return self._pacer_cache[1]

    def position_ms(self) -> int:
        return self.engine.position_ms() if self.engine else 0

    def duration_ms(self) -> int:
        return self.timeline.duration_ms if self.timeline else 0

    # -- inside -------------------------------------------------------------------------------

    def _show_event(self, action: Action, position: int) -> None:
        """A due event on screen (its sound is the run's), and the volume ramps it starts."""
        if isinstance(action, Narration | Caption):
            if isinstance(action, Narration):
                caption, speech_ms = action.caption, action.duration_ms
            else:  # shown without its sound: as long as the words would take to say
                caption, speech_ms = action.text, estimate_speech_ms(action.text)
            self.plan.caption_until = position + speech_ms + CAPTION_HOLD_MS
            if caption != self._caption:
                self._caption = caption
                self.caption_changed.emit(caption)
        if isinstance(action, Narration):  # the ambience ducks under the voice, then returns
            self.plan.ramps_for(position, action.duration_ms + DUCK_RECOVERY_MS)
        elif isinstance(action, Ambience):
            self.plan.ramps_for(position, action.fade_ms + 200)

    def _show_position(self) -> None:
        """Step, phase and progress, each signalled only when it changed."""
        engine = self.engine
        position = engine.position_ms()
        step = self._step_title()
        if step != self._step:
            self._step = step
            self.step_changed.emit(step)
        pacer = self.pacer_state()
        phase = pacer.phase.value if pacer is not None else ""
        if phase != self._phase:
            self._phase = phase
            self.phase_changed.emit(phase)
        self.progress_changed.emit(position, self.timeline.duration_ms)

    def _step_title(self) -> str:
        """The section (or step) playing; a practice without named parts shows its title."""
        mark = self.engine.current_mark()
        if mark is None or mark.kind not in NAMED_PARTS:
            return self.script.title
        return mark.title

    def _set_stage(self, stage: Stage) -> None:
        if stage is not self.stage:
            self.stage = stage
            self.state_changed.emit(stage.value)

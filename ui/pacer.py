"""The breathing pacer: a soft disc that grows on the inhale, rests on holds and shrinks on the
exhale, with the phase word and its seconds left.

Where the breath is comes from a *position source* (a callable returning the timeline's
PacerState, or None outside breathing) that reads the clock: a late or missed frame never
shifts the breath. Frames are asked for only while the pacer is visible and running, and a
frame is painted only when what it shows has changed (nothing during a hold, once a second
for the number).

Smooth at a small cost (bench/bench_cpu.py on Xvfb, the whole app playing belly breathing
with voice, tones and ambience; targets: at least 15 frames a second while the breath moves,
at most 1.5 % of a core; the figures are in docs/performance.md). A frame costs over a
millisecond of CPU on Xvfb, most of it Qt's repaint, the round trip to the X server and the
wake-up whatever is drawn, so FPS is where the budget holds: 9 (at 15 a second, frames that
draw nothing at all already cost more than the 1.5 %: `bench_cpu.py --floor`):
- frames come by distance, not by the clock: each in- or out-breath is cut into equal steps of
  the disc's edge, as many as FPS frames a second over the phase (a 4 s inhale: 36 steps), and
  the controller's precise timer wakes exactly when the edge reaches the next step
  (`ms_to_next_frame`). Equal steps look smoother than a fixed rate, which moves the edge a
  pixel near the ends of a breath and many in the middle; no frame is painted during holds;
- one wake-up serves sound and picture (`drive_with`: the controller's `ticked`);
- a frame repaints only the disc's box, on an opaque widget (no parent paints underneath),
  copying the still parts from a cached picture and drawing one antialiased disc and, where
  the box reaches them, the words as cached pictures (ui/pacer_paint.py).
Standing alone (tests, other screens) the pacer drives itself with its own precise timer.

Reduced motion ("Still"): no growing shape. A steady ring whose fill changes once per phase,
the phase word and its seconds; a frame only when the word or the second changes.

Paused: the guide dims and says "Paused". The accessible name says the phase ("Breathing
guide: breathe in", "Breathing guide: paused") and changes once per phase, never per second,
so a screen reader is not made to count.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QRect, QSize, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from calm.practice.events import Phase
from calm.practice.timeline import PacerState
from ui import theme
from ui.pacer_paint import MIN_FRACTION, PacerPainter

PositionSource = Callable[[], PacerState | None]

FPS = 9  # frames a second while the breath moves, on average over a phase (equal steps)
MIN_STEP_PX = 0.75  # but a step of at least this far, for a small pacer
MIN_FRAME_MS = 25  # and never more than 40 frames a second (the middle of a fast breath)
MOVING = (Phase.INHALE, Phase.EXHALE)
PAUSED = "Paused"


def seconds_left(state: PacerState) -> int:
    """The whole seconds shown for the phase: 4, 3, 2, 1 (never 0 while it lasts)."""
    return max(1, math.ceil(state.remaining_ms / 1000))


class PacerWidget(QWidget):
    """Paints the breath from a position source; see the module docstring."""

    phase_shown = Signal(str)  # the phase now drawn (Phase value, "" outside breathing)

    def __init__(self, source: PositionSource, parent: QWidget | None = None, fps: float = FPS):
        super().__init__(parent)
        self.source = source
        self.state: PacerState | None = None
        self.reduced_motion = False
        self.running = False
        self.paused = False
        self.frames_painted = 0  # for tests and the CPU benchmark
        self.moving_frames = 0  # of which while the breath moved (in- and out-breath)
        self.fps = fps
        self._palette = theme.palette("light")
        self._stage = False
        self._phase: str | None = None
        self._radius = -1.0  # the disc's radius in the last frame asked for
        self._words: tuple[str, str] | None = None
        self._painter: PacerPainter | None = None
        self._steps = (-1, 0)  # (a phase's length, its steps), for the phase under way
        self._external = False
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._own_frame)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # we paint every pixel
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 160)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName("Breathing guide")
        self.setAccessibleDescription("Grows as you breathe in and shrinks as you breathe out.")

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(360, 360)

    # -- control ------------------------------------------------------------------------------

    def drive_with(self, frame: SignalInstance) -> None:
        """Take frames from another timer's signal (the controller's) instead of our own."""
        self._external = True
        self.timer.stop()
        frame.connect(self._frame)

    def _frame(self) -> None:
        if self.running and self.isVisible():
            self.refresh()

    def _own_frame(self) -> None:
        state = self.refresh()
        wait = self.ms_to_next_frame(state)
        if state is not None:  # the number still counts down in holds
            number = state.remaining_ms % 1000 or 1000
            wait = number if wait is None else min(wait, number)
        self.timer.start(max(1, wait if wait is not None else 1000 // 4))

    def set_running(self, running: bool) -> None:
        """Ask for frames (only while visible); stopped, the last frame stays."""
        self.running = running
        self._sync_timer()
        self.refresh()

    def set_paused(self, paused: bool) -> None:
        """Paused: the guide dims and says "Paused" (and so does its accessible name)."""
        if paused != self.paused:
            self.paused = paused
            self._phase = None  # the accessible name is said again
            self._repaint_all()

    def set_reduced_motion(self, reduced: bool) -> None:
        self.reduced_motion = reduced
        self.setAccessibleDescription(
            "A steady ring; the word in the middle says when to breathe in, hold and breathe out."
            if reduced
            else "Grows as you breathe in and shrinks as you breathe out."
        )
        self._repaint_all()

    def set_palette(self, palette: theme.Palette, stage: bool = False) -> None:
        """Colours from the theme; `stage` puts it on presentation mode's dark background."""
        self._palette, self._stage = palette, stage
        self._repaint_all()

    def _repaint_all(self) -> None:
        self._painter = None
        self._radius = -1.0
        self._words = None
        self.refresh()
        self.update()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self._sync_timer()

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().hideEvent(event)
        self._sync_timer()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._painter = None
        self._radius = -1.0

    def _sync_timer(self) -> None:
        wanted = self.running and self.isVisible() and not self._external
        if wanted and not self.timer.isActive():
            self.timer.start(0)
        elif not wanted and self.timer.isActive():
            self.timer.stop()

    # -- geometry -----------------------------------------------------------------------------

    def painter(self) -> PacerPainter:
        """The drawing for the present size, palette and mode (made again when one changes:
        resizes, palettes and modes drop it; the screen's pixel ratio is checked on paint)."""
        made = self._painter
        if made is None:
            args = (self.width(), self.height(), self.devicePixelRatioF(), self._palette,
                    self._stage, self.reduced_motion)  # fmt: skip
            made = self._painter = PacerPainter(*args, self.font())
            self._steps = (-1, 0)
        return made

    def steps_for(self, state: PacerState) -> int:
        """Equal steps in this in- or out-breath: FPS a second, each at least MIN_STEP_PX."""
        length = round(state.remaining_ms / (1 - state.progress))
        if self._steps[0] != length:
            travel = self.painter().largest * (1 - MIN_FRACTION)
            steps = max(1, min(round(self.fps * length / 1000), int(travel / MIN_STEP_PX)))
            self._steps = (length, steps)
        return self._steps[1]

    def ms_to_next_frame(self, state: PacerState | None) -> int | None:
        """How long until the disc's edge reaches its next step, so a frame is worth drawing
        (at least MIN_FRAME_MS); None when nothing moves (holds, reduced motion, no breath)."""
        if state is None or self.reduced_motion or state.phase not in MOVING:
            return None
        if state.progress >= 1:
            return None
        length = state.remaining_ms / (1 - state.progress)
        steps = self.steps_for(state)
        rising = state.phase is Phase.INHALE
        # fullness = (1 - cos(pi p)) / 2 on the inhale, its mirror on the exhale; the next
        # step is the next whole multiple of 1/steps of the way.
        done = state.fullness if rising else 1 - state.fullness
        eased = min(1.0, (math.floor(done * steps + 1e-6) + 1) / steps)
        progress = math.acos(max(-1.0, min(1.0, 1 - 2 * eased))) / math.pi
        wait = math.ceil((progress - state.progress) * length)
        return max(MIN_FRAME_MS, min(wait, state.remaining_ms))

    def shown_fullness(self, state: PacerState | None) -> float:
        """How full the disc is drawn: the breath's fullness held at the last whole step, so
        a frame drawn between steps (the number changing) never moves the disc off them."""
        if state is None:
            return 0.0
        if state.phase not in MOVING or state.progress >= 1 or self.reduced_motion:
            return state.fullness
        steps = self.steps_for(state)
        if state.phase is Phase.INHALE:
            return math.floor(state.fullness * steps + 1e-6) / steps
        return 1 - math.floor((1 - state.fullness) * steps + 1e-6) / steps

    def radius_for(self, state: PacerState | None) -> float:
        """The disc's radius for a state, on its steps (the steady ring's in reduced motion)."""
        return self.painter().radius(self.shown_fullness(state))

    # -- frames -------------------------------------------------------------------------------

    def refresh(self) -> PacerState | None:
        """Read the position source; repaint only what would change."""
        state = self.source()
        self.state = state
        phase = state.phase.value if state is not None else ""
        phase_changed = phase != self._phase
        if phase_changed:
            self._phase = phase
            self._name_phase(state)
            self.phase_shown.emit(phase)
        drawing = self.painter()
        radius = drawing.radius(self.shown_fullness(state))
        dirty = None
        if radius != self._radius or (self.reduced_motion and phase_changed):
            dirty = drawing.box(max(radius, self._radius))
            self._radius = radius
        words = (self.phase_text, self.seconds_text)
        if words != self._words:
            self._words = words
            dirty = drawing.words_box if dirty is None else dirty.united(drawing.words_box)
        if dirty is not None:
            self.update(dirty)
        return state

    def _name_phase(self, state: PacerState | None) -> None:
        if self.paused:
            self.setAccessibleName("Breathing guide: paused")
        elif state is not None:
            self.setAccessibleName(f"Breathing guide: {state.phase.label.lower()}")
        else:
            self.setAccessibleName("Breathing guide")

    @property
    def phase_text(self) -> str:
        """The word shown ("Breathe in"; "Paused"), or "" outside breathing."""
        if self.paused:
            return PAUSED
        return self.state.phase.label if self.state is not None else ""

    @property
    def seconds_text(self) -> str:
        if self.paused or self.state is None:
            return ""
        return str(seconds_left(self.state))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        self.frames_painted += 1
        state = self.state
        phase = state.phase if state is not None else None
        if phase in MOVING:
            self.moving_frames += 1
        drawing = self.painter()
        if drawing.ratio != self.devicePixelRatioF():  # moved to another screen
            self._painter = None
            drawing = self.painter()
        radius = self._radius if self._radius >= 0 else self.radius_for(state)
        words = self._words or (self.phase_text, self.seconds_text)
        painter = QPainter(self)
        drawing.paint(painter, event.rect(), radius, phase, words, self.paused)
        painter.end()

    def frame_box(self) -> QRect:
        """The area a frame of the disc repaints now (for tests)."""
        return self.painter().box(self._radius)

"""The breathing pacer: a soft shape that grows on the inhale, rests on holds and shrinks on the
exhale, with the phase word and its seconds left.

Where the breath is comes from a *position source* (a callable returning the timeline's
PacerState, or None outside breathing), which reads the clock: a late or missed frame never
shifts the breath. A precise timer asks for frames only while the pacer is visible and running,
and a frame is painted only when what it shows has changed (nothing during a hold).

Frame rate and cost: 30 frames a second is smooth for a shape that changes size over seconds
(a 4 s inhale moves the edge about 1 px per frame on a 700 px window) and half the work of
60. The soft disc is drawn once into a cached pixmap per size and palette and then only
scaled, so a frame is one pixmap blit and two short texts. bench/bench_cpu.py measures it.

Reduced motion: no growing shape. A steady ring whose fill changes once per phase, the phase
word and its seconds; a frame is painted only when the word or the second changes.

The accessible name says the phase ("Breathing guide: breathe in") and changes once per
phase, never per second, so a screen reader is not made to count.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen, QPixmap, QRadialGradient
from PySide6.QtWidgets import QSizePolicy, QWidget

from calm.events import Phase
from calm.timeline import PacerState
from ui import theme

PositionSource = Callable[[], PacerState | None]

FPS = 30
MIN_FRACTION = 0.38  # the shape's radius when the lungs are empty, as a share of the largest
FULLNESS_STEPS = 400  # frames that would differ by less than this are not painted
# How full the reduced-motion ring is filled in each phase (no movement, one change a phase).
STEADY_FILL = {Phase.INHALE: 0.45, Phase.HOLD_IN: 0.8, Phase.EXHALE: 0.25, Phase.HOLD_OUT: 0.0}


def seconds_left(state: PacerState) -> int:
    """The whole seconds shown for the phase: 4, 3, 2, 1 (never 0 while it lasts)."""
    return max(1, math.ceil(state.remaining_ms / 1000))


class PacerWidget(QWidget):
    """Paints the breath from a position source; see the module docstring."""

    phase_shown = Signal(str)  # the phase now drawn (Phase value, "" outside breathing)

    def __init__(self, source: PositionSource, parent: QWidget | None = None, fps: int = FPS):
        super().__init__(parent)
        self.source = source
        self.state: PacerState | None = None
        self.reduced_motion = False
        self.running = False
        self.frames_painted = 0  # for tests and the CPU benchmark
        self._palette = theme.palette("light")
        self._key: tuple | None = None
        self._phase: str | None = None
        self._disc: QPixmap | None = None
        self._disc_key: tuple | None = None
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(round(1000 / fps))
        self.timer.timeout.connect(self.refresh)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 160)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName("Breathing guide")
        self.setAccessibleDescription("Grows as you breathe in and shrinks as you breathe out.")

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(360, 360)

    # -- control ------------------------------------------------------------------------------

    def set_running(self, running: bool) -> None:
        """Ask for frames (only while visible); stopped, the last frame stays."""
        self.running = running
        self._sync_timer()
        self.refresh()

    def set_reduced_motion(self, reduced: bool) -> None:
        self.reduced_motion = reduced
        self.setAccessibleDescription(
            "A steady ring; the word in the middle says when to breathe in, hold and breathe out."
            if reduced
            else "Grows as you breathe in and shrinks as you breathe out."
        )
        self._key = None
        self.refresh()

    def set_palette(self, palette: theme.Palette) -> None:
        self._palette = palette
        self._disc = None
        self._key = None
        self.update()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self._sync_timer()

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().hideEvent(event)
        self._sync_timer()

    def _sync_timer(self) -> None:
        wanted = self.running and self.isVisible()
        if wanted and not self.timer.isActive():
            screen = self.screen()
            rate = screen.refreshRate() if screen is not None else FPS
            self.timer.setInterval(round(1000 / min(FPS, rate or FPS)))
            self.timer.start()
        elif not wanted and self.timer.isActive():
            self.timer.stop()

    # -- frames -------------------------------------------------------------------------------

    def refresh(self) -> PacerState | None:
        """Read the position source; repaint only if the picture would change."""
        state = self.source()
        self.state = state
        phase = state.phase.value if state is not None else ""
        if phase != self._phase:
            self._phase = phase
            self.setAccessibleName(
                f"Breathing guide: {state.phase.label.lower()}" if state else "Breathing guide"
            )
            self.phase_shown.emit(phase)
        if state is None:
            key: tuple = ("rest",)
        elif self.reduced_motion:
            key = (phase, seconds_left(state))
        else:
            key = (phase, seconds_left(state), round(state.fullness * FULLNESS_STEPS))
        if key != self._key:
            self._key = key
            self.update()
        return state

    @property
    def phase_text(self) -> str:
        """The word shown ("Breathe in"), or "" outside breathing."""
        return self.state.phase.label if self.state is not None else ""

    @property
    def seconds_text(self) -> str:
        return str(seconds_left(self.state)) if self.state is not None else ""

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        self.frames_painted += 1
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height())
        centre = QPointF(self.width() / 2, self.height() / 2)
        largest = side * 0.46
        state = self.state
        if self.reduced_motion:
            self._paint_steady(painter, centre, largest, state)
        else:
            self._paint_shape(painter, centre, largest, state)
        if state is not None:
            self._paint_words(painter, centre, largest, state)
        painter.end()

    def _paint_shape(self, painter: QPainter, centre: QPointF, largest: float, state) -> None:
        p = self._palette
        # The faint outline of the full breath: where the shape is going.
        painter.setPen(QPen(QColor(p.pacer_rest), 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, largest, largest)
        fullness = state.fullness if state is not None else 0.0
        radius = largest * (MIN_FRACTION + (1 - MIN_FRACTION) * fullness)
        disc = self._cached_disc(largest)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawPixmap(
            QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius),
            disc,
            QRectF(disc.rect()),
        )

    def _cached_disc(self, largest: float) -> QPixmap:
        """The soft disc at its largest, drawn once per size and palette and then only scaled."""
        ratio = self.devicePixelRatioF()
        key = (round(largest), ratio, self._palette.name)
        if self._disc is None or self._disc_key != key:
            size = max(2, round(2 * largest * ratio))
            pixmap = QPixmap(size, size)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            gradient = QRadialGradient(QPointF(size / 2, size / 2), size / 2)
            inner = QColor(self._palette.pacer)
            gradient.setColorAt(0.0, inner.lighter(108))
            gradient.setColorAt(1.0, inner)
            rim = max(3.0, size * 0.012)
            painter.setPen(QPen(QColor(self._palette.pacer_edge), rim))
            painter.setBrush(gradient)
            painter.drawEllipse(QRectF(rim / 2, rim / 2, size - rim, size - rim))
            painter.end()
            self._disc, self._disc_key = pixmap, key
        return self._disc

    def _paint_steady(self, painter: QPainter, centre: QPointF, largest: float, state) -> None:
        p = self._palette
        fill = QColor(p.pacer_edge if p.name == "high-contrast" else p.pacer)
        fill.setAlphaF(STEADY_FILL.get(state.phase, 0.0) if state is not None else 0.0)
        if p.name == "high-contrast":
            fill.setAlphaF(0.0)  # words must stay white on black: only the rim's weight changes
        painter.setBrush(fill)
        weight = 0.05 if state is None or state.phase in (Phase.EXHALE, Phase.HOLD_OUT) else 0.1
        painter.setPen(QPen(QColor(p.pacer_edge), max(4.0, largest * weight)))
        painter.drawEllipse(centre, largest * 0.92, largest * 0.92)

    def _paint_words(self, painter: QPainter, centre: QPointF, largest: float, state) -> None:
        painter.setPen(QColor(self._palette.pacer_text))
        word_font = QFont(self.font())
        word_font.setPointSizeF(max(12.0, largest / 7))
        word_font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(word_font)
        box = QRectF(centre.x() - largest, centre.y() - largest * 0.36, 2 * largest, largest * 0.4)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, state.phase.label)
        number_font = QFont(self.font())
        number_font.setPointSizeF(max(11.0, largest / 9))
        painter.setFont(number_font)
        box = QRectF(centre.x() - largest, centre.y() + largest * 0.04, 2 * largest, largest * 0.34)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, str(seconds_left(state)))

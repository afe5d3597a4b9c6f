"""The breathing pacer: a soft disc that grows on the inhale, rests on holds and shrinks on the
exhale, with the phase word and its seconds left.

Where the breath is comes from a *position source* (a callable returning the timeline's
PacerState, or None outside breathing) that reads the clock: a late or missed frame never
shifts the breath. Frames are asked for only while the pacer is visible and running, and a
frame is painted only when what it shows has changed (nothing during a hold, once a second
for the number).

What a frame costs, and the rate chosen (bench/bench_cpu.py measures the whole app playing
belly breathing on Xvfb against its budget of 1.5 % of a core; the figures behind these
choices are in docs/performance.md):
- a repaint costs about the same CPU whatever is drawn (the wake-up, Qt's repaint and the copy
  to the X server, on a CPU gone cold between frames), and SDL's mixer takes a fixed share of
  the budget itself (512-frame buffers, needed for cues within 15 ms), so the budget allows
  only a few frames a second: 30 a second of a scaled gradient disc cost many times it;
- so a frame comes when the disc's edge has moved one sixteenth of its way (STEPS): equal
  steps, about 4 frames a second over a 4 s inhale, more in the middle of a breath where it
  moves fastest, none during holds (steps half that size went over the budget). The
  wake-ups are the controller's (`drive_with`, `ms_to_next_frame`): one wake-up serves sound
  and picture;
- the still parts (background, the faint circle of a full breath) are drawn once into a
  cached pixmap per size and palette and only copied, around the disc; the disc is one
  antialiased solid fill (a gradient fill costs four times as much, a stroked rim twice); the
  words are pictures drawn once (glyphs this large are drawn as paths, a millisecond a frame);
- only the disc's bounding box (and the words, when they change) is repainted, on an opaque
  widget, so no parent paints its background underneath.
Standing alone (tests, other screens) the pacer drives itself with its own precise timer.

Reduced motion: no growing shape. A steady ring whose fill and weight change once per phase,
the phase word and its seconds; a frame only when the word or the second changes.

The accessible name says the phase ("Breathing guide: breathe in") and changes once per
phase, never per second, so a screen reader is not made to count.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QRegion,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from calm.practice.events import Phase
from calm.practice.timeline import PacerState
from ui import theme

PositionSource = Callable[[], PacerState | None]

FPS = 10  # when the pacer drives itself (tests, other screens)
STEPS = 16  # frames per inhale or exhale: a frame each time the edge moves 1/16 of its way
MIN_STEP_PX = 3.0  # (but at least this far, for a small pacer)
MIN_FRAME_MS = 100  # and never more than 10 frames a second
MOVING = (Phase.INHALE, Phase.EXHALE)
MIN_FRACTION = 0.38  # the disc's radius with empty lungs, as a share of the largest
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
        self.fps = fps
        self._palette = theme.palette("light")
        self._stage = False
        self._phase: str | None = None
        self._radius = -1.0  # the disc's radius in the last frame asked for
        self._words: tuple[str, str] | None = None
        self._background: QPixmap | None = None
        self._words_cache: dict[str, QPixmap] = {}
        self._font_cache: tuple[float, tuple[QFont, QFont] | None] = (-1.0, None)
        self._external = False
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(round(1000 / fps))
        self.timer.timeout.connect(self.refresh)
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
        self._repaint_all()

    def set_palette(self, palette: theme.Palette, stage: bool = False) -> None:
        """Colours from the theme; `stage` puts it on presentation mode's dark background."""
        self._palette, self._stage = palette, stage
        self._repaint_all()

    def _repaint_all(self) -> None:
        self._background = None
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
        self._background = None
        self._radius = -1.0

    def _sync_timer(self) -> None:
        wanted = self.running and self.isVisible() and not self._external
        if wanted and not self.timer.isActive():
            screen = self.screen()
            rate = screen.refreshRate() if screen is not None else self.fps
            self.timer.setInterval(round(1000 / min(self.fps, rate or self.fps)))
            self.timer.start()
        elif not wanted and self.timer.isActive():
            self.timer.stop()

    # -- geometry -----------------------------------------------------------------------------

    def _largest(self) -> float:
        return min(self.width(), self.height()) * 0.46

    def _centre(self) -> QPointF:
        return QPointF(self.width() / 2, self.height() / 2)

    def ms_to_next_frame(self, state: PacerState | None) -> int | None:
        """How long until the disc's edge has moved one step (1/STEPS of its way), so a frame
        is worth drawing (at least MIN_FRAME_MS); None when nothing moves (holds, reduced
        motion, no breath).

        Frames come by distance, not by the clock: equal steps look smoother than frames at a
        fixed rate that move the edge a pixel near the ends of a breath and many in the middle,
        for the same number of frames (and so the same CPU)."""
        if state is None or self.reduced_motion or state.phase not in MOVING:
            return None
        travel = self._largest() * (1 - MIN_FRACTION)
        if travel <= 0 or state.progress >= 1:
            return None
        length = state.remaining_ms / (1 - state.progress)
        step = max(1 / STEPS, MIN_STEP_PX / travel)
        rising = state.phase is Phase.INHALE
        target = min(1.0, state.fullness + step) if rising else max(0.0, state.fullness - step)
        # fullness = (1 - cos(pi p)) / 2 on the inhale, its mirror on the exhale
        eased = target if rising else 1 - target
        progress = math.acos(max(-1.0, min(1.0, 1 - 2 * eased))) / math.pi
        wait = round((progress - state.progress) * length)
        return max(MIN_FRAME_MS, min(wait, state.remaining_ms))

    def radius_for(self, state: PacerState | None) -> float:
        """The disc's radius for a state (the steady ring's size in reduced motion)."""
        largest = self._largest()
        if self.reduced_motion:
            return largest * 0.92
        fullness = state.fullness if state is not None else 0.0
        return largest * (MIN_FRACTION + (1 - MIN_FRACTION) * fullness)

    def _box(self, radius: float, pad: float = 3.0) -> QRect:
        centre = self._centre()
        r = radius + pad
        return QRectF(centre.x() - r, centre.y() - r, 2 * r, 2 * r).toAlignedRect()

    # -- frames -------------------------------------------------------------------------------

    def refresh(self) -> PacerState | None:
        """Read the position source; repaint only what would change."""
        state = self.source()
        self.state = state
        phase = state.phase.value if state is not None else ""
        phase_changed = phase != self._phase
        if phase_changed:
            self._phase = phase
            self.setAccessibleName(
                f"Breathing guide: {state.phase.label.lower()}" if state else "Breathing guide"
            )
            self.phase_shown.emit(phase)
        words = (self.phase_text, self.seconds_text)
        radius = self.radius_for(state)
        dirty = QRect()
        if abs(radius - self._radius) >= 0.5 or (self.reduced_motion and phase_changed):
            dirty = self._box(max(radius, self._radius))
            self._radius = radius
        if words != self._words:
            self._words = words
            dirty = dirty.united(self._words_box())
        if not dirty.isEmpty():
            self.update(dirty)
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
        centre, state = self._centre(), self.state
        radius = self.radius_for(state)
        background = self._cached_background()
        if self.reduced_motion or self._palette.name == "high-contrast":
            painter.drawPixmap(0, 0, background)  # clipped to the dirty area
        else:
            # The disc covers the square inside it: copy the background only around it.
            inner = radius * 0.7
            square = QRectF(centre.x() - inner, centre.y() - inner, 2 * inner, 2 * inner)
            painter.setClipRegion(
                QRegion(event.rect()).subtracted(
                    QRegion(square.toAlignedRect().adjusted(2, 2, -2, -2))
                )
            )
            painter.drawPixmap(0, 0, background)
            painter.setClipping(False)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        p = self._palette
        if self.reduced_motion:
            if state is not None and STEADY_FILL.get(state.phase, 0.0) > 0:
                fill = QColor(p.pacer_edge if p.name == "high-contrast" else p.pacer)
                # In high contrast a faint fill: white words must stay readable on it.
                dim = 0.35 if p.name == "high-contrast" else 1.0
                fill.setAlphaF(STEADY_FILL[state.phase] * dim)
                painter.setBrush(fill)
                painter.drawEllipse(centre, radius, radius)
        elif p.name == "high-contrast":  # a bright rim around a black disc
            painter.setBrush(QColor(p.pacer_edge))
            painter.drawEllipse(centre, radius, radius)
            painter.setBrush(QColor(p.pacer))
            rim = max(3.0, radius * 0.03)
            painter.drawEllipse(centre, radius - rim, radius - rim)
        else:
            painter.setBrush(QColor(p.pacer))
            painter.drawEllipse(centre, radius, radius)
        if state is not None:
            self._paint_words(painter, state)
        painter.end()

    def _cached_background(self) -> QPixmap:
        """The still parts, drawn once per size and palette: the background and the faint
        circle of a full breath (or the reduced-motion ring)."""
        if self._background is not None:
            return self._background
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(max(1, round(self.width() * ratio)), max(1, round(self.height() * ratio)))
        pixmap.setDevicePixelRatio(ratio)
        p = self._palette
        pixmap.fill(QColor(p.stage if self._stage else p.window))
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        largest = self._largest()
        if self.reduced_motion:
            painter.setPen(QPen(QColor(p.pacer_edge), max(4.0, largest * 0.06)))
            painter.drawEllipse(self._centre(), largest * 0.92, largest * 0.92)
        else:
            guide = QColor(p.pacer_rest)
            painter.setPen(QPen(guide, 2))
            painter.drawEllipse(self._centre(), largest, largest)
        painter.end()
        self._background = pixmap
        self._words_cache.clear()
        self._font_cache = (-1.0, None)
        return pixmap

    def _fonts(self) -> tuple[QFont, QFont]:
        largest = self._largest()
        if self._font_cache[0] == largest:
            return self._font_cache[1]
        word = QFont(self.font())
        word.setPointSizeF(max(12.0, largest / 7))
        word.setWeight(QFont.Weight.DemiBold)
        number = QFont(self.font())
        number.setPointSizeF(max(11.0, largest / 9))
        self._font_cache = (largest, (word, number))
        return word, number

    def _words_box(self) -> QRect:
        centre, largest = self._centre(), self._largest()
        width = largest * 1.5
        return QRectF(
            centre.x() - width / 2, centre.y() - largest * 0.38, width, largest * 0.76
        ).toAlignedRect()

    def _word_picture(self, text: str, font: QFont) -> QPixmap:
        """A word drawn once into a pixmap and then only copied: Qt draws glyphs this large
        (over 64 px) as paths, which cost a millisecond a frame."""
        colour = self._palette.stage_text if self._stage else self._palette.pacer_text
        key = f"{font.pointSizeF():.1f}|{font.weight()}|{colour}|{text}"
        picture = self._words_cache.get(key)
        if picture is None:
            ratio = self.devicePixelRatioF()
            metrics = QFontMetricsF(font)
            width, height = metrics.horizontalAdvance(text) + 4, metrics.height() + 2
            picture = QPixmap(max(1, round(width * ratio)), max(1, round(height * ratio)))
            picture.setDevicePixelRatio(ratio)
            picture.fill(Qt.GlobalColor.transparent)
            painter = QPainter(picture)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            painter.setFont(font)
            painter.setPen(QColor(colour))
            painter.drawText(QPointF(2, metrics.ascent() + 1), text)
            painter.end()
            self._words_cache[key] = picture
        return picture

    def _paint_words(self, painter: QPainter, state: PacerState) -> None:
        word_font, number_font = self._fonts()
        centre, largest = self._centre(), self._largest()
        for text, font, top in (
            (state.phase.label, word_font, -largest * 0.34),
            (str(seconds_left(state)), number_font, largest * 0.06),
        ):
            picture = self._word_picture(text, font)
            width = picture.width() / picture.devicePixelRatio()
            painter.drawPixmap(QPointF(centre.x() - width / 2, centre.y() + top), picture)

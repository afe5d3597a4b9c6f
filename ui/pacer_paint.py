"""How the pacer draws one frame, kept lean: a frame repaints only the disc's box, so what it
costs is a copy of the still parts, one antialiased disc and, where the box reaches them, the
words (pictures drawn once).

Everything that does not change from frame to frame is made once per size, palette and mode:
the background with the faint circle of a full breath (or the reduced-motion ring), the
colours, the fonts and the word pictures with their places. What a frame costs, part by part
(the wake-up, Qt's repaint and the round trip to the X server, the box, the disc), is in
docs/performance.md ("Pacer frames, taken apart").
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QPixmap

from calm.practice.events import Phase
from ui import theme

MIN_FRACTION = 0.38  # the disc's radius with empty lungs, as a share of the largest
# How full the reduced-motion ring is filled in each phase (no movement, one change a phase).
STEADY_FILL = {Phase.INHALE: 0.45, Phase.HOLD_IN: 0.8, Phase.EXHALE: 0.25, Phase.HOLD_OUT: 0.0}
PAUSED_OPACITY = 0.35  # the guide is dimmed to this while paused
ANTIALIAS = QPainter.RenderHint.Antialiasing
NO_PEN = Qt.PenStyle.NoPen


class PacerPainter:
    """The pacer's drawing for one size, palette and mode; made again when any changes."""

    def __init__(
        self,
        width: int,
        height: int,
        ratio: float,
        palette: theme.Palette,
        stage: bool,
        reduced: bool,
        font: QFont,
    ):
        self.width, self.height, self.ratio = width, height, ratio
        self.palette, self.stage, self.reduced = palette, stage, reduced
        self.largest = min(width, height) * 0.46
        self.centre = QPointF(width / 2, height / 2)
        self.contrast = palette.name == "high-contrast"
        self.disc = QColor(palette.pacer)
        self.edge = QColor(palette.pacer_edge)
        self.rim = max(3.0, self.largest * 0.03)
        self.text_colour = QColor(palette.stage_text if stage else palette.pacer_text)
        self.background = self._background()
        self.window = QColor(palette.stage if stage else palette.window)
        # The square inside the faint circle (or the reduced-motion ring) holds nothing still
        # but the background colour: a frame there fills instead of copying.
        inner = self.largest * (0.92 - 0.04 if reduced else 1.0) * 0.7071 - 2
        self.plain = QRectF(self.centre.x() - inner, self.centre.y() - inner, 2 * inner,
                            2 * inner).toAlignedRect()  # fmt: skip
        self._word_font, self._number_font = self._fonts(font)
        self._pictures: dict[tuple[str, bool, bool], tuple[QPixmap, QPointF, QRect]] = {}
        self.words_box = QRectF(
            self.centre.x() - self.largest * 0.75,
            self.centre.y() - self.largest * 0.38,
            self.largest * 1.5,
            self.largest * 0.76,
        ).toAlignedRect()

    # -- geometry -----------------------------------------------------------------------------

    def radius(self, fullness: float) -> float:
        """The disc's radius for a breath's fullness (the steady ring's in reduced motion)."""
        if self.reduced:
            return self.largest * 0.92
        return self.largest * (MIN_FRACTION + (1 - MIN_FRACTION) * fullness)

    def box(self, radius: float, pad: float = 3.0) -> QRect:
        """What a disc of this radius covers (with its antialiased edge)."""
        r = radius + pad
        c = self.centre
        return QRect(int(c.x() - r), int(c.y() - r), int(2 * r) + 2, int(2 * r) + 2)

    # -- drawing ------------------------------------------------------------------------------

    def paint(
        self,
        painter: QPainter,
        rect: QRect,
        radius: float,
        phase: Phase | None,
        words: tuple[str, str],
        paused: bool,
    ) -> None:
        """One frame inside `rect` (the repainted area): still parts, disc, words."""
        ratio = self.ratio
        if self.plain.contains(rect):
            painter.fillRect(rect, self.window)  # inside the faint circle: all one colour
        elif ratio == 1.0:
            painter.drawPixmap(rect, self.background, rect)
        else:
            source = QRectF(rect.x() * ratio, rect.y() * ratio, rect.width() * ratio,
                            rect.height() * ratio)  # fmt: skip
            painter.drawPixmap(QRectF(rect), self.background, source)
        if paused:
            painter.setOpacity(PAUSED_OPACITY)
        painter.setRenderHint(ANTIALIAS)
        painter.setPen(NO_PEN)
        centre = self.centre
        if self.reduced:
            fill = STEADY_FILL.get(phase, 0.0) if phase is not None else 0.0
            if fill > 0:
                colour = QColor(self.edge if self.contrast else self.disc)
                # In high contrast a faint fill: white words must stay readable on it.
                colour.setAlphaF(fill * (0.35 if self.contrast else 1.0))
                painter.setBrush(colour)
                painter.drawEllipse(centre, radius, radius)
        elif self.contrast:  # a bright rim around a black disc
            painter.setBrush(self.edge)
            painter.drawEllipse(centre, radius, radius)
            painter.setBrush(self.disc)
            painter.drawEllipse(centre, radius - self.rim, radius - self.rim)
        else:
            painter.setBrush(self.disc)
            painter.drawEllipse(centre, radius, radius)
        if paused:
            painter.setOpacity(1.0)
        if rect.intersects(self.words_box):
            word, number = words
            if word:
                self._draw(painter, rect, word, False, bool(number))
            if number:
                self._draw(painter, rect, number, True, True)

    def _draw(self, painter: QPainter, rect: QRect, text: str, number: bool, paired: bool):
        picture, place, covers = self._picture(text, number, paired)
        if rect.intersects(covers):
            painter.drawPixmap(place, picture)

    def _picture(self, text: str, number: bool, paired: bool) -> tuple[QPixmap, QPointF, QRect]:
        """A word drawn once into a pixmap and then only copied (Qt draws glyphs this large as
        paths, a millisecond a frame), with where it goes: a word above its number, or alone
        in the middle ("Paused")."""
        key = (text, number, paired)
        found = self._pictures.get(key)
        if found is not None:
            return found
        # A word alone ("Paused") takes the number's smaller size: it fits the smallest disc.
        font = self._word_font if paired and not number else self._number_font
        metrics = QFontMetricsF(font)
        width, height = metrics.horizontalAdvance(text) + 4, metrics.height() + 2
        picture = QPixmap(max(1, round(width * self.ratio)), max(1, round(height * self.ratio)))
        picture.setDevicePixelRatio(self.ratio)
        picture.fill(Qt.GlobalColor.transparent)
        painter = QPainter(picture)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setFont(font)
        painter.setPen(self.text_colour)
        painter.drawText(QPointF(2, metrics.ascent() + 1), text)
        painter.end()
        if number:
            top = self.largest * 0.06
        elif paired:
            top = -self.largest * 0.34
        else:
            top = -height / 2
        place = QPointF(self.centre.x() - width / 2, self.centre.y() + top)
        covers = QRectF(place, QPointF(place.x() + width, place.y() + height)).toAlignedRect()
        self._pictures[key] = found = (picture, place, covers)
        return found

    def _fonts(self, base: QFont) -> tuple[QFont, QFont]:
        word = QFont(base)
        word.setPointSizeF(max(12.0, self.largest / 7))
        word.setWeight(QFont.Weight.DemiBold)
        number = QFont(base)
        number.setPointSizeF(max(11.0, self.largest / 9))
        return word, number

    def _background(self) -> QPixmap:
        """The still parts: the background and the faint circle of a full breath (or the
        reduced-motion ring)."""
        ratio = self.ratio
        pixmap = QPixmap(max(1, round(self.width * ratio)), max(1, round(self.height * ratio)))
        pixmap.setDevicePixelRatio(ratio)
        p = self.palette
        pixmap.fill(QColor(p.stage if self.stage else p.window))
        painter = QPainter(pixmap)
        painter.setRenderHint(ANTIALIAS)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        largest = self.largest
        if self.reduced:
            painter.setPen(QPen(QColor(p.pacer_edge), max(4.0, largest * 0.06)))
            painter.drawEllipse(self.centre, largest * 0.92, largest * 0.92)
        else:
            painter.setPen(QPen(QColor(p.pacer_rest), 2))
            painter.drawEllipse(self.centre, largest, largest)
        painter.end()
        return pixmap

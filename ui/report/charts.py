"""Small charts for the report, drawn with QPainter into images at print resolution.

Each chart says only what it shows: the y axis is the 0-10 scale, x labels are distinct dates
thinned to fit (never repeated), and a series with no points is left out of the legend.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen

WIDTH, HEIGHT = 1600, 560  # pixels; shown at about 16 x 5.6 cm
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 110, 40, 70, 90
COLOURS = ("#1f5f8b", "#c0562b", "#3b7d3b", "#7a4f9a")
MAX_X_LABELS = 6
LABEL_WIDTH = 200


@dataclass(frozen=True)
class Series:
    """One line: its name, and (day, value) points in date order."""

    name: str
    points: tuple[tuple[date, float], ...]


def _painter(image: QImage) -> QPainter:
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont("DejaVu Sans")
    font.setPixelSize(26)
    painter.setFont(font)
    return painter


def _x_labels(days: Sequence[date]) -> list[date]:
    """At most MAX_X_LABELS distinct days, evenly picked, first and last included."""
    unique = sorted(set(days))
    if len(unique) <= MAX_X_LABELS:
        return unique
    step = (len(unique) - 1) / (MAX_X_LABELS - 1)
    return sorted({unique[round(n * step)] for n in range(MAX_X_LABELS)})


def _label(painter: QPainter, x: float, y: float, text: str) -> None:
    """A label centred under x, kept inside the image."""
    left = min(max(x - LABEL_WIDTH / 2, 0), WIDTH - LABEL_WIDTH)
    painter.drawText(QRectF(left, y, LABEL_WIDTH, 36), Qt.AlignmentFlag.AlignHCenter, text)


def line_chart(title: str, series: Sequence[Series], top: float = 10) -> QImage:
    """Lines of 0-`top` values over dates, with a title, axes and a legend."""
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_RGB32)
    painter = _painter(image)
    plot = QRectF(
        MARGIN_LEFT,
        MARGIN_TOP,
        WIDTH - MARGIN_LEFT - MARGIN_RIGHT,
        HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
    )
    painter.drawText(QRectF(0, 0, WIDTH, 50), Qt.AlignmentFlag.AlignLeft, title)
    days = [day for line in series for day, _ in line.points]
    if not days:
        painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, "No ratings in this period.")
        painter.end()
        return image
    first, last = min(days), max(days)
    span = max((last - first).days, 1)

    def x_of(day: date) -> float:
        if first == last:
            return plot.center().x()
        return plot.left() + plot.width() * (day - first).days / span

    def y_of(value: float) -> float:
        return plot.bottom() - plot.height() * value / top

    painter.setPen(QPen(QColor("#cccccc"), 2))
    for value in range(0, int(top) + 1, 2):
        painter.drawLine(QPointF(plot.left(), y_of(value)), QPointF(plot.right(), y_of(value)))
        painter.setPen(QColor("#333333"))
        painter.drawText(
            QRectF(0, y_of(value) - 16, MARGIN_LEFT - 16, 32),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            str(value),
        )
        painter.setPen(QPen(QColor("#cccccc"), 2))
    painter.setPen(QColor("#333333"))
    one_year = first.year == last.year
    for day in _x_labels(days):
        _label(
            painter,
            x_of(day),
            plot.bottom() + 12,
            day.strftime("%-d %b" if one_year else "%-d %b %Y"),
        )
    if one_year:
        painter.drawText(
            QRectF(0, 0, WIDTH - MARGIN_RIGHT, 50), Qt.AlignmentFlag.AlignRight, str(first.year)
        )
    legend_x = MARGIN_LEFT
    for n, line in enumerate(s for s in series if s.points):
        colour = QColor(COLOURS[n % len(COLOURS)])
        painter.setPen(QPen(colour, 5))
        points = [QPointF(x_of(day), y_of(value)) for day, value in line.points]
        for a, b in zip(points, points[1:], strict=False):
            painter.drawLine(a, b)
        painter.setBrush(colour)
        for point in points:
            painter.drawEllipse(point, 7, 7)
        painter.drawLine(QPointF(legend_x, HEIGHT - 24), QPointF(legend_x + 40, HEIGHT - 24))
        painter.setPen(QColor("#333333"))
        painter.drawText(QPointF(legend_x + 50, HEIGHT - 14), line.name)
        legend_x += 70 + painter.fontMetrics().horizontalAdvance(line.name)
    painter.end()
    return image


def bar_chart(title: str, bars: Sequence[tuple[date, int, int]]) -> QImage:
    """Done (filled) against asked (outline) per week: (week start, done, asked)."""
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_RGB32)
    painter = _painter(image)
    plot = QRectF(
        MARGIN_LEFT,
        MARGIN_TOP,
        WIDTH - MARGIN_LEFT - MARGIN_RIGHT,
        HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
    )
    painter.drawText(QRectF(0, 0, WIDTH, 50), Qt.AlignmentFlag.AlignLeft, title)
    top = max([asked for _, _, asked in bars] + [done for _, done, _ in bars] + [1])
    slot = plot.width() / max(len(bars), 1)
    labelled = set(_x_labels([week for week, _, _ in bars]))
    for n, (week, done, asked) in enumerate(bars):
        left = plot.left() + n * slot + slot * 0.15
        width = slot * 0.7

        def height(value: int) -> float:
            return plot.height() * value / top

        painter.setPen(QPen(QColor("#1f5f8b"), 3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(left, plot.bottom() - height(asked), width, height(asked)))
        painter.setBrush(QColor("#1f5f8b"))
        painter.drawRect(QRectF(left, plot.bottom() - height(done), width, height(done)))
        if week in labelled:
            painter.setPen(QColor("#333333"))
            painter.drawText(
                QRectF(left + width / 2 - 90, plot.bottom() + 12, 180, 36),
                Qt.AlignmentFlag.AlignHCenter,
                week.strftime("%-d %b"),
            )
    painter.setPen(QColor("#333333"))
    painter.drawText(
        QRectF(0, plot.top() - 16, MARGIN_LEFT - 16, 32), Qt.AlignmentFlag.AlignRight, str(top)
    )
    painter.drawText(
        QRectF(0, plot.bottom() - 16, MARGIN_LEFT - 16, 32), Qt.AlignmentFlag.AlignRight, "0"
    )
    painter.drawText(
        QPointF(MARGIN_LEFT, HEIGHT - 14),
        "Filled: practices done. Outline: practices asked for. One bar a week.",
    )
    painter.end()
    return image

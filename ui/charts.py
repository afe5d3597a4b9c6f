"""The Progress charts (QtCharts): ratings before and after over time, and practice per week.

Importing this module loads QtCharts, slow to import and heavy in memory (docs/performance.md),
so only the Progress screen imports it, the first time it is shown. Colours and type sizes come
from the theme; the before line is solid, the after line dashed, so the two differ without
colour too. Each chart has a text alternative given by the screen (the plain-words summary and
the tables).

The ratings chart's time axis counts days from the first one shown; its labels come from
`axis_ticks` (at most seven, none repeated, all inside the span), placed on their days.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QWidget

from ui import theme
from ui.screens.progress_data import Bar, DayPoint, axis_ticks

MAX_BAR_LABELS = 14  # more labels than this under the bars run into each other


BOTTOM, LEFT = Qt.AlignmentFlag.AlignBottom, Qt.AlignmentFlag.AlignLeft


class _Chart(QChartView):
    """A chart view styled from the theme palette and text scale."""

    def __init__(self, palette: theme.Palette, scale: float, parent: QWidget | None = None):
        super().__init__(parent)
        self.palette_ = palette
        self.scale = scale
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(round(260 * (0.6 + scale * 0.4)))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # nothing to do in it; the tables are there

    def font(self, factor: float = 1.0) -> QFont:  # type: ignore[override]
        font = QFont()
        font.setPointSizeF(theme.BASE_POINT_SIZE * self.scale * factor * 0.85)
        return font

    def fresh_chart(self) -> QChart:
        chart = QChart()
        chart.setBackgroundVisible(False)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.legend().setLabelColor(QColor(self.palette_.text))
        chart.legend().setFont(self.font())
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)  # calm, and no CPU
        old = self.chart()
        self.setChart(chart)
        if old is not None:
            old.deleteLater()
        return chart

    def style_axis(self, axis) -> None:
        axis.setLabelsColor(QColor(self.palette_.muted))
        axis.setLabelsFont(self.font())
        axis.setGridLineColor(QColor(self.palette_.border))
        axis.setLinePenColor(QColor(self.palette_.border))


class RatingsChart(_Chart):
    """A 0-10 rating over days: the average before practice and after it (paired runs)."""

    def show_days(self, measure: str, days: Sequence[DayPoint], first: date, last: date) -> None:
        chart = self.fresh_chart()
        lines = []
        for label, attr, colour, style in (
            ("Before practice", "before", self.palette_.accent, Qt.PenStyle.SolidLine),
            ("After practice", "after", self.palette_.focus, Qt.PenStyle.DashLine),
        ):
            series = QLineSeries()
            series.setName(label)
            pen = QPen(QColor(colour))
            pen.setWidthF(2.5)
            pen.setStyle(style)
            series.setPen(pen)
            series.setPointsVisible(len(days) <= 60)  # dots help a few points, clutter many
            for point in days:
                value = getattr(point, attr)
                if value is not None:
                    series.append((point.day - first).days, value)
            chart.addSeries(series)
            lines.append(series)
        x_axis = QCategoryAxis()
        x_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        span = (last - first).days
        low, high = (-0.5, 0.5) if span <= 0 else (0, span)  # one day: centred, no padding
        x_axis.setRange(low, high)
        x_axis.setStartValue(low - 1)  # the first label sits on the first day, not before it
        for day, label in axis_ticks(first, last):
            x_axis.append(label, (day - first).days)
        self.x_axis = x_axis
        y_axis = QValueAxis()
        y_axis.setRange(0, 10)
        y_axis.setTickCount(6)
        y_axis.setLabelFormat("%d")
        y_axis.setTitleText(f"{measure.capitalize()} (0–10)")
        y_axis.setTitleBrush(QColor(self.palette_.muted))
        y_axis.setTitleFont(self.font())
        for axis, side in (
            (x_axis, Qt.AlignmentFlag.AlignBottom),
            (y_axis, Qt.AlignmentFlag.AlignLeft),
        ):
            self.style_axis(axis)
            chart.addAxis(axis, side)
            for series in lines:
                series.attachAxis(axis)
        self.series = lines


class BarsChart(_Chart):
    """One bar per week (or month): practices or minutes."""

    def show_bars(self, label: str, bars: Sequence[Bar]) -> None:
        chart = self.fresh_chart()
        chart.legend().setVisible(False)
        bar_set = QBarSet(label)
        bar_set.setColor(QColor(self.palette_.accent))
        bar_set.setBorderColor(QColor(self.palette_.accent))
        for bar in bars:
            bar_set.append(bar.value)
        series = QBarSeries()
        series.append(bar_set)
        series.setBarWidth(0.7)
        chart.addSeries(series)
        x_axis = QBarCategoryAxis()
        x_axis.append(_sparse_labels([bar.label for bar in bars]))
        y_axis = QValueAxis()
        top = max([bar.value for bar in bars] + [1.0])
        y_axis.setRange(0, _nice_ceiling(top))
        y_axis.setTickCount(5)
        y_axis.setLabelFormat("%d")
        y_axis.setTitleText(label)
        y_axis.setTitleBrush(QColor(self.palette_.muted))
        y_axis.setTitleFont(self.font())
        for axis, side in (
            (x_axis, Qt.AlignmentFlag.AlignBottom),
            (y_axis, Qt.AlignmentFlag.AlignLeft),
        ):
            self.style_axis(axis)
            chart.addAxis(axis, side)
            series.attachAxis(axis)
        self.bar_set = bar_set


def _sparse_labels(labels: list[str]) -> list[str]:
    """Every n-th label, the rest blank (made unique with zero-width spaces, as a category
    axis needs distinct names), so many weeks still read cleanly."""
    step = max(1, -(-len(labels) // MAX_BAR_LABELS))
    return [text if n % step == 0 else "\u200b" * (n + 1) for n, text in enumerate(labels)]


def _nice_ceiling(value: float) -> float:
    """A round top for a four-interval axis: 4, 8, 20, 40, 80, 200..."""
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500):
        if value <= step * 4:
            return step * 4
    return value

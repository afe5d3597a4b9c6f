"""Progress: how practice is going for the person practising now, in words, charts and tables.

At the top, plain sentences (the weekly change against the first weeks, with an IMMPACT band
only when the ratings can carry one; practice this week; the change right after a practice;
calm/reports/words.py): these are also the charts' text alternative, with the week-by-week
table. Then the ratings before and after over time (runs rated both times only, with a caption
naming the span shown), practice per week, the average change per practice, every run with its
note, and export (CSV, FHIR) running off the interface thread with a progress bar.

QtCharts is imported the first time the screen is shown, not at start-up (ui/charts.py).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from calm.errors import CalmError
from calm.exchange.csv_export import count_measures, export_csv
from calm.exchange.fhir_export import export_fhir
from calm.practice.library import Library
from calm.reports.outcomes import MIN_PAIRS, client_outcomes
from calm.reports.words import ProgressWords, progress_words
from calm.settings import Settings
from calm.store import Store
from ui import theme
from ui.models import ChangeTableModel, RecordRole, RunTableModel, WeekTableModel
from ui.screens.choices import ChoiceRow
from ui.screens.parts import (
    AskSavePath,
    ask_save_path,
    hold_while_working,
    page,
    section,
    text_label,
)
from ui.screens.progress_data import (
    PERIODS,
    chart_caption,
    daily_points,
    period_start,
    practice_bars,
)
from ui.screens.progress_programme import ProgrammeProgress

FORMATS = {
    "csv": ("Spreadsheet (CSV)", ".csv", "CSV files (*.csv)", export_csv),
    "fhir": ("Health records (FHIR)", ".fhir.json", "FHIR JSON (*.json)", export_fhir),
}

MIN_ROW_PX = 44


class _ProgressRelay(QObject):
    """Carries the export's progress from the worker thread to the bar (a queued signal)."""

    moved = Signal(int, int)


def table(model, height: int) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setDefaultAlignment(
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    )
    view.setMinimumHeight(height)
    return view


class ProgressScreen(QWidget):
    """The current client's progress; emits `exported(path)` when an export file is written."""

    exported = Signal(str)

    def __init__(
        self,
        store: Store,
        settings: Settings,
        library: Library,
        run_in_background: Callable[..., None],
        client_id: Callable[[], str],
        ask_save_path: AskSavePath = ask_save_path,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self.library = library
        self.run_in_background = run_in_background
        self.client_id = client_id
        self.ask_save_path = ask_save_path
        self.today = today
        self.runs: list = []
        self.outcomes = None
        self.ratings_chart = self.bars_chart = None  # made on first show (QtCharts is heavy)
        self.runs_model = RunTableModel(self)
        self.weeks_model = WeekTableModel(self)
        self.change_model = ChangeTableModel(self)
        self.relay = _ProgressRelay(self)

        scroll, layout = page(980)
        self.title = text_label("Your progress", "title")
        layout.addWidget(self.title)
        self.words_box = QVBoxLayout()
        self.words_box.setSpacing(8)
        layout.addLayout(self.words_box)
        self.sections: list[QWidget] = []
        self.programme = ProgrammeProgress(layout)
        self._build_charts(layout)
        self._build_tables(layout)
        self._build_export(layout)
        layout.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    # -- building -----------------------------------------------------------------------------

    def _card(self, title: str, layout: QVBoxLayout) -> QVBoxLayout:
        inner = section(title, layout)
        self.sections.append(inner.parentWidget())
        return inner

    def _build_charts(self, layout: QVBoxLayout) -> None:
        ratings = self._card("Before and after practice", layout)
        self.measure = ChoiceRow("Show", (("pain", "Pain"), ("stress", "Stress")))
        self.measure.set_value("pain")
        self.period = ChoiceRow("Over", PERIODS)
        self.period.set_value(91)
        for row in (self.measure, self.period):
            row.chosen.connect(lambda _v: self._draw_charts())
            ratings.addWidget(row)
        self.ratings_place = QVBoxLayout()
        ratings.addLayout(self.ratings_place)
        self.ratings_caption = text_label("", "muted")
        self.ratings_caption.setAccessibleName("What the chart shows")
        ratings.addWidget(self.ratings_caption)
        bars = self._card("Practice", layout)
        self.bar_kind = ChoiceRow("Show", (("practices", "Practices"), ("minutes", "Minutes")))
        self.bar_kind.set_value("practices")
        self.bar_kind.chosen.connect(lambda _v: self._draw_charts())
        bars.addWidget(self.bar_kind)
        self.bars_place = QVBoxLayout()
        bars.addLayout(self.bars_place)

    def _build_tables(self, layout: QVBoxLayout) -> None:
        weeks = self._card("Week by week", layout)
        weeks.addWidget(
            text_label(
                "Average ratings before practice. The first weeks are the start; later weeks "
                "show in brackets the change from it, in points and per cent.",
                "muted",
            )
        )
        self.weeks_table = table(self.weeks_model, 240)
        self.weeks_table.setAccessibleName("Week by week: practices, minutes and ratings")
        weeks.addWidget(self.weeks_table)
        change = self._card("Which practices help", layout)
        change.addWidget(
            text_label(
                f"Average ratings before → after each practice, once it has been rated both "
                f"times at least {MIN_PAIRS} times. “Higher after” marks a practice after which "
                "the rating is a point or more higher, on average.",
                "muted",
            )
        )
        self.change_table = table(self.change_model, 200)
        self.change_table.setAccessibleName("Average change before and after, per practice")
        change.addWidget(self.change_table)
        runs = self._card("Every practice", layout)
        self.runs_table = table(self.runs_model, 320)
        self.runs_table.setAccessibleName("Every practice, newest first, with notes")
        runs.addWidget(self.runs_table)
        # The chosen practice in full: a long note does not fit its column.
        self.run_detail = text_label(
            "Choose a practice in the list to read its note here.", "muted"
        )
        self.run_detail.setAccessibleName("The chosen practice")
        runs.addWidget(self.run_detail)
        self.runs_table.selectionModel().currentRowChanged.connect(self._run_chosen)

    def _build_export(self, layout: QVBoxLayout) -> None:
        export = self._card("Export", layout)
        export.addWidget(
            text_label(
                "Save this log as a file for your therapist or for health records. Nothing "
                "is sent anywhere; you choose where the file goes.",
                "muted",
            )
        )
        row = QHBoxLayout()
        self.export_buttons: dict[str, QPushButton] = {}
        for key, (label, *_rest) in FORMATS.items():
            button = QPushButton(label)
            button.setAccessibleName(f"Export as {label}")
            button.clicked.connect(lambda _=False, k=key: self.export(k))
            row.addWidget(button)
            self.export_buttons[key] = button
        row.addStretch(1)
        export.addLayout(row)
        self.export_bar = QProgressBar()
        self.export_bar.setAccessibleName("Export progress")
        self.export_bar.setTextVisible(False)
        self.export_bar.hide()
        self._release: Callable[[], None] = lambda: None  # the buttons held while saving
        self.relay.moved.connect(self._export_moved)
        export.addWidget(self.export_bar)
        self.export_message = text_label("")
        self.export_message.setAccessibleName("Export message")
        self.export_message.hide()
        export.addWidget(self.export_message)

    # -- filling ------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        try:
            self.refresh()
        except CalmError as error:  # the log could not be read: say so where the words go
            self.words = ProgressWords((str(error),), empty=True)
            self._show_words()
            for card in self.sections:
                card.hide()
        super().showEvent(event)

    def refresh(self) -> None:
        """Read the current client's runs again and show them."""
        client = self.store.client(self.client_id())
        clinic = self.settings.get("mode") == "clinic"
        self.title.setText(f"Progress — {client.name}" if clinic else "Your progress")
        whose = f"{client.name}'s" if clinic else "your"
        today = self.today()
        self.runs = self.store.runs_for_client(client.id)
        category_of = {s.id: s.category for s in self.library.scripts.values()}
        self.outcomes = client_outcomes(self.runs, today, category_of)
        titles = {run.practice_id: run.title for run in self.runs}
        self.words = progress_words(self.outcomes, today, whose, titles)
        self._show_words()
        self.programme.show_client(self.store, client.id, self.runs, today)
        self.runs_model.set_runs(self.runs, today.year)
        for view in (self.runs_table, self.weeks_table, self.change_table):
            # Rows a finger or a shaky mouse can hit: 44 px, more for large text.
            rows = view.verticalHeader()
            rows.setMinimumSectionSize(MIN_ROW_PX)
            rows.setDefaultSectionSize(max(MIN_ROW_PX, view.fontMetrics().height() + 16))
        self.weeks_model.set_figures(self.outcomes.adherence, self.outcomes.weekly)
        self.change_model.set_changes(self.outcomes.change_by_practice, titles)
        for card in self.sections:
            card.setVisible(not self.words.empty)
        if not self.words.empty and self.isVisible():
            self._draw_charts()

    def _run_chosen(self, current, _previous=None) -> None:
        if not current.isValid():
            return
        run = self.runs_model.data(current, RecordRole)
        cells = self.runs_model.rows[current.row()][1]
        parts = [f"{cells[0]}: {run.title}", cells[3]]
        for measure, cell in (("pain", cells[4]), ("stress", cells[5])):
            if cell:
                parts.append(f"{measure} {cell}")
        text = " · ".join(parts) + "."
        self.run_detail.setText(f"{text} Note: {run.note}" if run.note else f"{text} No note.")

    def _show_words(self) -> None:
        while self.words_box.count():
            item = self.words_box.takeAt(0)
            item.widget().hide()
            item.widget().deleteLater()
        for n, line in enumerate(self.words.lines):
            words = text_label(line, "heading" if n == 0 else None)
            self.words_box.addWidget(words)

    def _ensure_charts(self) -> None:
        if self.ratings_chart is not None:
            return
        from ui import charts  # QtCharts: loaded now, the first time Progress is shown

        palette = theme.palette(self.settings.get("theme"))
        scale = self.settings.get("text.scale")
        self.ratings_chart = charts.RatingsChart(palette, scale)
        self.bars_chart = charts.BarsChart(palette, scale)
        self.ratings_place.addWidget(self.ratings_chart)
        self.bars_place.addWidget(self.bars_chart)
        self._chart_style = (palette.name, scale)

    def _draw_charts(self) -> None:
        style = (self.settings.get("theme"), self.settings.get("text.scale"))
        if self.ratings_chart is not None and style != self._chart_style:
            for chart in (self.ratings_chart, self.bars_chart):  # the theme changed: remake
                chart.hide()
                chart.deleteLater()
            self.ratings_chart = self.bars_chart = None
        self._ensure_charts()
        today = self.today()
        since = period_start(self.runs, self.period.value(), today)
        measure = self.measure.value()
        points = daily_points(self.runs, measure, since)
        self.ratings_chart.show_days(measure, points, since, today)
        self.ratings_caption.setText(chart_caption(points, measure))
        self.ratings_chart.setAccessibleName(f"Chart: {measure} before and after practice")
        self.ratings_chart.setAccessibleDescription(self.words.text())
        label, bars = practice_bars(self.outcomes.adherence, self.bar_kind.value(), since)
        self.bars_chart.show_bars(label, bars)
        self.bars_chart.setAccessibleName(f"Chart: {label.lower()}")
        self.bars_chart.setAccessibleDescription("The same figures are in the week-by-week table.")

    # -- export -------------------------------------------------------------------------------

    def export(self, kind: str) -> None:
        """Ask where to save, then write the file off the interface thread."""
        label, suffix, filter_, write = FORMATS[kind]
        client = self.store.client(self.client_id())
        slug = re.sub(r"[^a-z0-9]+", "-", client.name.lower()).strip("-") or "log"
        suggested = f"calm-harbor-{slug}-{self.today():%Y-%m-%d}{suffix}"
        path = self.ask_save_path(self, f"Export as {label}", suggested, filter_)
        if not path:
            return
        self.export_bar.setRange(0, 0)  # busy until the first count arrives
        self.export_bar.show()
        self._release = hold_while_working(self.export_buttons.values(), self.export_bar)
        self._say(f"Saving to {Path(path).name}…")
        store, client_id, moved = self.store, client.id, self.relay.moved

        def work() -> tuple[int, str, bool]:
            count = write(store, Path(path), [client_id], moved.emit)
            return count, path, count_measures(store, [client_id]) > 0

        self.run_in_background(work, self._exported, self._export_failed)

    def _export_moved(self, done: int, total: int) -> None:
        self.export_bar.setRange(0, max(total, 1))
        self.export_bar.setValue(done)

    def _exported(self, result: tuple[int, str, bool]) -> None:
        count, path, answers = result
        self._export_finished()
        noun = "practice" if count == 1 else "practices"
        also = ", with the goals and answers," if answers else ""
        self._say(f"Saved {count} {noun}{also} to {path}.")
        self.exported.emit(path)

    def _export_failed(self, error: BaseException) -> None:
        self._export_finished()
        if isinstance(error, CalmError):
            self._say(str(error), problem=True)
            return
        self._say("The export could not be saved. Nothing was written.", problem=True)
        sys.excepthook(type(error), error, error.__traceback__)

    def _export_finished(self) -> None:
        self._release()
        self.export_bar.hide()

    def _say(self, text: str, problem: bool = False) -> None:
        self.export_message.setText(text)
        self.export_message.setProperty("role", "warning" if problem else None)
        self.export_message.style().unpolish(self.export_message)
        self.export_message.style().polish(self.export_message)
        self.export_message.show()

"""Progress: the current client's runs in words, tables and charts, and export from there."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea

from calm.exchange.csv_export import COLUMNS
from calm.practice.library import load_library
from calm.settings import Settings
from calm.store import open_store
from calm.store.recorder import current_client
from tests.support.footprint import footprint
from ui.models import ChangeTableModel, RecordRole, RunTableModel, WeekTableModel
from ui.screens.clients import ClientsScreen
from ui.screens.progress import ProgressScreen
from ui.screens.progress_data import axis_ticks
from ui.tasks import run_immediately

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 3, 19)  # a Thursday
LIBRARY = load_library()


@pytest.fixture
def store(paths):
    store = open_store(paths)
    yield store
    store.close()


def practise(store, client_id, day, practice="body-scan", pain=(6, 4), stress=(7, 3), **kw):
    """A run on `day` at 9:00 local time with its ratings (None = skipped)."""
    started = datetime(day.year, day.month, day.day, 9, 0).astimezone()
    script = LIBRARY.get(practice)
    run = store.start_run(
        client_id, practice, script.title, variant="10", planned_ms=600_000, started=started
    )
    for measure, pair in (("pain", pain), ("stress", stress)):
        for when, value in zip(("before", "after"), pair, strict=True):
            store.set_rating(run.id, measure, when, value, rated=started)
    status = kw.get("status", "completed")
    practised = kw.get("practised_ms", 600_000)
    store.finish_run(
        run.id, status, practised, practised / 600_000, ended=started + timedelta(minutes=10)
    )
    if kw.get("note"):
        store.set_run_note(run.id, kw["note"])
    return store.run(run.id)


def make_screen(qtbot, store, ask=None, client=None):
    settings = Settings(store)
    client_id = client or (lambda: current_client(store, settings))
    screen = ProgressScreen(
        store,
        settings,
        LIBRARY,
        run_immediately,
        client_id,
        ask or (lambda *_a: None),
        today=lambda: TODAY,
    )
    qtbot.addWidget(screen)
    return screen


def test_run_table_model_reads_like_a_person_would_say_it(store):
    """The runs table says date, practice, length, status and ratings plainly, newest first."""
    me = store.default_client().id
    practise(store, me, TODAY - timedelta(days=2), note="Calmer after.")
    practise(
        store,
        me,
        TODAY,
        "slow-breathing",
        pain=(5, None),
        stress=(None, None),
        status="stopped",
        practised_ms=150_000,
    )
    model = RunTableModel()
    model.set_runs(store.runs_for_client(me), this_year=2026)

    def cell(row, col, role=Qt.ItemDataRole.DisplayRole):
        return model.data(model.index(row, col), role)

    assert model.rowCount() == 2 and model.columnCount() == 7
    assert [cell(0, c) for c in range(6)] == [
        "Thu 19 Mar, 09:00",
        "Slow Breathing, 6 a minute",
        "2.5 min",
        "Stopped at 25 %",
        "5 → –",
        "– → –",
    ]
    assert cell(0, 4, Qt.ItemDataRole.AccessibleTextRole) == "Pain 5 before, skipped after"
    assert cell(1, 3) == "Completed" and cell(1, 6) == "Calmer after."
    assert cell(1, 6, Qt.ItemDataRole.ToolTipRole) == "Calmer after."
    assert cell(1, 0) == "Tue 17 Mar, 09:00"
    assert cell(1, 0, RecordRole).practice_id == "body-scan"
    assert model.headerData(4, Qt.Orientation.Horizontal) == "Pain"


def test_week_and_change_models(store):
    """Weekly averages with the change from week one, and the average change per practice."""
    from calm.reports.outcomes import client_outcomes

    me = store.default_client().id
    practise(store, me, TODAY - timedelta(weeks=2, days=1), pain=(6, 5))  # logged in order
    practise(store, me, TODAY - timedelta(weeks=2), pain=(8, 6))
    practise(store, me, TODAY - timedelta(weeks=2, days=-1), pain=(7, 4))
    practise(store, me, TODAY, "slow-breathing", pain=(4, 7), stress=(5, 5))
    runs = store.runs_for_client(me)
    outcomes = client_outcomes(runs, TODAY)
    weeks = WeekTableModel()
    weeks.set_figures(outcomes.adherence, outcomes.weekly)
    row = [weeks.data(weeks.index(0, c)) for c in range(5)]
    assert row == ["16 Mar 2026", "1", "10", "4.0 (-3.0, -43 %)", "5.0 (-2.0, -29 %)"]
    spoken = weeks.data(weeks.index(0, 3), Qt.ItemDataRole.AccessibleTextRole)
    assert spoken == "pain 4.0 on average, 3.0 points (43 %) lower than at the start"
    assert weeks.rowCount() == 3  # the empty week between is shown too
    assert weeks.data(weeks.index(1, 3)) == ""
    assert weeks.data(weeks.index(2, 3)) == "7.0 (start)"
    changes = ChangeTableModel()
    changes.set_changes(outcomes.change_by_practice, {r.practice_id: r.title for r in runs})
    assert [changes.data(changes.index(0, c)) for c in range(4)] == [
        "Body Scan",
        "3",
        "7.0 → 5.0",
        "7.0 → 3.0",
    ]
    spoken = changes.data(changes.index(0, 2), Qt.ItemDataRole.AccessibleTextRole)
    assert spoken == "Pain 2.0 points lower after practice, on average"
    assert [changes.data(changes.index(1, c)) for c in range(4)] == [
        "Slow Breathing, 6 a minute",
        "1",
        "Too few ratings yet (1 of 3)",
        "Too few ratings yet (1 of 3)",
    ]
    for day in (1, 2):  # three times, pain 3 points higher after: marked
        practise(store, me, TODAY + timedelta(days=day), "slow-breathing", pain=(4, 7))
    runs = store.runs_for_client(me)
    changes.set_changes(
        client_outcomes(runs, TODAY).change_by_practice, {r.practice_id: r.title for r in runs}
    )
    assert changes.data(changes.index(1, 2)) == "4.0 → 7.0, higher after"


def test_charts_load_only_when_progress_is_first_shown():
    """Start-up does not pay for QtCharts: it loads the first time Progress is shown."""
    code = (
        "import os, sys, tempfile\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "os.environ['CALM_HOME'] = tempfile.mkdtemp()\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from calm.paths import AppPaths\nfrom calm.store import open_store\n"
        "from calm.settings import Settings\nfrom calm.practice.library import load_library\n"
        "from ui.tasks import run_immediately\nfrom ui.screens.progress import ProgressScreen\n"
        "store = open_store(AppPaths.from_environment().ensure())\n"
        "me = store.default_client().id\n"
        "r = store.start_run(me, 'body-scan', 'Body Scan')\n"
        "store.finish_run(r.id, 'completed', 60000, 1.0)\n"
        "s = ProgressScreen(store, Settings(store), load_library(), run_immediately, lambda: me)\n"
        "print('before', 'PySide6.QtCharts' in sys.modules)\n"
        "s.show(); app.processEvents()\n"
        "print('after', 'PySide6.QtCharts' in sys.modules, s.ratings_chart is not None)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["before", "False", "after", "True", "True"]


def test_charts_show_the_chosen_measure_and_period(qtbot, store):
    """The chart plots daily averages of the chosen measure; practice bars per week."""
    me = store.default_client().id
    practise(store, me, TODAY - timedelta(days=40), pain=(8, 6))
    practise(store, me, TODAY, pain=(4, 2), stress=(6, 3))
    screen = make_screen(qtbot, store)
    screen.show()
    before, after = screen.ratings_chart.series
    assert [p.y() for p in before.points()] == [8.0, 4.0]
    assert [p.y() for p in after.points()] == [6.0, 2.0]
    qtbot.mouseClick(screen.period.button_for(28), Qt.MouseButton.LeftButton)
    assert [p.y() for p in screen.ratings_chart.series[0].points()] == [4.0]
    qtbot.mouseClick(screen.measure.button_for("stress"), Qt.MouseButton.LeftButton)
    assert [p.y() for p in screen.ratings_chart.series[1].points()] == [3.0]
    assert screen.bars_chart.bar_set.count() == 5  # weeks touching the last 28 days
    assert "Pain this week so far is" in screen.ratings_chart.accessibleDescription()


def test_empty_state_is_a_friendly_sentence(qtbot, store):
    """Someone who has not practised yet sees one kind sentence, not empty charts."""
    screen = make_screen(qtbot, store)
    screen.show()
    assert screen.words.empty
    first = screen.words_box.itemAt(0).widget()
    assert first.text().startswith("No practices yet.")
    assert all(card.isHidden() for card in screen.sections)
    assert screen.ratings_chart is None  # nothing to chart: QtCharts not even loaded for it


def test_switching_clients_keeps_their_records_apart(qtbot, store):
    """Switching clients in the clinic shows only that client's runs in Progress."""
    settings = Settings(store)
    settings.set("mode", "clinic")
    alex, maria = store.add_client("Alex"), store.add_client("Maria")
    practise(store, alex.id, TODAY, "body-scan", note="Alex's note")
    practise(store, maria.id, TODAY, "slow-breathing")
    practise(store, maria.id, TODAY - timedelta(days=1), "grounding")
    client_id = lambda: current_client(store, settings)  # noqa: E731
    clients = ClientsScreen(store, settings, run_immediately, client_id)
    progress = make_screen(qtbot, store, client=client_id)
    clients.client_switched.connect(lambda _id: progress.refresh())
    qtbot.addWidget(clients)
    progress.show()
    assert progress.runs_model.rowCount() == 0  # "Me" has not practised
    clients.reload(select=alex.id)
    clients.switch()
    assert [r.client_id for r in (row[0] for row in progress.runs_model.rows)] == [alex.id]
    assert progress.title.text() == "Progress — Alex"
    clients.reload(select=maria.id)
    clients.switch()
    shown = [row[0] for row in progress.runs_model.rows]
    assert {r.client_id for r in shown} == {maria.id}
    assert [r.practice_id for r in shown] == ["slow-breathing", "grounding"]
    assert "Alex's note" not in json.dumps([row[1] for row in progress.runs_model.rows])


def test_export_csv_through_the_dialog(qtbot, store, tmp_path):
    """Export writes the chosen CSV file (RFC 4180) with this client's runs, and says so."""
    me = store.default_client().id
    other = store.add_client("Other")
    practise(store, me, TODAY, note='Said "hello", then slept')
    practise(store, other.id, TODAY)
    asked = []

    def ask(parent, title, suggested, filter_):
        asked.append((title, suggested, filter_))
        return str(tmp_path / suggested)

    screen = make_screen(qtbot, store, ask)
    screen.show()
    with qtbot.waitSignal(screen.exported) as done:
        qtbot.mouseClick(screen.export_buttons["csv"], Qt.MouseButton.LeftButton)
    assert asked == [
        ("Export as Spreadsheet (CSV)", "calm-harbor-me-2026-03-19.csv", "CSV files (*.csv)")
    ]
    path = Path(done.args[0])
    raw = path.read_bytes()
    assert raw.count(b"\r\n") == 2  # header and one run, CRLF
    rows = list(csv.DictReader(raw.decode().splitlines()))
    assert list(rows[0]) == list(COLUMNS)
    assert rows[0]["client_id"] == me and rows[0]["note"] == 'Said "hello", then slept'
    assert screen.export_message.text() == f"Saved 1 practice to {path}."
    assert screen.export_bar.isHidden()
    assert all(b.isEnabled() for b in screen.export_buttons.values())


def test_export_fhir_validates(qtbot, store, tmp_path):
    """The FHIR export from Progress is a valid R4 Bundle of this client's ratings."""
    me = store.default_client().id
    practise(store, me, TODAY)
    screen = make_screen(qtbot, store, lambda p, t, s, f: str(tmp_path / s))
    screen.show()
    with qtbot.waitSignal(screen.exported) as done:
        screen.export("fhir")
    document = json.loads(Path(done.args[0]).read_text(encoding="utf-8"))
    assert Bundle.model_validate(document).type == "collection"
    kinds = [e["resource"]["resourceType"] for e in document["entry"]]
    assert kinds.count("Patient") == 1 and kinds.count("Observation") == 4


def test_export_failure_is_a_plain_sentence(qtbot, store, tmp_path):
    """An export to a folder that does not exist says what to do; buttons come back."""
    practise(store, store.default_client().id, TODAY)
    target = tmp_path / "missing" / "log.csv"
    screen = make_screen(qtbot, store, lambda *_a: str(target))
    screen.show()
    screen.export("csv")
    assert "could not be written" in screen.export_message.text()
    assert screen.export_message.property("role") == "warning"
    assert not target.exists()
    assert screen.export_buttons["csv"].isEnabled()


def test_export_from_the_keyboard_keeps_the_place(qtbot, store, tmp_path):
    """A person at the foot of a scrolled Progress page presses "Spreadsheet (CSV)" with
    Space: the page does not jump while the file is saved (the buttons are disabled
    meanwhile), the answer is under the buttons, and focus is back on the button pressed."""
    practise(store, store.default_client().id, TODAY)
    screen = make_screen(qtbot, store, lambda p, t, s, f: str(tmp_path / s))
    screen.resize(720, 420)
    screen.show()
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    button = screen.export_buttons["csv"]
    bar = screen.findChild(QScrollArea).verticalScrollBar()
    bar.setValue(bar.maximum())
    button.setFocus()
    qtbot.waitUntil(button.hasFocus)
    where = bar.value()
    with qtbot.waitSignal(screen.exported):
        qtbot.keyClick(button, Qt.Key.Key_Space)
    assert screen.export_message.text().startswith("Saved 1 practice to ")
    assert bar.value() == where
    assert button.hasFocus() and all(b.isEnabled() for b in screen.export_buttons.values())


def test_cancelled_export_writes_nothing(qtbot, store, tmp_path):
    """Closing the save dialog leaves everything as it was: no file and no record written."""
    practise(store, store.default_client().id, TODAY)
    screen = make_screen(qtbot, store)
    screen.show()
    before = footprint(tmp_path, store.path)
    for kind in ("csv", "fhir"):
        screen.export(kind)
        assert screen.export_message.isHidden()
    assert footprint(tmp_path, store.path) == before


def test_choosing_a_run_shows_its_note(qtbot, store):
    """Choosing a practice in the table shows its whole note beneath it."""
    practise(store, store.default_client().id, TODAY, note="A long note " * 10)
    screen = make_screen(qtbot, store)
    screen.show()
    screen.runs_table.setCurrentIndex(screen.runs_model.index(0, 0))
    assert screen.run_detail.text().startswith("Thu 19 Mar, 09:00: Body Scan · Completed")
    assert screen.run_detail.text().endswith("Note: " + "A long note " * 10)


def test_unreadable_log_is_a_sentence_not_a_crash(qtbot, store, paths):
    """If the practice log cannot be read, Progress says so in plain words."""
    screen = make_screen(qtbot, store)
    store.close()  # the file is gone from under the screen (as a failing disk would do)
    screen.show()
    assert screen.words.empty
    text = screen.words_box.itemAt(0).widget().text()
    assert "practice log" in text and "Traceback" not in text


@pytest.mark.parametrize("days", [0, 1, 2, 6, 7, 13, 27, 84, 85, 90, 200, 364, 365, 800, 3000])
def test_time_axis_labels_are_few_distinct_and_inside_the_span(days):
    """The chart's dates never repeat a label nor sit outside the days it shows."""
    first = date(2025, 12, 20)
    ticks = axis_ticks(first, first + timedelta(days=days))
    labels = [label for _day, label in ticks]
    assert 1 <= len(ticks) <= 7
    assert len(set(labels)) == len(labels)
    assert all(first <= day <= first + timedelta(days=days) for day, _label in ticks)
    assert [day for day, _ in ticks] == sorted(day for day, _ in ticks)


def test_the_chart_plots_paired_ratings_only_over_the_span_it_names(qtbot, store):
    """A before-rating without its after-rating is not plotted, so the lines match the words."""
    me = store.default_client().id
    practise(store, me, TODAY - timedelta(days=3), pain=(9, None), stress=(None, None))
    practise(store, me, TODAY - timedelta(days=2), pain=(6, 4), stress=(None, None))
    practise(store, me, TODAY, pain=(5, 3), stress=(None, None))
    screen = make_screen(qtbot, store)
    screen.show()
    before, after = screen.ratings_chart.series
    assert [p.y() for p in before.points()] == [6.0, 5.0]  # the lone 9 is left out
    assert [p.y() for p in after.points()] == [4.0, 3.0]
    axis = screen.ratings_chart.x_axis
    labels = axis.categoriesLabels()
    assert len(set(labels)) == len(labels) and labels[0] == "16 Mar"
    assert all(axis.min() <= axis.endValue(label) <= axis.max() for label in labels)
    assert all(axis.min() <= p.x() <= axis.max() for p in before.points())
    assert screen.ratings_caption.text() == (
        "17 Mar 2026 to 19 Mar 2026: 2 days with pain rated both before and after practice "
        "(each point is that day's average)."
    )
    qtbot.mouseClick(screen.measure.button_for("stress"), Qt.MouseButton.LeftButton)
    assert screen.ratings_caption.text() == (
        "No practice in this period was rated for stress both before and after."
    )


def test_progress_says_a_misdated_practice_is_left_out_of_the_weeks(qtbot, store):
    """A practice logged with the clock set back a year is listed, said, and not the start."""
    me = store.default_client().id
    practise(store, me, TODAY - timedelta(days=14), pain=(6, 5))
    practise(store, me, TODAY - timedelta(days=365), pain=(9, 9), note="Clock was wrong")
    practise(store, me, TODAY, pain=(3, 3))
    screen = make_screen(qtbot, store)
    screen.show()
    lines = screen.words.lines
    assert lines[0].startswith("Pain this week so far is 3.0 points (50 %) lower")
    assert lines[-1].startswith("1 practice is dated before one logged earlier")
    assert screen.runs_model.rowCount() == 3  # kept in the log
    assert screen.weeks_model.rowCount() == 3  # not a year of empty weeks
    assert [p.y() for p in screen.ratings_chart.series[0].points()] == [6.0, 3.0]


def test_an_export_with_goals_says_it_carries_them(qtbot, store, tmp_path):
    """The file holds the client's goals and answers too, and the sentence says so."""
    me = store.default_client().id
    practise(store, me, TODAY)
    store.add_goal(me, "Walk to the shop", rating=4)
    screen = make_screen(qtbot, store, lambda parent, title, suggested, f: str(tmp_path / "a.csv"))
    screen.show()
    with qtbot.waitSignal(screen.exported) as done:
        qtbot.mouseClick(screen.export_buttons["csv"], Qt.MouseButton.LeftButton)
    path = Path(done.args[0])
    assert screen.export_message.text() == (
        f"Saved 1 practice, with the goals and answers, to {path}."
    )
    records = [row["record"] for row in csv.DictReader(path.read_text().splitlines())]
    assert records == ["practice", "goal", "goal rating"]

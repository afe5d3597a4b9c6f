"""The home programme's whole loop, end to end, as issue-free as a clinic needs it:

1. At the clinic, Anna is added, her goals and her programme are set.
2. Her pack is opened on a fresh home data folder; she practises there (in the real window)
   and rates her goals on the weekly questions.
3. Her export comes back to the clinic into the same client, and the report shows the home
   practices against the programme and the goal ratings.
"""

from __future__ import annotations

import subprocess
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt

import app
from audio.engine import SilentEngine
from calm.clock import FakeClock
from calm.paths import AppPaths
from calm.store import open_store
from ui.tasks import run_immediately


def _at(monkeypatch, folder: Path) -> AppPaths:
    monkeypatch.setenv("CALM_HOME", str(folder))
    return AppPaths.from_environment().ensure()


def test_clinic_to_home_and_back_with_the_report(tmp_path, monkeypatch, qtbot, capsys):
    """Everything Anna does at home comes back to her record at the clinic, and the report
    shows it against her programme and goals."""
    clinic = _at(monkeypatch, tmp_path / "clinic")
    run = app.main
    with open_store(clinic) as store:
        anna = store.add_client("Anna").id
    assert (
        run(
            [
                "programme",
                "--client",
                "Anna",
                "add",
                "box-breathing",
                "--length",
                "2",
                "--per-day",
                "1",
                "--instruction",
                "After breakfast",
            ]
        )
        == 0
    )
    with open_store(clinic) as store:  # set and rated at the clinic last week
        goal = store.add_goal(anna, "Cook a meal standing")
        store.rate_goal(goal.id, 3, datetime.now().astimezone() - timedelta(days=8))
    pack = tmp_path / "anna.calmpack"
    assert run(["pack", "--client", "Anna", "-o", str(pack)]) == 0

    home = _at(monkeypatch, tmp_path / "home")
    assert run(["open-pack", str(pack)]) == 0
    store = open_store(home)
    clock = FakeClock(0)
    parts = app.build_window(
        home, store, clock=clock, runner=run_immediately,
        audio_factory=lambda: SilentEngine(),
    )  # fmt: skip
    parts.settings.set("screening.done", True)
    qtbot.addWidget(parts.window)
    parts.window.show()
    parts.window.show_page("home")
    programme = parts.screens["home"].programme
    qtbot.mouseClick(programme.start_buttons[0], Qt.MouseButton.LeftButton)
    checkin = parts.screens["checkin"]
    qtbot.mouseClick(checkin.pain.buttons[5], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(checkin.start, Qt.MouseButton.LeftButton)
    while parts.controller.active:
        clock.advance(1000)
        parts.controller.tick()
    checkout = parts.screens["checkout"]
    qtbot.mouseClick(checkout.pain.buttons[3], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(checkout.finish, Qt.MouseButton.LeftButton)
    weekly = parts.screens["weekly"]
    ((goal, row),) = weekly.goal_rows
    qtbot.mouseClick(row.buttons[5], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(weekly.go_on, Qt.MouseButton.LeftButton)
    assert parts.window.current_page() == "summary"
    parts.shutdown()
    store.close()
    export = tmp_path / "anna-home.json"
    assert run(["export", "--client", "Anna", "--format", "fhir", "-o", str(export)]) == 0

    _at(monkeypatch, tmp_path / "clinic")
    capsys.readouterr()
    assert run(["import", str(export)]) == 0
    said = capsys.readouterr().out
    assert "Anna" in said and "1 practice" in said
    with open_store(clinic) as store:
        assert [c.name for c in store.list_clients() if c.name.startswith("Anna")] == ["Anna"]
        assert store.count_runs(anna) == 1
        assert [r.value for r in store.goal_ratings(anna)] == [3, 5]
    report = tmp_path / "anna.pdf"
    assert run(["report", "--client", "Anna", "-o", str(report)]) == 0
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(report), "-"], capture_output=True, text=True
        ).stdout.split()
    )
    assert "Box Breathing 2 min once a day After breakfast" in text
    assert "Done 1 of 1 practices asked (100 %)" in text
    assert "Cook a meal standing 3 → 5 (+2 points)" in text

"""A full disk during a practice: the practice goes on, nothing given is lost, and the person
is told plainly what happens (in the window and in the terminal)."""

from __future__ import annotations

import os
import stat
import sys

import pytest

from calm.paths import AppPaths
from calm.store import open_store
from calm.store.pending import FULL, PENDING_NAME, SAVED
from tests.faults.files import script
from tests.support.cli import ROOT
from tests.support.faults import fill_disk
from tests.support.window import window_parts
from ui.screens.summary import WAITING


@pytest.fixture
def window(paths, qtbot):
    """The real window on a real store, with a fake clock and silent sound."""
    with window_parts(paths, qtbot) as parts:
        yield parts


def practise_with_a_full_disk(parts) -> str:
    """Box breathing with pain 6 before; the disk fills a minute in; played to its end and
    rated 3 after, with a note. Returns the run's id."""
    flow = parts.screens["flow"]
    flow.choose("box-breathing", "2")
    flow.start({"pain": 6, "stress": None})
    controller = parts.controller
    for _ in range(60):
        parts.clock.advance(1000)
        controller.tick()
    fill_disk(parts.store)
    while controller.active:
        parts.clock.advance(1000)
        controller.tick()
        assert controller.stage.value in ("running", "finished")
    controller.rate_after("pain", 3)
    controller.save_note("Calmer")
    return controller.run_id


def test_the_window_goes_on_and_the_summary_tells_the_truth(window, qtbot):
    """A completed practice must not be summed up as "You stopped early … less than a minute"
    because its end could not be written; when space returns, all of it is saved."""
    run_id = practise_with_a_full_disk(window)
    window.screens["flow"].show_summary()
    summary = window.screens["summary"]
    assert summary.title.text() == "Well done"
    assert summary.change.text() == "Pain 6 → 3 · Stress not rated"
    assert summary.how_far.text() == f"Box Breathing, 2 minutes. {WAITING}"
    assert window.window.notices.texts().count(FULL) == 1
    assert window.store.run(run_id).status == "running"  # not yet on the disk
    window.store._db.fault = None  # space again
    window.controller.save_note("Calmer still")
    qtbot.waitUntil(lambda: SAVED in window.window.notices.texts())
    saved = window.store.run(run_id)
    assert saved.status == "completed" and saved.practised_ms >= 120_000
    assert (saved.value("pain", "before"), saved.value("pain", "after")) == (6, 3)
    assert saved.note == "Calmer still"


def test_closing_on_a_full_disk_keeps_the_records_for_the_next_opening(window, paths):
    """Ratings and the end given while the disk is full survive closing the app."""
    run_id = practise_with_a_full_disk(window)
    window.shutdown()
    window.store.close()
    kept = paths.data / PENDING_NAME
    assert window.store.closing_notices == [
        f"The disk is still full, so the last practice's records are kept in {kept} and will "
        "be added to your log the next time Calm Harbor opens. Please free some space before "
        "then."
    ]
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    with open_store(paths) as store:
        assert store.notices == [
            "The records of a practice kept while the disk was full have now been added to "
            "your practice log."
        ]
        run = store.run(run_id)
    assert run.status == "completed" and run.value("pain", "after") == 3 and run.note == "Calmer"
    assert not kept.exists()


def test_when_not_even_the_small_file_fits_the_loss_is_said(window, paths):
    """If nothing at all can be written, the person hears what was lost, not a traceback."""
    practise_with_a_full_disk(window)
    (paths.data / (PENDING_NAME + ".partial")).mkdir()  # the small file cannot be written
    window.shutdown()
    window.store.close()
    assert window.store.closing_notices == [
        "The disk is still full, and the last practice's records could not be kept anywhere: "
        "what was given after the disk filled up is lost. Please free some space before "
        "practising again."
    ]


TERMINAL_CHILD = """
import sys
import app
from calm.store.recorder import RunRecorder
from tests.support.faults import fill_disk
from tests.support.window import window_parts
begin = RunRecorder.begin
def begin_then_fill(self, *args):  # the injected fault: the disk fills once the run is logged
    run_id = begin(self, *args)
    fill_disk(self.store)
    return run_id
RunRecorder.begin = begin_then_fill
sys.exit(app.main(sys.argv[1:]))
"""


def test_the_terminal_player_goes_on_and_a_broken_log_file_stays_quiet(calm_home, calm):
    """The terminal player used to stop at the first failed write; a log file on the full disk
    printed "--- Logging error ---" tracebacks between the captions."""
    script(calm_home / "data" / "practices", "tiny.toml", id="tiny", title="Tiny")
    (calm_home / "log").mkdir(parents=True)
    (calm_home / "log" / "calm-harbor.log").symlink_to("/dev/full")  # every log line fails
    import subprocess

    done = subprocess.run(
        [sys.executable, "-c", TERMINAL_CHILD, "play", "tiny", "--no-window"],
        input="6\n\n3\n\n", capture_output=True, text=True, timeout=120, cwd=ROOT,
        env={**os.environ, "CALM_HOME": str(calm_home), "SDL_AUDIODRIVER": "dummy"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.count(f"Note: {FULL}") == 1
    assert "The practice has ended." in done.stdout
    assert "Pain 6 → 3" in done.stdout
    kept = calm_home / "data" / PENDING_NAME
    assert done.stderr == (
        f"calm-harbor: The disk is still full, so the last practice's records are kept in "
        f"{kept} and will be added to your log the next time Calm Harbor opens. Please free "
        "some space before then.\n"
    )
    later = calm("stats")
    assert later.stderr == (
        "calm-harbor: The records of a practice kept while the disk was full have now been "
        "added to your practice log.\n"
    )
    assert later.stdout.startswith("Me: 1 practice, ")
    with open_store(AppPaths.from_environment({"CALM_HOME": str(calm_home)})) as store:
        (run,) = store.all_runs()
    assert run.status == "completed" and run.value("pain", "after") == 3

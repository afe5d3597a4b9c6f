"""Background work: sounds are prepared off the interface thread and the result comes back on
it, so the window never freezes and no widget is touched from a worker."""

from __future__ import annotations

import threading

from ui.tasks import run_immediately, run_in_background


def test_work_runs_on_a_worker_and_answers_on_the_main_thread(qtbot):
    """The work runs elsewhere; its result is handed back on the thread of the window."""
    seen = {}

    def work():
        seen["worker"] = threading.current_thread() is not threading.main_thread()
        return 42

    def done(result):
        seen["result"] = result
        seen["main"] = threading.current_thread() is threading.main_thread()

    run_in_background(work, done)
    qtbot.waitUntil(lambda: "result" in seen, timeout=5_000)
    assert seen == {"worker": True, "result": 42, "main": True}


def test_errors_come_back_to_the_caller(qtbot):
    """A failure in the background is handed to on_error on the main thread, never lost."""
    errors = []

    def work():
        raise OSError("disk gone")

    run_in_background(work, lambda _r: None, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5_000)
    assert isinstance(errors[0], OSError)
    caught = []
    run_immediately(work, lambda _r: None, caught.append)
    assert str(caught[0]) == "disk gone"

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


def test_the_end_waits_for_work_in_hand_and_a_late_answer_is_dropped_quietly(qtbot, capfd):
    """Closing the window waits for a job already running (the run's last write) before the
    store closes; a job that ends after its answer's receiver is gone says nothing on the
    terminal (it printed a traceback at every quit)."""
    import time

    import shiboken6

    from ui import tasks

    finished = []

    def slow():
        time.sleep(0.3)
        finished.append(True)

    run_in_background(slow, lambda _result: None)
    assert tasks.wait_for_workers(5_000) and finished == [True]
    gone = tasks._Relay(lambda _result: None, None)
    shiboken6.delete(gone)
    tasks._Job(lambda: 1, gone).run()  # as a worker would, after the window has gone
    assert "Traceback" not in capfd.readouterr().err

"""Work off the interface thread: `run_in_background(fn, on_done, on_error)`.

`fn` runs on a worker thread of Qt's global pool; its result (or the exception it raised) is
handed back on the main thread, where `on_done(result)` (or `on_error(error)`) may touch
widgets. Workers never touch widgets. Tests pass `run_immediately` instead, which calls
everything at once on the caller's thread, so a test needs no waiting.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class Runner(Protocol):
    """What screens and the controller accept: a way to run `fn` and hear back."""

    def __call__(
        self, fn: Callable[[], Any], on_done: Done, on_error: Failed | None = None
    ) -> None: ...


class _Relay(QObject):
    """Lives on the main thread; its signals cross from the worker as queued calls."""

    done = Signal(object)
    failed = Signal(object)

    def __init__(self, on_done: Done, on_error: Failed | None):
        super().__init__()
        self._on_done = on_done
        self._on_error = on_error
        self.done.connect(self._deliver)
        self.failed.connect(self._fail)

    @Slot(object)
    def _deliver(self, result: Any) -> None:
        _pending.discard(self)
        self._on_done(result)

    @Slot(object)
    def _fail(self, error: BaseException) -> None:
        _pending.discard(self)
        _report(error, self._on_error)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay):
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as error:  # handed to the main thread, never lost on the worker
            self._hand_back(self._relay.failed, error)
        else:
            self._hand_back(self._relay.done, result)

    @staticmethod
    def _hand_back(signal, value: Any) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the app ended while this ran: nobody is left to tell
            log.debug("a background job finished after the window had gone")


# Relays waiting for their worker: kept alive here until they have delivered.
_pending: set[_Relay] = set()


def run_in_background(fn: Callable[[], Any], on_done: Done, on_error: Failed | None = None) -> None:
    """Run `fn` on a worker thread; call `on_done(result)` or `on_error(error)` on this one."""
    relay = _Relay(on_done, on_error)
    _pending.add(relay)
    QThreadPool.globalInstance().start(_Job(fn, relay))


def wait_for_workers(timeout_ms: int = 5000) -> bool:
    """At the end: let work already handed to workers (the run's last write, the mixer being
    closed) finish before the store closes and Python ends; False if some is still running
    after `timeout_ms`. Their answers are not delivered: the window is gone."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)


def run_immediately(fn: Callable[[], Any], on_done: Done, on_error: Failed | None = None) -> None:
    """The same contract, run at once on the calling thread (for tests)."""
    try:
        result = fn()
    except Exception as error:
        _report(error, on_error)
    else:
        on_done(result)


def _report(error: BaseException, on_error: Failed | None) -> None:
    if on_error is not None:
        on_error(error)
        return
    # Nobody asked to hear about it: treat it as an unexpected error (logged, dialog shown).
    sys.excepthook(type(error), error, error.__traceback__)

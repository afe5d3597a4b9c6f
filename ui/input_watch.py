"""One application-wide watch on the person's input, shared by every rule that needs it.

Four rules look at input anywhere in the application: the wheel guard (ui/wheel.py), the
click guard (ui/click_guard.py), the clinic's idle return (ui/clinic_lock.py) and full
screen's way out (ui/screens/stage_bar.py). Qt hands every event of the application to every
application event filter, and each filter is a call into Python: as four filters they cost
three or four such calls for each timer, repaint and paint event, several for every frame of
the breathing pacer (docs/performance.md). Here one filter serves them all, and it turns away
what is not input by the event's class alone, a dictionary lookup with no call back into Qt.

A rule asks for the event classes it needs (`watch(owner, kinds, handler)`); its handler
returns True to swallow the event. The rule stops being asked when its owner is destroyed,
or when it calls the function `watch` returned.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

Handler = Callable[[QObject, QEvent], bool]


class InputWatch(QObject):
    """The application's one event filter for the rules above."""

    def __init__(self, app: QApplication):
        super().__init__(app)
        self._handlers: dict[type[QEvent], tuple[Handler, ...]] = {}
        app.installEventFilter(self)

    def watch(self, owner: QObject, kinds: Iterable[type[QEvent]], handler: Handler):
        """Call `handler(watched, event)` for events of these classes (QMouseEvent,
        QWheelEvent, QKeyEvent, QTouchEvent, QTabletEvent, QChildEvent); returns a function
        that stops it. It stops by itself when `owner` is destroyed. Watching with a handler
        already watching those classes changes nothing."""
        kinds = tuple(k for k in kinds if handler not in self._handlers.get(k, ()))
        for kind in kinds:
            self._handlers[kind] = (*self._handlers.get(kind, ()), handler)

        def stop(*_destroyed) -> None:
            for kind in kinds:
                left = tuple(h for h in self._handlers.get(kind, ()) if h != handler)
                if left:
                    self._handlers[kind] = left
                else:
                    self._handlers.pop(kind, None)

        if kinds:
            owner.destroyed.connect(stop)
        return stop

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        handlers = self._handlers.get(type(event))
        if handlers is None:  # a timer, a repaint, a paint: not input
            return False
        return any(handler(watched, event) for handler in handlers)


def input_watch(app: QApplication | None = None) -> InputWatch:
    """The application's watch (its child), installed the first time it is asked for."""
    app = app or QApplication.instance()
    if app is None:
        raise RuntimeError("the input watch needs a QApplication")
    return app.findChild(InputWatch) or InputWatch(app)

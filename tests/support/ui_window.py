"""The real window for interface tests, and a person's hands on it: real key presses, mouse
moves, clicks and wheel turns delivered through the window, to whatever is under the pointer.
"""

from __future__ import annotations

from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from app import build_window
from audio.engine import SilentEngine
from calm.clock import FakeClock
from calm.store import open_store
from ui.tasks import run_immediately

NOTCH = 120  # one click of a mouse wheel, in eighths of a degree


@dataclass
class Opened:
    """The window's parts (ui.lifecycle.WindowParts) with the fake clock that drives them."""

    parts: object
    clock: FakeClock

    def __getattr__(self, name: str):
        return getattr(self.parts, name)


def open_window(paths, qtbot, *, first_start: bool = False, size=(980, 760)) -> Opened:
    """The real window on a real store, with a fake clock and silent sound, shown and active.
    `first_start` leaves the safety questions unanswered, so the welcome comes first."""
    store = open_store(paths)
    clock = FakeClock(1_000_000)
    parts = build_window(
        paths, store, clock=clock, runner=run_immediately, audio_factory=lambda: SilentEngine()
    )
    if not first_start:
        parts.settings.set("screening.done", True)
        parts.window.show_page("home")
    window = parts.window  # closed and deleted by close_window
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    return Opened(parts, clock)


def close_window(opened: Opened) -> None:
    """Save and close; the window is deleted now, not at some later event loop (a window left
    behind is restyled by every later test's theme change)."""
    opened.parts.shutdown()
    opened.parts.store.close()
    opened.parts.window.close()
    QApplication.processEvents()  # what the screens set to happen next, before they go
    shiboken6.delete(opened.parts.window)


def real(page):
    """The screen behind a page that builds itself when first shown."""
    return getattr(page, "page", page)


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def press(qtbot, key, times: int = 1, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """Press a key where the keyboard focus is, as a person would."""
    for _ in range(times):
        target = focused()
        assert target is not None, "nothing has keyboard focus"
        qtbot.keyClick(target, key, modifier)


def _window_point(widget: QWidget, at: QPoint | None) -> tuple[object, QPointF]:
    point = widget.rect().center() if at is None else at
    window = widget.window()
    return window.windowHandle(), QPointF(widget.mapTo(window, point))


def wheel(widget: QWidget, notches: int = -1, at: QPoint | None = None) -> None:
    """Turn the wheel with the pointer over `widget` (negative = towards the person, scrolling
    down), delivered through the window to whatever is under the pointer."""
    handle, point = _window_point(widget, at)
    QTest.mouseMove(handle, point.toPoint())
    for _ in range(abs(notches)):
        QTest.wheelEvent(handle, point, QPoint(0, NOTCH if notches > 0 else -NOTCH))
        QApplication.processEvents()


def move_mouse(widget: QWidget, at: QPoint | None = None) -> None:
    """Move the pointer over `widget` (a real mouse-move through the window)."""
    handle, point = _window_point(widget, at)
    QTest.mouseMove(handle, point.toPoint())
    QApplication.processEvents()


def click(qtbot, widget: QWidget, at: QPoint | None = None) -> None:
    """A left click on `widget`, through the window, on what is under the pointer there."""
    assert widget.isVisible(), f"{widget.accessibleName() or widget} is not on screen"
    handle, point = _window_point(widget, at)
    QTest.mouseClick(
        handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point.toPoint()
    )
    QApplication.processEvents()


def tab_to(qtbot, name: str, limit: int = 60) -> QWidget:
    """Press Tab until the control with this accessible name has focus."""
    for _ in range(limit):
        widget = focused()
        if widget is not None and widget.accessibleName() == name:
            return widget
        press(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {name!r}; stuck at {focused().accessibleName()!r}")


def wheel_into_view(widget: QWidget, area, limit: int = 60) -> None:
    """Turn the wheel over a scroll area until `widget` is wholly in view, as a person scrolls
    to find something."""
    viewport = area.viewport()
    for _ in range(limit):
        if visible_in_window(widget):
            return
        top = widget.mapTo(viewport, QPoint(0, 0)).y()
        wheel(viewport, -1 if top > 0 else 1, at=QPoint(viewport.width() // 2, 10))
    raise AssertionError(f"the wheel never brought {widget.accessibleName()!r} into view")


def visible_in_window(widget: QWidget) -> bool:
    """The whole widget lies inside the window and inside every scroll area's view around it."""
    if not widget.isVisible():
        return False
    rect = widget.rect()
    child, area = widget, rect
    parent = widget.parentWidget()
    while parent is not None:
        area = area.translated(child.pos())
        if not parent.rect().contains(area):
            return False
        child, parent = parent, parent.parentWidget()
    return True

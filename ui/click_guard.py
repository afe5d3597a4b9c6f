"""A page that a click brought up ignores a second click in the same spot for half a second.

A tremor or a habit of double-clicking sends a second click where the first one was; when the
first click changed the page, the second landed on whatever the new page had in that spot (the
player's Stop under the check-in's Start, the summary's button under Done). So when a click
brings up a page, presses, double clicks and releases on that page within `NEAR_PX` of it are
ignored for `QUIET_MS`. Keys are never held back, a click elsewhere on the page counts, and a
page brought up by the keyboard or by the practice ending is not quiet. A page is whatever a
stack of pages in the window brings up: the window's own pages, and a screen's own steps (the
welcome, then its safety questions), each stack followed as it is first polished.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QChildEvent, QEvent, QObject, QPointF, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QStackedWidget, QWidget

from ui.input_watch import input_watch

QUIET_MS = 500
NEAR_PX = 40  # a shaky second click lands this close to the first
_FOLLOWED = "clickGuardFollows"  # a stack's property once its pages are followed
MOUSE = (
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseButtonRelease,
)


class ClickGuard(QObject):
    """Watches the mouse in one window, and the stacks of pages in it."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.window = window
        self._click: QPointF | None = None  # where a click is being released, while it is
        self._page: QWidget | None = None
        self._spot = QPointF()
        self._quiet_until = 0.0
        self._held = False  # a press was ignored: ignore its release too
        input_watch().watch(self, (QMouseEvent, QChildEvent), self._on_input)

    def page_shown(self, page: QWidget) -> None:
        """Quiet the new page's spot under the pointer when a click brought the page up."""
        if self._click is not None:
            self._page, self._spot = page, self._click
            self._quiet_until = time.monotonic() + QUIET_MS / 1000
        else:
            self._page = None

    def _quiet_at(self, watched: QWidget, where: QPointF) -> bool:
        page = self._page
        if page is None or time.monotonic() >= self._quiet_until:
            return False
        if watched is not page and not page.isAncestorOf(watched):
            return False
        return (where - self._spot).manhattanLength() <= NEAR_PX

    def _on_input(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QChildEvent):
            if event.type() == QEvent.Type.ChildPolished:
                self._follow(event.child())
            return False
        return self._on_mouse(watched, event)

    def _follow(self, stack: QObject) -> None:
        """A stack of pages in this window: what it brings up is a page."""
        if isinstance(stack, QStackedWidget) and not stack.property(_FOLLOWED):
            if stack.window() is self.window:
                stack.setProperty(_FOLLOWED, True)
                stack.currentChanged.connect(lambda _i: self.page_shown(stack.currentWidget()))

    def _on_mouse(self, watched: QObject, event: QMouseEvent) -> bool:
        if event.type() not in MOUSE:
            return False
        if not isinstance(watched, QWidget) or watched.window() is not self.window:
            return False
        where = event.globalPosition()
        if event.type() == QEvent.Type.MouseButtonRelease:
            if self._held:
                self._held = False
                return True
            if self._click is None:  # the click's own handlers run now: a page shown by them
                self._click = where  # was brought up by this click
                QTimer.singleShot(0, self._click_handled)
            return False
        if self._quiet_at(watched, where):
            self._held = True
            return True
        return False

    def _click_handled(self) -> None:
        self._click = None

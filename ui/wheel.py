"""The mouse wheel scrolls the page, not the controls that pass under the pointer.

One rule for the whole application, installed once on the QApplication (`install`): a combo
box, spin box or slider changes with the wheel only while it has keyboard focus, and the wheel
never gives focus (StrongFocus instead of WheelFocus). Without focus, the wheel goes on to the
page around the control, which scrolls. A person with a shaky hand scrolling a long page
(Home, Settings) never changes a setting by passing over it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QScrollBar,
    QWidget,
)

GUARDED = (QComboBox, QAbstractSpinBox, QAbstractSlider)


class WheelGuard(QObject):
    """The application's event filter for the rule above."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind not in (QEvent.Type.Polish, QEvent.Type.Wheel) or not _guarded(watched):
            return False
        if kind == QEvent.Type.Polish:
            calm_focus(watched)
        elif not _has_focus(watched):
            calm_focus(watched)  # polished before the guard was installed
            # Left unaccepted, Qt hands the wheel on to the parent: the page scrolls.
            event.ignore()
            return True
        return False


def _guarded(widget: QObject) -> bool:
    """A control whose value the wheel could change (a scroll bar is the page's own)."""
    return isinstance(widget, GUARDED) and not isinstance(widget, QScrollBar)


def calm_focus(widget: QWidget) -> None:
    """Focus by Tab or click only, never by the wheel."""
    if widget.focusPolicy() & Qt.FocusPolicy.WheelFocus == Qt.FocusPolicy.WheelFocus:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


def _has_focus(widget: QWidget) -> bool:
    focus = QApplication.focusWidget()
    return focus is not None and (focus is widget or widget.isAncestorOf(focus))


_guard: WheelGuard | None = None


def install(app: QApplication | None = None) -> WheelGuard | None:
    """Install the rule on the application, once (later calls do nothing)."""
    global _guard
    app = app or QApplication.instance()
    if app is None:
        return None
    if _guard is None:
        _guard = WheelGuard(app)
        app.installEventFilter(_guard)
    return _guard

"""The mouse wheel scrolls the page, not the controls that pass under the pointer.

One rule for the whole application, on the application's input watch (`install`,
ui/input_watch.py): a combo box, spin box or slider changes with the wheel only while it has
keyboard focus, and the wheel never gives focus (StrongFocus instead of WheelFocus, set as
each control is polished). Without focus, the wheel goes on to the page around the control,
which scrolls. A person with a shaky hand scrolling a long page (Home, Settings) never changes
a setting by passing over it.
"""

from __future__ import annotations

from PySide6.QtCore import QChildEvent, QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QScrollBar,
    QWidget,
)

from ui.input_watch import input_watch

GUARDED = (QComboBox, QAbstractSpinBox, QAbstractSlider)


def _on_input(watched: QObject, event: QEvent) -> bool:
    """A control just polished loses wheel focus; a wheel over one without focus scrolls."""
    if isinstance(event, QChildEvent):
        if event.type() == QEvent.Type.ChildPolished and _guarded(event.child()):
            calm_focus(event.child())
        return False
    if not _guarded(watched) or _has_focus(watched):
        return False
    calm_focus(watched)  # polished before the guard was installed
    # Left unaccepted, Qt hands the wheel on to the parent: the page scrolls.
    event.ignore()
    return True


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


def install(app: QApplication | None = None) -> bool:
    """Put the rule on the application's input watch (once: later calls change nothing)."""
    app = app or QApplication.instance()
    if app is None:
        return False
    input_watch(app).watch(app, (QWheelEvent, QChildEvent), _on_input)
    return True

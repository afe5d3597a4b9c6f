"""The way out of full screen for mouse users: a small bar over the calm stage.

Full screen shows only the pacer and the words. Moving the mouse, clicking or tapping anywhere
on the stage brings up this bar for a few seconds — Pause/Resume, "Exit full screen", and the
keys that do the same — and it fades from view again when the pointer rests elsewhere. It
stays while the pointer is over it or one of its buttons has keyboard focus. It shows by
itself when full screen begins, so the way out is seen before it is needed.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QMouseEvent, QTabletEvent, QTouchEvent
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QWidget

from ui.input_watch import input_watch
from ui.widgets import button, label, restyle

SHOW_MS = 4000  # how long the bar stays after the last movement
WAKING = (
    QEvent.Type.MouseMove,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.TabletPress,
)
WAKING_CLASSES = (QMouseEvent, QTouchEvent, QTabletEvent)  # what WAKING arrives as
HINT = "Esc or F11 also leaves full screen"


class StageBar(QFrame):
    """The bar; `exit_requested` and `pause_requested` when its buttons are pressed."""

    exit_requested = Signal()
    pause_requested = Signal()

    def __init__(self, stage: QWidget):
        super().__init__(stage)
        self.stage = stage
        self.active = False
        self._stop_watching = lambda: None
        self.setProperty("role", "stagebar")
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 10, 16, 10)
        row.setSpacing(12)
        self.hint = label(HINT, "muted")
        self.pause = button("Pause", "Pause (Space)")
        self.pause.clicked.connect(self.pause_requested)
        self.exit = button("Exit full screen", "Exit full screen (Esc)", "primary")
        self.exit.clicked.connect(self.exit_requested)
        row.addWidget(self.hint)
        row.addStretch(1)
        row.addWidget(self.pause)
        row.addWidget(self.exit)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SHOW_MS)
        self.timer.timeout.connect(self._rest)
        self.hide()

    def set_active(self, on: bool) -> None:
        """Watch the pointer while the stage is full screen (and only then)."""
        if on == self.active:
            return
        self.active = on
        if on:
            self._stop_watching = input_watch().watch(self, WAKING_CLASSES, self._on_input)
            for widget in (self, *self.findChildren(QWidget)):
                restyle(widget)  # the stage's colours, now that the player is the stage
            self.reveal()
        else:
            self._stop_watching()
            self.timer.stop()
            self.hide()

    def set_paused(self, paused: bool) -> None:
        self.pause.setText("Resume" if paused else "Pause")
        self.pause.setAccessibleName("Resume (Space)" if paused else "Pause (Space)")

    def reveal(self) -> None:
        """Show the bar (again) for a few seconds."""
        self.place()
        if not self.isVisible():
            self.show()
            self.raise_()
        self.timer.start()

    def place(self) -> None:
        """Centred at the top of the stage (the words being spoken are at the bottom), never
        wider than it."""
        stage = self.stage
        hint = self.sizeHint()
        width = max(self.minimumSizeHint().width(), min(stage.width() - 32, hint.width() + 40))
        height = self.heightForWidth(width) if self.hasHeightForWidth() else hint.height()
        self.setGeometry((stage.width() - width) // 2, 16, width, height)

    def _on_input(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in WAKING and isinstance(watched, QWidget):
            if watched is self.stage or self.stage.isAncestorOf(watched):
                self.reveal()
        return False

    def _rest(self) -> None:
        focus = QApplication.focusWidget()
        if self.underMouse() or (focus is not None and self.isAncestorOf(focus)):
            self.timer.start()  # in use: stay
            return
        self.hide()

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.timer.start()
        super().keyPressEvent(event)

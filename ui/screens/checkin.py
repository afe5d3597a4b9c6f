"""Check-in before a practice and check-out after it: pain and stress right now, 0-10 or
skipped, with no time limit. The check-out adds an optional note.

Keyboard: the pain row has focus when a screen opens; choosing a number (Enter or Space)
moves on to the stress row, and then to Start, so Enter, Enter, Enter is enough. After the
practice the stress row leads to the note (typing there never presses Done), then Tab to Done.
Before-ratings are handed over with Start (the run is logged when Start is pressed, and the
ratings straight after); after-ratings are handed over the moment each is given.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from calm.practice.advice import START_ANYWAY
from calm.practice.screening import STOP_LINE, URGENT_LINE
from calm.practice.script import Script, Variant
from calm.programme.model import ENERGY_PRACTICES
from ui.widgets import RatingRow, button, label

NOTE_SAVE_DELAY_MS = 1200  # save the note this long after the last key (and on Done)


class _RatingScreen(QWidget):
    """The shared shape: a title, a line under it, the two rating rows, then the buttons."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        page = QVBoxLayout(self)
        page.setContentsMargins(40, 16, 40, 20)
        page.setSpacing(10)
        self.scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no invisible Tab stop
        body = QWidget()
        self.outer = QVBoxLayout(body)
        self.outer.setContentsMargins(0, 0, 8, 0)
        self.outer.setSpacing(14)
        scroll.setWidget(body)
        page.addWidget(scroll, 1)
        self.footer = QHBoxLayout()  # the buttons stay in view however large the text
        page.addLayout(self.footer)
        self.title = label("", "title", wrap=True)
        self.outer.addWidget(self.title)
        self.subtitle = label("", "muted", wrap=True)
        self.outer.addWidget(self.subtitle)
        self.pain = RatingRow("pain")
        self.stress = RatingRow("stress")
        self.outer.addWidget(self.pain)
        self.outer.addSpacing(6)
        self.outer.addWidget(self.stress)
        self.pain.rated.connect(lambda _v: self._after_rating(self.stress.focus_target()))

    def _after_rating(self, target: QWidget) -> None:
        target.setFocus(Qt.FocusReason.TabFocusReason)
        if self.scroll.isAncestorOf(target):
            self.scroll.ensureWidgetVisible(target, 40, 80)

    def ratings(self) -> dict[str, int | None]:
        """Each measure's answer; a question left unanswered counts as skipped (None)."""
        return {"pain": self.pain.value, "stress": self.stress.value}

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        QTimer.singleShot(0, lambda: self.pain.focus_target().setFocus())


class CheckInScreen(_RatingScreen):
    """Before: how are you right now? Then Start (the second and last choice)."""

    start_requested = Signal(dict)  # {"pain": int|None, "stress": int|None}
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.script: Script | None = None
        self.variant: Variant | None = None
        self.energy = RatingRow("energy")  # the pacing check-in only
        self.outer.addSpacing(6)
        self.outer.addWidget(self.energy)
        self.stress.rated.connect(lambda _v: self._after_stress())
        self.energy.rated.connect(lambda _v: self._after_rating(self._next_button()))
        self.not_advised = False
        self.safety = label(STOP_LINE, "warning", wrap=True)
        self.urgent = label(URGENT_LINE, "muted", wrap=True)
        self.advice = label("", "warning", wrap=True)
        self.outer.addWidget(self.safety)
        self.outer.addWidget(self.urgent)
        self.outer.addWidget(self.advice)
        self.outer.addStretch(1)
        row = self.footer
        self.back = button("Back", "Back to the practices")
        self.back.clicked.connect(self.back_requested)
        self.start = button("Start", "Start the practice", "primary")
        self.start.setDefault(True)
        self.start.clicked.connect(self._start)
        row.addWidget(self.back)
        row.addStretch(1)
        row.addWidget(self.start)

    def _after_stress(self) -> None:
        asks_energy = self.energy.isVisibleTo(self)
        self._after_rating(self.energy.focus_target() if asks_energy else self._next_button())

    def _next_button(self) -> QWidget:
        """Where the ratings lead: Start, or Back when starting would take a deliberate choice."""
        return self.back if self.not_advised else self.start

    def open(
        self,
        script: Script,
        variant: Variant,
        warning: str | None = None,
        not_advised: bool = False,
    ) -> None:
        """Ready for a practice: empty ratings, its safety line and the screening's advice. A
        practice not advised says why and starts only with "Start anyway"."""
        self.script, self.variant = script, variant
        self.not_advised = not_advised
        if not_advised:
            warning = (
                f"Not advised for you. {warning or ''} You can go back and choose another "
                "practice, or start this one anyway."
            ).replace("  ", " ")
        self.title.setText(f"{script.title} · {variant.label}")
        self.subtitle.setText(
            "Before you start: how are you right now? Skip anything you would rather not answer."
        )
        self.pain.reset()
        self.stress.reset()
        self.energy.reset()
        self.energy.setVisible(script.id in ENERGY_PRACTICES)
        self.safety.setVisible(script.is_breathing)
        self.advice.setText(warning or "")
        self.advice.setVisible(bool(warning))
        self.start.setText(START_ANYWAY if not_advised else "Start")
        self.start.setDefault(not not_advised)
        start = f"{START_ANYWAY}, although not advised:" if not_advised else "Start"
        self.start.setAccessibleName(f"{start} {script.title}, {variant.label}")

    def _start(self) -> None:
        before = self.ratings()
        if self.energy.isVisibleTo(self):
            before["energy"] = self.energy.value
        self.start_requested.emit(before)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.key() == Qt.Key.Key_Escape:
            self.back_requested.emit()
            return
        super().keyPressEvent(event)


class CheckOutScreen(_RatingScreen):
    """After: the same two questions, saved as each is answered, and an optional note."""

    rated = Signal(str, object)  # measure, value (int or None)
    note_changed = Signal(str)  # after a pause in typing, and on Done
    done = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        prompt = label("A note, if you like (what helped, what got in the way)", wrap=True)
        self.outer.addWidget(prompt)
        self.note = QPlainTextEdit()
        self.note.setAccessibleName("Note about this practice")
        self.note.setTabChangesFocus(True)
        self.note.setMinimumHeight(90)
        self.note.setMaximumHeight(180)
        self.outer.addWidget(self.note)
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(NOTE_SAVE_DELAY_MS)
        self._note_timer.timeout.connect(self._save_note)
        self.note.textChanged.connect(self._note_timer.start)
        self._saved_note = ""
        self.outer.addStretch(1)
        self.footer.addStretch(1)
        self.finish = button("Done", "Done: see the summary", "primary")
        self.finish.setDefault(True)
        self.finish.clicked.connect(self._done)
        self.footer.addWidget(self.finish)
        self.pain.rated.connect(lambda value: self.rated.emit("pain", value))
        self.stress.rated.connect(lambda value: self.rated.emit("stress", value))
        # On to the note, not to Done: a space typed there must never end the check-out.
        self.stress.rated.connect(lambda _v: self._after_rating(self.note))

    def open(self, title: str, status: str = "completed") -> None:
        """Ready for the answers after a practice that ended so (completed, skipped, stopped)."""
        self.title.setText("How are you now?")
        self.subtitle.setText(
            {
                "stopped": f"You stopped {title} early, and that is fine. "
                "Your answers so far are kept.",
                "skipped": f"You skipped through to the end of {title}. "
                "Take a moment before you answer.",
            }.get(status, f"You finished {title}. Take a moment before you answer.")
        )
        self.pain.reset()
        self.stress.reset()
        self.note.blockSignals(True)
        self.note.clear()
        self.note.blockSignals(False)
        self._saved_note = ""

    def _save_note(self) -> None:
        text = self.note.toPlainText().strip()
        if text != self._saved_note:
            self._saved_note = text
            self.note_changed.emit(text)

    def _done(self) -> None:
        self._note_timer.stop()
        self._save_note()
        # A question the person saw and left is saved as skipped, never guessed.
        for row in (self.pain, self.stress):
            if not row.answered:
                self.rated.emit(row.measure, None)
        self.done.emit()

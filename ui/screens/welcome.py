"""First start: a short, warm welcome, then the safety screening; `completed()` when done.

Two quiet steps rather than one long page: a few sentences about what the app is, then the safety
questions. Answers are saved as they are given; `screening.done` is set when the person
continues, so the welcome is shown again next time if they closed the app half-way.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from calm.practice.library import Library
from calm.practice.questions import URGENT_LINE
from calm.settings import Settings
from ui.screens.parts import page, text_label
from ui.screens.screening_form import ScreeningForm
from ui.widgets import button  # Enter presses these buttons, as Space does

WELCOME_LINES = (
    "A quiet place to practise breathing, relaxation and mindfulness at your own pace: to "
    "ease stress and to live a little more comfortably with pain.",
    "Everything you enter stays on this computer. Nothing is sent anywhere.",
    "Calm Harbor does not replace the care of your doctor or therapist. If anything feels "
    "wrong during a practice, stop and breathe normally.",
    URGENT_LINE,
)


class WelcomeScreen(QWidget):
    """The welcome and the safety questions; emits `completed()` once both are through."""

    completed = Signal()

    def __init__(
        self,
        settings: Settings,
        library: Library | None = None,
        parent: QWidget | None = None,
        open_pack=None,
    ):
        super().__init__(parent)
        self.settings = settings
        self.open_pack = open_pack  # (parent) -> (opened, sentence) | None; see ui/pack_opening
        self.steps = QStackedWidget()
        self.steps.addWidget(self._greeting())
        self.steps.addWidget(self._questions(library))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.steps)

    def _greeting(self) -> QWidget:
        scroll, layout = page(720)
        layout.setSpacing(18)
        layout.addStretch(1)
        layout.addWidget(text_label("Welcome to Calm Harbor", "title"))
        for line in WELCOME_LINES:
            layout.addWidget(text_label(line))
        layout.addStretch(1)
        self.pack_state = text_label("", "muted")
        layout.addWidget(self.pack_state)
        row = QHBoxLayout()
        self.from_pack = button(
            "Open a pack from your therapist…", "Open a pack from your therapist"
        )
        self.from_pack.clicked.connect(self._open_pack)
        self.from_pack.setVisible(self.open_pack is not None)
        row.addWidget(self.from_pack)
        row.addStretch(1)
        self.begin = button("Continue", "Continue to the safety questions", "primary")
        self.begin.setDefault(True)
        self.begin.clicked.connect(self.show_questions)
        row.addWidget(self.begin)
        layout.addLayout(row)
        layout.addStretch(2)
        return scroll

    def _open_pack(self) -> None:
        """A therapist's pack: who this is, their answers and their programme, at once."""
        result = self.open_pack(self) if self.open_pack else None
        if result is None:
            return
        opened, sentence = result
        self.pack_state.setText(sentence)
        if opened and self.settings.get("screening.done"):
            self.completed.emit()  # answered with the therapist; the pack carried them
        elif opened:
            self.show_questions()

    def _questions(self, library: Library | None) -> QWidget:
        scroll, layout = page()
        layout.addWidget(text_label("A few safety questions", "title"))
        layout.addWidget(
            text_label(
                "Your answers hide or adapt the few practices that might not suit you. "
                "They stay on this computer, and you can change them later in Settings."
            )
        )
        self.form = ScreeningForm(self.settings, library)
        self.form.changed.connect(lambda _answers: self._count_missing())
        layout.addWidget(self.form)
        self.missing = text_label("", "warning")
        self.missing.hide()
        layout.addWidget(self.missing)
        row = QHBoxLayout()
        back = button("Back", "Back to the welcome")
        back.clicked.connect(lambda: self.steps.setCurrentIndex(0))
        row.addWidget(back)
        row.addStretch(1)
        self.finish = button("Save and continue", "Save the answers and continue", "primary")
        self.finish.clicked.connect(self._finish)
        row.addWidget(self.finish)
        layout.addLayout(row)
        layout.addStretch(1)
        return scroll

    def _count_missing(self, asked: bool = False) -> list:
        """Say how many questions are left once the person has tried to go on, and keep the
        count true as they answer (gone when none is left)."""
        left = self.form.unanswered()
        if left and (asked or self.missing.isVisible()):
            many = "question is" if len(left) == 1 else "questions are"
            self.missing.setText(f"{len(left)} {many} still unanswered. Please answer Yes or No.")
            self.missing.show()
        elif not left:
            self.missing.hide()
        return left

    def show_questions(self) -> None:
        self.steps.setCurrentIndex(1)
        first = next(iter(self.form.rows.values()))
        (first.no if first.no.isChecked() else first.yes).setFocus(Qt.FocusReason.TabFocusReason)

    def _finish(self) -> None:
        left = self._count_missing(asked=True)
        if left:
            # Ask rather than assume "no": a missed question could hide a real risk.
            left[0].yes.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.settings.set("screening.answers", self.form.answers())
        self.settings.set("screening.done", True)
        self.completed.emit()

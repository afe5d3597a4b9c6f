"""The words being spoken, under the guide: shown at once, faded out once they have been said.

The controller says "" a short hold after the speech ends (ui/controller.py); the words then
fade over CAPTION_FADE_MS in CAPTION_FADE_STEPS steps (a few repaints, not an animation at the
screen's rate) and are cleared. The label keeps the height the last words took, so the guide
above does not jump each time words come and go.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimeLine
from PySide6.QtWidgets import QGraphicsOpacityEffect, QLabel, QSizePolicy

CAPTION_FADE_MS = 700
CAPTION_FADE_STEPS = 10


class Caption(QLabel):
    """A centred, wrapping caption that fades out when told the words have been said."""

    def __init__(self):
        super().__init__("")
        self.setProperty("role", "caption")
        self.setWordWrap(True)
        self.setIndent(0)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAccessibleName("Guidance")
        # The words take the height they need (large text wraps to more lines); the pacer
        # takes what is left.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.fade = QTimeLine(CAPTION_FADE_MS, self)
        self.fade.setUpdateInterval(CAPTION_FADE_MS // CAPTION_FADE_STEPS)
        self.fade.valueChanged.connect(self._fading)
        self.fade.finished.connect(lambda: self.show_words(""))

    def say(self, text: str) -> None:
        """New words show at once; "" (they have been said) fades the words out."""
        if text or not self.text():
            self.show_words(text)
        elif self.fade.state() is not QTimeLine.State.Running:
            self.setGraphicsEffect(QGraphicsOpacityEffect(self))
            self.fade.start()

    def show_words(self, text: str) -> None:
        """The words, fully opaque (a fade under way is ended)."""
        self.fade.stop()
        if self.graphicsEffect() is not None:
            self.setGraphicsEffect(None)
        self.setText(text)

    def fit(self, width: int) -> None:
        """Room for every line of the words at this width; none shown keeps the last room."""
        if self.text():
            self.setMinimumHeight(max(0, self.heightForWidth(max(width, 100))))

    def _fading(self, value: float) -> None:
        effect = self.graphicsEffect()
        if isinstance(effect, QGraphicsOpacityEffect):
            effect.setOpacity(1.0 - value)

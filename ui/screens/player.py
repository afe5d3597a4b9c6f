"""The player: the pacer, the words being spoken, the step, progress and time left, and the
controls — Pause/Resume (Space), Stop (Esc, with a gentle confirm), previous/next step, the
sound panel (a volume per layer and the ambience) and presentation mode (F11: only the pacer
and the caption, full screen, on a calm dark background; Esc leaves it first, and moving the
mouse or tapping shows a bar with "Exit full screen" for a few seconds: ui/screens/stage_bar.py).

The screen only shows what the controller says and calls its verbs. Time left is shown in
whole minutes and changes once a minute, so nothing is announced every second.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QMessageBox,
    QProgressBar,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from calm.practice.ambience import AMBIENCE_CHOICES
from calm.practice.countdown import time_left_words
from calm.practice.script import Script, Variant
from calm.settings import Settings
from ui import theme
from ui.controller import PracticeController, Stage
from ui.main_window import add_shortcut
from ui.pacer import PacerWidget
from ui.screens.caption import Caption
from ui.screens.stage_bar import StageBar
from ui.widgets import button, label, restyle

STOP_QUESTION = "Stop now? Your ratings so far are kept."
# The same names as in Settings, so a person recognises each control in both places.
LAYERS = (("voice", "Voice"), ("cue", "Bells and breath tones"), ("ambience", "Background sound"))
KEEP_AMBIENCE = "Keep this sound for every practice"


class PlayerScreen(QWidget):
    """Shows a practice as the controller plays it; see the module docstring."""

    presentation_changed = Signal(bool)

    def __init__(self, controller: PracticeController, settings: Settings, parent=None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)  # the stage colour
        self.controller = controller
        self.settings = settings
        self.presenting = False
        self._palette = theme.palette("light")
        self.confirm: QMessageBox | None = None
        self._resume_after_confirm = False
        self._time_text = ""
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 16, 32, 20)
        outer.setSpacing(10)
        self.notice = label("", "warning", wrap=True)
        self.notice.setVisible(False)
        outer.addWidget(self.notice)
        self.step = label("", "step", wrap=True)
        self.step.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.step)
        self.pacer = PacerWidget(controller.pacer_state)
        self.pacer.drive_with(controller.ticked)  # one wake-up for sound and picture
        controller.frames_from(self.pacer.ms_to_next_frame)
        outer.addWidget(self.pacer, 1)
        self.caption = Caption()  # fades out once the words have been said
        outer.addWidget(self.caption)
        self.preparing = label("Preparing sounds…", "muted")
        self.preparing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.preparing)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName("How far through the practice")
        self.time_left = label("", "muted")
        self.time_left.setAccessibleName("Time left")
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.time_left)
        self.progress_row = _wrap(row)
        outer.addWidget(self.progress_row)
        self.controls = self._build_controls()
        self.sound_panel = self._build_sound_panel()
        # The panel opens above the controls, so the row stays under the pointer (the pacer
        # gives up the room instead).
        outer.addWidget(self.sound_panel)
        outer.addWidget(self.controls)
        self._chrome = [
            self.notice, self.step, self.preparing, self.progress_row, self.controls,
            self.sound_panel,
        ]  # fmt: skip
        self.stage_bar = StageBar(self)  # full screen's way out, shown when the mouse moves
        self.stage_bar.exit_requested.connect(lambda: self.set_presentation(False))
        self.stage_bar.pause_requested.connect(self.controller.toggle_pause)
        self._connect()
        add_shortcut(self, Qt.Key.Key_Space, self.space)
        add_shortcut(self, Qt.Key.Key_Escape, self.escape)
        add_shortcut(self, Qt.Key.Key_F11, self.toggle_presentation)

    def _build_controls(self) -> QWidget:
        self._control_rows = 0
        self._controls_grid = QGridLayout()
        self._controls_grid.setHorizontalSpacing(10)
        self._controls_grid.setVerticalSpacing(8)
        self.previous = button("Previous", "Previous step")
        self.pause = button("Pause", "Pause (Space)")
        self.next = button("Next", "Next step")
        self.sound_toggle = button("Sound", "Show the sound settings")
        self.sound_toggle.setCheckable(True)
        self.present = button("Full screen", "Full screen: only the guide and the words (F11)")
        self.stop = button("Stop", "Stop the practice (Escape)")
        self.previous.clicked.connect(self.controller.previous_step)
        self.pause.clicked.connect(self.controller.toggle_pause)
        self.next.clicked.connect(self.controller.next_step)
        self.sound_toggle.toggled.connect(self._show_sound_panel)
        self.present.clicked.connect(self.toggle_presentation)
        self.stop.clicked.connect(self.ask_to_stop)
        self._place_controls(1)
        return _wrap(self._controls_grid)

    def _place_controls(self, rows: int) -> None:
        """One row: moving on the left, the rest on the right; two rows at large text sizes."""
        grid = self._controls_grid
        for widget in (self.previous, self.pause, self.next, self.sound_toggle, self.present):
            grid.removeWidget(widget)
        grid.removeWidget(self.stop)
        for column, widget in enumerate((self.previous, self.pause, self.next)):
            grid.addWidget(widget, 0, column)
        second = 0 if rows == 1 else 1
        start = 4 if rows == 1 else 0
        for column, widget in enumerate((self.sound_toggle, self.present, self.stop)):
            grid.addWidget(widget, second, start + column)
        for column in range(8):
            grid.setColumnStretch(column, 0)
        grid.setColumnStretch(3 if rows == 1 else 7, 1)

    def _build_sound_panel(self) -> QFrame:
        panel = QFrame()
        panel.setProperty("role", "card")
        grid = QGridLayout(panel)
        grid.setContentsMargins(20, 12, 20, 12)
        grid.setHorizontalSpacing(16)
        self.sliders: dict[str, QSlider] = {}
        for n, (layer, title) in enumerate(LAYERS):
            grid.addWidget(label(title), n, 0)
            slider = QSlider(Qt.Orientation.Horizontal)
            slider.setRange(0, 100)
            slider.setPageStep(10)
            slider.setAccessibleName(f"{title} volume")
            slider.valueChanged.connect(lambda v, k=layer: self.controller.set_volume(k, v))
            slider.sliderReleased.connect(self.controller.save_volumes)
            grid.addWidget(slider, n, 1)
            self.sliders[layer] = slider
        grid.addWidget(label("Which background sound"), len(LAYERS), 0)
        self.ambience = QComboBox()
        self.ambience.setAccessibleName("Which background sound")
        for key, text in AMBIENCE_CHOICES.items():
            self.ambience.addItem(text, key)
        self.ambience.currentIndexChanged.connect(self._ambience_chosen)
        grid.addWidget(self.ambience, len(LAYERS), 1)
        # A sound chosen here is for this practice; it becomes the usual one only when asked.
        self.keep_ambience = button(KEEP_AMBIENCE, f"{KEEP_AMBIENCE} (as in Settings)")
        self.keep_ambience.setCheckable(True)
        self.keep_ambience.toggled.connect(self._keep_toggled)
        grid.addWidget(self.keep_ambience, len(LAYERS) + 1, 1, Qt.AlignmentFlag.AlignLeft)
        grid.setColumnStretch(1, 1)
        panel.setVisible(False)
        return panel

    def _ambience_chosen(self, _index: int) -> None:
        choice = self.ambience.currentData()
        self.controller.set_ambience(choice)
        if self.keep_ambience.isChecked():
            self.controller.keep_ambience(choice)

    def _keep_toggled(self, keep: bool) -> None:
        if keep:
            self.controller.keep_ambience(self.ambience.currentData())

    def _connect(self) -> None:
        c = self.controller
        c.step_changed.connect(self.step.setText)
        c.caption_changed.connect(self._caption)
        c.state_changed.connect(self._state_changed)
        c.progress_changed.connect(self._progress)
        c.preparing_progress.connect(lambda done: self.progress.setValue(round(done * 100)))
        c.sound_unavailable.connect(self.show_notice)

    # -- opening ------------------------------------------------------------------------------

    def open(self, script: Script, variant: Variant) -> None:
        """Ready for a practice about to start: cleared, with the person's sound settings."""
        self.step.setText(script.title)
        self.caption.show_words("")
        self.caption.setMinimumHeight(0)
        self.notice.setVisible(False)
        self._time_text = ""
        self.time_left.setText("")
        self.progress.setValue(0)
        reduced = self.settings.get("motion.reduced")
        self.pacer.set_reduced_motion(reduced)
        self.controller.set_smooth_frames(not reduced)  # no frames needed for a still ring
        for layer, slider in self.sliders.items():
            slider.blockSignals(True)
            slider.setValue(self.settings.get(f"volume.{layer}"))
            slider.blockSignals(False)
        self.ambience.blockSignals(True)
        chosen = self.ambience.findData(self.settings.get("ambience.choice"))
        self.ambience.setCurrentIndex(max(0, chosen))
        self.ambience.blockSignals(False)
        self.keep_ambience.blockSignals(True)
        self.keep_ambience.setChecked(False)
        self.keep_ambience.blockSignals(False)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        QTimer.singleShot(0, self.pause.setFocus)  # Space and Enter pause from the start

    def show_notice(self, text: str) -> None:
        """A plain sentence above the practice (sound unavailable; the practice goes on)."""
        self.notice.setText(text)
        self.notice.setVisible(not self.presenting)

    def set_palette(self, palette: theme.Palette) -> None:
        self._palette = palette
        shown = self._stage_palette() if self.presenting else palette
        self.pacer.set_palette(shown, self.presenting)

    def _stage_palette(self) -> theme.Palette:
        """On the dark stage the pacer takes the dark theme's colours (high contrast stays)."""
        return self._palette if self._palette.name == "high-contrast" else theme.palette("dark")

    # -- reacting -----------------------------------------------------------------------------

    def _state_changed(self, value: str) -> None:
        stage = Stage(value)
        preparing = stage is Stage.PREPARING
        self.preparing.setVisible(preparing and not self.presenting)
        for widget in (self.previous, self.pause, self.next):
            widget.setEnabled(stage in (Stage.RUNNING, Stage.PAUSED))
        paused = stage is Stage.PAUSED
        self.pause.setText("Resume" if paused else "Pause")
        self.pause.setAccessibleName("Resume (Space)" if paused else "Pause (Space)")
        self.stage_bar.set_paused(paused)
        self.pacer.set_running(stage is Stage.RUNNING)
        self.pacer.set_paused(paused)
        if stage in (Stage.FINISHED, Stage.STOPPED):
            self._close_confirm()
            self.set_presentation(False)
        if stage is Stage.RUNNING and not self.pause.hasFocus() and self.isVisible():
            self.pause.setFocus()

    def _progress(self, position_ms: int, duration_ms: int) -> None:
        percent = round(100 * position_ms / duration_ms) if duration_ms else 100
        if percent != self.progress.value():
            self.progress.setValue(percent)
        text = time_left_words(duration_ms - position_ms)
        if text != self._time_text:  # once a minute, not once a second
            self._time_text = text
            self.time_left.setText(text)

    def _caption(self, text: str) -> None:
        self.caption.say(text)
        self._fit()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit()
        if self.stage_bar.isVisible():
            self.stage_bar.place()

    def _fit(self) -> None:
        """Give the words every line they need (the pacer shrinks instead), and put the
        controls on two rows when large text would squeeze them."""
        self.caption.fit(self.caption.width() or self.width() - 64)
        buttons = [self.previous, self.pause, self.next, self.sound_toggle, self.present, self.stop]
        needed = sum(b.sizeHint().width() for b in buttons) + 10 * len(buttons) + 80
        rows = 2 if needed > self.width() else 1
        if rows != self._control_rows:
            self._control_rows = rows
            self._place_controls(rows)

    def _show_sound_panel(self, shown: bool) -> None:
        self.sound_panel.setVisible(shown and not self.presenting)
        self.sound_toggle.setAccessibleName(
            "Hide the sound settings" if shown else "Show the sound settings"
        )

    def space(self) -> None:
        """Space presses the focused button, as everywhere else (a toggle toggles, a list
        opens); with no button focused, it pauses or resumes."""
        focus = QApplication.focusWidget()
        if focus is not None and self.isAncestorOf(focus) and focus.isVisible():
            if isinstance(focus, QAbstractButton) and focus.isEnabled():
                focus.click()
                return
            if isinstance(focus, QComboBox):
                focus.showPopup()
                return
        self.controller.toggle_pause()

    # -- stopping -----------------------------------------------------------------------------

    def escape(self) -> None:
        """Esc: leave presentation first; otherwise ask, gently, whether to stop."""
        if self.presenting:
            self.set_presentation(False)
        else:
            self.ask_to_stop()

    def ask_to_stop(self) -> None:
        if not self.controller.active:
            return
        if self.confirm is not None and self.confirm.isVisible():
            return
        self._resume_after_confirm = self.controller.stage is Stage.RUNNING
        self.controller.pause()  # nothing goes on unheard while the question is asked
        box = QMessageBox(self.window())  # not a child: the Esc shortcut must not reach it
        box.setWindowTitle("Stop the practice?")
        box.setText(STOP_QUESTION)
        box.setAccessibleName(STOP_QUESTION)
        stop = box.addButton("Stop", QMessageBox.ButtonRole.AcceptRole)
        stop.setAccessibleName("Stop the practice")
        keep = box.addButton("Keep going", QMessageBox.ButtonRole.RejectRole)
        keep.setAccessibleName("Keep going")
        box.setDefaultButton(stop)  # Esc then Enter stops; Esc twice keeps going
        box.setEscapeButton(keep)
        box.finished.connect(lambda _r: self._confirmed(box.clickedButton() is stop))
        self.confirm = box
        box.open()

    def _confirmed(self, stop: bool) -> None:
        self.confirm = None
        if stop:
            self.controller.stop()
        elif self._resume_after_confirm:
            self.controller.resume()

    def _close_confirm(self) -> None:
        if self.confirm is not None:
            box, self.confirm = self.confirm, None
            box.finished.disconnect()
            box.close()

    # -- presentation -------------------------------------------------------------------------

    def toggle_presentation(self) -> None:
        self.set_presentation(not self.presenting)

    def set_presentation(self, on: bool) -> None:
        """Only the pacer and the caption, full screen, on the calm dark stage."""
        if on == self.presenting:
            return
        self.presenting = on
        for widget in self._chrome:
            widget.setVisible(not on and self._wanted(widget))
        self.setProperty("role", "stage" if on else None)
        restyle(self)
        self.pacer.set_palette(self._stage_palette() if on else self._palette, on)
        self.caption.setProperty("role", "caption")
        restyle(self.caption)
        self.presentation_changed.emit(on)
        self.stage_bar.set_active(on)
        if not on:
            QTimer.singleShot(0, self.present.setFocus)

    def _wanted(self, widget: QWidget) -> bool:
        if widget is self.notice:
            return bool(self.notice.text())
        if widget is self.preparing:
            return self.controller.stage is Stage.PREPARING
        if widget is self.sound_panel:
            return self.sound_toggle.isChecked()
        return True


def _wrap(layout) -> QWidget:
    widget = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    widget.setLayout(layout)
    return widget

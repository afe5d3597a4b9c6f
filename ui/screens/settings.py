"""Settings: sound, look, use, the safety answers, breathing patterns, and where the data is.

Every change is saved the moment it is made (no Save button to forget) and announced as
`settings_changed(key)` with the setting's key, so app.py can re-apply the theme, tell the
audio engine a new volume, or refresh the practices after the safety answers change. Saved
breathing patterns are announced as "patterns". The screen reads the settings again each time
it is shown, so a volume changed in the player shows here too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from calm.errors import CalmError
from calm.paths import AppPaths
from calm.practice.ambience import AMBIENCE_CHOICES
from calm.practice.library import Library
from calm.settings import Settings
from calm.store import Store
from ui.screens.choices import ON_OFF, ChoiceRow, VolumeRow
from ui.screens.parts import page, section, text_label
from ui.screens.patterns_section import PatternsSection
from ui.screens.screening_form import ScreeningForm

VOLUMES = (
    ("volume.master", "Overall volume"),
    ("volume.voice", "Voice"),
    ("volume.cue", "Bells and breath tones"),
    ("volume.ambience", "Background sound"),
)
SWITCHES = (
    ("voice.enabled", "Spoken guidance", "Captions are always shown."),
    ("bell.enabled", "Bells", "The bowl or chime at the start and end of a practice."),
    (
        "tones.enabled",
        "Breath tones",
        "A soft tone rises as you breathe in and falls as you breathe out.",
    ),
)
AMBIENCE = tuple(AMBIENCE_CHOICES.items())
THEMES = (("light", "Light"), ("dark", "Dark"), ("high-contrast", "High contrast"))
TEXT_SIZES = tuple((scale, f"{round(scale * 100)} %") for scale in (1.0, 1.25, 1.5, 1.75, 2.0))
MOTION = ((False, "Gently moving"), (True, "Still"))
MODES = (("home", "At home, just me"), ("clinic", "In a clinic, several people"))
IDLE_TIMES = tuple((m, f"{m} min") for m in (2, 5, 10, 15, 30))
LOOK_KEYS = frozenset({"text.scale", "theme"})  # settings that change the size of everything
HANDS = (("right", "Right"), ("left", "Left"))

Opener = Callable[[QUrl], object]  # shows a folder's address (QDesktopServices.openUrl)
SELECTABLE = (
    Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
)


def folder_url(path: Path) -> QUrl:
    """The address a file manager opens a folder by."""
    return QUrl.fromLocalFile(str(path))


class SettingsScreen(QWidget):
    """Every setting, saved as changed; emits `settings_changed(key)`."""

    settings_changed = Signal(str)

    def __init__(
        self,
        settings: Settings,
        store: Store,
        paths: AppPaths,
        library: Library | None = None,
        opener: Opener = QDesktopServices.openUrl,
        parent: QWidget | None = None,
        open_pack=None,
    ):
        super().__init__(parent)
        self.settings = settings
        self.open_pack = open_pack  # (parent) -> (opened, sentence) | None; ui/pack_opening
        self.store = store
        self.paths = paths
        self.opener = opener
        self.volumes: dict[str, VolumeRow] = {}
        self.choices: dict[str, ChoiceRow] = {}
        scroll, layout = page()
        self.scroll = scroll
        layout.addWidget(text_label("Settings", "title"))
        layout.addWidget(text_label("Changes are saved as you make them.", "muted"))
        self.problem = text_label("", "warning")
        self.problem.setAccessibleName("Problem saving a setting")
        self.problem.hide()
        layout.addWidget(self.problem)
        self._sound(section("Sound", layout))
        self._look(section("How it looks", layout))
        self._use(section("Use", layout))
        safety = section("Safety questions", layout)
        safety.addWidget(
            text_label(
                "Your answers hide or adapt practices with breath holds or fast breathing, "
                "and add a gentle note where needed.",
                "muted",
            )
        )
        self.screening = ScreeningForm(settings, library)
        self.screening.changed.connect(lambda _a: self._announce("screening.answers"))
        safety.addWidget(self.screening)
        patterns = section("Your breathing patterns", layout)
        self.patterns = PatternsSection(store)
        self.patterns.changed.connect(lambda: self.settings_changed.emit("patterns"))
        patterns.addWidget(self.patterns)
        if open_pack is not None:
            self._therapist(section("From your therapist", layout))
        self._folders(section("Where your data is kept", layout))
        layout.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.reload()

    # -- building -----------------------------------------------------------------------------

    def _sound(self, layout: QVBoxLayout) -> None:
        for key, title in VOLUMES:
            row = VolumeRow(title)
            row.moved.connect(lambda value, k=key: self._save(k, value))
            layout.addWidget(row)
            self.volumes[key] = row
        for key, title, hint in SWITCHES:
            self._choice(layout, key, ChoiceRow(title, ON_OFF, hint))
        layout.addWidget(text_label("Which background sound"))
        self.ambience = QComboBox()
        self.ambience.setAccessibleName("Which background sound")
        for value, text in AMBIENCE:
            self.ambience.addItem(text, value)
        self.ambience.activated.connect(
            lambda index: self._save("ambience.choice", self.ambience.itemData(index))
        )
        layout.addWidget(self.ambience)

    def _look(self, layout: QVBoxLayout) -> None:
        self._choice(layout, "theme", ChoiceRow("Colours", THEMES))
        self._choice(layout, "text.scale", ChoiceRow("Text size", TEXT_SIZES))
        self._choice(
            layout,
            "motion.reduced",
            ChoiceRow(
                "Breathing guide", MOTION, "Still shows the breath as a steady ring and words."
            ),
        )

    def _use(self, layout: QVBoxLayout) -> None:
        hint = (
            "Clinic use keeps several people's records apart: the window opens on “Who is "
            "practising?”, and clients, notes and settings need the therapist's passphrase."
        )
        self._choice(layout, "mode", ChoiceRow("Where Calm Harbor is used", MODES, hint))
        hint = "Muscle relaxation and Heaviness and Warmth begin with this side."
        self._choice(layout, "hand.stronger", ChoiceRow("Your stronger hand", HANDS, hint))
        self._choice(
            layout,
            "clinic.idle_minutes",
            ChoiceRow("In a clinic, back to “Who is practising?” after", IDLE_TIMES),
        )
        layout.addWidget(text_label("Record number system (FHIR Patient.identifier)"))
        self.identifier_system = QLineEdit()
        self.identifier_system.setAccessibleName("Record number system, a URI")
        self.identifier_system.setPlaceholderText("https://your-clinic.example/record-number")
        self.identifier_system.editingFinished.connect(
            lambda: self._save("clinic.identifier_system", self.identifier_system.text().strip())
        )
        layout.addWidget(self.identifier_system)

    def _choice(self, layout: QVBoxLayout, key: str, row: ChoiceRow) -> None:
        row.chosen.connect(lambda value, k=key: self._save(k, value))
        layout.addWidget(row)
        self.choices[key] = row

    def _therapist(self, layout: QVBoxLayout) -> None:
        layout.addWidget(
            text_label(
                "A pack from your therapist brings your programme, your goals and any practices "
                "made for you. Your practice log is kept as it is.",
                "muted",
            )
        )
        row = QHBoxLayout()
        self.pack_button = QPushButton("Open a pack…")
        self.pack_button.setAccessibleName("Open a pack from your therapist")
        self.pack_button.clicked.connect(self._open_pack)
        row.addWidget(self.pack_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.pack_state = text_label("", "muted")
        layout.addWidget(self.pack_state)

    def _open_pack(self) -> None:
        result = self.open_pack(self)
        if result is None:
            return
        opened, sentence = result
        self.pack_state.setText(sentence)
        if opened:
            self.settings_changed.emit("pack")

    def _folders(self, layout: QVBoxLayout) -> None:
        layout.addWidget(
            text_label(
                "Everything stays on this computer. Back up the data folder to keep your "
                "practice log safe.",
                "muted",
            )
        )
        self.folder_labels: dict[str, QLabel] = {}
        self.folder_buttons: dict[str, QPushButton] = {}
        for key, title, path in (
            ("practices", "Your own practices (a .toml file each)", self.paths.user_sessions),
            ("data", "Practice log and backups", self.paths.data),
            ("log", "Log files (for help with a problem)", self.paths.log),
        ):
            layout.addWidget(text_label(title))
            row = QHBoxLayout()
            shown = text_label(str(path), "muted")
            shown.setTextInteractionFlags(SELECTABLE)
            shown.setAccessibleName(f"{title}: {path}")
            row.addWidget(shown, 1)
            button = QPushButton("Open folder")
            button.setAccessibleName(f"Open the folder: {title}")
            button.clicked.connect(lambda _=False, p=path: self._open(p))
            row.addWidget(button)
            if key == "practices":
                self.reload_practices = QPushButton("Reload practices")
                self.reload_practices.setAccessibleName("Reload practices: show new ones now")
                self.reload_practices.clicked.connect(lambda: self._announce("practices"))
                row.addWidget(self.reload_practices)
            layout.addLayout(row)
            self.folder_labels[key] = shown
            self.folder_buttons[key] = button
        layout.addWidget(
            text_label(
                "Practices added to your folder appear on Practices, marked (your own). "
                "How to write one: docs/script-format.md.",
                "muted",
            )
        )

    def _open(self, path: Path) -> None:
        """Open a folder in the file manager (made first, if it was removed)."""
        try:
            path.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as error:
            self.problem.setText(f"The folder {path} cannot be made ({error.strerror}).")
            self.problem.show()
            return
        self.opener(folder_url(path))

    # -- reading and saving -------------------------------------------------------------------

    def reload(self) -> None:
        """Show the saved values (no signals: showing is not changing)."""
        for key, row in self.volumes.items():
            row.set_value(self.settings.get(key))
        for key, row in self.choices.items():
            row.set_value(self.settings.get(key))
        self.identifier_system.setText(self.settings.get("clinic.identifier_system"))
        index = self.ambience.findData(self.settings.get("ambience.choice"))
        self.ambience.setCurrentIndex(max(index, 0))
        self.screening.reload()
        self.patterns.reload()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        self.reload()
        super().showEvent(event)

    def _save(self, key: str, value: object) -> None:
        try:
            self.settings.set(key, value)
        except CalmError as error:  # a read-only or full disk: say so, show what is saved
            self.problem.setText(str(error))
            self.problem.show()
            self.reload()
            return
        self.problem.hide()
        self._announce(key)

    def _announce(self, key: str) -> None:
        if key in LOOK_KEYS:  # the page is laid out anew: keep the pressed button in place
            self._keep_in_place(QApplication.focusWidget(), lambda: self.settings_changed.emit(key))
        else:
            self.settings_changed.emit(key)

    def _keep_in_place(self, widget: QWidget | None, change: Callable[[], None]) -> None:
        """Make a change that re-lays the page out, then scroll so that `widget` (the button
        just pressed) is where it was on screen, not pushed off it by larger text."""
        viewport = self.scroll.viewport()
        if widget is None or not viewport.isAncestorOf(widget):
            change()
            return
        before = widget.mapTo(viewport, QPoint(0, 0)).y()
        change()

        def settle() -> None:
            bar = self.scroll.verticalScrollBar()
            bar.setValue(bar.value() + widget.mapTo(viewport, QPoint(0, 0)).y() - before)
            self.scroll.ensureWidgetVisible(widget, 0, 24)

        for delay in (0, 60, 200):  # the layout settles over a few turns of the event loop
            QTimer.singleShot(delay, widget, settle)

"""Settings: every change saved at once, announced, shown again, and bad input explained."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication

from calm.settings import Settings
from calm.store import open_store
from ui.main_window import MainWindow
from ui.screens.settings import SettingsScreen


@pytest.fixture
def store(paths):
    store = open_store(paths)
    yield store
    store.close()


@pytest.fixture
def screen(qtbot, store, paths):
    opened = []
    widget = SettingsScreen(Settings(store), store, paths, opener=opened.append)
    widget.opened = opened
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=2000)
    qtbot.wait(10)
    return widget


def test_volume_saved_and_announced_as_it_moves(qtbot, screen, store):
    """Turning the voice down with the arrow keys is saved at once and heard by the player."""
    slider = screen.volumes["volume.voice"].slider
    slider.setFocus()
    with qtbot.waitSignal(screen.settings_changed) as changed:
        qtbot.keyClick(slider, Qt.Key.Key_Left)
    assert changed.args == ["volume.voice"]
    assert Settings(store).get("volume.voice") == 85
    assert screen.volumes["volume.voice"].shown.text() == "85 %"


def test_theme_change_is_applied_live(qtbot, screen, store):
    """Choosing Dark restyles the window at once (through the settings_changed signal)."""
    window = MainWindow(screen.settings)
    qtbot.addWidget(window)
    screen.settings_changed.connect(window.apply_settings)
    assert window.palette_now.name == "light"
    qtbot.mouseClick(screen.choices["theme"].button_for("dark"), Qt.MouseButton.LeftButton)
    assert Settings(store).get("theme") == "dark"
    assert window.palette_now.name == "dark"


def test_text_size_by_arrow_keys(qtbot, screen, store):
    """The text size can be raised with the arrow keys alone, up to 200 %."""
    row = screen.choices["text.scale"]
    row.button_for(1.0).setFocus()
    for _ in range(6):  # one more than needed: 200 % is the end
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
    assert Settings(store).get("text.scale") == 2.0
    assert row.value() == 2.0


def test_saved_values_shown_again(qtbot, store, paths):
    """Settings chosen before are shown as chosen when the screen opens again."""
    settings = Settings(store)
    settings.set("volume.ambience", 20)
    settings.set("bell.enabled", False)
    settings.set("mode", "clinic")
    settings.set("ambience.choice", "rain")
    settings.set("motion.reduced", True)
    screen = SettingsScreen(settings, store, paths)
    qtbot.addWidget(screen)
    assert screen.volumes["volume.ambience"].value() == 20
    assert screen.choices["bell.enabled"].value() is False
    assert screen.choices["mode"].value() == "clinic"
    assert screen.choices["motion.reduced"].value() is True
    assert screen.ambience.currentData() == "rain"


def test_switches_and_ambience_saved(qtbot, screen, store):
    """Turning the bell off and choosing rain are saved and announced."""
    keys = []
    screen.settings_changed.connect(keys.append)
    qtbot.mouseClick(screen.choices["bell.enabled"].button_for(False), Qt.MouseButton.LeftButton)
    screen.ambience.setFocus()
    index = screen.ambience.findData("ocean")
    screen.ambience.setCurrentIndex(index)
    screen.ambience.activated.emit(index)  # what choosing from the open list sends
    assert keys == ["bell.enabled", "ambience.choice"]
    settings = Settings(store)
    assert settings.get("bell.enabled") is False
    assert settings.get("ambience.choice") == "ocean"


def test_screening_answer_changed_from_settings(qtbot, screen, store):
    """Changing a safety answer later is saved and announced, so Home can re-check practices."""
    with qtbot.waitSignal(screen.settings_changed) as changed:
        qtbot.mouseClick(screen.screening.rows["dizziness"].yes, Qt.MouseButton.LeftButton)
    assert changed.args == ["screening.answers"]
    assert Settings(store).get("screening.answers") == {"dizziness": True}


def test_bad_pattern_rejected_with_a_message(qtbot, screen, store):
    """A pattern with a half-second inhale is refused with the pattern's reason; none saved."""
    patterns = screen.patterns
    qtbot.keyClicks(patterns.name, "Too quick")
    patterns.phases[0].setCurrentIndex(patterns.phases[0].findData(0.5))
    qtbot.mouseClick(patterns.save, Qt.MouseButton.LeftButton)
    assert patterns.message.text() == (
        "This pattern cannot be saved: inhale and exhale must each last at least 1 second."
    )
    assert patterns.message.property("role") == "warning"
    assert store.patterns() == []


def test_pattern_without_name_rejected(qtbot, screen, store):
    """A pattern needs a name, and says so."""
    qtbot.mouseClick(screen.patterns.save, Qt.MouseButton.LeftButton)
    assert screen.patterns.message.text() == "Please give the pattern a name."
    assert store.patterns() == []


def test_pattern_saved_listed_and_deleted(qtbot, screen, store):
    """A good pattern is saved, listed with its rate, and can be deleted again."""
    patterns = screen.patterns
    keys = []
    screen.settings_changed.connect(keys.append)
    qtbot.keyClicks(patterns.name, "Evening")
    for combo, seconds in zip(patterns.phases, (4, 2, 6, 0), strict=True):
        combo.setCurrentIndex(combo.findData(float(seconds)))
    qtbot.mouseClick(patterns.save, Qt.MouseButton.LeftButton)
    assert [p.as_tuple() for p in store.patterns()] == [(4000, 2000, 6000, 0)]
    assert "Evening" in patterns.rows
    assert patterns.message.text() == "Saved “Evening”: 4-2-6-0 s (5 breaths a minute)."
    assert patterns.name.text() == ""
    patterns.delete_pattern("Evening")
    assert store.patterns() == [] and "Evening" not in patterns.rows
    assert keys == ["patterns", "patterns"]


def test_folders_shown_and_opened(qtbot, screen, paths):
    """The data and log folders are named and can be opened."""
    assert screen.folder_labels["data"].text() == str(paths.data)
    assert screen.folder_labels["log"].text() == str(paths.log)
    qtbot.mouseClick(screen.folder_buttons["data"], Qt.MouseButton.LeftButton)
    assert screen.opened == [QUrl.fromLocalFile(str(paths.data))]


def test_read_only_log_explains_instead_of_crashing(qtbot, store, paths):
    """With a second copy of the app holding the data, a change says why it was not saved."""
    reader = open_store(paths, read_only=True)
    try:
        screen = SettingsScreen(Settings(reader), reader, paths)
        qtbot.addWidget(screen)
        screen.show()
        qtbot.mouseClick(screen.choices["theme"].button_for("dark"), Qt.MouseButton.LeftButton)
        assert screen.problem.isVisible()
        assert "can only read" in screen.problem.text()
        assert screen.choices["theme"].value() == "light"  # shows what is really saved
    finally:
        reader.close()


def test_every_target_is_at_least_44_px(qtbot, store, paths):
    """Every button, field and list row on Settings and Clients is big enough to hit."""
    from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton

    from ui import theme
    from ui.screens.clients import ClientsScreen
    from ui.tasks import run_immediately

    app = QApplication.instance()
    theme.apply(app, "light", 1.0)
    settings = Settings(store)
    me = store.default_client().id
    for screen in (
        SettingsScreen(settings, store, paths),
        ClientsScreen(store, settings, run_immediately, lambda: me),
    ):
        qtbot.addWidget(screen)
        screen.resize(1000, 800)
        screen.show()
        qtbot.wait(20)
        small = [
            (type(w).__name__, w.accessibleName(), w.height())
            for kind in (QPushButton, QLineEdit, QComboBox)
            for w in screen.findChildren(kind)
            if w.isVisible() and w.height() < 44
        ]
        assert small == []
        if isinstance(screen, ClientsScreen):
            assert screen.list.sizeHintForRow(0) >= 44
    app.setStyleSheet("")  # later tests run unstyled, as before


def test_every_control_has_an_accessible_name(qtbot, store, paths):
    """A screen reader can name every control on the records and settings pages."""
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSlider,
        QComboBox,
        QLineEdit,
        QPlainTextEdit,
    )

    from calm.practice.library import load_library
    from ui.screens.clients import ClientsScreen
    from ui.screens.progress import ProgressScreen
    from ui.screens.welcome import WelcomeScreen
    from ui.tasks import run_immediately

    settings = Settings(store)
    me = store.default_client().id
    run = store.start_run(me, "body-scan", "Body Scan")
    store.finish_run(run.id, "completed", 60_000, 1.0)
    library = load_library()
    kinds = (QAbstractButton, QAbstractSlider, QComboBox, QLineEdit, QPlainTextEdit)
    for screen in (
        SettingsScreen(settings, store, paths, library),
        ClientsScreen(store, settings, run_immediately, lambda: me),
        ProgressScreen(store, settings, library, run_immediately, lambda: me),
        WelcomeScreen(settings, library),
    ):
        qtbot.addWidget(screen)
        screen.show()
        unnamed = [
            f"{type(w).__name__} {getattr(w, 'text', lambda: '')()!r}"
            for kind in (*kinds, QAbstractItemView)
            for w in screen.findChildren(kind)
            if not w.accessibleName()
            and w.focusPolicy() != Qt.FocusPolicy.NoFocus
            and w.isVisibleTo(screen)
            and not isinstance(w.parent(), QComboBox)
        ]
        assert unnamed == [], type(screen).__name__

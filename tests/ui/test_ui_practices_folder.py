"""The user's own practices: Settings names their folder and opens it, Home marks them
"(your own)", and one added while the window is open appears without a restart."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl

from calm.practice.library import builtin_folder
from tests.support.window import window_parts

OWN_TITLE = "My evening wind-down"


def write_practice(folder: Path, practice_id: str = "my-evening", title: str = OWN_TITLE) -> Path:
    """A practice of the person's own: a built-in one under another id and title."""
    text = (builtin_folder() / "07-breathing-space.toml").read_text(encoding="utf-8")
    text = text.replace('id = "breathing-space"', f'id = "{practice_id}"', 1)
    text = text.replace('title = "Three-Minute Breathing Space"', f'title = "{title}"', 1)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{practice_id}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def own_cards(parts):
    return [c for c in parts.screens["home"].cards if c.script.id == "my-evening"]


@pytest.fixture
def window(paths, qtbot):
    with window_parts(paths, qtbot) as parts:
        qtbot.waitExposed(parts.window)
        yield parts


def test_settings_names_the_practices_folder_and_opens_it(window, qtbot, paths):
    """Settings shows where one's own practices go; "Open folder" opens exactly that folder."""
    window.window.show_page("settings")
    settings = window.screens["settings"].page
    opened = []
    settings.opener = opened.append
    assert settings.folder_labels["practices"].text() == str(paths.user_sessions)
    button = settings.folder_buttons["practices"]
    assert button.text() == "Open folder"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert opened == [QUrl.fromLocalFile(str(paths.user_sessions))]


def test_open_folder_makes_a_removed_folder_first(window, qtbot, paths):
    """A practices folder deleted since the start is made again before the file manager opens
    it (so it never opens on nothing)."""
    window.window.show_page("settings")
    settings = window.screens["settings"].page
    opened = []
    settings.opener = opened.append
    shutil.rmtree(paths.user_sessions)
    qtbot.mouseClick(settings.folder_buttons["practices"], Qt.MouseButton.LeftButton)
    assert paths.user_sessions.is_dir()
    assert opened == [QUrl.fromLocalFile(str(paths.user_sessions))]


def test_own_practices_are_marked_on_home(paths, qtbot):
    """A practice from one's own folder says "(your own)" on its card; built-in ones do not."""
    write_practice(paths.user_sessions)
    with window_parts(paths, qtbot) as parts:
        (card,) = own_cards(parts)
        assert card.title.text() == f"{OWN_TITLE} (your own)"
        assert card.own
        built_in = [c for c in parts.screens["home"].cards if c.script.builtin]
        assert built_in and not any("(your own)" in c.title.text() for c in built_in)


def test_practice_added_while_open_appears(window, qtbot, paths):
    """Saving a new practice into the folder while the window is open puts its card on Home
    within a second or so, without a restart; removing the file takes it away again."""
    assert not own_cards(window)
    path = write_practice(paths.user_sessions)
    qtbot.waitUntil(lambda: len(own_cards(window)) == 1, timeout=5_000)
    assert own_cards(window)[0].title.text() == f"{OWN_TITLE} (your own)"
    path.unlink()
    qtbot.waitUntil(lambda: not own_cards(window), timeout=5_000)


def test_practice_appears_when_the_folder_is_made_later(paths, qtbot):
    """With no practices folder at the start, making it and saving a practice there still
    shows the practice."""
    shutil.rmtree(paths.user_sessions)
    with window_parts(paths, qtbot) as parts:
        write_practice(paths.user_sessions)
        qtbot.waitUntil(lambda: len(own_cards(parts)) == 1, timeout=5_000)
        write_practice(paths.user_sessions, "my-morning", "My morning start")  # now watched
        qtbot.waitUntil(
            lambda: any(c.script.id == "my-morning" for c in parts.screens["home"].cards),
            timeout=5_000,
        )


def test_reload_practices_shows_a_new_one_at_once(window, qtbot, paths):
    """ "Reload practices" in Settings shows a newly saved practice straight away."""
    window.window.show_page("settings")
    settings = window.screens["settings"].page
    write_practice(paths.user_sessions)
    qtbot.mouseClick(settings.reload_practices, Qt.MouseButton.LeftButton)
    assert len(own_cards(window)) == 1  # at once, not after the folder watch's pause

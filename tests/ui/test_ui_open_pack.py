"""Opening a therapist's pack in the window: offered on the first start and in Settings."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app import build_window
from audio.engine import SilentEngine
from calm.clock import FakeClock
from calm.exchange.pack import make_pack
from calm.paths import AppPaths
from calm.practice.library import load_library
from calm.programme.model import Programme, ProgrammeItem
from calm.store import open_store
from ui.pack_opening import pack_opener
from ui.tasks import run_immediately


@pytest.fixture
def pack(tmp_path):
    """Anna's pack from a clinic's data folder, her safety answers given there."""
    clinic = AppPaths.from_environment({"CALM_HOME": str(tmp_path / "clinic")}).ensure()
    with open_store(clinic) as store:
        anna = store.add_client("Anna").id
        store.set_client_setting(anna, "screening.answers", {"heart": True})
        store.set_client_setting(anna, "screening.done", True)
        store.set_programme(Programme(anna, (ProgrammeItem("grounding", "3", per_day=1),)))
        store.add_goal(anna, "Cook a meal standing", rating=3)
        target = tmp_path / "anna.calmpack"
        make_pack(store, anna, load_library(clinic.user_sessions), target)
    return target


@pytest.fixture
def window_with(paths, qtbot, pack):
    def build(first_start: bool):
        store = open_store(paths)
        parts = build_window(
            paths, store, clock=FakeClock(0), runner=run_immediately,
            audio_factory=lambda: SilentEngine(),
        )  # fmt: skip
        if not first_start:
            parts.settings.set("screening.done", True)
        qtbot.addWidget(parts.window)
        parts.window.show()
        built.append((parts, store))
        return parts

    built = []
    yield build
    for parts, store in built:
        parts.shutdown()
        store.close()


def test_the_first_start_offers_a_pack_and_goes_straight_to_the_programme(
    window_with, pack, paths, qtbot
):
    """A client given a pack at the clinic opens it once and finds their programme."""
    parts = window_with(first_start=True)
    assert parts.window.current_page() == "welcome"
    welcome = parts.screens["welcome"].page
    welcome.open_pack = pack_opener(parts.store, paths, ask_open=lambda _p: str(pack))
    assert welcome.from_pack.isVisible()
    qtbot.mouseClick(welcome.from_pack, Qt.MouseButton.LeftButton)
    assert parts.window.current_page() == "home"
    me = parts.store.default_client()
    assert me.name == "Anna"
    home = parts.screens["home"]
    assert home.programme is not None
    assert "Grounding" in home.programme.start_buttons[0].accessibleName()


def test_settings_opens_a_pack_and_asks_before_changing_the_person(window_with, pack, paths, qtbot):
    """Bernd, who already practises here, is asked before Anna's pack changes anything."""
    parts = window_with(first_start=False)
    me = parts.store.default_client()
    parts.store.rename_client(me.id, "Bernd")
    parts.store.start_run(me.id, "grounding", "Grounding")
    parts.window.show_page("settings")
    settings = parts.screens["settings"].page
    asked = []
    settings.open_pack = pack_opener(
        parts.store, paths, ask_open=lambda _p: str(pack),
        confirm=lambda _p, question: asked.append(question) or False,
    )  # fmt: skip
    qtbot.mouseClick(settings.pack_button, Qt.MouseButton.LeftButton)
    assert asked and asked[0].startswith("This pack is for Anna, but Bernd already practises")
    assert settings.pack_state.text() == "The pack was not opened. Nothing was changed."
    assert parts.store.default_client().name == "Bernd"
    settings.open_pack = pack_opener(
        parts.store, paths, ask_open=lambda _p: str(pack), confirm=lambda _p, _q: True
    )
    qtbot.mouseClick(settings.pack_button, Qt.MouseButton.LeftButton)
    assert "This computer now practises as Anna; Bernd's practice log is kept apart." in (
        settings.pack_state.text()
    )
    assert parts.store.client_by_name("Bernd").id == me.id  # his log stays his
    assert parts.screens["home"].programme is not None


def test_a_broken_pack_is_a_sentence_in_the_window(window_with, paths, qtbot, tmp_path):
    """A file that is not a pack says so and changes nothing."""
    parts = window_with(first_start=False)
    parts.window.show_page("settings")
    settings = parts.screens["settings"].page
    junk = tmp_path / "junk.calmpack"
    junk.write_text("hello")
    settings.open_pack = pack_opener(parts.store, paths, ask_open=lambda _p: str(junk))
    qtbot.mouseClick(settings.pack_button, Qt.MouseButton.LeftButton)
    assert settings.pack_state.text() == (
        "junk.calmpack was not opened: it is not a Calm Harbor pack (not a zip file). "
        "Nothing was changed."
    )

"""A client's page for the therapist: record number, answers asked when added, merge and erase
with confirmations beside their buttons that name what goes; bad input changes nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from calm.settings import Settings
from calm.store import open_store
from calm.store.recorder import current_client
from ui import theme
from ui.screens.clients import ClientsScreen
from ui.tasks import run_immediately


@pytest.fixture
def store(paths):
    store = open_store(paths)
    yield store
    store.close()


def make_screen(qtbot, store, ask_path=lambda _parent: None):
    settings = Settings(store, client=lambda: current_client(store, settings))
    settings.set("mode", "clinic")
    screen = ClientsScreen(
        store, settings, run_immediately, lambda: current_client(store, settings), ask_path
    )
    theme.apply(QApplication.instance(), "light", 1.0)  # as the window does
    qtbot.addWidget(screen)
    screen.resize(900, 1400)
    screen.show()
    qtbot.waitExposed(screen)
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow, timeout=2000)
    return screen, settings


def select(screen, name: str) -> None:
    row = next(i for i, c in enumerate(screen.model.clients) if c.name == name)
    screen.list.setCurrentIndex(screen.model.index(row))


def practise(store, client_id):
    run = store.start_run(client_id, "body-scan", "Body Scan")
    store.finish_run(run.id, "completed", 60_000, 1.0)


def test_adding_a_client_asks_their_safety_answers_on_their_page(qtbot, store):
    """The questions are asked with the client present, and kept as theirs alone."""
    screen, settings = make_screen(qtbot, store)
    qtbot.keyClicks(screen.new_name, "Anna")
    qtbot.keyClick(screen.new_name, Qt.Key.Key_Return)
    assert screen.add_message.text().startswith("Added Anna.")
    form = screen.admin.form
    assert form.rows["pregnancy"].yes.hasFocus()
    for qid, row in form.rows.items():
        qtbot.mouseClick(row.yes if qid == "heart-lung" else row.no, Qt.MouseButton.LeftButton)
    anna = store.client_by_name("Anna").id
    assert settings.for_client(anna).get("screening.answers")["heart-lung"] is True
    assert settings.for_client(anna).get("screening.done") is True
    assert settings.for_client(store.default_client().id).get("screening.answers") == {}


def test_erase_asks_beside_its_button_naming_what_goes_then_erases(qtbot, store):
    """The therapist reads exactly what will be erased before anything is; Keep keeps it."""
    anna = store.add_client("Anna")
    practise(store, anna.id)
    screen, _settings = make_screen(qtbot, store)
    select(screen, "Anna")
    list_top = screen.list.mapTo(screen, screen.list.rect().topLeft())
    qtbot.mouseClick(screen.admin.erase_button, Qt.MouseButton.LeftButton)
    admin = screen.admin
    assert admin.erase_text.text().startswith("This erases Anna for good: 1 practice with")
    assert admin.erase_no.hasFocus()  # the safe choice
    assert screen.list.mapTo(screen, screen.list.rect().topLeft()) == list_top  # no shift
    gap = admin.erase_confirm.mapTo(screen, admin.erase_confirm.rect().topLeft()).y() - (
        admin.erase_button.mapTo(screen, admin.erase_button.rect().bottomLeft()).y()
    )
    assert 0 <= gap < 60  # right under its button
    qtbot.keyClick(admin.erase_no, Qt.Key.Key_Space)
    assert store.count_runs(anna.id) == 1
    qtbot.mouseClick(admin.erase_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(admin.erase_yes, Qt.MouseButton.LeftButton)
    assert "Anna" not in [c.name for c in screen.model.clients]
    assert admin.message.text().startswith("Erased Anna: 1 practice")


def test_erasing_whoever_is_practising_now_is_refused(qtbot, store):
    """The client at the laptop right now cannot be erased from under them."""
    anna = store.add_client("Anna")
    screen, settings = make_screen(qtbot, store)
    settings.set("client.current", anna.id)
    screen.reload(select=anna.id)
    qtbot.mouseClick(screen.admin.erase_button, Qt.MouseButton.LeftButton)
    assert "Anna is practising now" in screen.admin.message.text()
    assert not screen.admin.erase_confirm.isVisibleTo(screen)
    assert store.client(anna.id).name == "Anna"


def test_merge_moves_the_practices_and_names_both(qtbot, store):
    """ "Me (2)" from home goes into Anna, named in the question and the answer."""
    anna, split = store.add_client("Anna"), store.add_client("Me (2)")
    practise(store, split.id)
    screen, _settings = make_screen(qtbot, store)
    select(screen, "Me (2)")
    admin = screen.admin
    admin.merge_target.setCurrentIndex(admin.merge_target.findText("Anna"))
    qtbot.mouseClick(admin.merge_button, Qt.MouseButton.LeftButton)
    assert "This moves Me (2)'s 1 practice" in admin.merge_text.text()
    assert admin.merge_yes.text() == "Merge Me (2) into Anna"
    qtbot.mouseClick(admin.merge_yes, Qt.MouseButton.LeftButton)
    assert admin.merge_message.text() == "Merged Me (2) into Anna."
    assert store.count_runs(anna.id) == 1
    assert "Me (2)" not in [c.name for c in screen.model.clients]


def test_record_number_and_bad_names_are_sentences(qtbot, store):
    """A record number is kept; a disguised or duplicate name changes nothing."""
    store.add_client("Anna")
    screen, _settings = make_screen(qtbot, store)
    select(screen, "Anna")
    qtbot.keyClicks(screen.admin.number, "MRN-7")
    qtbot.keyClick(screen.admin.number, Qt.Key.Key_Return)
    assert store.client_by_name("Anna").record_number == "MRN-7"
    for bad in ("anna", "Bernd\u200b", "\u202eannA"):
        screen.new_name.setText(bad)
        qtbot.mouseClick(screen.add_button, Qt.MouseButton.LeftButton)
        assert screen.add_message.property("role") == "warning", bad
    assert sorted(c.name for c in store.list_clients()) == ["Anna", "Me"]


def test_every_new_target_is_at_least_44_px_and_named(qtbot, store):
    """Keyboard, touch and screen-reader users can reach every new button."""
    store.add_client("Anna")
    screen, _settings = make_screen(qtbot, store)
    select(screen, "Anna")
    admin = screen.admin
    for widget in (
        admin.number_button,
        admin.merge_button,
        admin.export_button,
        admin.erase_button,
    ):
        assert widget.height() >= 44 and widget.accessibleName(), widget.text()
        assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus

"""Clients (clinic use): add, rename, archive, switch, a note each, and bringing in a log."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea, QWidget

from calm.exchange.csv_export import export_csv
from calm.paths import AppPaths
from calm.settings import Settings
from calm.store import open_store
from calm.store.recorder import current_client
from tests.support.footprint import footprint
from ui.models import IdRole
from ui.screens.client_note import NOTE_DELAY_MS
from ui.screens.clients import ClientsScreen
from ui.tasks import run_immediately


@pytest.fixture
def store(paths):
    store = open_store(paths)
    yield store
    store.close()


def make_screen(qtbot, store, ask_path=lambda _parent: None):
    settings = Settings(store)
    settings.set("mode", "clinic")
    screen = ClientsScreen(
        store, settings, run_immediately, lambda: current_client(store, settings), ask_path
    )
    qtbot.addWidget(screen)
    screen.show()
    return screen


def names(screen) -> list[str]:
    return [c.name for c in screen.model.clients]


def test_add_rename_and_refuse_a_taken_name(qtbot, store):
    """A therapist adds and renames clients; a name already in use is refused plainly."""
    screen = make_screen(qtbot, store)
    qtbot.keyClicks(screen.new_name, "Alex")
    qtbot.keyClick(screen.new_name, Qt.Key.Key_Return)
    assert names(screen) == ["Alex", "Me"]
    assert screen.selected().name == "Alex"
    screen.rename_field.clear()
    qtbot.keyClicks(screen.rename_field, "Alexandra")
    qtbot.mouseClick(screen.rename_button, Qt.MouseButton.LeftButton)
    assert names(screen) == ["Alexandra", "Me"]
    assert screen.message.text() == "Alex is now called Alexandra."
    screen.rename_field.setText("me")
    screen.rename()
    assert "There is already someone called 'me'" in screen.message.text()
    assert screen.message.property("role") == "warning"
    assert names(screen) == ["Alexandra", "Me"]


def test_switch_client_by_keyboard(qtbot, store):
    """Choosing someone in the list and pressing Enter makes them the one practising now."""
    alex = store.add_client("Alex")
    screen = make_screen(qtbot, store)
    screen.list.setFocus()
    screen.list.setCurrentIndex(screen.model.index(screen.model.row_of(alex.id)))
    with qtbot.waitSignal(screen.client_switched) as switched:
        qtbot.keyClick(screen.list, Qt.Key.Key_Return)
    assert switched.args == [alex.id]
    assert current_client(store, screen.settings) == alex.id
    row = screen.model.row_of(alex.id)
    assert screen.model.data(screen.model.index(row)) == "Alex · practising now"
    assert screen.selected_label.text() == "Alex — practising now"
    assert screen.switch_button.isHidden()


def test_archive_hides_and_brings_back(qtbot, store):
    """Archiving takes a client out of the list (records kept); Show archived brings them back."""
    maria = store.add_client("Maria")
    screen = make_screen(qtbot, store)
    screen.reload(select=maria.id)
    qtbot.mouseClick(screen.archive_button, Qt.MouseButton.LeftButton)
    assert names(screen) == ["Me"]
    assert store.client(maria.id).archived
    qtbot.mouseClick(screen.show_archived, Qt.MouseButton.LeftButton)
    row = screen.model.row_of(maria.id)
    assert screen.model.data(screen.model.index(row)) == "Maria · archived"
    screen.reload(select=maria.id)
    screen.switch()
    assert "archived. Bring them back first" in screen.message.text()
    assert screen.archive_button.text() == "Bring back"
    qtbot.mouseClick(screen.archive_button, Qt.MouseButton.LeftButton)
    assert not store.client(maria.id).archived


def test_current_client_cannot_be_archived(qtbot, store):
    """The person practising now is not archived from under the practice."""
    screen = make_screen(qtbot, store)
    me = store.default_client()
    screen.settings.set("client.current", me.id)  # chosen on "Who is practising?"
    screen.reload(select=me.id)
    screen.toggle_archive()
    assert "practising now" in screen.message.text()
    assert not store.client(me.id).archived


def test_note_saved_after_typing_and_kept_per_client(qtbot, store):
    """A therapist's note is saved shortly after typing stops, on the right client only."""
    alex = store.add_client("Alex")
    screen = make_screen(qtbot, store)
    screen.reload(select=alex.id)
    qtbot.keyClicks(screen.note.editor, "Prefers the evening.")
    assert store.client(alex.id).note == ""  # not on every key
    qtbot.waitUntil(lambda: store.client(alex.id).note == "Prefers the evening.", timeout=3000)
    assert screen.note.state.text() == "Note saved."
    # typing then switching the selection at once still saves to the person typed about
    qtbot.keyClicks(screen.note.editor, " Short practices.")
    screen.reload(select=store.default_client().id)
    assert store.client(alex.id).note == "Prefers the evening. Short practices."
    assert store.default_client().note == ""
    assert screen.note.editor.toPlainText() == ""
    assert NOTE_DELAY_MS < 2000


def test_import_adds_a_client_from_an_export(qtbot, store, tmp_path):
    """Bringing in a client's CSV export adds them and their practices, and says how many."""
    elsewhere = AppPaths.from_environment({"CALM_HOME": str(tmp_path / "home")}).ensure()
    with open_store(elsewhere) as other:
        sam = other.add_client("Sam")
        run = other.start_run(sam.id, "slow-breathing", "Slow Breathing", variant="5")
        other.set_rating(run.id, "pain", "before", 6)
        other.finish_run(run.id, "completed", 300_000, 1.0)
        export_csv(other, tmp_path / "sam.csv", [sam.id])
    screen = make_screen(qtbot, store, lambda _parent: str(tmp_path / "sam.csv"))
    qtbot.mouseClick(screen.importer.import_button, Qt.MouseButton.LeftButton)
    assert screen.message.text() == "Added 1 client (Sam), 1 practice and 1 rating."
    assert "Sam" in names(screen)
    assert [r.practice_id for r in store.runs_for_client(sam.id)] == ["slow-breathing"]


def test_import_rejection_shows_reason_and_adds_nothing(qtbot, store, tmp_path):
    """A damaged file is refused with its reason, and nothing is added."""
    bad = tmp_path / "broken.json"
    bad.write_text('{"resourceType": "Bundle", "type": "collection", "entry": [{"oops": 1}]}')
    screen = make_screen(qtbot, store, lambda _parent: str(bad))
    before = (len(store.list_clients(include_archived=True)), store.count_runs())
    screen.importer.choose_import()
    assert screen.message.text().startswith("broken.json was not imported: ")
    assert screen.message.text().endswith("Nothing was added.")
    assert screen.message.property("role") == "warning"
    assert (len(store.list_clients(include_archived=True)), store.count_runs()) == before
    assert screen.importer.import_button.isEnabled()


def broken_csv(folder):
    bad = folder / "broken.csv"
    bad.write_text("not,a,calm\nexport,at,all\n")
    return bad


def at_the_foot(qtbot, store, ask_path):
    """The page in a short active window, scrolled to its foot ("Bring in a log")."""
    screen = make_screen(qtbot, store, ask_path)
    screen.resize(720, 480)
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    bar = screen.findChild(QScrollArea).verticalScrollBar()
    bar.setValue(bar.maximum())
    return screen, bar


def test_the_page_stays_put_while_a_file_is_brought_in(qtbot, store, tmp_path):
    """A therapist scrolls down to "Bring in a log", presses "Choose a file…" from the
    keyboard and picks a damaged file: the page stays where it was, the answer shows right
    under the button, and focus is back on the button to try another file. (The button is
    disabled while the file is read; focus used to move on to the next control and the page
    scrolled away to it, hiding the answer.)"""
    bad = broken_csv(tmp_path)
    screen, bar = at_the_foot(qtbot, store, lambda _parent: str(bad))
    button = screen.importer.import_button
    button.setFocus()
    qtbot.waitUntil(button.hasFocus)
    where = bar.value()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert screen.message is screen.importer.message
    assert screen.message.text().startswith("broken.csv was not imported")
    assert bar.value() == where
    assert button.hasFocus() and button.isEnabled()
    shown = screen.message.visibleRegion().boundingRect()
    assert shown.height() == screen.message.height()  # in view, not scrolled off


def test_the_page_stays_put_after_a_real_dialog_closes(qtbot, store, tmp_path):
    """The same with the mouse and a dialog of its own: when the file dialog closes the
    window is not active again yet, so nothing has focus; Qt gives it back to the button a
    moment later, and a disabled button would hand it on (and the page scroll away)."""
    bad = broken_csv(tmp_path)
    dialog = QWidget()
    qtbot.addWidget(dialog)

    def ask(_parent) -> str:  # stands in for QFileDialog: active while open, then closed
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        dialog.hide()
        return str(bad)

    screen, bar = at_the_foot(qtbot, store, ask)
    button = screen.importer.import_button
    where = bar.value()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    assert screen.message.text().startswith("broken.csv was not imported")
    assert bar.value() == where
    assert screen.focusWidget() is button and button.isEnabled()


def test_cancelled_file_dialog_does_nothing(qtbot, store, tmp_path):
    """Closing the file dialog without a file leaves everything as it was: no file and no
    record written, nothing said."""
    screen = make_screen(qtbot, store)
    before = footprint(tmp_path, store.path)
    screen.importer.choose_import()
    assert screen.message.isHidden()
    assert footprint(tmp_path, store.path) == before


def test_list_model_roles(qtbot, store):
    """The client list gives names, ids and spoken text without any widget."""
    from ui.models import ClientListModel

    alex = store.add_client("Alex")
    model = ClientListModel()
    model.set_clients(store.list_clients(), alex.id)
    index = model.index(model.row_of(alex.id))
    assert model.data(index, IdRole) == alex.id
    assert model.data(index, Qt.ItemDataRole.AccessibleTextRole) == "Alex, practising now"
    assert model.data(index, Qt.ItemDataRole.FontRole).bold()
    assert model.rowCount() == 2

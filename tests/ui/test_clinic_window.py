"""A therapist's day in the real window: "Who is practising?", the lock, each client's own
screening, the idle return (a fake clock), and the passphrase dialog typed into for real."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget

from app import build_window
from audio.engine import SilentEngine
from calm.clock import FakeClock
from calm.practice.questions import QUESTION_IDS
from calm.settings import Settings
from calm.store import open_store
from tests.support.passphrase import SECRET, Typist
from ui.passphrase_dialog import PassphraseDialog
from ui.tasks import run_immediately


@pytest.fixture
def clinic(paths):
    """A clinic laptop: Anna (heart or lung: yes, a note), Bernd (all no), Cara (unasked)."""
    with open_store(paths) as store:
        store.set_setting("mode", "clinic")
        store.reset_passphrase(SECRET)
        for name in ("Anna", "Bernd", "Cara"):
            store.add_client(name)
        settings = Settings(store)
        for name, yes in (("Anna", {"heart-lung"}), ("Bernd", set())):
            client = store.client_by_name(name)
            mine = settings.for_client(client.id)
            mine.set("screening.answers", {q: q in yes for q in QUESTION_IDS})
            mine.set("screening.done", True)
        store.set_client_note(store.client_by_name("Anna").id, "Anna's knee, private")
        store.set_client_note(store.client_by_name("Bernd").id, "Bernd's back, private")
        settings.for_client(store.client_by_name("Me").id).set("screening.done", True)
    return paths


def open_clinic(paths, qtbot, typist=None):
    store = open_store(paths)
    clock = FakeClock(1_000_000)
    parts = build_window(
        paths, store, clock=clock, runner=run_immediately,
        audio_factory=lambda: SilentEngine(), ask=typist or Typist(qtbot),
    )  # fmt: skip
    qtbot.addWidget(parts.window)
    parts.window.resize(980, 760)
    parts.window.show()
    qtbot.waitExposed(parts.window)
    return parts, clock


def close(parts) -> None:
    parts.screens["lock"].timer.stop()
    parts.window.close()
    parts.store.close()


def shown_text(widget: QWidget) -> str:
    """Every text a person can see in the window now (labels, buttons, fields)."""
    texts = []
    for child in widget.findChildren(QWidget):
        if not child.isVisibleTo(widget):
            continue
        if isinstance(child, QLabel | QAbstractButton):
            texts.append(child.text())
        elif isinstance(child, QLineEdit):
            texts.append(child.text())
        elif hasattr(child, "toPlainText"):
            texts.append(child.toPlainText())
    return "\n".join(texts)


def choose(parts, qtbot, name: str) -> None:
    who = parts.window.page("who")
    target = next(b for b in who.buttons if b.text() == name)
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton)


def test_the_clinic_window_opens_locked_on_names_only(clinic, qtbot):
    """Whoever sits down first sees names, and nothing else about anyone."""
    parts, _clock = open_clinic(clinic, qtbot)
    window = parts.window
    assert window.current_page() == "who"
    assert window.page("who").visible_names() == ["Anna", "Bernd", "Cara", "Me"]
    text = shown_text(window)
    assert "private" not in text and "Clients" not in text and "Settings" not in text
    close(parts)


def test_a_locked_client_never_sees_another_clients_name_note_or_progress(clinic, qtbot):
    """Anna, practising alone, reaches her own things only; Clients needs the passphrase."""
    typist = Typist(qtbot, "a wrong guess")
    parts, _clock = open_clinic(clinic, qtbot, typist)
    window = parts.window
    choose(parts, qtbot, "Anna")
    assert window.current_page() == "home"
    for page in ("home", "progress"):
        window.show_page(page)
        assert window.current_page() == page
        text = shown_text(window)
        assert "Bernd" not in text and "Cara" not in text and "private" not in text, page
    assert "Anna" in window.client_label.text()
    for page in ("clients", "settings", "programme"):
        window.show_page(page)
        assert window.current_page() == "progress", page  # the wrong passphrase kept it shut
    assert typist.said[-1].startswith("That passphrase is not right.")
    assert not window.nav_buttons["clients"].isVisible()
    close(parts)


def test_anna_never_gets_4_7_8_by_any_path_and_bernd_does(clinic, qtbot):
    """Heart or lung "yes" is Anna's own: no card, no favourite, no "practise again", no
    direct start; Bernd, with no such answer, gets it."""
    parts, _clock = open_clinic(clinic, qtbot)
    store = parts.store
    anna = store.client_by_name("Anna").id
    mine = parts.settings.for_client(anna)
    mine.set("favourites", ["four-seven-eight"])
    mine.set("last.practice", {"id": "four-seven-eight", "variant": "4-cycles"})
    choose(parts, qtbot, "Anna")
    home = parts.screens["home"]
    shown = [c.script.id for c in home.cards + home.favourite_cards if c.isVisibleTo(home)]
    assert "four-seven-eight" not in shown and "box-breathing" in shown
    flow = parts.screens["flow"]
    flow.choose("four-seven-eight", "4-cycles")  # as "practise again" or a favourite would
    assert flow.decision.not_advised  # Anna's own answers: not advised, said, never the default
    assert not flow.checkin.start.isDefault()
    parts.screens["lock"].someone_else()
    choose(parts, qtbot, "Bernd")
    shown = [c.script.id for c in home.cards if c.isVisibleTo(home)]
    assert "four-seven-eight" in shown
    flow.choose("four-seven-eight", "4-cycles")
    assert parts.window.current_page() == "checkin" and not flow.decision.not_advised
    close(parts)


def test_idle_time_and_the_summary_return_to_who_is_practising(clinic, qtbot):
    """A client who walks away leaves nothing open for the next one."""
    parts, clock = open_clinic(clinic, qtbot)
    lock = parts.screens["lock"]
    choose(parts, qtbot, "Bernd")
    clock.advance(4 * 60_000)
    assert not lock.check_idle()
    clock.advance(60_000)
    assert lock.check_idle()
    assert parts.window.current_page() == "who"
    assert "after a while without use" in parts.window.page("who").message.text()
    assert parts.settings.get("client.current") == ""
    choose(parts, qtbot, "Bernd")
    parts.screens["flow"].choose("box-breathing", "2")  # builds the practice pages
    parts.window.show_page("summary")
    parts.screens["flow"].go_home()  # "Back to practices" on the summary
    assert parts.window.current_page() == "who"
    assert "Thank you, Bernd" in parts.window.page("who").message.text()
    close(parts)


def test_a_client_without_answers_is_asked_before_their_first_practice(clinic, qtbot):
    """Cara's safety questions come first; nobody else's answers stand in for hers."""
    parts, _clock = open_clinic(clinic, qtbot)
    choose(parts, qtbot, "Cara")
    assert parts.window.current_page() == "welcome"
    welcome = parts.screens["welcome"].page
    assert welcome.steps.currentIndex() == 1
    assert welcome.form.answers() == {}
    close(parts)


def test_the_therapist_unlocks_with_the_passphrase_and_locks_again(clinic, qtbot):
    """The right passphrase opens Clients; Lock hands the window back to the names."""
    parts, _clock = open_clinic(clinic, qtbot)
    window = parts.window
    qtbot.mouseClick(window.page("who").therapist, Qt.MouseButton.LeftButton)
    assert window.current_page() == "clients"
    assert window.nav_buttons["settings"].isVisible()
    qtbot.mouseClick(parts.screens["lock"].lock_button, Qt.MouseButton.LeftButton)
    assert window.current_page() == "who"
    close(parts)


def test_five_wrong_passphrases_make_the_dialog_wait(clinic, qtbot):
    """Guessing is slowed: after five, Unlock counts down and cannot be pressed."""
    parts, _clock = open_clinic(clinic, qtbot)
    dialog = PassphraseDialog(parts.store, "For the therapist.", parts.window)
    qtbot.addWidget(dialog)
    dialog.show()
    for _ in range(5):
        dialog.field.clear()
        QTest.keyClicks(dialog.field, "nope nope")
        QTest.keyClick(dialog.field, Qt.Key.Key_Return)
    assert "wait 30 seconds" in dialog.message.text()
    assert not dialog.ok.isEnabled() and dialog.ok.text().startswith("Wait ")
    dialog.field.clear()
    QTest.keyClicks(dialog.field, SECRET)
    QTest.keyClick(dialog.field, Qt.Key.Key_Return)
    assert dialog.isVisible()  # even the right one waits
    dialog.reject()
    close(parts)


def test_turning_clinic_mode_on_asks_the_therapist_to_choose_a_passphrase(paths, qtbot):
    """No clinic without a passphrase: cancelling keeps Calm Harbor at home; choosing one
    (typed twice, for real) locks the window on "Who is practising?"."""
    from PySide6.QtWidgets import QApplication

    parts, _clock = open_clinic(paths, qtbot)
    window = parts.window
    window.show_page("settings")
    row = parts.screens["settings"].page.choices["mode"]
    clinic_button = next(b for b in row.buttons if "clinic" in b.text().lower())

    def answer(new: str | None) -> None:
        dialog = QApplication.activeModalWidget()
        if new is None:
            dialog.reject()
            return
        QTest.keyClicks(dialog.field, new)
        QTest.keyClicks(dialog.again, new)
        QTest.keyClick(dialog.again, Qt.Key.Key_Return)

    QTimer.singleShot(0, lambda: answer(None))
    qtbot.mouseClick(clinic_button, Qt.MouseButton.LeftButton)
    assert parts.settings.get("mode") == "home" and not parts.store.has_passphrase()
    assert any("stays at home" in t for t in window.notices.texts())
    QTimer.singleShot(0, lambda: answer("a long passphrase"))
    qtbot.mouseClick(clinic_button, Qt.MouseButton.LeftButton)
    assert parts.settings.get("mode") == "clinic"
    parts.store.check_passphrase("a long passphrase")
    assert window.current_page() == "who"
    close(parts)


def test_play_with_a_window_for_anna_advises_against_4_7_8_and_stays_hers(clinic, qtbot):
    """`calm-harbor play four-seven-eight --client Anna` with a screen: locked to Anna, and
    the practice her own answers rule out is marked not advised."""
    store = open_store(clinic)
    anna = store.client_by_name("Anna").id
    parts = build_window(
        clinic, store, clock=FakeClock(0), runner=run_immediately,
        audio_factory=lambda: SilentEngine(), client=anna, ask=Typist(qtbot),
    )  # fmt: skip
    qtbot.addWidget(parts.window)
    parts.screens["flow"].choose("four-seven-eight", "4-cycles")  # as run_window does
    assert parts.screens["flow"].decision.not_advised  # her answers, not the laptop's
    assert parts.screens["lock"].chosen == anna and parts.screens["lock"].locked
    assert parts.window.client_label.text() == "Anna"
    close(parts)


def test_practise_as_hands_the_window_over_locked_with_focus_on_the_practices(clinic, qtbot):
    """ "Practise as Bernd" gives Bernd the laptop: locked to him, focus on his practices."""
    parts, _clock = open_clinic(clinic, qtbot)
    window = parts.window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.mouseClick(window.page("who").therapist, Qt.MouseButton.LeftButton)
    clients = parts.screens["clients"].page
    bernd = parts.store.client_by_name("Bernd").id
    clients.reload(select=bernd)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)  # back from the passphrase dialog
    qtbot.mouseClick(clients.switch_button, Qt.MouseButton.LeftButton)
    lock = parts.screens["lock"]
    assert window.current_page() == "home" and lock.chosen == bernd and lock.locked
    assert parts.screens["home"].search.hasFocus()
    close(parts)

"""The therapist's programme page for one client, as a therapist uses it: a programme, goals,
dated notes, the PDF report and the home pack, each change saved at once."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest
from PySide6.QtCore import Qt

from calm.practice.library import load_library
from calm.store import open_store
from ui.screens.client_records import ClientRecordsPart
from ui.screens.programme_page import ProgrammePage
from ui.tasks import run_immediately


@pytest.fixture
def page(paths, qtbot, tmp_path):
    store = open_store(paths)
    anna = store.add_client("Anna").id
    library = load_library(paths.user_sessions)
    asked = []

    def ask(_parent, _title, suggested, _filter):
        asked.append(suggested)
        return str(tmp_path / suggested)

    records = ClientRecordsPart(store, library, run_immediately, ask_path=ask)
    screen = ProgrammePage(store, library, run_immediately, records)
    qtbot.addWidget(screen)
    screen.resize(1000, 900)
    screen.show()
    screen.open(anna)
    screen.anna, screen.asked = anna, asked
    yield screen
    store.close()


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_a_therapist_builds_a_programme_with_the_mouse(page, qtbot):
    """Choosing a practice, a length, how often and an instruction adds it to the programme."""
    page.practice.setCurrentIndex(page.practice.findData("slow-breathing"))
    page.length.setCurrentIndex(page.length.findData("10"))
    page.how_many.setValue(2)
    qtbot.keyClicks(page.instruction, "Before lunch")
    click(qtbot, page.add_item)
    assert page.item_state.text() == "Saved: Slow Breathing, 6 a minute, twice a day."
    (item,) = page.store.programme(page.anna).items
    assert (item.practice_id, item.length, item.per_day, item.instruction) == (
        "slow-breathing",
        "10",
        2,
        "Before lunch",
    )
    page.practice.setCurrentIndex(page.practice.findData("body-scan"))
    click(qtbot, page.days_a_week)
    page.how_many.setValue(3)
    click(qtbot, page.add_item)
    assert [i.practice_id for i in page.store.programme(page.anna).items] == [
        "slow-breathing",
        "body-scan",
    ]
    remove = [b for b in page.findChildren(type(page.add_item)) if b.text() == "Remove"]
    click(qtbot, remove[0])
    assert [i.practice_id for i in page.store.programme(page.anna).items] == ["body-scan"]


def test_backwards_dates_are_a_sentence_next_to_the_button(page, qtbot):
    """A slip is said where the therapist is looking, and nothing is saved."""
    page.has_until.setChecked(True)
    page.until.setDate(page.start.date().addDays(-3))
    click(qtbot, page.add_item)
    assert page.item_state.text().startswith("The dates run backwards")
    assert page.store.programme(page.anna).items == ()


def test_goals_up_to_three_with_their_first_rating(page, qtbot):
    """Goals are the client's words, rated when set; a fourth waits until one is set aside."""
    for words, rating in (("Cook a meal standing", 3), ("Walk to the shop", 2), ("Garden", 1)):
        qtbot.keyClicks(page.goal_text, words)
        page.goal_rating.setValue(rating)
        click(qtbot, page.goal_button)
    assert [g.text for g in page.store.goals(page.anna)] == [
        "Cook a meal standing",
        "Walk to the shop",
        "Garden",
    ]
    assert [r.value for r in page.store.goal_ratings(page.anna)] == [3, 2, 1]
    assert not page.goal_button.isEnabled()
    aside = [b for b in page.findChildren(type(page.goal_button)) if b.text() == "Set aside"]
    click(qtbot, aside[0])
    assert page.goal_button.isEnabled()


def test_dated_notes_in_and_out_of_the_report_and_a_pdf(page, qtbot, tmp_path):
    """Notes are dated; one kept out of reports is not in the saved PDF."""
    records = page.records
    qtbot.keyClicks(records.new_note, "Sleeps badly; try the wind-down.")
    click(qtbot, records.add_note_button)
    qtbot.keyClicks(records.new_note, "Private matter.")
    records.note_in_report.setChecked(False)
    click(qtbot, records.add_note_button)
    notes = page.store.notes(page.anna)
    assert [(n.text, n.in_report) for n in notes] == [
        ("Sleeps badly; try the wind-down.", True),
        ("Private matter.", False),
    ]
    click(qtbot, records.save_pdf)
    assert records.report_state.text().startswith("Saved the report to ")
    (pdf,) = tmp_path.glob("*-report.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Anna" in text and "Sleeps badly" in text and "Private matter" not in text


def test_a_home_pack_from_the_page(page, qtbot, tmp_path):
    """The pack is made with a progress bar and a sentence saying what went in."""
    page.practice.setCurrentIndex(page.practice.findData("grounding"))
    click(qtbot, page.add_item)
    click(qtbot, page.records.pack_button)
    assert page.records.pack_state.text().startswith("Wrote the home pack for Anna to ")
    assert list(tmp_path.glob(f"anna-{date.today().isoformat()}.calmpack"))
    assert not page.records.pack_bar.isVisible()


def test_a_pack_without_a_programme_says_so(page, qtbot):
    """An empty programme gets a sentence, not an empty pack."""
    click(qtbot, page.records.pack_button)
    assert (
        page.records.pack_state.text() == "Anna has no programme yet. Add a practice to it first."
    )

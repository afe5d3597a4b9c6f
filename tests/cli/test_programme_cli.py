"""The home programme, goals and notes through app.main, as a therapist types them."""

from __future__ import annotations

from datetime import date

import app
from calm.store import open_store


def _client(paths, name="Anna"):
    with open_store(paths) as store:
        return store.add_client(name).id


def test_a_therapist_sets_a_programme_and_reads_it_back(paths, capsys):
    """`programme add/show/remove` must keep what was typed and say it plainly."""
    _client(paths)
    assert (
        app.main(
            [
                "programme",
                "--client",
                "anna",
                "add",
                "slow-breathing",
                "--length",
                "10",
                "--per-day",
                "2",
                "--instruction",
                "Before lunch and at bedtime",
            ]
        )
        == 0
    )
    assert (
        "Anna's programme: Slow Breathing, 6 a minute, 10 min, twice a day."
        in capsys.readouterr().out
    )
    assert (
        app.main(
            [
                "programme",
                "--client",
                "Anna",
                "add",
                "body-scan",
                "--length",
                "20",
                "--days-a-week",
                "3",
                "--until",
                "2099-01-31",
            ]
        )
        == 0
    )
    assert app.main(["programme", "--client", "Anna", "note", "Gently does it."]) == 0
    capsys.readouterr()
    assert app.main(["programme", "--client", "Anna", "show"]) == 0
    shown = capsys.readouterr().out
    assert "  Slow Breathing, 6 a minute, 10 min, twice a day, from " in shown
    assert "    Before lunch and at bedtime" in shown
    assert f"Body Scan, 20 min, 3 days a week, {date.today().isoformat()} to 2099-01-31" in shown
    assert "Note: Gently does it." in shown
    assert "Slow Breathing, 6 a minute: 0 of 2 today" in shown
    assert app.main(["programme", "--client", "Anna", "remove", "body-scan"]) == 0
    with open_store(paths) as store:
        items = store.programme(store.client_by_name("Anna").id).items
    assert [i.practice_id for i in items] == ["slow-breathing"]


def test_bad_programme_input_gets_a_sentence_and_changes_nothing(paths, capsys):
    """A missing practice, backwards dates or an unknown pattern must not be saved."""
    _client(paths)
    cases = [
        (["add", "nope", "--per-day", "1"], "There is no practice called 'nope'."),
        (
            ["add", "grounding", "--per-day", "1", "--from", "2027-01-01", "--until", "2026-12-01"],
            "The dates run backwards: from 2027-01-01 until 2026-12-01.",
        ),
        (
            ["add", "grounding", "--per-day", "1", "--pattern", "Nope"],
            "There is no saved breathing pattern called 'Nope'.",
        ),
        (["add", "grounding", "--per-day", "9"], "Times a day must be from 1 to 6."),
        (["remove", "grounding"], "'grounding' is not in this programme."),
    ]
    for words, sentence in cases:
        assert app.main(["programme", "--client", "Anna", *words]) == 1
        err = capsys.readouterr().err
        assert sentence in err and "Traceback" not in err
    with open_store(paths) as store:
        assert store.programme(store.client_by_name("Anna").id).items == ()


def test_goals_and_notes_on_the_command_line(paths, capsys):
    """Goals are rated by number; notes keep their date and report mark."""
    _client(paths)
    assert (
        app.main(["goals", "--client", "Anna", "add", "Cook a meal standing", "--rating", "3"]) == 0
    )
    assert app.main(["goals", "--client", "Anna", "rate", "1", "6"]) == 0
    assert app.main(["goals", "--client", "Anna", "rate", "2", "6"]) == 1
    assert "Anna has 1 goal(s)" in capsys.readouterr().err
    assert app.main(["goals", "--client", "Anna", "show"]) == 0
    today = date.today().isoformat()
    assert f"1. Cook a meal standing: 3 ({today}), 6 ({today})" in capsys.readouterr().out
    assert app.main(["notes", "--client", "Anna", "add", "Private", "--not-in-report"]) == 0
    assert app.main(["notes", "--client", "Anna", "show"]) == 0
    assert f"{today} (not in reports): Private" in capsys.readouterr().out

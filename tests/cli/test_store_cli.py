"""The practice-log commands through app.main: export, import, stats, demo-data."""

from __future__ import annotations

import csv
import io
import json

import pytest
from fhir.resources.R4B.bundle import Bundle

import app
from calm.store import open_store


@pytest.fixture
def demo(paths, capsys):
    """A data folder with three made-up clients over eight weeks."""
    assert app.main(["demo-data", "--clients", "3", "--days", "56", "--seed", "4"]) == 0
    out = capsys.readouterr().out
    assert "Added 3 demo clients with" in out
    with open_store(paths) as store:
        return [c for c in store.list_clients() if c.demo]


def test_stats_gives_an_overview_and_one_clients_weekly_figures(demo, capsys):
    """A therapist must be able to read progress in a terminal, in plain words and numbers."""
    assert app.main(["stats"]) == 0
    overview = capsys.readouterr().out
    for client in demo:
        assert client.name in overview
    assert "stats --client NAME" in overview
    assert app.main(["stats", "--client", demo[0].name.upper(), "--weeks", "3"]) == 0
    report = capsys.readouterr().out
    assert report.startswith(f"{demo[0].name}: ")
    assert "This week:" in report and "against the first week (baseline" in report
    pain_table = report.split("Pain before practice")[1].split("Stress")[0]
    assert len([line for line in pain_table.splitlines() if line.startswith("  20")]) == 3
    assert "Average change from before to after one practice:" in report
    assert "By category:" in report


def test_stats_for_a_home_user_without_practice(paths, capsys):
    """A new user asking for figures is told there are none yet, not shown a traceback."""
    assert app.main(["stats"]) == 0
    assert capsys.readouterr().out.strip() == "Me: no practices yet."


def test_export_csv_and_fhir_of_one_client_and_of_all(demo, tmp_path, capsys):
    """Exports from the command line must be complete files a clinic system accepts."""
    name = demo[1].name
    target = tmp_path / "one.csv"
    assert app.main(["export", "--client", name, "--format", "csv", "-o", str(target)]) == 0
    assert f"of {name} to {target}" in capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(target.read_bytes().decode(), newline="")))
    assert rows and {row["client"] for row in rows} == {name}
    assert target.read_bytes().count(b"\r\n") == len(rows) + 1
    assert app.main(["export", "--all", "--format", "fhir", "-o", str(tmp_path / "all.json")]) == 0
    Bundle.model_validate(json.loads((tmp_path / "all.json").read_text(encoding="utf-8")))
    capsys.readouterr()
    assert app.main(["export", "--client", name, "-o", "-"]) == 0
    assert capsys.readouterr().out.startswith("client,client_id,run_id,")


def test_import_adds_once_and_refuses_a_bad_file(demo, tmp_path, capsys, monkeypatch):
    """Bringing a log to the clinic laptop twice must not double it; junk is refused."""
    export = tmp_path / "one.json"
    assert (
        app.main(["export", "--client", demo[0].name, "--format", "fhir", "-o", str(export)]) == 0
    )
    monkeypatch.setenv("CALM_HOME", str(tmp_path / "clinic"))
    capsys.readouterr()
    assert app.main(["import", str(export)]) == 0
    assert capsys.readouterr().out.startswith(f"Added 1 client ({demo[0].name}), ")
    assert app.main(["import", str(export)]) == 0
    again = capsys.readouterr().out
    assert "Added 0 clients, 0 practices and 0 ratings" in again
    assert f"Brought in for {demo[0].name}, already here." in again
    junk = tmp_path / "junk.json"
    junk.write_text('{"resourceType": "Bundle", "type": "collection", "entry": [1]}')
    assert app.main(["import", str(junk)]) == 1
    error = capsys.readouterr().err
    assert "junk.json was not imported" in error and "Traceback" not in error


def test_demo_data_refuses_a_folder_with_real_records(paths, capsys):
    """Demo data must never be mixed into a real person's log by accident."""
    with open_store(paths) as store:
        store.start_run(store.default_client().id, "grounding", "Grounding")
    assert app.main(["demo-data", "--clients", "2", "--days", "3"]) == 1
    assert "holds real records" in capsys.readouterr().err
    assert app.main(["demo-data", "--clients", "2", "--days", "3", "--force"]) == 0
    with open_store(paths) as store:
        assert len(store.list_clients()) == 3


def test_reading_works_beside_the_window_but_writing_is_refused(demo, tmp_path, paths, capsys):
    """`stats` and `export` must work while the window is open; `import` must wait for it."""
    with open_store(paths):
        assert app.main(["stats"]) == 0
        assert app.main(["export", "--all", "-o", str(tmp_path / "x.csv")]) == 0
        assert app.main(["import", str(tmp_path / "x.csv")]) == 1
        assert "already open" in capsys.readouterr().err


def test_mistakes_get_a_sentence_and_a_usage_code(demo, capsys):
    """A typo in a name or a missing option must be explained, not crash."""
    assert app.main(["stats", "--client", "Nobody"]) == 1
    assert "no client called 'Nobody'" in capsys.readouterr().err
    assert app.main(["export", "--format", "csv", "-o", "x.csv"]) == 2


def test_a_restored_backup_is_announced_on_the_command_line(demo, paths, capsys):
    """If the log had to be restored, the person running a command hears about it."""
    with open(paths.database, "r+b") as handle:
        handle.write(b"garbage" * 20)
    assert app.main(["stats"]) == 0
    error = capsys.readouterr().err
    assert "damaged" in error and "was restored" in error


def test_an_export_says_when_it_carries_goals_and_answers(paths, tmp_path, capsys):
    """A client with goals but no practice yet: the file is not empty, and the sentence says
    so (it said "0 practices" only)."""
    with open_store(paths) as store:
        anna = store.add_client("Anna").id
        store.add_goal(anna, "Walk to the shop", rating=4)
    target = tmp_path / "anna.csv"
    assert app.main(["export", "--client", "Anna", "--format", "csv", "-o", str(target)]) == 0
    said = capsys.readouterr().out
    assert said == f"Exported 0 practices with the goals and answers of Anna to {target}.\n"
    assert app.main(["export", "--client", "Me", "--format", "csv", "-o", str(target)]) == 0
    assert capsys.readouterr().out == f"Exported 0 practices of Me to {target}.\n"

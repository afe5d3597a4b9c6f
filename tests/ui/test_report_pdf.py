"""The client's report as a PDF, read back as text and as page images."""

from __future__ import annotations

import subprocess
import time
from datetime import date, timedelta

import pytest
from PySide6.QtGui import QImage

import app
from calm.programme.model import Programme, ProgrammeItem
from calm.store import open_store


@pytest.fixture
def anna(paths, qapp):
    """Anna with a programme, two goals, a PGIC answer, practice and two notes."""
    assert app.main(["demo-data", "--clients", "1", "--days", "70", "--seed", "3"]) == 0
    with open_store(paths) as store:
        client = next(c for c in store.list_clients() if c.demo)
        store.rename_client(client.id, "Anna")
        start = date.today() - timedelta(days=27)
        items = (
            ProgrammeItem(
                "slow-breathing", "10", per_day=2, start=start, instruction="Before lunch"
            ),
            ProgrammeItem("body-scan", "20", days_a_week=3, start=start),
        )
        store.set_programme(Programme(client.id, items, note="Gently does it."))
        store.add_goal(client.id, "Cook a meal standing", rating=3)
        store.add_goal(client.id, "Walk <to> the shop & back", rating=2)
        store.add_impression(client.id, 5)
        store.add_note(client.id, "Sleeps badly; try the wind-down.")
        store.add_note(client.id, "Private family matters.", in_report=False)
        return client.id


def _text(pdf) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_report_holds_programme_outcomes_goals_change_and_chosen_notes(anna, tmp_path, capsys):
    """A referrer must find every section, and a note left out must not be there."""
    target = tmp_path / "anna.pdf"
    assert app.main(["report", "--client", "Anna", "-o", str(target)]) == 0
    assert "Wrote the report of Anna (" in capsys.readouterr().out
    assert target.stat().st_mode & 0o777 == 0o600
    text = " ".join(_text(target).split())
    for expected in (
        "Anna",
        "Calm Harbor practice report",
        "Programme",
        "Slow Breathing, 6 a minute 10 min twice a day Before lunch",
        "Body Scan 20 min 3 days a week",
        "Gently does it.",
        "practices asked (",
        "Pain and stress",
        "Goals",
        "Cook a meal standing 3 (one rating)",
        "Walk <to> the shop & back 2 (one rating)",
        "Impression of change",
        "5 of 7 Moderately better",
        "Sleeps badly; try the wind-down.",
        "Change right after each practice, on average",
        "points (",
    ):
        assert expected in text, expected
    assert "Private family matters." not in text
    assert app.main(["report", "--client", "Anna", "--no-notes", "-o", str(target)]) == 0
    assert "Sleeps badly" not in _text(target)


def test_the_pages_are_real_pages_with_charts(anna, tmp_path):
    """Every page must render, and the charts must have ink on them."""
    target = tmp_path / "anna.pdf"
    assert app.main(["report", "--client", "Anna", "-o", str(target)]) == 0
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", str(target), str(tmp_path / "page")], check=True
    )
    pages = sorted(tmp_path.glob("page-*.png"))
    assert 1 <= len(pages) <= 4
    for page in pages:
        image = QImage(str(page))
        assert image.width() > 300 and image.height() > 400
        # Every second pixel: a sparse last page (one small chart, two short tables) left
        # fewer than 50 dark samples at every fourth one, text and all, on some days.
        dark = sum(
            1
            for y in range(0, image.height(), 2)
            for x in range(0, image.width(), 2)
            if image.pixelColor(x, y).lightness() < 128
        )
        assert dark > 50, f"{page.name} looks blank"


def test_a_period_limits_the_report(anna, tmp_path):
    """--from and --to choose the period; backwards dates are a sentence."""
    target = tmp_path / "anna.pdf"
    start = (date.today() - timedelta(days=14)).isoformat()
    assert app.main(["report", "--client", "Anna", "--from", start, "-o", str(target)]) == 0
    assert f"report, {date.fromisoformat(start).strftime('%-d %b %Y')} to" in " ".join(
        _text(target).split()
    )
    assert (
        app.main(
            [
                "report",
                "--client",
                "Anna",
                "--from",
                "2026-12-10",
                "--to",
                "2026-12-01",
                "-o",
                str(target),
            ]
        )
        == 1
    )


@pytest.mark.parametrize("where", ["folder-missing/anna.pdf", "/proc/anna.pdf", ""])
def test_a_target_that_cannot_be_written_is_a_sentence(anna, tmp_path, capsys, where):
    """A PDF that cannot be written must say why, leave nothing behind and not crash."""
    target = str(tmp_path / where) if where and not where.startswith("/") else where
    assert app.main(["report", "--client", "Anna", "-o", target]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "report" in err and ("could not be written" in err or "Please name a file" in err)
    assert not list(tmp_path.glob("**/*.pdf"))


def test_three_years_of_practice_make_a_report_quickly(paths, tmp_path, qapp):
    """The report of a long-standing client must be ready while the therapist waits."""
    assert app.main(["demo-data", "--clients", "1", "--days", "1095", "--seed", "5"]) == 0
    with open_store(paths) as store:
        name = next(c for c in store.list_clients() if c.demo).name
    started = time.perf_counter()
    assert app.main(["report", "--client", name, "-o", str(tmp_path / "long.pdf")]) == 0
    assert time.perf_counter() - started < 10  # generous here; bench/bench_report.py: < 2 s

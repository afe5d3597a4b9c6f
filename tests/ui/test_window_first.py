"""The first window: the practices by category, with lengths and descriptions, and a smoke start."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app import build_window
from calm.store import open_store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def parts(paths, qtbot):
    store = open_store(paths)
    parts = build_window(paths, store)
    qtbot.addWidget(parts.window)
    parts.window.show_page("home")  # past the first-start welcome
    parts.window.show()
    yield parts
    store.close()


def test_home_lists_practices_by_category(parts, qtbot):
    """A person opening the app sees every practice, grouped, with its lengths and purpose."""
    library = parts.library
    home = parts.screens["home"]
    assert {card.script.id for card in home.cards} == set(library.scripts)
    headings = [heading.text() for heading, _ in home.headings]
    assert headings[0] == "Breathing"
    with qtbot.waitSignal(home.practice_chosen) as chosen:
        first = home.cards[0]
        first.length_buttons[0].click()
    assert chosen.args == [first.script.id, first.script.variants[0].id]


def test_search_filters_cards(parts, qtbot):
    """Typing in the search box narrows the list to matching practices."""
    home = parts.screens["home"]
    qtbot.keyClicks(home.search, "slow breathing")
    visible = [card.script.id for card in home.cards if card.isVisible()]
    assert visible == ["slow-breathing"]


def test_smoke_start_opens_and_exits(tmp_path):
    """`app.py --smoke` shows the real window and exits 0 (what CI and the benchmark use)."""
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, str(ROOT / "app.py"), "--smoke"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("shown after ")

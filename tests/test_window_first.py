"""The first window: the practices by category, with lengths and descriptions, and a smoke start."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QPushButton

from calm.library import load_library
from ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[1]


def test_home_lists_practices_by_category(qtbot, tmp_path):
    """A person opening the app sees every practice, grouped, with its lengths and purpose."""
    library = load_library()
    window = MainWindow(library, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    home = window.home
    assert {card.script.id for card in home.cards} == set(library.scripts)
    headings = [heading.text() for heading, _ in home.headings]
    assert headings[0] == "Breathing"
    with qtbot.waitSignal(home.practice_chosen) as chosen:
        first = home.cards[0]
        first.findChildren(QPushButton)[0].click()
    assert chosen.args == [first.script.id, first.script.variants[0].id]


def test_search_filters_cards(qtbot, tmp_path):
    """Typing in the search box narrows the list to matching practices."""
    window = MainWindow(
        load_library(), QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.keyClicks(window.home.search, "slow breathing")
    visible = [card.script.id for card in window.home.cards if card.isVisible()]
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

"""Test settings: offscreen Qt, a dummy SDL audio driver, and a fresh CALM_HOME for every test.

Each is set with setdefault so a developer can override them (say, to watch a test on a screen).
"""

from __future__ import annotations

import gc
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_NO_SIGNAL_HANDLERS", "1")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from calm.paths import AppPaths  # noqa: E402


@pytest.fixture(autouse=True)
def calm_home(tmp_path, monkeypatch):
    """Every test gets its own empty data, cache, config and log folders."""
    home = tmp_path / "calm-home"
    monkeypatch.setenv("CALM_HOME", str(home))
    return home


@pytest.fixture
def paths(calm_home) -> AppPaths:
    return AppPaths.from_environment().ensure()


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory) -> Path:
    """One sound cache for the whole run (it is keyed, so sharing is safe): each bed, tone and
    spoken line is made once per run, not once per test."""
    folder = tmp_path_factory.getbasetemp() / "shared-sound-cache"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture(autouse=True)
def no_window_outlives_its_test():
    """Windows and dialogs a test opened are deleted after it (closing leaves them alive, and
    every later restyle of the application walked through all of them: thousands of widgets
    by the end of a run, seconds of CPU per test)."""
    before = _top_level_widgets()
    yield
    qt = sys.modules.get("PySide6.QtWidgets")
    app = qt.QApplication.instance() if qt is not None else None
    if app is None:
        return
    from PySide6.QtCore import QCoreApplication, QEvent

    for widget in _top_level_widgets() - before:
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.unfreeze()  # a window's start took what was alive out of the collector's passes


def _top_level_widgets() -> set:
    qt = sys.modules.get("PySide6.QtWidgets")
    app = qt.QApplication.instance() if qt is not None else None
    if app is None:
        return set()
    return {w for w in app.topLevelWidgets() if w.metaObject().className() != "QTipLabel"}

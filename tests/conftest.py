"""Test settings: offscreen Qt, a dummy SDL audio driver, and a fresh CALM_HOME for every test.

Each is set with setdefault so a developer can override them (say, to watch a test on a screen).
"""

from __future__ import annotations

import os

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

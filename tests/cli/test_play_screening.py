"""`play --no-window` decides through the screening, for the client playing: the advice is
printed, the adapted pattern is what plays, and a practice not advised plays only with
--despite-screening, which the run records."""

from __future__ import annotations

from pathlib import Path

from calm.paths import AppPaths
from calm.store import open_store
from tests.support.cli import run_app

PRACTICE = """\
id = "{id}"
title = "Tiny {id}"
category = "breathing"
description = "A few seconds of held breathing for tests."
safety = ["breath-holds", "slow-breathing"]
[breathing]
pattern = [2, 1, 2, 1]
{alternatives}
[[variants]]
id = "1"
minutes = 1
[[steps]]
kind = "breathing"
cycles = 1
"""
RATINGS = ("--pain-before", "5", "--stress-before", "5", "--pain-after", "4")
RATINGS += ("--stress-after", "4")


def setup(calm_home: Path, answers: dict) -> None:
    """Two tiny holding practices (one with a no-hold version) and the default client's
    safety answers."""
    folder = calm_home / "data" / "practices"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tinybox.toml").write_text(
        PRACTICE.format(id="tinybox", alternatives="alternatives = [[3, 0, 3, 0]]")
    )
    (folder / "tinyhold.toml").write_text(PRACTICE.format(id="tinyhold", alternatives=""))
    with open_store(AppPaths.from_environment({"CALM_HOME": str(calm_home)})) as store:
        store.set_client_setting(store.default_client().id, "screening.answers", answers)


def runs_of(calm_home: Path):
    with open_store(AppPaths.from_environment({"CALM_HOME": str(calm_home)})) as store:
        return store.runs_for_client(store.default_client().id)


def held(stdout: str) -> list[str]:
    """The hold phases the terminal player played (each breath phase is printed as played)."""
    return [
        line
        for line in stdout.splitlines()
        if line.strip().split("]")[-1].strip().startswith("Hold")
    ]


def test_adapted_practice_plays_its_no_hold_version_and_says_so(calm_home):
    """A pregnant client's terminal practice has no holds, and the reason is printed."""
    setup(calm_home, {"pregnancy": True})
    result = run_app(calm_home, "play", "tinybox", "--no-window", *RATINGS)
    assert result.returncode == 0, result.stderr
    assert "uses its version without holding the breath (3-0-3-0 seconds)" in result.stdout
    assert "Breathe in" in result.stdout and held(result.stdout) == []
    (run,) = runs_of(calm_home)
    assert not run.despite_screening


def test_not_advised_needs_despite_screening_and_is_recorded(calm_home):
    """Without the flag nothing plays and nothing is logged; with it, the run says so."""
    setup(calm_home, {"pregnancy": True})
    refused = run_app(calm_home, "play", "tinyhold", "--no-window", *RATINGS)
    assert refused.returncode == 1
    assert "Not advised for you: Hidden because it holds the breath" in refused.stderr
    assert "add --despite-screening" in refused.stderr
    assert runs_of(calm_home) == []
    chosen = run_app(calm_home, "play", "tinyhold", "--no-window", "--despite-screening", *RATINGS)
    assert chosen.returncode == 0, chosen.stderr
    assert chosen.stdout.startswith("Started despite the screening: Hidden because")
    assert held(chosen.stdout)  # played as written, by choice
    (run,) = runs_of(calm_home)
    assert run.despite_screening


def test_no_answers_play_as_written(calm_home):
    """Someone with no "yes" answer hears the holds as written, with no advice printed."""
    setup(calm_home, {})
    result = run_app(calm_home, "play", "tinybox", "--no-window", *RATINGS)
    assert result.returncode == 0, result.stderr
    assert len(held(result.stdout)) == 2
    assert "without holding" not in result.stdout

"""The layers stay apart, as import-linter's contracts in pyproject.toml say: ui and cli sit
on audio, audio on calm; the core loads no Qt, pygame, pydub or numpy; sound and the command
line load no Qt; nothing imports app.py, which wires the parts together."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def contracts() -> list[dict]:
    with open(ROOT / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["tool"]["importlinter"]["contracts"]


def test_the_import_contracts_are_kept():
    """A broken layer would tie the core to the window or to the sound device."""
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout


def test_the_contracts_name_every_rule_of_the_layout():
    """The contracts above must keep saying what the layout promises, not a weaker version."""
    layers = [c["layers"] for c in contracts() if c["type"] == "layers"]
    assert ["ui | cli", "audio", "calm"] in layers
    forbidden = {}
    for contract in contracts():
        if contract["type"] == "forbidden":
            for source in contract["source_modules"]:
                forbidden.setdefault(source, set()).update(contract["forbidden_modules"])
    assert {"PySide6", "pygame", "pydub", "numpy", "app"} <= forbidden["calm"]
    assert {"PySide6", "app"} <= forbidden["audio"]
    assert {"PySide6", "app"} <= forbidden["cli"]
    assert "app" in forbidden["ui"]

"""The layers stay apart: the core never loads Qt, pygame or pydub; sound never loads Qt."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBE = """
import importlib, json, pkgutil, sys
package = importlib.import_module({name!r})
for info in pkgutil.walk_packages(package.__path__, {name!r} + "."):
    importlib.import_module(info.name)
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in {banned!r})))
"""


def loaded_after_importing(name: str, banned: list[str]) -> list[str]:
    code = PROBE.format(name=name, banned=banned)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_calm_loads_no_qt_pygame_or_pydub():
    """The core can run (and be tested) without any interface or sound library."""
    assert loaded_after_importing("calm", ["PySide6", "pygame", "pydub"]) == []


def test_audio_loads_no_qt():
    """Sound code never drags in the interface toolkit."""
    assert loaded_after_importing("audio", ["PySide6"]) == []

"""How a sound bank was opened: enough for another process (audio/prepare.py) to open the same.

Apart from both audio/bank.py, which records it, and audio/prepare.py, which hands it to a
helper process that opens the bank, so that neither module imports the other at its top.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Recipe:
    """What `open_bank` was given: enough for another process to build the same bank."""

    paths: Any  # calm.paths.AppPaths
    espeak: Any = None  # audio.espeak.EspeakSettings
    search_path: str | None = None

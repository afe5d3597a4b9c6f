"""Running the real command line (`python app.py ...`) in a child process on a data folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_app(
    calm_home: Path, *args: str, stdin: str = "", timeout: float = 60, env: dict | None = None
) -> subprocess.CompletedProcess:
    """`python app.py ARGS` with CALM_HOME set and no display (so `play` stays in the
    terminal); returns the finished process with text stdout and stderr."""
    environment = dict(os.environ, CALM_HOME=str(calm_home), SDL_AUDIODRIVER="dummy")
    environment["PYTHONDONTWRITEBYTECODE"] = "1"
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        environment.pop(name, None)
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, str(ROOT / "app.py"), *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        env=environment,
        timeout=timeout,
    )

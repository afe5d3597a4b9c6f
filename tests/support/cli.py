"""Running the real command line (`python app.py ...`) in a child process on a data folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_app(
    calm_home: Path | None,
    *args: str,
    stdin: str = "",
    timeout: float = 60,
    env: dict | None = None,
    python: str = sys.executable,
    **options,
) -> subprocess.CompletedProcess:
    """`python app.py ARGS` with CALM_HOME set (unset for None) and no display (so `play`
    stays in the terminal); returns the finished process with text stdout and stderr.
    `options` go to subprocess.run (cwd, preexec_fn)."""
    environment = dict(os.environ, SDL_AUDIODRIVER="dummy", PYTHONDONTWRITEBYTECODE="1")
    environment.pop("CALM_HOME", None)
    if calm_home is not None:
        environment["CALM_HOME"] = str(calm_home)
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        environment.pop(name, None)
    environment.update(env or {})
    options.setdefault("cwd", ROOT)
    return subprocess.run(
        [python, str(ROOT / "app.py"), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=environment,
        timeout=timeout,
        **options,
    )


NOBODY = 65534


def as_ordinary_user() -> dict | None:
    """Options for run_app that run it as an unprivileged user when the tests run as root (root
    may write anywhere, so a read-only folder proves nothing): `python`, `env` and
    `preexec_fn`. {} when not root; None when no interpreter or packages are open to others."""
    if os.geteuid() != 0:
        return {}
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    python = next(
        (
            candidate
            for candidate in (sys.executable, f"/usr/bin/{version}", f"/usr/local/bin/{version}")
            if os.path.exists(candidate) and _open_to_anyone(candidate)
        ),
        None,
    )
    import numpy

    packages = Path(numpy.__file__).resolve().parents[1]
    if python is None or not _open_to_anyone(packages) or not _open_to_anyone(ROOT):
        return None

    def become_nobody() -> None:
        os.setgid(NOBODY)
        os.setuid(NOBODY)

    return {
        "python": python,
        "env": {"PYTHONPATH": f"{ROOT}{os.pathsep}{packages}", "HOME": "/nonexistent"},
        "preexec_fn": become_nobody,
    }


def _open_to_anyone(path: str | Path) -> bool:
    """True when every folder on the way (and the file) is open to other users."""
    target = Path(path).resolve()
    return all(os.stat(part).st_mode & 0o005 for part in [target, *target.parents])

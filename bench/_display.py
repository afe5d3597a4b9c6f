"""A real X display for the window benchmarks: a private Xvfb server for the duration.

The figures that speak of "a real X window" (CPU while playing and idle, start-up) run the app
on the xcb platform against this server, so painting and the event loop cost what they would
on a desktop (the offscreen platform skips most of it).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path


def _free_display() -> int:
    for number in range(91, 160):
        if (
            not Path(f"/tmp/.X11-unix/X{number}").exists()
            and not Path(f"/tmp/.X{number}-lock").exists()
        ):
            return number
    raise RuntimeError("no free X display number between :91 and :159")


@contextlib.contextmanager
def xvfb(size: str = "1280x900x24") -> Iterator[dict[str, str]]:
    """Start Xvfb; yields environment variables pointing Qt at it (xcb). Falls back to the
    offscreen platform, and says so, when Xvfb is not installed."""
    if shutil.which("Xvfb") is None:
        print("# Xvfb not found: measuring on Qt's offscreen platform instead", flush=True)
        yield {"QT_QPA_PLATFORM": "offscreen"}
        return
    number = _free_display()
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", size, "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        socket = Path(f"/tmp/.X11-unix/X{number}")
        deadline = time.monotonic() + 10
        while not socket.exists():
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("Xvfb did not start")
            time.sleep(0.05)
        yield {"DISPLAY": f":{number}", "QT_QPA_PLATFORM": "xcb"}
    finally:
        server.terminate()
        try:
            server.wait(5)
        except subprocess.TimeoutExpired:
            server.kill()


def child_env(extra: dict[str, str], home: Path) -> dict[str, str]:
    """The environment for a measured child: our display, dummy audio, a temporary CALM_HOME."""
    env = dict(os.environ)
    env.update(extra)
    env["CALM_HOME"] = str(home)
    env.setdefault("SDL_AUDIODRIVER", "dummy")
    env["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
    env["SDL_NO_SIGNAL_HANDLERS"] = "1"
    return env

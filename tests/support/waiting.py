"""Waiting for something to happen, rather than for a fixed time."""

from __future__ import annotations

import time
from collections.abc import Callable


def wait_until(condition: Callable[[], object], timeout: float = 5.0, step: float = 0.01) -> float:
    """Poll `condition` until it is true; return the seconds it took, or fail after `timeout`
    (a loaded machine gets the whole timeout; a quick one does not wait for it)."""
    began = time.monotonic()
    while not condition():
        if time.monotonic() - began > timeout:
            raise AssertionError(f"still not so after {timeout} s: {condition}")
        time.sleep(step)
    return time.monotonic() - began

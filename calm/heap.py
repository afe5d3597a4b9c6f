"""How the process keeps freed large blocks (sound samples, files read whole) from staying
resident: glibc's threshold for blocks mapped on their own, held where it starts.

glibc raises the size from which it maps blocks of their own each time such a block is freed,
so after the first sounds were read, every later block up to 32 MB came from the heap and
stayed resident once freed: a practice's peak was about 3 MB higher for it
(docs/performance.md). Called first thing by app.main (and by the benchmarks that measure the
window as the app runs it). Nothing is done where the C library is not glibc.
"""

from __future__ import annotations

import sys

M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter
MMAP_THRESHOLD = 128 * 1024  # glibc's own starting value, kept from moving


def steady_heap() -> None:
    """Hold glibc's mapping threshold at its starting value (see the module docstring)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return
    mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)

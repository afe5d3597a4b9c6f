"""The one pygame mixer of the process: importing pygame lean, and opening and closing the
device whole, whichever engine and thread asks.

The mixer is one per process, opened and closed by engines that may do it on different
threads (the window closes the last practice's engine on a worker): a lock makes each open
and close whole, and only the engine that opened the mixer last may close it.
"""

from __future__ import annotations

import os
import sys
import threading

# SDL must not take over SIGINT/SIGTERM (the app saves and fades out itself), and pygame's
# greeting has no place in a terminal player. Both must be set before pygame is imported.
os.environ["SDL_NO_SIGNAL_HANDLERS"] = "1"
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
# pygame imports numpy for its surfarray and sndarray modules, which we never use; the mixer
# takes our samples as bytes. numpy is a large share of a player's memory (docs/performance.md)
# and, with every sound cached, has no other use there. pygame also imports setuptools'
# pkg_resources (about 12 MB resident, 80 ms) to find its own data files, a default font and
# icons we never use; without it pygame.pkgdata keeps a stub. So pygame is imported without
# either (one already loaded stays as it is; imported later, it loads as usual).
_WITHOUT = [name for name in ("numpy", "pkg_resources") if name not in sys.modules]
for _name in _WITHOUT:
    sys.modules[_name] = None  # type: ignore[assignment]  # "import numpy" fails inside
try:
    import pygame
    import pygame.mixer
finally:
    for _name in _WITHOUT:
        del sys.modules[_name]

_DEVICE = threading.Lock()
_owner: list[object | None] = [None]  # the engine that opened the mixer last


def open_mixer(owner: object, rate: int, buffer_frames: int, channels: int) -> None:
    """Open the mixer for `owner` (16-bit stereo at `rate`, `channels` channels, all reserved
    for explicit use); raises pygame.error when no device can be opened."""
    with _DEVICE:
        if pygame.mixer.get_init() not in (None, (rate, -16, 2)):
            pygame.mixer.quit()  # someone opened it in another format; ours must match
        # allowedchanges=0: SDL converts to the device, so our samples always match.
        pygame.mixer.init(rate, -16, 2, buffer_frames, allowedchanges=0)
        pygame.mixer.set_num_channels(channels)
        pygame.mixer.set_reserved(channels)
        _owner[0] = owner


def close_mixer(owner: object) -> bool:
    """Close the mixer if `owner` opened it last; False when another engine has opened it
    since (it is that engine's to close)."""
    with _DEVICE:
        if _owner[0] is not owner:
            return False
        pygame.mixer.quit()
        _owner[0] = None
        return True

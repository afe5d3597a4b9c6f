"""Choosing the sound engine: pygame's mixer when a sound device can be opened, else silence.

Apart from audio/engine.py (the interface and the silent engine) so that the pygame engine can
build on the interface without the interface knowing it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from audio.engine import AudioEngine, MixSettings, SilentEngine, no_device_reason
from calm.clock import Clock

if TYPE_CHECKING:
    from audio.bank import SoundBank

log = logging.getLogger(__name__)


def open_engine(
    bank: SoundBank,
    clock: Clock | None = None,
    *,
    settings: MixSettings | None = None,
    buffer_frames: int = 512,
    probe: bool = True,
) -> AudioEngine:
    """A pygame engine if sound can be played, else a SilentEngine with the reason.

    With `probe`, the sound device is opened and closed once now, so the interface can show
    the notice before a practice starts; the mixer then reopens on first use (or `preload`)
    and closes again in `close()`, so an idle app keeps no mixer running.
    """
    try:
        from audio.pygame_engine import PygameEngine
    except ImportError as error:
        log.warning("pygame cannot be imported: %s", error)
        return SilentEngine(no_device_reason(f"pygame is not installed: {error}"))
    engine = PygameEngine(bank, clock, settings=settings, buffer_frames=buffer_frames)
    if probe:
        if not engine.open():
            return SilentEngine(engine.reason)
        engine.close()
    return engine

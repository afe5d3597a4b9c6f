"""The window's side of a practice's sound: preparing it on a worker, the saved volumes, live
changes of volume and ambience (kept for next time), and letting the device go after a fade.

The choices themselves (which layers sound, which ambience, what sounds after a jump) are the
core's: calm/practice/sound_choices.py.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QTimer

from audio.engine import no_device_reason
from calm.errors import CalmError
from calm.practice.events import Ambience, Event
from calm.practice.sound_choices import BACK_IN_FADE_MS, AudioChoices, ChosenSound
from calm.practice.sound_port import SoundPort
from calm.practice.timeline import Timeline
from calm.settings import Settings
from ui.tasks import Runner

log = logging.getLogger(__name__)

SAVE_AFTER_MS = 600  # a volume still this long is saved (a drag is one write, not fifty)


def apply_volumes(audio: SoundPort, settings: Settings) -> None:
    """The saved overall and per-layer volumes, onto a freshly opened engine."""
    audio.set_master_volume(settings.get("volume.master"))
    for layer in ("voice", "cue", "ambience"):
        audio.set_volume(layer, settings.get(f"volume.{layer}"))


def silent_reason(error: BaseException) -> str:
    """The sentence for sounds that could not be prepared at all: the practice runs silent."""
    log.warning("sounds could not be prepared: %r", error)
    if isinstance(error, CalmError):
        return f"{error} This practice runs silently: follow the captions and the guide."
    return no_device_reason(f"{type(error).__name__}: {error}")


def prepare_sound(
    factory: Callable[[], SoundPort], events: list[Event], progress: Callable[[float], None]
) -> tuple[SoundPort, list[str]]:
    """On a worker: open an engine and render or load every sound before the start;
    `progress` hears of it once per percent (a signal per sound would flood the interface)."""
    audio = factory()
    last = [-1]

    def moved(done: float) -> None:
        if int(done * 100) != last[0]:
            last[0] = int(done * 100)
            progress(done)

    return audio, audio.preload(events, moved)


class PracticeSound(ChosenSound):
    """The practice's sound port with the person's choices applied to everything it plays;
    volumes and the ambience can change while it plays (volumes are kept for next time; the
    ambience only when the person asks).

    Nothing here makes the interface wait: a volume is heard at once and saved once it settles
    (`SAVE_AFTER_MS`, or when the slider is let go) on a worker; a newly chosen bed is loaded
    on a worker and faded in when ready; the mixer is closed on a worker (closing joins SDL's
    audio thread, tens of milliseconds).
    """

    def __init__(self, settings: Settings, runner: Runner, warn: Callable[[str], None]):
        super().__init__(AudioChoices.from_settings(settings))
        self.settings = settings
        self.runner = runner
        self.warn = warn
        self._closing: SoundPort | None = None  # faded out, closed once the fade is heard
        self._save_timer = QTimer()
        self._save_timer.setSingleShot(True)
        self._save_timer.timeout.connect(self.save_soon)

    def attach(self, audio: SoundPort) -> None:
        """The engine prepared for this practice, at the saved volumes."""
        self.audio = audio
        apply_volumes(audio, self.settings)

    def set_volume(self, layer: str, volume: int) -> None:
        """Heard at once; saved when the slider is let go or has been still for a moment."""
        self.settings.stage(f"volume.{layer}", int(volume))
        if self.audio is not None:
            self.audio.set_volume(layer, int(volume))
        self._save_timer.start(SAVE_AFTER_MS)

    def keep_ambience(self, choice: str) -> None:
        """The person asked to keep this sound for every practice: saved on a worker."""
        self.settings.stage("ambience.choice", choice)
        self.save_soon()

    def save_soon(self) -> None:
        """Write the staged choices on a worker (a durable commit can take tens of ms)."""
        self._save_timer.stop()
        if self.settings.has_staged:
            self.runner(self.settings.save_staged, _ignore, self._not_saved)

    def save_now(self) -> None:
        """Write the staged choices here and now (the app is closing)."""
        self._save_timer.stop()
        try:
            self.settings.save_staged()
        except (CalmError, ValueError) as error:
            self._not_saved(error)

    def _not_saved(self, error: BaseException) -> None:
        log.warning("sound settings not saved: %s", error)
        self.warn(f"Your sound settings could not be saved: {error}")

    def set_ambience(
        self, choice: str, timeline: Timeline | None, position: Callable[[], int | None]
    ) -> None:
        """A new ambience choice for this practice (the saved choice stays: `keep_ambience`);
        with a practice playing, faded in once its sound is ready (loaded or made on a
        worker), as it should sound at `position()` by then."""
        self.choices = replace(self.choices, ambience=choice)
        audio = self.audio
        if audio is None or timeline is None or position() is None:
            return
        wanted = self.choices.ambience_now(timeline, position())

        def ready(_result: object) -> None:
            where = position()
            if self.audio is not audio or self.choices.ambience != choice or where is None:
                return  # the practice ended, or another choice came since
            now = self.choices.ambience_now(timeline, where)
            self.play(now or Ambience("stop", None, 0, BACK_IN_FADE_MS))

        if wanted is None:
            ready(None)
        else:
            self.runner(lambda: audio.preload([Event(0, 0, wanted)]), ready, self._no_bed)

    def _no_bed(self, error: BaseException) -> None:
        log.warning("ambience could not be prepared: %r", error)
        self.warn("That ambience sound could not be prepared; the practice goes on without it.")

    def fade_out(self, fade_ms: int) -> None:
        """Fade everything out, then let the sound device go (an open mixer costs CPU)."""
        self.save_soon()
        if self.audio is not None:
            self.audio.stop(fade_ms)
            self._closing, self.audio = self.audio, None
            QTimer.singleShot(fade_ms + 100, self.close_now)

    def close_now(self) -> None:
        """Let the faded-out engine go, on a worker."""
        closing, self._closing = self._closing, None
        if closing is not None:
            self.runner(closing.close, _ignore, lambda error: log.warning("close: %r", error))


def _ignore(_result: object) -> None:
    pass

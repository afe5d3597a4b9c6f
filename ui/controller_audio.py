"""The person's sound choices applied to a practice's events, before they reach the engine.

Settings say: voice on or off, bells on or off, breath tones on or off, and the ambience
("script" as written, "none", or one bed in place of the script's). Captions never depend on
these: turning the voice off keeps every caption on screen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace

from PySide6.QtCore import QTimer

from audio.engine import AudioEngine, no_device_reason
from calm.errors import CalmError
from calm.practice.events import Action, Ambience, Bell, Breath, Event, Narration
from calm.practice.timeline import Timeline
from calm.settings import Settings
from ui.tasks import Runner

log = logging.getLogger(__name__)

OWN_BED_VOLUME = 60  # a bed the person chose for a practice that has none of its own
OWN_BED_FADE_MS = 3000
SAVE_AFTER_MS = 600  # a volume still this long is saved (a drag is one write, not fifty)
AMBIENCE_CHOICES = {
    "script": "As the practice has it",
    "none": "None",
    "brown": "Soft rumble",
    "pink": "Gentle hiss",
    "rain": "Rain",
    "ocean": "Ocean",
}


@dataclass(frozen=True)
class AudioChoices:
    """Which layers sound, and which ambience."""

    voice: bool = True
    bell: bool = True
    tones: bool = True
    ambience: str = "script"

    @classmethod
    def from_settings(cls, settings: Settings) -> AudioChoices:
        return cls(
            voice=settings.get("voice.enabled"),
            bell=settings.get("bell.enabled"),
            tones=settings.get("tones.enabled"),
            ambience=settings.get("ambience.choice"),
        )

    def opening_ambience(self, timeline: Timeline) -> Ambience | None:
        """A bed to start at the beginning when the person chose one and the practice has
        no ambience of its own (otherwise the choice replaces the practice's beds)."""
        if self.ambience in ("script", "none"):
            return None
        if any(isinstance(event.action, Ambience) for event in timeline.events):
            return None
        return Ambience("start", self.ambience, OWN_BED_VOLUME, OWN_BED_FADE_MS)

    def ambience_now(self, timeline: Timeline, position_ms: int) -> Ambience | None:
        """The ambience that should be sounding at a place (after a skip or a new choice),
        as a start to fade in, or None for silence."""
        if self.ambience == "none":
            return None
        written = timeline.ambience_at(position_ms)
        if written is None or written.action == "stop":
            return self.opening_ambience(timeline)
        wanted = transform(written, self)
        if wanted is None:
            return None
        return Ambience("start", wanted.sound, wanted.volume, 1500)


def transform(action: Action, choices: AudioChoices) -> Action | None:
    """The action as it should sound with these choices, or None for nothing at all."""
    if isinstance(action, Narration):
        return action if choices.voice else None
    if isinstance(action, Bell):
        return action if choices.bell else None
    if isinstance(action, Breath):
        tone = action.tone and choices.tones
        spoken = action.spoken and choices.voice
        if not tone and not spoken:
            return None
        return (
            action
            if (tone, spoken) == (action.tone, action.spoken)
            else replace(action, tone=tone, spoken=spoken)
        )
    if isinstance(action, Ambience):
        if action.action == "stop" or choices.ambience == "script":
            return action
        if choices.ambience == "none":
            return None
        return replace(action, sound=choices.ambience)
    return action


def apply_volumes(audio: AudioEngine, settings: Settings) -> None:
    """The saved overall and per-layer volumes, onto a freshly opened engine."""
    audio.set_master_volume(settings.get("volume.master"))
    for layer in ("voice", "cue", "ambience"):
        audio.set_volume(layer, settings.get(f"volume.{layer}"))


def playable_events(timeline: Timeline, choices: AudioChoices) -> list[Event]:
    """The events as they will sound with the person's choices (what to prepare)."""
    kept = []
    for event in timeline.events:
        if isinstance(event.action, Narration | Bell | Breath | Ambience):
            action = transform(event.action, choices)
            if action is not None:
                kept.append(replace(event, action=action))
    extra = choices.opening_ambience(timeline)
    if extra is not None:
        kept.insert(0, Event(0, 0, extra))
    return kept


def silent_reason(error: BaseException) -> str:
    """The sentence for sounds that could not be prepared at all: the practice runs silent."""
    log.warning("sounds could not be prepared: %r", error)
    if isinstance(error, CalmError):
        return f"{error} This practice runs silently: follow the captions and the guide."
    return no_device_reason(f"{type(error).__name__}: {error}")


def prepare_sound(
    factory: Callable[[], AudioEngine], events: list[Event], progress: Callable[[float], None]
) -> tuple[AudioEngine, list[str]]:
    """On a worker: open an engine and render or load every sound before the start;
    `progress` hears of it once per percent (a signal per sound would flood the interface)."""
    audio = factory()
    last = [-1]

    def moved(done: float) -> None:
        if int(done * 100) != last[0]:
            last[0] = int(done * 100)
            progress(done)

    return audio, audio.preload(events, moved)


class PracticeSound:
    """The practice's audio engine with the person's choices applied to everything it plays;
    volumes and the ambience can change while it plays (and are kept for next time).

    Nothing here makes the interface wait: a volume is heard at once and saved once it settles
    (`SAVE_AFTER_MS`, or when the slider is let go) on a worker; a newly chosen bed is loaded
    on a worker and faded in when ready; the mixer is closed on a worker (closing joins SDL's
    audio thread, tens of milliseconds).
    """

    def __init__(self, settings: Settings, runner: Runner, warn: Callable[[str], None]):
        self.settings = settings
        self.runner = runner
        self.warn = warn
        self.audio: AudioEngine | None = None
        self.choices = AudioChoices.from_settings(settings)
        self._closing: AudioEngine | None = None  # faded out, closed once the fade is heard
        self._save_timer = QTimer()
        self._save_timer.setSingleShot(True)
        self._save_timer.timeout.connect(self.save_soon)

    def attach(self, audio: AudioEngine) -> None:
        """The engine prepared for this practice, at the saved volumes."""
        self.audio = audio
        apply_volumes(audio, self.settings)

    def play(self, action: Action) -> None:
        if self.audio is not None:
            playable = transform(action, self.choices)
            if playable is not None:
                self.audio.play_event(playable)

    def bring_back_ambience(self, timeline: Timeline, position: int) -> None:
        """The ambience as it should sound at `position` (after a jump), faded in."""
        wanted = self.choices.ambience_now(timeline, position)
        if wanted is not None:
            self.play(wanted)

    def set_volume(self, layer: str, volume: int) -> None:
        """Heard at once; saved when the slider is let go or has been still for a moment."""
        self.settings.stage(f"volume.{layer}", int(volume))
        if self.audio is not None:
            self.audio.set_volume(layer, int(volume))
        self._save_timer.start(SAVE_AFTER_MS)

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
        """A new ambience choice; with a practice playing, faded in once its sound is ready
        (loaded or made on a worker), as it should sound at `position()` by then."""
        self.settings.stage("ambience.choice", choice)
        self.save_soon()
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
            self.play(now or Ambience("stop", None, 0, 1500))

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

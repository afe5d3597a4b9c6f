"""The audio engine on pygame's mixer (SDL_mixer): voice, cue and ambience on their own channels.

Two volume controls multiply in SDL_mixer, and each has one job here: the *channel* volume is
left to SDL's own fades (fade-in on start, fade-out on stop), which step once per audio buffer
(11.6 ms), fine enough to be click-free; the *sound* volume carries our gains (master × layer ×
item × duck), which `update()` moves in small steps from the caller's timer. So our ramps and
SDL's fades never overwrite each other.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from audio.engine import (
    LAYERS,
    AudioEngine,
    MixSettings,
    check_layer,
    clamp_volume,
    no_device_reason,
)
from audio.engine_sounds import EngineSounds
from audio.format import SAMPLE_RATE
from audio.live import LiveSounds, NotCached
from audio.mixer_device import close_mixer, open_mixer, pygame
from audio.ramps import Ramp
from calm.clock import Clock, MonotonicClock
from calm.practice.events import Action, Ambience, Bell, Breath, Event, Narration

if TYPE_CHECKING:  # the bank pulls in synthesis and voices; the engine needs only its API
    from audio.bank import Progress, SoundBank

log = logging.getLogger(__name__)

# Channel numbers: two for narration (a new line may start while the last fades), one for
# phase words, three for cues (a bell rings on under the breath tones), two for ambience (an
# old bed fades out while the new one fades in).
NARRATION = (0, 1)
WORDS = (2,)
CUES = (3, 4, 5)
BEDS = (6, 7)
CHANNEL_COUNT = 8
_LINE_HANDOVER_MS = 150  # a line still speaking when the next is due fades out this fast
_MIN_FADE_MS = 20  # even an "instant" stop fades over a couple of buffers, to avoid a click
PAUSE_FADE_MS = 40  # pause and resume fade the sound out and in over this long: no click
_PAUSE_FADE_STEPS = 8  # gain steps of the pause fade (SDL applies one per mixed buffer)


def _fade_out(channel: int, fade_ms: int) -> None:
    """Fade a channel out; stop it at once if its volume is still 0.

    SDL_mixer ignores a fade-out on a channel whose volume is 0, which is where a fade-in
    starts: a bed stopped the moment it began would otherwise loop on for ever. At volume 0
    nothing is audible, so stopping outright cannot click.
    """
    chan = pygame.mixer.Channel(channel)
    if not chan.get_busy():
        return
    if chan.get_volume() <= 0:
        chan.stop()
    else:
        chan.fadeout(fade_ms)


def _sound_of(data: bytes) -> pygame.mixer.Sound:
    """A Sound of int16 stereo sample bytes (the mixer's own format, so taken as they are)."""
    return pygame.mixer.Sound(buffer=data)


def _sound_of_file(path: Path) -> pygame.mixer.Sound:
    """A Sound read by SDL from a checked cache file (44.1 kHz 16-bit stereo WAV with our
    checksum chunk after the samples, which SDL skips), with Python's lock let go."""
    return pygame.mixer.Sound(file=str(path))


@dataclass
class _Playing:
    """A sound on a channel, with its layer, its own gain ramp and when it started."""

    layer: str
    sound: pygame.mixer.Sound
    gain: Ramp
    started_ms: int
    ducks: bool = False  # narration: ambience ducks while it plays
    ambience: str | None = None
    applied: int = -1  # last volume sent to SDL (0-128), so unchanged values are not resent


class PygameEngine(AudioEngine):
    """Plays events through pygame's mixer; opens the device lazily and closes it when done."""

    def __init__(
        self,
        bank: SoundBank,
        clock: Clock | None = None,
        *,
        settings: MixSettings | None = None,
        buffer_frames: int = 512,
    ):
        self.bank = bank
        self.live = LiveSounds(bank)
        self.sounds = EngineSounds(self.live, _sound_of, _sound_of_file)  # once, SDL's copy
        self.clock = clock or MonotonicClock()
        self.settings = settings or MixSettings()
        self.buffer_frames = buffer_frames
        self.available = True
        self.reason: str | None = None
        self.volumes = {layer: self.settings.layer(layer) for layer in LAYERS}
        self.master = self.settings.master
        self.paused = False
        self._pause_gain = 1.0  # falls to 0 as a pause fades in, rises again on resume
        self._open = False
        self._playing: dict[int, _Playing] = {}
        self._duck = Ramp.hold(1.0)
        self._bed: int | None = None  # channel of the ambience bed that is not fading out
        self._stop_until_ms = 0
        self._warnings: list[str] = []
        self._reported: set[str] = set()

    # -- the device -------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        """Whether the mixer is open now."""
        return self._open

    def open(self) -> bool:
        """Open the mixer (44.1 kHz, 16-bit, stereo, small buffer); False if it cannot be."""
        if self._open:
            return True
        if not self.available:
            return False
        try:
            open_mixer(self, SAMPLE_RATE, self.buffer_frames, CHANNEL_COUNT)
        except pygame.error as error:
            self._fail(str(error))
            return False
        self._open = True
        self.paused = False
        self._pause_gain = 1.0
        return True

    def _fail(self, detail: str) -> None:
        log.warning("No sound device: %s", detail)
        self.available = False
        self.reason = no_device_reason(detail)
        self._open = False
        self._playing.clear()

    def close(self) -> None:
        """Stop and close the mixer (letting a stop fade under way finish first: call it off
        the interface thread), and free the sounds held in memory; the next practice opens it
        again. If another engine has opened the mixer since, it is left to that engine."""
        if not self._open:
            return
        remaining = self._stop_until_ms - self.clock.now_ms()
        if 0 < remaining <= 1000:
            time.sleep(remaining / 1000)  # at most one short fade, so its end is heard whole
        last = close_mixer(self)
        self._open = False
        self._playing.clear()
        self._bed = None
        self._duck = Ramp.hold(1.0)
        self.paused = False
        self._pause_gain = 1.0
        self._reported.clear()
        self.sounds.clear()
        if last:  # otherwise the bank now holds the sounds of the engine that took over
            self.bank.forget()

    # -- preparing and playing --------------------------------------------------------------

    def preload(self, events: Iterable[Event], progress: Progress | None = None) -> list[str]:
        """Open the mixer and load every sound the events need, before the start; sounds not
        cached yet are made first (audio/live.py). Narration is only checked here: a long
        practice's speech is read from the cache when each line is due."""
        events = list(events)
        if not self.open():
            return []
        try:
            warnings = self.sounds.load_all(events, progress)
        except NotCached:
            self.live.make(events, None if progress is None else lambda f: progress(0.9 * f))
            done = None if progress is None else lambda f: progress(1.0)
            warnings = self.sounds.load_all(events, done)
        self._reported.update(warnings)
        return warnings

    def _sound(self, key: Hashable, load: Callable, action: Action):
        """The Sound for `key`, or a copy of it if it is playing now (each play has its own
        volume, which SDL keeps on the Sound)."""
        sound = self.sounds.get(key, load, action)
        if sound is not None and any(
            p.sound is sound for c, p in list(self._playing.items()) if self._busy(c)
        ):
            return _sound_of(sound.get_raw())
        return sound

    def take_warnings(self) -> list[str]:
        """Voice warnings met while playing (preload returns its own), then forgets them."""
        warnings, self._warnings = self._warnings, []
        return warnings

    def play_event(self, action: Action | Event) -> None:
        """Start the sound for this action now: narration, bell, breath tone or ambience."""
        if isinstance(action, Event):
            action = action.action
        if not self.open():
            return
        try:
            self._play(action)
        except pygame.error as error:  # the device went away mid-practice
            self._fail(str(error))

    def _play(self, action: Action) -> None:
        if isinstance(action, Narration):
            data, source, warnings = self.sounds.read(lambda: self.live.speech(action), action)
            fresh = [w for w in warnings if w not in self._reported]
            self._reported.update(fresh)  # each warning once, whether from preload or here
            self._warnings.extend(fresh)
            line = _sound_of(data) if data else None  # read when due
            if line is not None and source != "caption":
                self._play_line(line)
            elif line is not None:
                self._start(self._free(CUES), "cue", line, 1.0)
        elif isinstance(action, Bell):
            ((key, load),) = self.sounds.needs(action)
            bell = self._sound(key, load, action)
            self._start(self._free(CUES), "cue", bell, clamp_volume(action.volume) / 100)
        elif isinstance(action, Breath):
            for key, load in self.sounds.needs(action):
                sound = self._sound(key, load, action)
                if sound is None:
                    continue
                if key[0] == "tone":
                    self._start(self._free(CUES), "cue", sound, 1.0)
                else:
                    self._start(WORDS[0], "voice", sound, 1.0)
        elif isinstance(action, Ambience):
            self._ambience(action)
        self.update()

    def _play_line(self, line: pygame.mixer.Sound) -> None:
        busy = [c for c in NARRATION if self._busy(c)]
        for channel in busy:
            _fade_out(channel, _LINE_HANDOVER_MS)
        free = [c for c in NARRATION if c not in busy] or [NARRATION[0]]
        self._start(free[0], "voice", line, 1.0, ducks=True)

    def _ambience(self, action: Ambience) -> None:
        now = self.clock.now_ms()
        fade = max(int(action.fade_ms), _MIN_FADE_MS)
        current = self._playing.get(self._bed) if self._bed is not None else None
        if action.action == "stop" or not action.sound:
            if current is not None:
                _fade_out(self._bed, fade)
            self._bed = None
            return
        target = clamp_volume(action.volume) / 100
        if current is not None and current.ambience == action.sound:
            current.gain = current.gain.toward(target, now, fade)  # same bed: only its level
            return
        ((key, load),) = self.sounds.needs(action)
        bed = self._sound(key, load, action)
        if bed is None:
            return
        if current is not None:
            _fade_out(self._bed, fade)  # crossfade: old out, new in
        others = [c for c in BEDS if c != self._bed]
        # Prefer a silent channel, so a bed still fading out after a stop is not cut off.
        channel = next((c for c in others if not self._busy(c)), others[0])
        self._start(channel, "ambience", bed, target, loops=-1, fade_ms=fade)
        self._playing[channel].ambience = action.sound
        self._bed = channel

    def _busy(self, channel: int) -> bool:
        return channel in self._playing and pygame.mixer.Channel(channel).get_busy()

    def _free(self, channels: tuple[int, ...]) -> int:
        """An idle channel of the group, else the one whose sound started longest ago."""
        for channel in channels:
            if not self._busy(channel):
                return channel
        return min(channels, key=lambda c: self._playing[c].started_ms)

    def _start(
        self,
        channel: int,
        layer: str,
        sound: pygame.mixer.Sound,
        gain: float,
        *,
        loops: int = 0,
        fade_ms: int = 0,
        ducks: bool = False,
    ) -> None:
        playing = _Playing(layer, sound, Ramp.hold(gain), self.clock.now_ms(), ducks)
        self._playing[channel] = playing
        self._apply(playing, self.clock.now_ms(), self._duck.value(self.clock.now_ms()))
        chan = pygame.mixer.Channel(channel)
        chan.set_volume(1.0)  # SDL's fades work on this; our gains are on the sound
        chan.play(sound, loops=loops, fade_ms=fade_ms)
        if self.paused:
            chan.pause()

    # -- volumes and ducking ----------------------------------------------------------------

    def _apply(self, playing: _Playing, now: int, duck: float) -> None:
        gain = self.master / 100 * self.volumes[playing.layer] / 100 * playing.gain.value(now)
        gain *= self._pause_gain
        if playing.layer == "ambience":
            gain *= duck
        level = int(round(min(max(gain, 0.0), 1.0) * 128))
        if level != playing.applied:
            playing.sound.set_volume(level / 128)
            playing.applied = level

    def update(self, now_ms: int | None = None) -> None:
        """Forget finished sounds, move the duck toward its target, and apply every gain."""
        if not self._open:
            return
        now = self.clock.now_ms() if now_ms is None else now_ms
        for channel in [c for c in self._playing if not pygame.mixer.Channel(c).get_busy()]:
            if not self.paused:
                del self._playing[channel]
                if channel == self._bed:
                    self._bed = None
        speaking = any(p.ducks for c, p in self._playing.items() if c in NARRATION)
        s = self.settings
        target, ms = (s.duck_level, s.duck_down_ms) if speaking else (1.0, s.duck_up_ms)
        self._duck = self._duck.toward(target, now, ms)
        duck = self._duck.value(now)
        for playing in self._playing.values():
            self._apply(playing, now, duck)

    def set_volume(self, layer: str, volume: int) -> None:
        """Set one layer's volume (0-100); takes effect at once on what is playing."""
        self.volumes[check_layer(layer)] = clamp_volume(volume)
        self.update()

    def set_master_volume(self, volume: int) -> None:
        """Set the overall volume (0-100)."""
        self.master = clamp_volume(volume)
        self.update()

    @property
    def duck_gain(self) -> float:
        """The ambience's current duck gain (1.0 when the voice is silent)."""
        return self._duck.value(self.clock.now_ms())

    # -- pause, resume, stop ----------------------------------------------------------------

    def pause(self) -> None:
        """Pause every channel together (the position of each sound is kept), faded out over
        `PAUSE_FADE_MS` first: a cut from full level to silence is heard as a click."""
        if self._open and not self.paused:
            self._fade_to(0.0)
            pygame.mixer.pause()
            self.paused = True

    def resume(self) -> None:
        """Resume every channel together, fading back in over `PAUSE_FADE_MS`."""
        if self._open and self.paused:
            self._pause_gain = 0.0
            self._apply_all()
            pygame.mixer.unpause()
            self.paused = False
            self._fade_to(1.0)

    def _fade_to(self, target: float) -> None:
        """Move every sound's gain to `target` in small steps over `PAUSE_FADE_MS`, waiting
        here (a few tens of ms) so that the mixer plays each step."""
        start = self._pause_gain
        for step in range(1, _PAUSE_FADE_STEPS + 1):
            self._pause_gain = start + (target - start) * step / _PAUSE_FADE_STEPS
            self._apply_all()
            time.sleep(PAUSE_FADE_MS / _PAUSE_FADE_STEPS / 1000)
        self._pause_gain = target

    def _apply_all(self) -> None:
        now = self.clock.now_ms()
        duck = self._duck.value(now)
        for playing in self._playing.values():
            self._apply(playing, now, duck)

    def stop(self, fade_ms: int = 300) -> None:
        """Fade every channel out over `fade_ms` (at least 20 ms) and let them stop."""
        if not self._open:
            return
        if self.paused:
            pygame.mixer.stop()  # nothing is audible while paused: no fade needed
            self.paused = False
            self._pause_gain = 1.0
        else:
            fade = max(int(fade_ms), _MIN_FADE_MS)
            for channel in range(CHANNEL_COUNT):
                _fade_out(channel, fade)
            self._stop_until_ms = self.clock.now_ms() + fade
        self._bed = None

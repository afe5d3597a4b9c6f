"""Mixing a practice's timeline into one sound file a client can take home (wav, ogg, mp3, flac).

Every sound starts on the frame its event names (at_ms × 44.1, rounded), so the file keeps the
timeline's timing sample for sample. The mix follows the live engine: the same sounds (from the
`SoundBank`), layer volumes, ambience fades and crossfades, and ducking under the voice. It is
mixed in blocks of a few seconds into a small float32 buffer and streamed to the file (or to
ffmpeg), so a 45-minute practice needs a few megabytes of memory, not hundreds.
"""

from __future__ import annotations

import errno
import logging
import os
import subprocess
import tempfile
import wave
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from audio.bank import Progress, SoundBank
from audio.engine import MixSettings, clamp_volume
from audio.envelope import Envelope
from audio.mixdown import Clip, Mixdown
from audio.pcm import FULL_SCALE, SAMPLE_RATE, ms_to_frames
from calm.errors import AudioError
from calm.practice.events import Ambience, Bell, Breath, Event, Narration

log = logging.getLogger(__name__)

_LINE_HANDOVER_MS = 150  # as the live engine: an overrunning line fades out when the next starts
_MIN_FADE_MS = 20
_END_FADE_MS = 300  # a bell still ringing at the very end fades instead of being cut
_ENCODERS = {
    ".mp3": ["-c:a", "libmp3lame", "-q:a", "2"],
    ".ogg": ["-c:a", "libvorbis", "-q:a", "6"],
    ".flac": ["-c:a", "flac"],
}
FORMATS = (".wav", *_ENCODERS)


@dataclass(frozen=True)
class RenderResult:
    """The file written, how long it is, and any narration warnings met on the way."""

    path: Path
    frames: int
    warnings: tuple[str, ...]

    @property
    def duration_ms(self) -> float:
        """Length of the file in milliseconds."""
        return self.frames * 1000 / SAMPLE_RATE


def plan_mix(
    events: Iterable[Event], duration_ms: int, bank: SoundBank, settings: MixSettings
) -> tuple[Mixdown, list[str]]:
    """Place every sound of the timeline on its frame; returns the mix plan and warnings."""
    s = settings
    master = s.master / 100
    gains = {layer: master * s.layer(layer) / 100 for layer in ("voice", "cue", "ambience")}
    mix = Mixdown(ms_to_frames(duration_ms), gains["ambience"])
    duck = Envelope(0, 1.0)
    warnings: list[str] = []
    last_line: Clip | None = None
    for event in sorted(events, key=lambda e: e.at_ms):
        frame, action = ms_to_frames(event.at_ms), event.action
        if isinstance(action, Narration):
            speech = bank.speech(action)
            warnings.extend(speech.warnings)
            if not speech.is_voice:
                if len(speech.pcm):
                    mix.add(Clip(frame, speech.pcm, gains["cue"]))
                continue
            if last_line is not None and last_line.end > frame:
                last_line.cut(frame, ms_to_frames(_LINE_HANDOVER_MS))
            clip = Clip(frame, speech.pcm, gains["voice"], True, _loader(bank, action))
            last_line = mix.add(clip)
        elif isinstance(action, Bell):
            pcm = bank.bell(action.sound)
            mix.add(Clip(frame, pcm, gains["cue"] * clamp_volume(action.volume) / 100))
        elif isinstance(action, Breath):
            tone = bank.breath_tone(action.phase, action.duration_ms) if action.tone else None
            if tone is not None:
                mix.add(Clip(frame, tone, gains["cue"]))
            word = bank.phase_word(action.phase) if action.spoken else None
            if word is not None:
                mix.add(Clip(frame, word, gains["voice"]))
        elif isinstance(action, Ambience):
            _ambience(mix, frame, action, bank)
    # Ducking as the live engine does it: down while a line is heard, back up after.
    for start, end in mix.voice_spans():
        duck.move(start, s.duck_level, ms_to_frames(s.duck_down_ms))
        duck.move(end, 1.0, ms_to_frames(s.duck_up_ms))
    mix.duck = duck
    return mix, warnings


def _loader(bank: SoundBank, line: Narration):
    return lambda: bank.speech(line).pcm


def _ambience(mix: Mixdown, frame: int, action: Ambience, bank: SoundBank) -> None:
    fade = ms_to_frames(max(int(action.fade_ms), _MIN_FADE_MS))
    current = mix.beds[-1] if mix.beds and mix.beds[-1].end is None else None
    if action.action == "stop" or not action.sound:
        if current is not None:
            current.fade_out(frame, fade)
        return
    target = clamp_volume(action.volume) / 100
    if current is not None and current.sound == action.sound:
        current.envelope.move(frame, target, fade)
        return
    pcm = bank.bed(action.sound)
    if pcm is None:
        return
    if current is not None:
        current.fade_out(frame, fade)
    mix.start_bed(action.sound, pcm, frame, target, fade)


def _ffmpeg() -> str:
    from pydub import AudioSegment  # pydub knows where (or whether) ffmpeg is installed

    return AudioSegment.converter


class _Writer:
    """Streams int16 frames to a temporary file beside `out`, renamed into place at the end."""

    def __init__(self, out: Path):
        suffix = out.suffix.lower()
        if suffix not in FORMATS:
            raise AudioError(
                f"Cannot save as '{out.suffix or out.name}': choose a file ending in "
                + ", ".join(FORMATS)
                + "."
            )
        if not out.parent.is_dir():
            raise AudioError(f"The folder {out.parent} does not exist; choose another place.")
        try:
            fd, self.tmp = tempfile.mkstemp(prefix=f".{out.stem}.", suffix=suffix, dir=out.parent)
        except OSError as error:
            raise unwritable(out, error) from error
        os.close(fd)
        self.out, self.process, self.wav = out, None, None
        if suffix == ".wav":
            self.wav = wave.open(self.tmp, "wb")
            self.wav.setnchannels(2)
            self.wav.setsampwidth(2)
            self.wav.setframerate(SAMPLE_RATE)
            return
        command = [_ffmpeg(), "-hide_banner", "-loglevel", "error", "-y"]
        command += ["-f", "s16le", "-ar", str(SAMPLE_RATE), "-ac", "2", "-i", "pipe:0"]
        command += [*_ENCODERS[suffix], self.tmp]
        try:
            self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stderr=subprocess.PIPE)
        except OSError as error:
            Path(self.tmp).unlink(missing_ok=True)
            raise AudioError(
                f"Saving as {suffix[1:].upper()} needs ffmpeg, which could not be started "
                f"({error}). Save as WAV instead, or install ffmpeg."
            ) from error

    def write(self, pcm: np.ndarray) -> None:
        data = pcm.astype("<i2").tobytes()
        if self.wav is not None:
            self.wav.writeframes(data)
            return
        try:
            self.process.stdin.write(data)
        except BrokenPipeError:
            error = self.process.stderr.read().decode(errors="replace").strip()
            raise AudioError(f"ffmpeg stopped writing {self.out.name}: {error[-300:]}") from None

    def finish(self) -> None:
        if self.wav is not None:
            self.wav.close()
        else:
            self.process.stdin.close()
            error = self.process.stderr.read().decode(errors="replace").strip()
            if self.process.wait() != 0:
                raise AudioError(f"ffmpeg could not write {self.out.name}: {error[-300:]}")
        os.replace(self.tmp, self.out)

    def abandon(self) -> None:
        if self.wav is not None:
            try:
                self.wav.close()
            except OSError:
                pass  # the disk that refused the data refuses the header too; the file goes
        elif self.process is not None:
            self.process.kill()
            self.process.wait()
        Path(self.tmp).unlink(missing_ok=True)


def render_events(
    events: Iterable[Event],
    duration_ms: int,
    out: Path,
    bank: SoundBank,
    *,
    settings: MixSettings | None = None,
    progress: Progress | None = None,
    block_ms: int = 5000,
) -> RenderResult:
    """Mix the events into `out` (its suffix picks the format), `duration_ms` long.

    `progress(fraction)` is called after each block. Raises AudioError with a sentence to
    show if the file cannot be written.
    """
    out = Path(out)
    mix, warnings = plan_mix(events, duration_ms, bank, settings or MixSettings())
    writer = _Writer(out)
    try:
        block = ms_to_frames(block_ms)
        end_fade = ms_to_frames(_END_FADE_MS)
        for start in range(0, mix.frames, block):
            count = min(block, mix.frames - start)
            samples = mix.block(start, count, end_fade)
            writer.write(np.rint(samples * FULL_SCALE).astype(np.int16))
            if progress is not None:
                progress((start + count) / mix.frames)
        if mix.frames == 0 and progress is not None:
            progress(1.0)
        writer.finish()
    except OSError as error:  # a full disk, a folder gone read-only, a vanished drive
        writer.abandon()
        raise unwritable(out, error) from error
    except BaseException:
        writer.abandon()
        raise
    return RenderResult(out, mix.frames, tuple(warnings))


def unwritable(out: Path, error: OSError) -> AudioError:
    """The sentence for a sound file that could not be written (nothing is left behind)."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return AudioError(
            f"The disk holding {out.parent} is full, so {out.name} was not written. Free some "
            "space or choose another place, then try again."
        )
    return AudioError(
        f"Calm Harbor cannot write {out.name} in {out.parent} ({error.strerror or error}). "
        "Choose a folder you may write to, then try again."
    )


def render_timeline(timeline, out: Path, bank: SoundBank, **options) -> RenderResult:
    """Render a compiled timeline (anything with `.events` and `.duration_ms`)."""
    return render_events(timeline.events, timeline.duration_ms, out, bank, **options)

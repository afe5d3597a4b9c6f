"""The live engine on the real pygame mixer (SDL dummy and disk drivers), and the silent one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import wave
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from audio.bank import open_bank
from audio.device import open_engine
from audio.engine import SilentEngine
from calm.clock import FakeClock
from calm.practice.events import Ambience, Bell, Breath, Event, Narration, Phase
from tests.support.waiting import wait_until

pygame = pytest.importorskip("pygame")

from audio.pygame_engine import BEDS, CUES, NARRATION, PygameEngine  # noqa: E402


def _recording(path: Path, seconds: float) -> Path:
    """A voiced, syllable-paced 'recording' standing in for a therapist's voice."""
    rate = 44_100
    t = np.arange(int(seconds * rate)) / rate
    x = sum(np.sin(2 * np.pi * 150 * k * t) / k for k in range(1, 8))
    x *= 0.2 + 0.8 * np.clip(np.sin(2 * np.pi * 3 * t), 0, None)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((x / np.max(np.abs(x)) * 0.3 * 32767).astype("<i2").tobytes())
    return path


def _line(path: Path | None, key: str = "settle") -> Narration:
    audio = str(path) if path else None
    return Narration("Settle in.", "Settle in.", audio, 2000, "calm-test", key)


@pytest.fixture
def bank(paths, tmp_path, shared_cache):
    empty = tmp_path / "no-bin"
    empty.mkdir()
    # Narration comes from files or is the chime alone: no espeak, so no timing surprises.
    return open_bank(replace(paths, cache=shared_cache), search_path=str(empty))


@pytest.fixture
def engine(bank):
    clock = FakeClock(1_000)
    engine = PygameEngine(bank, clock)
    yield engine
    engine.close()
    assert pygame.mixer.get_init() is None


PAUSED_S = 0.4


def _busy(channel: int) -> bool:
    return pygame.mixer.Channel(channel).get_busy()


def test_no_sound_device_gives_the_silent_engine_with_a_reason(bank, monkeypatch):
    """Without speakers the practice must still run, with a notice instead of a crash."""
    monkeypatch.setenv("SDL_AUDIODRIVER", "no-such-driver")
    engine = open_engine(bank)
    assert isinstance(engine, SilentEngine) and not engine.available
    assert "silently" in engine.reason and "no-such-driver" in engine.reason
    assert pygame.mixer.get_init() is None
    assert engine.preload([Event(0, 0, Bell("bowl"))]) == []
    for action in (Bell("bowl"), _line(None), Ambience("start", "rain", 50, 1000)):
        engine.play_event(action)
    engine.set_volume("voice", 140)
    engine.set_master_volume(30)
    assert (engine.volumes["voice"], engine.master) == (100, 30)
    engine.update(5)
    engine.pause(), engine.resume(), engine.stop(), engine.close()
    with pytest.raises(ValueError):
        engine.set_volume("drums", 50)


def test_a_device_lost_before_first_use_turns_the_engine_silent(bank, monkeypatch):
    """If sound fails when a practice starts, the practice goes on without it."""
    engine = PygameEngine(bank, FakeClock())
    monkeypatch.setenv("SDL_AUDIODRIVER", "no-such-driver")
    engine.play_event(Bell("bowl"))
    assert not engine.available and "silently" in engine.reason and not engine.is_open


def test_the_mixer_opens_on_first_use_in_the_app_format_and_closes_after(bank):
    """An idle window with an open mixer would burn CPU all day on a clinic laptop."""
    engine = open_engine(bank, FakeClock())
    assert isinstance(engine, PygameEngine) and engine.available and engine.reason is None
    assert pygame.mixer.get_init() is None  # probed, then closed again
    engine.play_event(Event(0, 0, Bell("chime")))
    assert pygame.mixer.get_init() == (44_100, -16, 2)
    assert engine.buffer_frames <= 512
    engine.close()
    assert pygame.mixer.get_init() is None
    engine.play_event(Bell("chime"))  # the next practice opens it again
    assert engine.is_open
    engine.close()


def test_sdl_does_not_take_over_termination():
    """If SDL swallowed SIGTERM, logging out or shutting down could not end the app cleanly."""
    code = (
        "import os, signal, time\n"
        "os.environ['SDL_AUDIODRIVER'] = 'dummy'\n"
        "import audio.pygame_engine as e\n"
        "e.pygame.mixer.init(44100, -16, 2, 512)\n"
        "os.kill(os.getpid(), signal.SIGTERM)\n"
        "time.sleep(5)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "SDL_NO_SIGNAL_HANDLERS"}
    done = subprocess.run([sys.executable, "-c", code], env=env, timeout=20, cwd=os.getcwd())
    assert done.returncode == -signal.SIGTERM


def test_each_layer_plays_on_its_own_channels(engine, tmp_path):
    """Voice, cues and ambience sharing a channel would cut each other off."""
    warnings = engine.preload(
        [
            Event(0, 0, _line(_recording(tmp_path / "v.wav", 2.0))),
            Event(0, 0, _line(tmp_path / "missing.wav", key="early")),
        ]
    )
    assert engine.is_open and len(warnings) == 1 and "early" in warnings[0]
    engine.play_event(Ambience("start", "pink", 80, 500))
    engine.play_event(Bell("bowl"))
    engine.play_event(Breath(Phase.INHALE, 4000, 1))
    engine.play_event(_line(_recording(tmp_path / "v.wav", 2.0)))
    assert _busy(NARRATION[0]) and _busy(BEDS[0])
    assert _busy(CUES[0]) and _busy(CUES[1])
    engine.play_event(_line(tmp_path / "missing.wav", key="gone"))  # chime on the cue layer
    assert _busy(CUES[2])
    engine.play_event(_line(tmp_path / "missing.wav", key="early"))  # warned at preload
    (warning,) = engine.take_warnings()  # each warning once
    assert "gone" in warning and engine.take_warnings() == []


def test_volumes_multiply_master_layer_and_item(engine):
    """A slider that did nothing, or moved the wrong layer, would make the app feel broken."""
    engine.play_event(Bell("bowl", volume=50))
    sound = pygame.mixer.Channel(CUES[0]).get_sound()
    assert sound.get_volume() == pytest.approx(0.8 * 0.5, abs=0.01)  # cue layer default 80
    engine.set_master_volume(50)
    engine.set_volume("cue", 100)
    assert sound.get_volume() == pytest.approx(0.5 * 1.0 * 0.5, abs=0.01)
    engine.set_volume("voice", 0)  # another layer: no effect on the bell
    assert sound.get_volume() == pytest.approx(0.25, abs=0.01)


@pytest.mark.slow
def test_ambience_ducks_under_the_voice_and_comes_back_smoothly(engine, tmp_path):
    """Waves as loud as the voice would drown the words; a sudden return would startle."""
    clock = engine.clock
    engine.play_event(Ambience("start", "brown", 100, 200))
    bed = pygame.mixer.Channel(BEDS[0]).get_sound()
    full = bed.get_volume()
    engine.play_event(_line(_recording(tmp_path / "short.wav", 0.4)))
    levels = []
    for _ in range(8):
        clock.advance(50)
        engine.update()
        levels.append(bed.get_volume())
    assert levels == sorted(levels, reverse=True)  # down in steps, not at once
    assert levels[0] > 0.4 * full and levels[-1] == pytest.approx(0.4 * full, abs=0.01)
    wait_until(lambda: not _busy(NARRATION[0]))  # the 0.4 s line ends (played in real time)
    rising = []
    for _ in range(20):
        clock.advance(50)
        engine.update()
        rising.append(bed.get_volume())
    assert rising == sorted(rising) and rising[0] < 0.6 * full
    assert rising[-1] == pytest.approx(full, abs=0.01)
    assert max(np.diff(rising)) < 0.1  # small steps over most of a second


@pytest.mark.slow
def test_ambience_changes_crossfade_and_stop_fades(engine):
    """A new bed should blend in as the old one fades, not cut over."""
    engine.play_event(Ambience("start", "rain", 60, 100))
    engine.play_event(Ambience("change", "ocean", 60, 100))
    assert _busy(BEDS[0]) and _busy(BEDS[1])  # both heard during the crossfade
    wait_until(lambda: not pygame.mixer.Channel(BEDS[0]).get_busy())  # the 100 ms fade
    engine.update()
    assert not _busy(BEDS[0]) and _busy(BEDS[1])
    engine.play_event(Ambience("change", "ocean", 30, 400))  # same bed: only quieter
    assert _busy(BEDS[1]) and not _busy(BEDS[0])
    engine.clock.advance(400)
    engine.update()
    assert pygame.mixer.Channel(BEDS[1]).get_sound().get_volume() == pytest.approx(0.3, abs=0.01)
    engine.play_event(Ambience("stop", None, 0, 100))
    assert wait_until(lambda: not _busy(BEDS[1])) < 2  # faded out, not left looping


def test_a_bed_is_read_by_the_mixer_from_its_checked_file_sample_for_sample(engine, tmp_path):
    """A bed made from a Python buffer held Python's lock while pygame copied it (the window
    waited while a new ambience was prepared: about 4 ms for a 20 s bed, 12 ms a minute);
    the mixer now reads the checked cache file itself. It must hold exactly the cached
    samples, and a damaged file is not handed over."""
    import shutil

    from audio.cache import WavCache
    from audio.sounds import ambience_spec
    from audio.wavfile import read_pcm

    engine.preload([Event(0, 0, Ambience("start", "rain", 60, 0))])
    entry = engine.bank.sounds.entry(ambience_spec("rain"))
    path = entry.checked_path()
    assert path is not None
    sound = engine.sounds.get(("bed", "rain"), lambda: None)
    assert sound.get_raw() == read_pcm(path)
    copy = entry._replace(files=WavCache(tmp_path))  # the shared cache stays whole
    shutil.copy(path, copy.files.path(copy.stem, copy.key))
    damaged = copy.checked_path()
    assert damaged is not None
    with open(damaged, "r+b") as file:  # a flipped byte in the samples
        file.seek(1000)
        byte = file.read(1)
        file.seek(1000)
        file.write(bytes([byte[0] ^ 0xFF]))
    assert copy.checked_path() is None and not damaged.exists()


@pytest.mark.slow
def test_pause_holds_every_layer_and_resume_carries_on(engine, tmp_path):
    """A pause that let the voice run on would lose the client's place in the practice."""
    engine.play_event(_line(_recording(tmp_path / "v.wav", 0.25)))
    engine.play_event(Breath(Phase.EXHALE, 250, 1))
    engine.pause()
    time.sleep(PAUSED_S)  # longer than both sounds: the time the pause must hold them
    assert _busy(NARRATION[0]) and _busy(CUES[0])  # still there, not played out
    engine.resume()
    wait_until(lambda: not _busy(NARRATION[0]) and not _busy(CUES[0]))


@pytest.mark.slow
def test_stop_fades_everything_out_in_a_fraction_of_a_second(engine):
    """At the end or on Stop, sound must die away quickly without a cut."""
    engine.play_event(Ambience("start", "pink", 100, 50))
    engine.play_event(Bell("bowl"))
    engine.stop(150)
    assert pygame.mixer.get_busy()  # fading, not cut
    assert wait_until(lambda: not pygame.mixer.get_busy()) < 1.0


@pytest.mark.slow
def test_stop_on_the_disk_driver_fades_without_a_click(bank, tmp_path, monkeypatch):
    """What a listener hears: the captured output dies away smoothly, with no jump."""
    capture = tmp_path / "out.raw"
    monkeypatch.setenv("SDL_AUDIODRIVER", "disk")
    monkeypatch.setenv("SDL_DISKAUDIOFILE", str(capture))
    engine = PygameEngine(bank)
    engine.play_event(Ambience("start", "pink", 100, 20))
    second = 44_100 * 4  # bytes of output a second
    wait_until(lambda: capture.stat().st_size > 0.4 * second)  # playing for a while
    engine.stop(250)
    wait_until(lambda: not pygame.mixer.get_busy())
    after = capture.stat().st_size
    wait_until(lambda: capture.stat().st_size > after + 0.2 * second)  # and silence after
    engine.close()
    x = np.frombuffer(capture.read_bytes(), dtype="<i2").reshape(-1, 2)[:, 0].astype(float)
    loud = np.flatnonzero(np.abs(x) > 50)
    assert len(loud) > 4410
    playing = x[loud[0] : loud[-1] + 1]
    steps = np.abs(np.diff(playing))
    steady = np.percentile(steps[: len(steps) // 3], 99.9)
    assert steps.max() <= 2.5 * steady  # the fade adds no jump bigger than the noise's own
    tail = x[loud[-1] + 1 :]
    assert len(tail) > 4410 and np.all(np.abs(tail) <= 50)  # and then silence
    ms_per_window = 441
    windows = np.abs(playing[: len(playing) // ms_per_window * ms_per_window])
    level = windows.reshape(-1, ms_per_window).max(axis=1)
    fade = level[-25:]  # the last quarter second falls away rather than stopping dead
    assert fade[-1] < fade[0] / 4


@pytest.mark.slow
def test_pause_and_resume_fade_rather_than_click(bank, tmp_path, monkeypatch):
    """Pressing Pause must not cut the sound from full level to silence in one sample (heard
    as a click): it falls away over some tens of ms, and comes back the same way."""
    capture = tmp_path / "out.raw"
    monkeypatch.setenv("SDL_AUDIODRIVER", "disk")
    monkeypatch.setenv("SDL_DISKAUDIOFILE", str(capture))
    engine = PygameEngine(bank)
    engine.play_event(Ambience("start", "pink", 100, 20))
    time.sleep(0.4)
    engine.pause()
    time.sleep(0.3)
    engine.resume()
    time.sleep(0.4)
    engine.stop(50)
    time.sleep(0.2)
    engine.close()
    x = np.frombuffer(capture.read_bytes(), dtype="<i2").reshape(-1, 2)[:, 0].astype(float)
    window = 441  # 10 ms
    level = np.abs(x[: len(x) // window * window]).reshape(-1, window).max(axis=1)
    loud = level > 200
    quiet = np.flatnonzero(~loud[1:] & loud[:-1]) + 1  # loud, then silence
    back = np.flatnonzero(loud[1:] & ~loud[:-1]) + 1  # silence, then loud
    # The pause is the long silence (0.3 s) between sound; a late buffer is a short one.
    pause_at, resume_at = max(
        ((q, next((b for b in back if b > q), len(level))) for q in quiet if q > 10),
        key=lambda span: span[1] - span[0],
    )
    before, after = level[pause_at - 6 : pause_at], level[resume_at : resume_at + 6]
    # Against the full level around them (a median: pink noise's peaks vary by half from one
    # 10 ms window to the next, and one window as the reference failed on a busy machine).
    full_before = np.median(level[pause_at - 25 : pause_at - 8])
    full_after = np.median(level[resume_at + 8 : resume_at + 25])
    assert before[-1] < full_before / 2, (before, full_before)  # fell away over tens of ms
    assert after[0] < full_after / 2, (after, full_after)  # and rose again
    assert np.all(level[pause_at + 2 : resume_at - 1] <= 200)  # silent while paused

"""Rendering a practice to a file: length, sample-exact onsets, ducking, fades, formats, errors."""

from __future__ import annotations

import shutil
import wave
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from audio.bank import open_bank
from audio.engine import MixSettings
from audio.pcm import ms_to_frames, peak_dbfs
from audio.render import render_events
from calm.errors import AudioError
from calm.practice.events import Ambience, Bell, Breath, Event, Finished, Narration, Phase

needs_ffmpeg = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg missing")


@pytest.fixture
def bank(paths, tmp_path, shared_cache):
    empty = tmp_path / "no-bin"
    empty.mkdir()
    return open_bank(replace(paths, cache=shared_cache), search_path=str(empty))


def _recording(path: Path, seconds: float) -> Path:
    rate = 44_100
    t = np.arange(int(seconds * rate)) / rate
    x = sum(np.sin(2 * np.pi * 150 * k * t) / k for k in range(1, 8))
    x *= 0.3 + 0.7 * np.clip(np.sin(2 * np.pi * 3 * t), 0, None)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((x / np.max(np.abs(x)) * 0.3 * 32767).astype("<i2").tobytes())
    return path


def _line(path: Path, key: str = "line") -> Narration:
    return Narration("Rest here.", "Rest here.", str(path), 1000, "render-test", key)


def _read(path: Path) -> np.ndarray:
    with wave.open(str(path)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (2, 2, 44_100)
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").reshape(-1, 2)


def test_the_file_lasts_exactly_the_timeline(bank, tmp_path):
    """A file shorter or longer than the practice would cut the ending or trail silence."""
    events = [Event(0, 0, Bell("bowl")), Event(12_345, 1, Finished())]
    result = render_events(events, 12_345, tmp_path / "p.wav", bank)
    frames = len(_read(tmp_path / "p.wav"))
    assert frames == result.frames == ms_to_frames(12_345)
    assert abs(result.duration_ms - 12_345) < 50


def test_every_cue_starts_on_the_frame_its_event_names(bank, tmp_path):
    """A bell or breath tone that starts late would fall out of step with the pacer on screen."""
    times = [250, 1_000, 2_517, 4_321, 6_999]
    events = [Event(at, 0, Bell("chime")) for at in times]
    events.append(Event(8_003, 1, Breath(Phase.INHALE, 1_500, 1)))
    out = _read(render_events(events, 10_000, tmp_path / "cues.wav", bank).path)
    chime = bank.bell("chime").astype(np.float64)
    settings = MixSettings()
    gain = settings.master / 100 * settings.cue / 100
    # The last chime rings alone until the breath tone: sample for sample where it should be.
    start, end = ms_to_frames(times[-1]), ms_to_frames(8_003)
    placed = out[start:end].astype(np.float64)
    assert np.max(np.abs(placed - chime[: end - start] * gain)) <= 1.0
    assert np.max(np.abs(out[start - 1 : end - 1] - chime[: end - start] * gain)) > 100
    # Every onset: silence before the event's frame, sound within 3 ms after it.
    for at in [*times, 8_003]:
        start = ms_to_frames(at)
        before = out[start - ms_to_frames(5) : start] if at == times[0] else None
        if before is not None:
            assert np.max(np.abs(before)) == 0
        after = np.flatnonzero(np.max(np.abs(out[start:]), axis=1) > 30)
        assert after[0] <= ms_to_frames(3), at


def test_ambience_ducks_under_the_voice(bank, tmp_path):
    """Ambience as loud as the voice would drown the words of the practice."""
    line = _line(_recording(tmp_path / "v.wav", 2.0))
    bed = [Event(0, 0, Ambience("start", "brown", 100, 500))]
    voice = [Event(3_000, 1, line)]
    both = _read(render_events(bed + voice, 9_000, tmp_path / "a.wav", bank).path)
    alone = _read(render_events(bed, 9_000, tmp_path / "b.wav", bank).path)
    speech = _read(render_events(voice, 9_000, tmp_path / "c.wav", bank).path)
    ducked = both.astype(np.float64) - speech  # what is left is the ambience under the voice

    def rms(x, from_ms, to_ms):
        return np.sqrt(np.mean(x[ms_to_frames(from_ms) : ms_to_frames(to_ms)] ** 2.0))

    assert rms(ducked, 1_000, 2_900) == pytest.approx(rms(alone, 1_000, 2_900), rel=0.01)
    ratio = rms(ducked, 3_600, 4_800) / rms(alone, 3_600, 4_800)
    assert ratio == pytest.approx(MixSettings().duck_level, abs=0.02)
    assert rms(ducked, 7_500, 9_000) == pytest.approx(rms(alone, 7_500, 9_000), rel=0.02)


def test_ambience_fades_in_crossfades_and_fades_out(bank, tmp_path):
    """A bed that starts or stops abruptly would jolt someone who is nearly asleep."""
    events = [
        Event(0, 0, Ambience("start", "pink", 100, 2_000)),
        Event(4_000, 1, Ambience("change", "rain", 100, 1_000)),
        Event(7_000, 2, Ambience("stop", None, 0, 1_000)),
    ]
    out = _read(render_events(events, 9_000, tmp_path / "bed.wav", bank).path).astype(float)
    level = [
        np.sqrt(np.mean(out[ms_to_frames(t) : ms_to_frames(t + 250)] ** 2))
        for t in range(0, 9_000, 250)
    ]
    assert level[0] < level[3] < level[7]  # rising over the first two seconds
    assert level[-1] == 0 and level[-4] == 0  # silent after the fade-out
    assert 0 < level[29] < level[26]  # falling during it
    steps = np.abs(np.diff(out[:, 0]))
    assert steps.max() < 8 * np.percentile(steps, 99)  # no click at any change


def test_a_line_still_speaking_when_the_next_begins_fades_out(bank, tmp_path):
    """Two voices talking over each other would be impossible to follow."""
    first = _line(_recording(tmp_path / "long.wav", 2.0), key="first")
    second = _line(_recording(tmp_path / "next.wav", 1.0), key="second")
    events = [Event(0, 0, first), Event(1_000, 1, second)]
    both = _read(render_events(events, 3_000, tmp_path / "two.wav", bank).path)
    only = _read(render_events(events[1:], 3_000, tmp_path / "one.wav", bank).path)
    after_handover = slice(ms_to_frames(1_150), ms_to_frames(3_000))
    assert np.array_equal(both[after_handover], only[after_handover])


def test_a_loud_pile_up_never_peaks_above_minus_1_dbfs(bank, tmp_path):
    """Several bells on top of waves at full volume must not crackle or clip."""
    loud = MixSettings(master=100, voice=100, cue=100, ambience=100)
    events = [Event(0, 0, Ambience("start", "ocean", 100, 20))]
    events += [Event(i * 30, 0, Bell("bowl")) for i in range(6)]
    result = render_events(events, 3_000, tmp_path / "loud.wav", bank, settings=loud)
    assert peak_dbfs(_read(result.path)) <= -1.0


def test_progress_is_reported_up_to_one(bank, tmp_path):
    """A progress bar that stalls or runs backwards would worry a waiting therapist."""
    seen: list[float] = []
    events = [Event(0, 0, Bell("chime"))]
    render_events(events, 12_000, tmp_path / "p.wav", bank, progress=seen.append, block_ms=1000)
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) == 12


@needs_ffmpeg
@pytest.mark.parametrize("suffix", [".mp3", ".ogg"])
def test_compressed_files_last_the_timeline_too(bank, tmp_path, suffix):
    """An MP3 for a client's phone must hold the whole practice, in time."""
    from audio.speechprep import decode_file

    events = [Event(500, 0, Bell("chime")), Event(3_000, 0, Bell("chime"))]
    result = render_events(events, 5_000, tmp_path / f"home{suffix}", bank)
    samples, rate = decode_file(result.path)
    assert abs(len(samples) / rate * 1000 - 5_000) < 50
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_unusable_destinations_give_a_sentence_and_leave_nothing(bank, tmp_path):
    """A wrong file name or folder must say what to do, not show a traceback or leave junk."""
    events = [Event(0, 0, Bell("chime"))]
    with pytest.raises(AudioError, match="choose a file ending in"):
        render_events(events, 1_000, tmp_path / "practice.aiff", bank)
    with pytest.raises(AudioError, match="does not exist"):
        render_events(events, 1_000, tmp_path / "nowhere" / "practice.wav", bank)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["calm-home", "no-bin"]


def test_a_built_in_practice_renders_to_its_timeline(bank, tmp_path):
    """The file a therapist hands over must hold the practice as compiled, cue for cue."""
    library = pytest.importorskip("calm.practice.library")
    timeline_module = pytest.importorskip("calm.practice.timeline")
    script = library.load_library().scripts.get("four-seven-eight")
    if script is None:
        pytest.skip("the 4-7-8 practice is not in the library")
    timeline = timeline_module.compile_timeline(script, script.variants[0].id)
    result = render_events(timeline.events, timeline.duration_ms, tmp_path / "478.wav", bank)
    out = _read(result.path)
    assert abs(len(out) / 44.1 - timeline.duration_ms) < 50
    assert peak_dbfs(out) <= -1.0
    # The same practice without its bells: the difference is the bells alone.
    rest = [e for e in timeline.events if not isinstance(e.action, Bell)]
    without = _read(render_events(rest, timeline.duration_ms, tmp_path / "rest.wav", bank).path)
    bells_only = np.abs(out.astype(float) - without).max(axis=1)
    times = [e.at_ms for e in timeline.events if isinstance(e.action, Bell)]
    # Bells with no other still ringing: silent up to their frame, sounding within 3 ms of it.
    bells = [at for i, at in enumerate(times) if i == 0 or at - times[i - 1] > 8_000]
    assert bells
    for at in bells:
        start = ms_to_frames(at)
        assert bells_only[max(start - ms_to_frames(50), 0) : start].max(initial=0) <= 1
        assert bells_only[start : start + ms_to_frames(3)].max() > 1

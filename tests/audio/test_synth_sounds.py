"""Synthesised sounds: lengths, levels, clean edges, glides, and ambience loops with no seam."""

from __future__ import annotations

import numpy as np
import pytest

from audio.pcm import SAMPLE_RATE, frames_to_ms, ms_to_frames, peak_dbfs
from audio.sounds import AMBIENCES, BELLS, BUILT_IN, SoundSpec, breath_tone_spec
from calm.practice.events import Phase


@pytest.fixture(scope="module")
def rendered() -> dict[str, np.ndarray]:
    return {name: spec.render() for name, spec in BUILT_IN.items()}


def _seam_problems(loop: np.ndarray) -> list[str]:
    """What a listener would hear at the loop point, compared with anywhere else in the loop."""
    x = loop.astype(np.float64)
    problems = []
    steps = np.abs(np.diff(x, axis=0))
    seam_step = np.abs(x[0] - x[-1])
    typical = np.percentile(steps, 99.9, axis=0)
    if np.any(seam_step > typical):
        problems.append(f"jump {seam_step} > 99.9th percentile step {typical}")
    window = ms_to_frames(100)

    def around(at: int) -> np.ndarray:
        """2 × window frames centred on `at`, wrapping round the loop."""
        return x[(at - window + np.arange(2 * window)) % len(x)]

    def level_change(at: int) -> float:
        before, after = around(at)[:window], around(at)[window:]
        rms = [np.sqrt(np.mean(part**2)) + 1e-9 for part in (before, after)]
        return abs(20 * np.log10(rms[1] / rms[0]))

    def brightness_change(at: int) -> float:
        left = around(at)[:, 0]
        before, after = left[:window], left[window:]
        zc = [np.mean(np.abs(np.diff(np.sign(part)))) + 1e-9 for part in (before, after)]
        return abs(np.log2(zc[1] / zc[0]))

    rng = np.random.default_rng(0)
    interior = rng.integers(window, len(x) - window, 60)
    for name, measure in (("level", level_change), ("brightness", brightness_change)):
        seam = measure(0)
        elsewhere = max(measure(int(i)) for i in interior)
        if seam > elsewhere:
            problems.append(f"{name} change at the seam {seam:.2f} > anywhere else {elsewhere:.2f}")
    return problems


def _pitch_hz(x: np.ndarray) -> float:
    crossings = np.count_nonzero(np.diff(np.signbit(x)))
    return crossings / 2 / (len(x) / SAMPLE_RATE)


@pytest.mark.parametrize("name", sorted(BUILT_IN))
def test_every_sound_has_its_length_and_peaks_at_or_below_minus_1_dbfs(rendered, name):
    """A sound of the wrong length or too loud would be cut short or startle an eyes-closed user."""
    pcm = rendered[name]
    assert pcm.dtype == np.int16 and pcm.ndim == 2 and pcm.shape[1] == 2
    assert len(pcm) == BUILT_IN[name].frames
    assert -40 < peak_dbfs(pcm) <= -1.0


@pytest.mark.parametrize("name", sorted(BELLS))
def test_bells_start_and_end_in_silence_and_decay_slowly(rendered, name):
    """A bell that clicks at its start or end, or stops dead, would jar instead of settle."""
    pcm = rendered[name].astype(np.float64)
    assert np.max(np.abs(pcm[:3])) < 200 and np.max(np.abs(pcm[-3:])) < 30
    second = SAMPLE_RATE
    first_level = np.sqrt(np.mean(pcm[:second] ** 2))
    last_level = np.sqrt(np.mean(pcm[-second:] ** 2))
    assert last_level < first_level / 10  # it dies away...
    if name == "bowl":
        assert 6000 <= frames_to_ms(len(pcm)) <= 8000
        middle = np.sqrt(np.mean(pcm[3 * second : 4 * second] ** 2))
        assert middle > first_level / 10  # ...slowly: still ringing three seconds on


def test_bowl_partials_are_inharmonic(rendered):
    """A bowl with harmonic partials would sound like an organ note, not a singing bowl."""
    x = rendered["bowl"][: 2 * SAMPLE_RATE, 0].astype(np.float64)
    spectrum = np.abs(np.fft.rfft(x * np.hanning(len(x))))
    freqs = np.fft.rfftfreq(len(x), 1 / SAMPLE_RATE)
    f0 = freqs[np.argmax(spectrum)]
    second = freqs[np.argmax(np.where(freqs > f0 * 1.5, spectrum, 0))]
    ratio = second / f0
    assert 2.5 < ratio < 2.95  # nowhere near 2 or 3


@pytest.mark.parametrize("duration_ms", [1000, 2999, 4000, 7333])
@pytest.mark.parametrize("phase", [Phase.INHALE, Phase.EXHALE])
def test_breath_tones_last_exactly_the_phase_and_glide_the_right_way(phase, duration_ms):
    """A tone longer than its phase overlaps the next; one gliding the wrong way misleads."""
    pcm = breath_tone_spec(phase, duration_ms).render()
    assert len(pcm) == ms_to_frames(duration_ms)
    assert peak_dbfs(pcm) <= -1.0
    assert np.max(np.abs(pcm[:2])) <= 2 and np.max(np.abs(pcm[-2:])) <= 2  # no click
    quarter = len(pcm) // 4
    early = _pitch_hz(pcm[quarter // 2 : quarter, 0])
    late = _pitch_hz(pcm[-quarter : -quarter // 2, 0])
    assert (late > early * 1.1) if phase is Phase.INHALE else (late < early / 1.1)


def test_holds_have_no_tone_and_tones_are_cached_by_duration():
    """A hold should be quiet; each phase length gets its own tone (and its own cache file)."""
    assert breath_tone_spec(Phase.HOLD_IN, 4000) is None
    assert breath_tone_spec(Phase.HOLD_OUT, 4000) is None
    four, five = breath_tone_spec(Phase.INHALE, 4000), breath_tone_spec(Phase.INHALE, 5000)
    assert four.key != five.key and four.key == breath_tone_spec(Phase.INHALE, 4000).key


@pytest.mark.parametrize("name", sorted(AMBIENCES))
def test_ambience_loops_without_a_seam(rendered, name):
    """A click, jump in level or change of colour at the loop point is heard every loop."""
    assert _seam_problems(rendered[name]) == []


@pytest.mark.parametrize("name", sorted(AMBIENCES))
def test_ambience_is_a_steady_bed_not_silence(rendered, name):
    """A bed that is nearly silent or swings hugely would not mask the room or would startle."""
    x = rendered[name].astype(np.float64) / 32767
    rms_db = 20 * np.log10(np.sqrt(np.mean(x**2)))
    assert -30 < rms_db < -15
    seconds = x[: len(x) // SAMPLE_RATE * SAMPLE_RATE].reshape(-1, SAMPLE_RATE, 2)
    per_second = 20 * np.log10(np.sqrt(np.mean(seconds**2, axis=(1, 2))))
    assert per_second.max() - per_second.min() < (25 if name == "ocean" else 6)


def test_ocean_swells_like_waves(rendered):
    """Ocean that does not rise and fall would sound like plain noise, not waves."""
    x = rendered["ocean"].astype(np.float64)
    seconds = x[: len(x) // SAMPLE_RATE * SAMPLE_RATE, 0].reshape(-1, SAMPLE_RATE)
    level = 20 * np.log10(np.sqrt(np.mean(seconds**2, axis=1)))
    assert level.max() - level.min() > 6


def test_the_seam_check_catches_a_loop_cut_without_care():
    """If the seam check passed a badly cut loop, the seam tests above would prove nothing."""
    brown = AMBIENCES["brown"].with_params(loop_ms=6000).render()
    # Any stretch of noise cut from a longer one and looped as it is jumps at the join.
    careless = np.ascontiguousarray(brown[: ms_to_frames(3517)])
    assert _seam_problems(careless)
    rain = AMBIENCES["rain"].with_params(loop_ms=6000).render()
    quiet_end = rain.copy()
    quiet_end[-ms_to_frames(300) :] //= 4  # a loop whose end is quieter than its start
    assert _seam_problems(quiet_end)


def test_a_spec_key_changes_with_any_parameter_and_not_otherwise():
    """A key that ignored a parameter would keep serving the old sound after a change."""
    bowl = BELLS["bowl"]
    assert bowl.key == SoundSpec.of(bowl.name, bowl.kind, **dict(bowl.params)).key
    assert bowl.with_params(f0_hz=200.0).key != bowl.key
    assert bowl.with_params(length_ms=7000).frames == ms_to_frames(7000)

"""Struck bells (singing bowl, soft chime) and the gliding breath tones, synthesised with numpy.

Each function takes plain parameters (the registry in `audio.sounds` holds them) and returns the
app's PCM format: int16, 44.1 kHz, stereo, peaking at the level asked for and never above -1 dBFS.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from audio.pcm import SAMPLE_RATE, fade_edges, ms_to_frames, raised_cosine, to_pcm

# T60 (seconds for a partial to fall by 60 dB) to an exponential decay rate: ln(1000) / T60.
_LN_1000 = float(np.log(1000.0))


def bell(
    *,
    f0_hz: float,
    ratios: Sequence[float],
    amps: Sequence[float],
    t60_s: Sequence[float],
    beat_hz: Sequence[float],
    length_ms: int,
    attack_ms: float,
    tail_ms: int,
    notes: Sequence[Sequence[float]] = ((0.0, 0.0, 1.0),),
    width: float = 0.6,
    peak_db: float = -4.0,
) -> np.ndarray:
    """A struck bell: inharmonic partials, each a slowly beating pair, each decaying on its own.

    `notes` are (semitones above f0, delay ms, gain): one note for a bowl, two for a chime.
    Real bowls and bells have split (doublet) modes, which is what makes them shimmer; the
    `beat_hz` detuning imitates that. `width` shifts the beat phase between the ears.
    """
    n = ms_to_frames(length_ms)
    t = np.arange(n) / SAMPLE_RATE
    out = np.zeros((n, 2))
    for semitones, delay_ms, note_gain in notes:
        start = ms_to_frames(float(delay_ms))
        tn = t[: n - start]
        base = f0_hz * 2 ** (semitones / 12)
        note = np.zeros((n - start, 2))
        for ratio, amp, t60, beat in zip(ratios, amps, t60_s, beat_hz, strict=True):
            freq = base * ratio
            if freq >= SAMPLE_RATE / 2 * 0.9:
                continue  # above what the format can carry without aliasing
            decay = np.exp(-_LN_1000 / t60 * tn)
            for channel, offset in ((0, 0.0), (1, width * np.pi)):
                # Two modes a few tenths of a hertz apart: their sum swells and fades slowly.
                pair = np.sin(2 * np.pi * freq * tn) + np.sin(
                    2 * np.pi * (freq + beat) * tn + offset
                )
                note[:, channel] += amp * 0.5 * pair * decay
        attack = ms_to_frames(float(attack_ms))
        note[:attack] *= raised_cosine(attack)[:, None]
        out[start:] += note_gain * note
    fade_edges(out, 0, ms_to_frames(tail_ms))
    return to_pcm(out, peak_db)


def glide(
    *,
    duration_ms: int,
    from_hz: float,
    to_hz: float,
    harmonics: Sequence[float],
    attack_ms: int,
    release_ms: int,
    peak_db: float = -12.0,
) -> np.ndarray:
    """A soft tone lasting exactly `duration_ms` that glides from `from_hz` to `to_hz`.

    The pitch follows an eased curve on a log scale (a musical glide that starts and ends
    gently), and the level rises and falls with raised-cosine ramps so the tone starts and
    stops at zero: no click at either end, however short the phase.
    """
    n = ms_to_frames(duration_ms)
    if n <= 0:
        return np.zeros((0, 2), dtype=np.int16)
    position = np.arange(n) / max(n - 1, 1)
    eased = position * position * (3 - 2 * position)  # smoothstep
    freq = from_hz * (to_hz / from_hz) ** eased
    phase = 2 * np.pi * np.cumsum(freq) / SAMPLE_RATE
    tone = np.zeros(n)
    for k, amp in enumerate(harmonics, start=1):
        tone += amp * np.sin(k * phase)
    # Ramps never take more than 40 % of the phase each, so even a 1-second phase breathes.
    attack = min(ms_to_frames(attack_ms), int(n * 0.4))
    release = min(ms_to_frames(release_ms), int(n * 0.4))
    fade_edges(tone, attack, release)
    return to_pcm(tone, peak_db)

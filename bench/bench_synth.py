"""Sound synthesis from a cold cache (target ≤ 3 s) and render-to-file speed (target ≥ 100×).

Synthesis: every built-in bell and ambience bed, and the breath tone for every phase length
the built-in practices use, rendered into an empty cache folder (each run a new folder).
Render: a synthetic 20-minute practice (ambience with a change and fades, a bell every five
minutes, narration every 45 seconds, two paced-breathing blocks with tones and spoken phase
words) mixed to WAV with its sounds already prepared, as after `preload`. Figures for a real
built-in practice and for preparing espeak narration follow as information.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from _common import header, report, temp_home

from audio.bank import open_bank
from audio.cache import SoundCache
from audio.render import render_events
from audio.sounds import BUILT_IN, breath_tone_spec
from calm.paths import AppPaths
from calm.practice.events import Ambience, Bell, Breath, Event, Finished, Narration, Phase

SYNTH_RUNS = 5
RENDER_RUNS = 3
MINUTE = 60_000
LINES = [
    "Let your eyes close, or rest your gaze softly on the floor.",
    "Notice where your body meets the chair, and let it hold you.",
    "There is nothing to fix right now. Just notice, and let be.",
    "If your mind wanders, that is fine. Gently come back to the breath.",
    "Let your shoulders soften, a little more with each breath out.",
]


def _builtin_tone_lengths() -> set[tuple[Phase, int]]:
    """(phase, ms) of every breath tone the built-in practices ask for."""
    try:
        from calm.practice.library import load_library
        from calm.practice.timeline import compile_timeline
    except ImportError:  # before the practice library exists: the common patterns
        return {(p, ms) for p in (Phase.INHALE, Phase.EXHALE) for ms in (3000, 4000, 6000, 8000)}
    tones = set()
    for script in load_library().scripts.values():
        for variant in script.variants:
            for event in compile_timeline(script, variant.id).events:
                action = event.action
                if isinstance(action, Breath) and action.tone:
                    tones.add((action.phase, action.duration_ms))
    return tones


def synthetic_practice(minutes: int = 20) -> tuple[list[Event], int]:
    """A practice of `minutes` using every kind of event the timeline produces."""
    end = minutes * MINUTE
    events = [
        Event(0, 0, Ambience("start", "ocean", 60, 4000)),
        Event(0, 0, Bell("bowl")),
        Event(end // 2, 2, Ambience("change", "rain", 50, 5000)),
        Event(end - 10_000, 3, Ambience("stop", None, 0, 8000)),
        Event(end, 4, Finished()),
    ]
    events += [Event(m * MINUTE, 1, Bell("bowl" if m % 10 == 0 else "chime")) for m in (5, 10, 15)]
    for n, at in enumerate(range(5_000, end - 15_000, 45_000)):
        text = LINES[n % len(LINES)]
        events.append(Event(at, 1, Narration(text, text, None, 6000, "bench", f"line-{n % 5}")))
    for block_start in (5 * MINUTE + 20_000, 14 * MINUTE):
        at, cycle = block_start, 0
        while at < block_start + 4 * MINUTE:
            spoken = cycle % 3 == 0
            events.append(Event(at, 2, Breath(Phase.INHALE, 4000, cycle, spoken=spoken)))
            events.append(Event(at + 4000, 2, Breath(Phase.EXHALE, 6000, cycle, spoken=spoken)))
            at, cycle = at + 10_000, cycle + 1
    return sorted(events, key=lambda e: e.at_ms), end


def bench_synthesis() -> None:
    specs = [*BUILT_IN.values()]
    tones = [breath_tone_spec(phase, ms) for phase, ms in sorted(_builtin_tone_lengths())]
    specs += [tone for tone in tones if tone is not None]  # holds are silent
    samples, cpu = [], []
    for _ in range(SYNTH_RUNS):
        with tempfile.TemporaryDirectory(prefix="calm-bench-cache-") as folder:
            cache = SoundCache(Path(folder))
            began, began_cpu = time.perf_counter(), time.process_time()
            for spec in specs:
                cache.get(spec)
            samples.append(time.perf_counter() - began)
            cpu.append(time.process_time() - began_cpu)
    report(f"sound synthesis, cold ({len(specs)} sounds)", samples, "s", "≤ 3 s")
    # CPU seconds of the process (every thread): what a machine to itself would take, about;
    # on a shared machine far steadier than the wall time.
    report("  same, CPU time", cpu, "s", "(info)")


def bench_render() -> None:
    bank = open_bank(AppPaths.from_environment().ensure())
    events, duration_ms = synthetic_practice()
    began = time.perf_counter()
    lines = sum(isinstance(e.action, Narration) for e in events)
    bank.preload(events)
    prepare = (time.perf_counter() - began) * 1000
    out = Path(tempfile.mkdtemp(prefix="calm-bench-render-")) / "practice.wav"
    speed = []
    for _ in range(RENDER_RUNS):
        began = time.perf_counter()
        render_events(events, duration_ms, out, bank)
        speed.append(duration_ms / 1000 / (time.perf_counter() - began))
    report("render to WAV (synthetic 20 min)", speed, "× real", "≥ 100×", digits=0)
    source = bank.speech(next(e.action for e in events if isinstance(e.action, Narration)))
    report(f"preload, cold ({lines} lines, {source.source})", [prepare / 1000], "s", "(info)")
    try:
        from calm.practice.library import load_library
        from calm.practice.timeline import compile_timeline
    except ImportError:
        return
    script = load_library().scripts.get("body-scan")
    if script is None:
        return
    timeline = compile_timeline(script, "20")
    bank.preload(timeline.events)
    real = []
    for _ in range(RENDER_RUNS):
        began = time.perf_counter()
        render_events(timeline.events, timeline.duration_ms, out, bank)
        real.append(timeline.duration_ms / 1000 / (time.perf_counter() - began))
    report("render to WAV (body-scan 20)", real, "× real", "(info)", digits=0)
    out.unlink(missing_ok=True)
    out.parent.rmdir()


def main() -> None:
    with temp_home():
        bench_synthesis()
        bench_render()


if __name__ == "__main__":
    header()
    main()

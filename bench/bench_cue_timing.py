"""Cue timing through the real mixer, and which mixer buffer size to use (docs/performance.md).

Targets: cue onset error p95 <= 15 ms and max <= 25 ms; drift <= 1 ms per minute over at least
3 minutes. A 5-minute practice of bells and breath tones over a quiet bed is played in real
time by the real TerminalPlayer loop (20 ms tick, MonotonicClock) through the pygame engine
with SDL's disk driver, and each cue is found in what the mixer let out
(tests/support/cue_capture.py explains how the output is put on the clock). A cue's error is
(mixed - due) minus the run's median of that, the constant latency, which has its own row,
split at play_event.

Then 45 s runs at 256, 512 and 1024 frames, idle and with both cores kept busy (two CPU-burning
processes): onset spread, latency, and output blocks held up longer than one buffer, each of
which would be a gap on a sound card with two buffers queued (SDL's ALSA setup). The disk driver
itself never underruns, it only writes late, so this is the nearest it can show; the figure is
an upper bound (the reading thread's own wake-ups count in it). About 11 minutes in all;
`--full-only` or `--no-full` runs one part, `--cues` lists every cue of the long run.
"""

from __future__ import annotations

import argparse
import sys

import numpy as np
from _common import header, report, temp_home

from audio.bank import open_bank
from calm.paths import AppPaths
from calm.practice.loader import parse_script
from calm.practice.timeline import compile_timeline
from tests.support.cue_capture import Timing, capture, cpu_load, measure, timing_script

SIZES = (256, 512, 1024)


def run(seconds: int, gaps_s: tuple[float, float], breaths: int, buffer: int, load: int) -> Timing:
    """Play a fresh timing practice once and measure it."""
    with temp_home() as home:
        text = timing_script(seconds, gaps_s, breaths)
        path = home / "cue-timing.toml"
        path.write_text(text)
        timeline = compile_timeline(parse_script(text.encode(), path), "t")
        with cpu_load(load):
            played = capture(path, home, buffer, timeout_s=seconds + 120)
        bank = open_bank(AppPaths.from_environment().ensure())
        return measure(played, timeline, bank)


def _note(text: str) -> None:
    print(f"  ... {text}", file=sys.stderr, flush=True)


def full_rows(timing: Timing) -> None:
    """The docs/performance.md figures from the long run."""
    errors = np.abs(timing.errors_ms())
    found, total = len(timing.found), len(timing.cues)
    slope, error = timing.drift()
    span = timing.span_minutes()
    report(f"cues found ({total} played)", [found], "cues", f"{total}")
    report("cue onset error median", list(errors), "ms", "-")
    report("cue onset error p95", [float(np.percentile(errors, 95))], "ms", "<= 15")
    report("cue onset error max", [float(errors.max())], "ms", "<= 25")
    report(f"cue drift over {span:.1f} min", [slope], "ms/min", "<= 1 (abs)")
    report("cue drift, 95 % interval +-", [1.96 * error], "ms/min", "(fit)")
    report("cue latency due -> mixed (removed)", [c.latency_ms for c in timing.found], "ms", "-")
    report("  due -> play_event (20 ms tick)", timing.call_ms(), "ms", "-")
    report("  play_event -> mixed (buffer)", timing.pickup_ms(), "ms", "-")
    report("disk driver audio s per clock s", [timing.speed], "ratio", "(SDL)", 4)
    floor, loudest, jump = timing.steadiness
    report("bed without cues: quietest 10 ms", [floor], "x median", "> 0.25")
    report("bed without cues: loudest 10 ms", [loudest], "x median", "< 4")
    report("bed without cues: largest step", [jump], "x p99.9", "< 4")


def compare_rows(results: dict[tuple[int, int], Timing]) -> None:
    """Onset spread, latency and hold-ups per buffer size, idle and loaded."""
    for (buffer, load), timing in sorted(results.items()):
        name = f"buf {buffer} {'load' if load else 'idle'}"
        errors = np.abs(timing.errors_ms())
        period = buffer / 44.1
        held = timing.held_up_ms
        report(f"{name}: onset p95", [float(np.percentile(errors, 95))], "ms", "<= 15")
        report(f"{name}: onset max", [float(errors.max())], "ms", "<= 25")
        report(f"{name}: latency", [timing.latency_ms], "ms", "-")
        report(
            f"{name}: held up > {period:.1f} ms",
            [timing.held_up_beyond_buffer()],
            f"of {len(held)}",
            "0",
            0,
        )
        report(f"{name}: longest hold-up", [float(held.max())], "ms", f"< {period:.1f}")


def cue_lines(timing: Timing) -> None:
    """Every cue: due time, sound, error after removing the latency, and the tick's part."""
    for cue in timing.cues:
        if cue.latency_ms is None:
            print(f"# {cue.at_ms / 1000:7.2f} s {cue.label:<7} NOT FOUND ({cue.onset.score:.2f})")
            continue
        error = cue.latency_ms - timing.latency_ms
        call = f"{cue.call_ms:5.1f}" if cue.call_ms is not None else "    -"
        print(
            f"# {cue.at_ms / 1000:7.2f} s {cue.label:<7} error {error:+6.1f} ms "
            f"(out {cue.latency_ms:5.1f} ms after due; play_event {call} ms after due)"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-header", action="store_true")
    parser.add_argument("--full-only", action="store_true", help="skip the buffer comparison")
    parser.add_argument("--no-full", action="store_true", help="only the buffer comparison")
    parser.add_argument("--cues", action="store_true", help="list every cue of the long run")
    parser.add_argument("--seconds", type=int, default=300, help="length of the long run")
    parser.add_argument("--compare-seconds", type=int, default=45)
    parser.add_argument("--load", type=int, default=2, help="CPU burners in the loaded runs")
    args = parser.parse_args()
    header()
    if not args.no_full:
        _note(f"long run: {args.seconds} s at 512 frames")
        full = run(args.seconds, (1.5, 3.5), 3, 512, 0)
        full_rows(full)
        if args.cues:
            cue_lines(full)
    if not args.full_only:
        results = {}
        for load in (0, args.load):
            for buffer in SIZES:
                _note(f"{args.compare_seconds} s at {buffer} frames, {load} CPU burner(s)")
                results[buffer, load] = run(args.compare_seconds, (1.4, 2.6), 1, buffer, load)
        compare_rows(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())

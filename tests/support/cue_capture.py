"""Timing truth: play a practice through the real pygame mixer and find when each cue came out.

Shared by tests/audio/test_cue_timing.py and bench/bench_cue_timing.py. A child process plays a
practice exactly as `calm-harbor play --no-window` does (TerminalPlayer: the session engine on
a MonotonicClock, a tick every 20 ms, the pygame engine), with SDL's `disk` audio driver.

SDL's disk driver paces itself with SDL_Delay(buffer length in whole ms, rounded down), so its
file runs faster than real time (measured: 12 % at 256 frames, 4 % at 512, 0.5 % at 1024): a
position in the file is not a time. So the "file" is a named pipe, read here by a thread that
stamps each block with the monotonic clock as it arrives; that tells, for every frame, when the
mixer let it out, on the same clock the session engine runs on. Each cue's onset is found in
the captured samples (tests.support.onsets) and compared with the clock time the timeline gave it.
"""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script (the child), bench/ is first on the path
    sys.path.insert(0, str(ROOT))

from audio.pcm import SAMPLE_RATE, ms_to_frames  # noqa: E402
from calm.practice.events import Bell, Breath, Event  # noqa: E402
from calm.practice.timeline import Timeline  # noqa: E402
from tests.support.onsets import (  # noqa: E402
    Cue,
    Onset,
    StreamClock,
    drift_ms_per_minute,
    locate,
    residual,
    steadiness,
)

CUE_LAYER = 80  # MixSettings().cue: the level the engine plays cues at
SEARCH_BEFORE_MS = 100
SEARCH_AFTER_MS = 400  # wide enough for any sane latency; the figures show the real one
_STDIO_BLOCK = 4096  # bytes: glibc's buffer for SDL's disk file (a pipe's st_blksize)
BED_SETTLED_MS = 2500  # the bed has faded in (1 s fade from 0)


# -- the practice ---------------------------------------------------------------------------


def timing_script(seconds: int, gaps_s: tuple[float, float], breaths: int, seed: int = 7) -> str:
    """A practice script (TOML), about `seconds` long: bells (chimes, and a bowl whenever 8 s
    have passed since the last) at irregular gaps, over a quiet pink-noise bed, with a block of
    `breaths` paced breaths with tones in the middle. Bowls ring 7.5 s and chimes 2.6 s, so with
    gaps over 1.3 s no more than three cues ever sound at once: the engine's three cue channels
    are never short (a stolen channel would cut a bell short)."""
    rng = np.random.default_rng(seed)
    steps = ['kind = "ambience"\naction = "start"\nsound = "pink"\nvolume = 12\nfade = 1']
    steps.append('kind = "silence"\nseconds = 1.5')
    elapsed, since_bowl, breathe_at = 1.5, 99.0, seconds * 0.45 if breaths else seconds
    while elapsed < seconds - 4:
        if elapsed >= breathe_at:
            # 4 s in, 1 s hold, 5 s out, 1 s rest; tones on in and out (holds are silent).
            steps.append(f'kind = "breathing"\npattern = [4, 1, 5, 1]\ncycles = {breaths}')
            elapsed, since_bowl, breathe_at = elapsed + 11 * breaths, 99.0, seconds
            continue
        gap = round(float(rng.uniform(*gaps_s)), 2)
        bowl = since_bowl >= 8
        sound, volume = ("bowl", 70) if bowl else ("chime", int(rng.integers(60, 101)))
        steps.append(f'kind = "bell"\nsound = "{sound}"\nvolume = {volume}\nseconds = {gap}')
        since_bowl = gap if bowl else since_bowl + gap
        elapsed += gap
    steps.append(f'kind = "silence"\nseconds = {max(3.0, seconds - elapsed):.2f}')
    head = (
        'format = 1\nid = "cue-timing"\ntitle = "Cue timing"\ncategory = "breathing"\n'
        'description = "Bells and breath tones at known times, for measuring."\n\n'
        f'[[variants]]\nid = "t"\nminutes = {max(0.5, seconds / 60):.2f}\n'
    )
    return head + "".join(f"\n[[steps]]\n{step}\n" for step in steps)


# -- playing and capturing ------------------------------------------------------------------


@dataclass
class Capture:
    """What came out of the mixer, when, and when the practice started on the same clock."""

    pcm: np.ndarray  # int16 (frames, 2)
    clock: StreamClock
    origin_ms: int  # clock time of timeline position 0 (engine.start())
    calls_ms: dict[int, float]  # event index -> clock time play_event was called
    mixer: tuple[int, int, int]
    buffer_frames: int
    status: str

    def mixed_ms(self, frame: int) -> float:
        """Clock time the mixer produced the buffer holding `frame`.

        The pipe gets the mixer's buffers in 4 KB groups (SDL writes through stdio). Buffers
        under 4 KB (256, 512 frames) wait in stdio until the next buffer's write overflows it,
        so a frame arrives as the buffer after its own is mixed: the steady flow of arrivals
        passes `frame` when its buffer is mixed. A 4 KB buffer (1024 frames) leaves as soon as
        its group is full, one buffer sooner, so that flow passes `frame` a buffer early. The
        timing test checks the result: no cue comes out before play_event asked for it.
        """
        early = self.buffer_frames if self.buffer_frames * 4 >= _STDIO_BLOCK else 0
        return self.clock.time_of(frame + early)


def _read_pipe(fifo: Path, arrivals: list, chunks: list) -> None:
    fd = os.open(fifo, os.O_RDONLY)  # returns once SDL opens its "file" for writing
    try:
        while block := os.read(fd, 1 << 16):
            arrivals.append((time.monotonic_ns() / 1e6, len(block)))
            chunks.append(block)
    finally:
        os.close(fd)


def capture(script: Path, home: Path, buffer_frames: int = 512, timeout_s: float = 600) -> Capture:
    """Play `script` (variant "t") in a child process through the disk driver; capture it."""
    with tempfile.TemporaryDirectory(prefix="calm-cue-") as folder:
        fifo, result = Path(folder) / "mixer.raw", Path(folder) / "result.json"
        os.mkfifo(fifo)
        arrivals: list[tuple[float, int]] = []
        chunks: list[bytes] = []
        reader = threading.Thread(target=_read_pipe, args=(fifo, arrivals, chunks), daemon=True)
        reader.start()
        env = {
            **os.environ,
            "CALM_HOME": str(home),
            "SDL_AUDIODRIVER": "disk",
            "SDL_DISKAUDIOFILE": str(fifo),
        }
        child = [sys.executable, str(Path(__file__)), "--child", str(script), str(buffer_frames)]
        done = subprocess.run(
            [*child, str(result)], env=env, capture_output=True, text=True, timeout=timeout_s
        )
        if reader.is_alive() and not arrivals:  # the child never opened the pipe: unblock it
            with contextlib.suppress(OSError):
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(10)
        if done.returncode != 0 or not result.exists():
            raise RuntimeError(f"the player failed ({done.returncode}):\n{done.stderr[-3000:]}")
        info = json.loads(result.read_text())
    data = b"".join(chunks)
    pcm = np.frombuffer(data[: len(data) // 4 * 4], dtype="<i2").reshape(-1, 2)
    return Capture(
        pcm=pcm,
        clock=StreamClock.from_arrivals(arrivals),
        origin_ms=info["origin_ms"],
        calls_ms={int(k): v for k, v in info["calls_ms"].items()},
        mixer=tuple(info["mixer"]),
        buffer_frames=buffer_frames,
        status=info["status"],
    )


class _Stamped:
    """The real engine, noting the clock time of each play_event (to split the latency)."""

    def __init__(self, engine, events: tuple[Event, ...]):
        self._engine = engine
        self._events = events
        self._next = 0
        self.calls_ms: dict[int, float] = {}

    def play_event(self, action) -> None:
        now = time.monotonic_ns() / 1e6
        for index in range(self._next, len(self._events)):
            if self._events[index].action == action:
                self.calls_ms[index], self._next = now, index + 1
                break
        self._engine.play_event(action)

    def __getattr__(self, name: str):
        return getattr(self._engine, name)


def _child(script: str, buffer_frames: str, result: str) -> int:
    """Play the practice as `calm-harbor play --no-window` does, and note the start time."""
    import io

    import pygame.mixer

    from audio.bank import open_bank
    from audio.device import open_engine
    from calm.clock import MonotonicClock
    from calm.paths import AppPaths
    from calm.practice.loader import load_script
    from calm.practice.timeline import compile_timeline
    from calm.store import open_store
    from calm.store.recorder import RunRecorder
    from cli.terminal_player import Ratings, TerminalPlayer

    paths = AppPaths.from_environment().ensure()
    timeline = compile_timeline(load_script(script), "t")
    clock = MonotonicClock()
    sound = _Stamped(
        open_engine(open_bank(paths), clock, buffer_frames=int(buffer_frames), probe=False),
        timeline.events,
    )
    store = open_store(paths)
    started: list[int] = []
    mixer: list = []

    def wait(timeout: float) -> None:
        if not started:  # the first wait comes right after engine.start()
            started.append(clock.now_ms() - player.engine.position_ms())
            mixer.extend(pygame.mixer.get_init() or ())
        time.sleep(timeout)

    try:
        recorder = RunRecorder(store, store.default_client().id)
        player = TerminalPlayer(
            load_script(script), timeline, sound, clock, recorder, io.StringIO(), wait
        )
        player.begin(Ratings())
        status = player.play()
    finally:
        store.close()
    info = {"origin_ms": started[0], "calls_ms": sound.calls_ms, "mixer": mixer}
    Path(result).write_text(json.dumps({**info, "status": status}))
    return 0


# -- measuring ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CueTiming:
    """One cue: when the timeline wanted it, where it was found, and when it came out."""

    at_ms: int
    label: str
    onset: Onset
    latency_ms: float | None  # clock time it came out minus the clock time it was due
    call_ms: float | None  # clock time play_event was called minus the time it was due


@dataclass(frozen=True)
class Timing:
    """A run's cues and what the output looked like around them."""

    cues: tuple[CueTiming, ...]
    buffer_frames: int
    speed: float  # the disk driver's audio seconds per clock second
    held_up_ms: np.ndarray  # how late each output block came, beyond the steady pace
    steadiness: tuple[float, float, float]  # of the bed once the cues are taken out

    @property
    def found(self) -> list[CueTiming]:
        """The cues that were found in the output."""
        return [c for c in self.cues if c.latency_ms is not None]

    @property
    def latency_ms(self) -> float:
        """The constant part of (came out - due): its median over the cues."""
        return statistics.median(c.latency_ms for c in self.found)

    def errors_ms(self) -> list[float]:
        """Each found cue's onset error once the constant latency is removed."""
        return [c.latency_ms - self.latency_ms for c in self.found]

    def drift(self) -> tuple[float, float]:
        """Slope of onset error against time (ms per minute) and its standard error."""
        return drift_ms_per_minute([c.at_ms for c in self.found], self.errors_ms())

    def call_ms(self) -> list[float]:
        """How long after its due time the player asked for each cue (its 20 ms tick)."""
        return [c.call_ms for c in self.found if c.call_ms is not None]

    def pickup_ms(self) -> list[float]:
        """From play_event to the mixer producing the cue's first buffer, for each cue."""
        return [c.latency_ms - c.call_ms for c in self.found if c.call_ms is not None]

    def span_minutes(self) -> float:
        """Time from the first cue found to the last."""
        return (self.found[-1].at_ms - self.found[0].at_ms) / 60_000

    def held_up_beyond_buffer(self) -> int:
        """Output blocks held up longer than one mixer buffer: on a sound card with two
        buffers queued, each of these would have been a gap (a crackle)."""
        return int(np.sum(self.held_up_ms > self.buffer_frames / SAMPLE_RATE * 1000))


def cues_of(timeline: Timeline, bank, frame_of: Callable[[int], int]) -> list[tuple[int, Cue]]:
    """(event index, Cue) for every bell and breath tone, expected at frame_of(at_ms)."""
    found = []
    for index, event in enumerate(timeline.events):
        action = event.action
        if isinstance(action, Bell):
            pcm, volume, label = bank.bell(action.sound), action.volume, action.sound
            match = ms_to_frames(300)  # a bell's strike and first partials
        elif isinstance(action, Breath) and action.tone:
            pcm = bank.breath_tone(action.phase, action.duration_ms)
            volume, label = 100, action.phase.value
            match = ms_to_frames(1500)  # a breath tone rises slowly: match more of it
        else:
            continue
        if pcm is not None:
            # As the engine plays it: cue layer x the cue's volume, in SDL's 128 steps.
            gain = round(CUE_LAYER / 100 * min(max(volume, 0), 100) / 100 * 128) / 128
            cue = Cue(frame_of(event.at_ms), pcm, gain, min(match, len(pcm)), label)
            found.append((index, cue))
    return found


def measure(run: Capture, timeline: Timeline, bank) -> Timing:
    """Find every bell and breath tone of the timeline in the capture; time each one."""
    wanted = cues_of(timeline, bank, lambda at_ms: run.clock.frame_at(run.origin_ms + at_ms))
    cues = [cue for _, cue in wanted]
    before, after = ms_to_frames(SEARCH_BEFORE_MS), ms_to_frames(SEARCH_AFTER_MS)
    onsets = locate(run.pcm, cues, before, after)
    timings = []
    for (index, cue), onset in zip(wanted, onsets, strict=True):
        at_ms = timeline.events[index].at_ms
        due = run.origin_ms + at_ms
        latency = run.mixed_ms(onset.frame) - due if onset.frame is not None else None
        call = run.calls_ms.get(index)
        call_ms = None if call is None else call - due
        timings.append(CueTiming(at_ms, cue.label, onset, latency, call_ms))
    # The bed alone, from its fade-in's end to the end of the practice.
    end = run.origin_ms + timeline.duration_ms
    start, stop = run.clock.frame_at(run.origin_ms + BED_SETTLED_MS), run.clock.frame_at(end)
    return Timing(
        cues=tuple(timings),
        buffer_frames=run.buffer_frames,
        speed=run.clock.speed,
        held_up_ms=run.clock.late_blocks_ms(run.origin_ms, end),
        steadiness=steadiness(residual(run.pcm, cues, onsets, start, stop)),
    )


# -- load -----------------------------------------------------------------------------------


@contextlib.contextmanager
def cpu_load(processes: int) -> Iterator[list[int]]:
    """Keep `processes` CPU-bound busy loops running; each is ended (by its own pid) after."""
    burners = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(processes)
    ]
    try:
        yield [p.pid for p in burners]
    finally:
        for burner in burners:
            burner.terminate()
        for burner in burners:
            burner.wait(10)


if __name__ == "__main__" and len(sys.argv) == 5 and sys.argv[1] == "--child":
    sys.exit(_child(*sys.argv[2:]))

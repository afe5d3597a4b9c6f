"""`calm-harbor play` and `render` in the terminal: ratings saved, captions shown, Ctrl-C stops."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
import wave
from pathlib import Path

import pytest

from audio.engine import SilentEngine
from calm.clock import FakeClock
from calm.practice.library import load_library
from calm.practice.timeline import compile_timeline
from calm.store import open_store
from calm.store.recorder import RunRecorder
from cli.terminal_player import Ratings, TerminalPlayer, ask_rating, stop_signals
from tests.support.cli import run_app

ROOT = Path(__file__).resolve().parents[2]
TINY = """\
id = "tiny"
title = "Tiny Practice"
category = "breathing"
description = "Four seconds of breathing for tests."
[breathing]
pattern = [2, 0, 2, 0]
[[variants]]
id = "1"
minutes = 1
[[steps]]
kind = "narration"
text = "Breathe gently."
seconds = 1
pause = 0
[[steps]]
kind = "breathing"
cycles = %d
[[steps]]
kind = "bell"
sound = "chime"
seconds = 1
"""


def install_tiny(calm_home: Path, cycles: int = 1) -> None:
    folder = calm_home / "data" / "practices"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tiny.toml").write_text(TINY % cycles)


def runs_of(calm_home: Path):
    from calm.paths import AppPaths

    store = open_store(AppPaths.from_environment({"CALM_HOME": str(calm_home)}))
    try:
        return store.runs_for_client(store.default_client().id)
    finally:
        store.close()


def test_ask_rating_accepts_skip_and_retries():
    """A typo is asked again; Enter skips; the end of input skips too (never a made-up value)."""
    answers = iter(["eleven\n", "12\n", "7\n"])
    out = io.StringIO()
    assert ask_rating("pain", lambda: next(answers), out) == 7
    assert "whole number from 0 to 10" in out.getvalue()
    assert ask_rating("stress", lambda: "\n", out) is None
    assert ask_rating("stress", lambda: "", out) is None


def test_terminal_player_logs_everything(paths):
    """Playing to the end logs a completed run with both ratings, captions and breaths shown."""
    install_tiny(paths.data.parent, cycles=2)
    script = load_library(paths.user_sessions).get("tiny")
    timeline = compile_timeline(script)
    clock = FakeClock()
    store = open_store(paths)
    out = io.StringIO()
    keys = lambda timeout: clock.advance(int(timeout * 1000)) and None  # noqa: E731
    recorder = RunRecorder(store, store.default_client().id)
    player = TerminalPlayer(script, timeline, SilentEngine(), clock, recorder, out, keys)
    player.begin(Ratings(6, 7))
    assert player.play() == "completed"
    player.rate_after(Ratings(4, None))
    text = out.getvalue()
    assert "Breathe gently." in text and "Breathe in … 2 s" in text
    assert "Stop if you feel dizzy" in text
    assert player.summary(Ratings(6, 7), Ratings(4, None)) == "Pain 6 → 4 · Stress 7 → –"
    (run,) = store.runs_for_client(store.default_client().id)
    assert run.status == "completed" and run.rating("pain", "after").value == 4
    assert run.rating("stress", "after").value is None
    store.close()


def test_terminal_player_skipping_through_is_logged_as_skipped(paths):
    """Pressing n to the end in the terminal logs "skipped" with the seconds really practised,
    and says so kindly, as the window does."""
    script = load_library(paths.user_sessions).get("box-breathing")
    timeline = compile_timeline(script, "2")
    clock = FakeClock()
    store = open_store(paths)
    out = io.StringIO()

    def keys(timeout):
        clock.advance(1_000)
        return "n"

    recorder = RunRecorder(store, store.default_client().id)
    player = TerminalPlayer(script, timeline, SilentEngine(), clock, recorder, out, keys)
    player.begin(Ratings(None, None))
    assert player.play() == "skipped"
    (run,) = store.runs_for_client(store.default_client().id)
    assert run.status == "skipped" and run.practised_ms < 30_000
    assert "You skipped through Box Breathing" in out.getvalue()
    store.close()


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_a_stop_signal_stops_at_the_loops_next_turn_never_midway(paths, stop_signal):
    """Ctrl-C or SIGTERM only asks to stop: the player finishes what it is doing (a write, a
    call into the mixer) and stops at its next turn, logging the run as stopped; the earlier
    handlers are back afterwards (a KeyboardInterrupt raised anywhere once left a lock held
    and the player hung)."""
    install_tiny(paths.data.parent, cycles=30)
    script = load_library(paths.user_sessions).get("tiny")
    clock, store, out = FakeClock(), open_store(paths), io.StringIO()
    turns = []

    def keys(timeout):
        clock.advance(int(timeout * 1000))
        turns.append(clock.now_ms())
        if len(turns) == 200:
            os.kill(os.getpid(), stop_signal)  # the handler runs before kill returns
            assert player.stop_asked
        return None

    recorder = RunRecorder(store, store.default_client().id)
    earlier = signal.getsignal(stop_signal)
    player = TerminalPlayer(script, compile_timeline(script), SilentEngine(), clock, recorder,
                            out, keys)  # fmt: skip
    with stop_signals(player.ask_to_stop):
        player.begin(Ratings(3, None))
        assert player.play() == "stopped"
    assert len(turns) == 200 and signal.getsignal(stop_signal) == earlier
    assert "Stopped. What you practised is kept." in out.getvalue()
    (run,) = store.runs_for_client(store.default_client().id)
    assert run.status == "stopped" and 0 < run.progress < 1
    store.close()


@pytest.mark.slow
def test_play_command_end_to_end(calm_home):
    """`play --no-window` with ratings given plays to the end and saves the run."""
    install_tiny(calm_home)
    result = run_app(
        calm_home,
        "play",
        "tiny",
        "--no-window",
        "--pain-before",
        "5",
        "--stress-before",
        "6",
        "--pain-after",
        "3",
        "--stress-after",
        "4",
    )
    assert result.returncode == 0, result.stderr
    assert "Pain 5 → 3 · Stress 6 → 4" in result.stdout
    (run,) = runs_of(calm_home)
    assert run.status == "completed" and run.rating("pain", "before").value == 5


@pytest.mark.slow
def test_play_asks_for_ratings_on_stdin(calm_home):
    """Without rating flags the ratings are asked; Enter skips one."""
    install_tiny(calm_home)
    result = run_app(calm_home, "play", "tiny", "--no-window", stdin="6\n\n2\n\n")
    assert result.returncode == 0, result.stderr
    assert "Pain 6 → 2 · Stress – → –" in result.stdout


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
@pytest.mark.slow
def test_ctrl_c_stops_cleanly_and_keeps_the_run(calm_home, stop_signal):
    """Ctrl-C (or SIGTERM) mid-practice stops it, logs it as stopped, keeps the ratings."""
    install_tiny(calm_home, cycles=30)
    env = dict(os.environ, CALM_HOME=str(calm_home), SDL_AUDIODRIVER="dummy")
    env.pop("DISPLAY", None)
    process = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "app.py"),
            "play",
            "tiny",
            "--no-window",
            "--pain-before",
            "8",
            "--stress-before",
            "2",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and "Breathe in" not in (process.stdout.readline() or ""):
        pass
    process.send_signal(stop_signal)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "Stopped" in out and "Traceback" not in err
    (run,) = runs_of(calm_home)
    assert run.status == "stopped" and run.rating("pain", "before").value == 8
    assert 0 < run.progress < 1


def test_render_command_writes_a_wav_of_the_timeline(calm_home, tmp_path):
    """`render` writes one file as long as the practice, with a progress bar."""
    install_tiny(calm_home)
    out = tmp_path / "tiny.wav"
    result = run_app(calm_home, "render", "tiny", str(out))
    assert result.returncode == 0, result.stderr
    assert "100%" in result.stdout and "Wrote" in result.stdout
    with wave.open(str(out)) as wav:
        seconds = wav.getnframes() / wav.getframerate()
    assert abs(seconds - (1 + 4 + 1)) < 0.05


def test_unknown_practice_is_a_sentence(calm_home):
    """Asking for a practice that does not exist says so plainly."""
    result = run_app(calm_home, "play", "nonesuch", "--no-window")
    assert result.returncode == 1 and "no practice called 'nonesuch'" in result.stderr
    assert "Traceback" not in result.stderr

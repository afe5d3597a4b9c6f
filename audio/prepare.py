"""Making sounds in a short-lived helper process: `python -m audio.prepare`.

Synthesis, speech preparation and loudness need numpy and pydub, and their arrays peak at
tens of megabytes; the window and the terminal player need neither once every sound is in the
cache (pygame reads the cached samples). So when a practice needs a sound that is not cached
yet, the player hands its events to this helper, which builds the same bank (`open_bank` with
the same folders and voice settings), makes and caches every sound the events need, and exits,
giving its memory back. The request comes as a pickle on stdin; the helper answers with lines
on stdout: "progress <0-1>" while it works, then "done <json>" with the narration warnings and
which voice source failed which line (the player must not wait for those files).
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from audio.recipe import Recipe
from calm.practice.events import Event

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]  # the folder holding the audio package


@dataclass
class Made:
    """The helper's answer: narration warnings, and each (source, line) that failed, why."""

    warnings: list[str] = field(default_factory=list)
    problems: dict[tuple[str, tuple], str] = field(default_factory=dict)


def make_in_helper(
    recipe: Recipe, events: Iterable[Event], progress: Callable[[float], None] | None = None
) -> Made:
    """Run the helper on `events`; raises OSError or RuntimeError if it could not do its work."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    helper = subprocess.Popen(
        [sys.executable, "-m", "audio.prepare"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
        text=False,
    )
    assert helper.stdin is not None and helper.stdout is not None
    helper.stdin.write(pickle.dumps((recipe, list(events))))
    helper.stdin.close()
    answer = None
    for raw in helper.stdout:
        line = raw.decode(errors="replace").strip()
        if line.startswith("progress ") and progress is not None:
            progress(float(line.split()[1]))
        elif line.startswith("done "):
            answer = json.loads(line[5:])
    code = helper.wait()
    if code != 0 or answer is None:
        raise RuntimeError(f"the sound helper ended with code {code}")
    problems = {(name, tuple(memo)): text for name, memo, text in answer["problems"]}
    return Made(answer["warnings"], problems)


def main() -> int:
    from audio.bank import open_bank

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    recipe, events = pickle.loads(sys.stdin.buffer.read())
    bank = open_bank(recipe.paths, recipe.espeak, recipe.search_path)

    said = [-1]

    def progress(done: float) -> None:
        if int(done * 100) != said[0]:  # a line per percent, not per sound
            said[0] = int(done * 100)
            print(f"progress {done:.2f}", flush=True)

    warnings = bank.preload(events, progress)
    problems = [[name, list(memo), text] for (name, memo), text in bank.narrator.problems.items()]
    print("done " + json.dumps({"warnings": warnings, "problems": problems}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Timeline compile: the 45-minute body scan, script to events (target ≤ 5 ms)."""

from __future__ import annotations

import time

from _common import header, report, temp_home

from calm.practice.library import load_library
from calm.practice.loader import load_script
from calm.practice.timeline import compile_timeline

RUNS = 200


def main() -> None:
    with temp_home():
        library = load_library()
        script = library.scripts.get("body-scan")
        variant = "45"
        if script is None:  # before the built-in body scan exists, the longest practice stands in
            script = max(library.scripts.values(), key=lambda s: s.variants[-1].minutes)
            variant = script.variants[-1].id
        samples = []
        for _ in range(RUNS):
            began = time.perf_counter()
            compile_timeline(script, variant)
            samples.append((time.perf_counter() - began) * 1000)
        name = f"timeline compile ({script.id} {variant})"
        report(name, samples, "ms", "≤ 5 ms", digits=3)
        load = []
        for _ in range(20):
            began = time.perf_counter()
            load_script(script.path)
            load.append((time.perf_counter() - began) * 1000)
        report("script load + check", load, "ms", "(info)", digits=3)


if __name__ == "__main__":
    header()
    main()

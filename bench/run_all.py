"""Runs every benchmark in bench/ one after another (`make bench`), each in its own process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from _common import header

HERE = Path(__file__).resolve().parent


def main() -> int:
    header()
    failed = []
    for path in sorted(HERE.glob("bench_*.py")):
        print(f"# {path.stem}", flush=True)
        result = subprocess.run([sys.executable, str(path), "--no-header"], cwd=HERE)
        if result.returncode:
            failed.append(path.name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

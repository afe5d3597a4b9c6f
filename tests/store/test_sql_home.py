"""Every SQL statement lives in calm/store: nothing else runs SQL or spells a query.

Read statically (ast) over the shipped code, the benchmarks and the scripts: a call of
`.execute(`, `.executemany(` or `.executescript(`, or a string that reads like SQL, anywhere
outside calm/store fails, naming the file and line.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STORE = ROOT / "calm" / "store"
PLACES = ("calm", "cli", "audio", "ui", "bench", "scripts")
RUNS_SQL = {"execute", "executemany", "executescript"}
READS_LIKE_SQL = re.compile(
    r"\bSELECT\b.+\bFROM\b|\bINSERT\s+(OR\s+\w+\s+)?INTO\b|\bDELETE\s+FROM\b|"
    r"\bUPDATE\s+\w+\s+SET\b|\bCREATE\s+(TABLE|INDEX|VIEW|TRIGGER)\b|\bPRAGMA\s+\w+",
    re.DOTALL,
)


def shipped_files() -> list[Path]:
    files = [ROOT / "app.py"]
    for place in PLACES:
        files += sorted((ROOT / place).rglob("*.py"))
    return [f for f in files if STORE not in f.parents]


def sql_outside_the_store(files: list[Path], root: Path = ROOT) -> list[str]:
    """'file:line: what' for each SQL call or SQL-like string in `files`."""
    found = []
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        where = path.relative_to(root)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in RUNS_SQL
            ):
                found.append(f"{where}:{node.lineno}: .{node.func.attr}(")
            elif (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and READS_LIKE_SQL.search(node.value)
            ):
                found.append(f"{where}:{node.lineno}: {node.value[:60]!r}")
    return found


def test_no_sql_outside_calm_store():
    """SQL spread over the code is how a schema change silently breaks an export or import."""
    assert sql_outside_the_store(shipped_files()) == []


def test_the_check_finds_sql_where_it_should_not_be(tmp_path):
    """The check above must fail on a query written elsewhere, run or only spelled."""
    stray = tmp_path / "stray.py"
    stray.write_text(
        'Q = "SELECT count(*) FROM runs"\n'
        "def f(conn):\n"
        '    conn.executemany("INSERT INTO ratings VALUES (?)", [])\n',
        encoding="utf-8",
    )
    fine = tmp_path / "fine.py"
    fine.write_text('TEXT = "Select a practice from the list."\n', encoding="utf-8")
    found = [line.split(": ", 1)[1] for line in sql_outside_the_store([stray, fine], tmp_path)]
    assert sorted(found) == [
        "'INSERT INTO ratings VALUES (?)'",
        "'SELECT count(*) FROM runs'",
        ".executemany(",
    ]

"""The practice-script loader: good files load, bad ones report every problem with its line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from calm.errors import ScriptError
from calm.practice.library import load_library
from calm.practice.loader import load_script
from calm.practice.script import BreathingStep, NarrationStep
from calm.practice.timeline import compile_timeline

ROOT = Path(__file__).resolve().parents[2]

GOOD = """\
format = 1
id = "tiny"
title = "Tiny"
category = "breathing"
description = "A test practice."
safety = ["slow-breathing"]

[breathing]
pattern = [4, 0, 6, 0]

[[variants]]
id = "1"
minutes = 1

[[variants]]
id = "2"
minutes = 2

[[steps]]
kind = "narration"
text = "Hello there."
audio = "voice/hello.ogg"

[[steps]]
kind = "breathing"
seconds = { 1 = 40, 2 = 100 }

[[steps]]
kind = "silence"
seconds = 5
only = ["2"]
"""


def write(tmp_path: Path, text: str, name: str = "p.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_good_script_loads(tmp_path):
    """A valid practice file opens with its steps, lengths and pattern."""
    script = load_script(write(tmp_path, GOOD))
    assert script.id == "tiny" and [v.id for v in script.variants] == ["1", "2"]
    assert isinstance(script.steps[0], NarrationStep)
    assert script.steps[0].audio == str((tmp_path / "voice/hello.ogg").resolve())
    assert isinstance(script.steps[1], BreathingStep)
    assert script.pattern.as_tuple() == (4000, 0, 6000, 0)
    assert len(script.source_hash) == 16


def test_every_problem_reported_with_line_and_field(tmp_path):
    """A file with several mistakes lists them all, each with its line and field."""
    bad = GOOD.replace('category = "breathing"', 'category = "yoga"')
    bad = bad.replace("seconds = 5\n", "seconds = -5\ncolour = 3\n")
    bad = bad.replace("pattern = [4, 0, 6, 0]", "pattern = [4, 0, 0.5, 0]")
    with pytest.raises(ScriptError) as caught:
        load_script(write(tmp_path, bad))
    lines = str(caught.value).splitlines()
    path = str(tmp_path / "p.toml")
    assert f"{path}:4: category: must be one of breathing, body-scan, stress, pain" in lines
    assert any(line.startswith(f"{path}:9: breathing.pattern: inhale and exhale") for line in lines)
    assert any(":30: steps[3].seconds: must be between" in line for line in lines)
    assert any(":31: steps[3].colour: unknown key" in line for line in lines)
    assert len(lines) == 4


def test_syntax_error_names_line(tmp_path):
    """A broken TOML file says where it broke."""
    with pytest.raises(ScriptError) as caught:
        load_script(write(tmp_path, GOOD.replace('title = "Tiny"', "title = Tiny")))
    assert str(caught.value).startswith(f"{tmp_path / 'p.toml'}:3: syntax:")


@pytest.mark.parametrize(
    "raw, expected",
    [
        (b"\xff\xfe\x00garbage", "is not UTF-8 text"),
        (b"", "title: is missing"),
        (b"x = [" * 5000, "syntax"),
    ],
)
def test_unusable_files_give_one_clear_line(tmp_path, raw, expected):
    """Garbage, empty and absurdly nested files give a sentence, not a traceback."""
    path = tmp_path / "p.toml"
    path.write_bytes(raw)
    with pytest.raises(ScriptError) as caught:
        load_script(path)
    assert expected in str(caught.value)


def test_per_variant_table_must_cover_every_variant(tmp_path):
    """A per-length value that forgets a length is caught before anyone presses play."""
    bad = GOOD.replace("seconds = { 1 = 40, 2 = 100 }", "seconds = { 1 = 40, 3 = 100 }")
    with pytest.raises(ScriptError) as caught:
        load_script(write(tmp_path, bad))
    text = str(caught.value)
    assert "has no value for variant '2'" in text and "no variant '3'" in text


def test_bpm_and_ratio_pattern(tmp_path):
    """Breaths per minute with a ratio gives exact phase lengths."""
    text = GOOD.replace("pattern = [4, 0, 6, 0]", 'bpm = 5\nratio = "1:2"')
    script = load_script(write(tmp_path, text))
    assert script.pattern.as_tuple() == (4000, 0, 8000, 0)


def test_library_survives_a_bad_file(tmp_path):
    """One broken practice file never hides the others; it is listed with its reason."""
    write(tmp_path, GOOD, "good.toml")
    write(tmp_path, "id = 3", "bad.toml")
    library = load_library(tmp_path)
    assert "tiny" in library.scripts
    assert [Path(u.path).name for u in library.unavailable] == ["bad.toml"]
    assert "id: must be text in quotes" in library.unavailable[0].reason


def test_validate_command_exit_codes(tmp_path):
    """`validate` exits 0 for good files, 1 with the error lines for bad ones, 2 for misuse."""
    good, bad = write(tmp_path, GOOD, "good.toml"), write(tmp_path, "id = 3", "bad.toml")
    (tmp_path / "voice").mkdir()
    (tmp_path / "voice" / "hello.ogg").write_bytes(b"OggS")  # validate checks it is there
    run = lambda *args: subprocess.run(  # noqa: E731
        [sys.executable, str(ROOT / "app.py"), *args], capture_output=True, text=True
    )
    ok = run("validate", str(good))
    assert ok.returncode == 0 and "ok (tiny: 1 min = " in ok.stdout
    failed = run("validate", str(good), str(bad))
    assert failed.returncode == 1 and f"{bad}:1: id: must be text in quotes" in failed.stdout
    assert "Traceback" not in failed.stderr
    assert run("validate").returncode == 2


def test_documented_example_is_valid():
    """The complete example in docs/script-format.md really loads."""
    doc = (ROOT / "docs" / "script-format.md").read_text()
    example = doc.split("## A complete example")[1].split("```toml")[1].split("```")[0]
    script = load_script_text(example)
    assert script.id == "short-calm"
    # Its words follow the pattern: said with 5-0-5-0 they give that pattern's counts.
    timeline = compile_timeline(script, "2", script.alternatives[0])
    texts = [e.action.text for e in timeline.events if e.kind == "narration"]
    assert "Breathe in for five, and out for five." in texts


def load_script_text(text: str):
    from calm.practice.loader import parse_script

    return parse_script(text.encode(), ROOT / "docs" / "example.toml")

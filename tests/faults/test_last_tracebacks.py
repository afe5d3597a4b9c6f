"""The last commands that ended in a traceback now end in a sentence a person can act on."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

from tests.faults.files import script
from tests.support.cli import NOBODY, ROOT, as_ordinary_user, run_app


@pytest.fixture
def tiny(calm_home):
    """A practice of a few seconds in the user's folder (renders in a moment)."""
    script(calm_home / "data" / "practices", "tiny.toml", id="tiny", title="Tiny")


def test_render_into_proc_says_so(calm, tiny):
    """/proc takes no files: the person is told to choose another folder."""
    done = calm("render", "tiny", "/proc/tiny.wav")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr == (
        "calm-harbor: Calm Harbor cannot write tiny.wav in /proc (No such file or directory). "
        "Choose a folder you may write to, then try again.\n"
    )


def test_render_into_a_read_only_folder_says_so():
    """A folder the person may not write to is named, with what to do."""
    options = as_ordinary_user()
    if options is None:
        pytest.skip("no Python interpreter and packages that an unprivileged user may run")
    home = Path(tempfile.mkdtemp(prefix="calm-ro-render-"))
    try:
        script(home / "calm" / "data" / "practices", "tiny.toml", id="tiny", title="Tiny")
        locked = home / "locked"
        locked.mkdir()
        if os.geteuid() == 0:
            for path in [home, *home.rglob("*")]:
                os.chown(path, NOBODY, NOBODY)
        os.chmod(home, 0o755)
        locked.chmod(0o555)
        done = run_app(home / "calm", "render", "tiny", str(locked / "tiny.wav"), **options)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    assert done.returncode == 1, done.stderr
    assert done.stderr == (
        f"calm-harbor: Calm Harbor cannot write tiny.wav in {locked} (Permission denied). "
        "Choose a folder you may write to, then try again.\n"
    )


FULL_DISK_CHILD = """
import errno, sys
import audio.render
import app
blocks = []
def write(self, pcm):  # the injected fault: the disk is full
    blocks.append(len(pcm))
    if len(blocks) > 0:
        raise OSError(errno.ENOSPC, "No space left on device")
    self.wav.writeframes(pcm.astype("<i2").tobytes())
audio.render._Writer.write = write
sys.exit(app.main(sys.argv[1:]))
"""


def test_render_onto_a_full_disk_says_so_and_leaves_nothing(calm_home, tiny, tmp_path):
    """A full disk mid-render leaves no half file and no traceback, only what to do."""
    import subprocess

    out = tmp_path / "out"
    out.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", FULL_DISK_CHILD, "render", "tiny", str(out / "tiny.wav")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "CALM_HOME": str(calm_home), "SDL_AUDIODRIVER": "dummy"},
    )
    assert done.returncode == 1
    assert done.stderr == (
        f"calm-harbor: The disk holding {out} is full, so tiny.wav was not written. Free some "
        "space or choose another place, then try again.\n"
    )
    assert list(out.iterdir()) == []


def test_export_to_an_empty_name_or_a_folder_says_so(calm, paths, tmp_path):
    """`export -o ""` used to end in a ValueError traceback."""
    done = calm("export", "--all", "-o", "")
    assert done.returncode == 1
    assert done.stderr == (
        "calm-harbor: Please name the file to export to, such as log.csv (or '-' to print it "
        "here).\n"
    )
    folder = calm("export", "--all", "-o", str(tmp_path))
    assert folder.stderr == (
        f"calm-harbor: {tmp_path} is a folder; please name a file in it, such as "
        f"{tmp_path / 'log.csv'}.\n"
    )


def test_a_practice_linked_to_dev_zero_is_a_sentence_for_every_command(calm, calm_home):
    """`show`, `play` and `render` of a practice whose file is a link to /dev/zero end
    quickly with a sentence (the file is listed as unavailable), never a MemoryError."""
    folder = calm_home / "data" / "practices"
    folder.mkdir(parents=True)
    (folder / "zero.toml").symlink_to("/dev/zero")
    for command in (["show", "zero"], ["render", "zero", "z.wav"], ["play", "zero", "--no-window"]):
        done = calm(*command, timeout=60)
        assert done.returncode == 1
        assert done.stderr == (
            "calm-harbor: 1 practice file is unavailable; `calm-harbor list` shows why.\n"
            "calm-harbor: There is no practice called 'zero'.\n"
        )

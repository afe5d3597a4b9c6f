"""The practices folder may hold anything: pipes, device links, huge files, links elsewhere."""

from __future__ import annotations

import os
import time

from tests.faults.files import script

ONE_LINE = "calm-harbor: 3 practice files are unavailable; `calm-harbor list` shows why.\n"


def test_a_named_pipe_in_the_folder_hangs_nothing(calm, calm_home):
    """A FIFO named like a practice used to hang every command; now it is listed as unusable."""
    folder = calm_home / "data" / "practices"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "pipe.toml")
    done = calm("list", timeout=60)
    assert done.returncode == 0, done.stderr
    assert f"unavailable: {folder / 'pipe.toml'}: {folder / 'pipe.toml'}: file: is not an " \
        "ordinary file (it is a named pipe)\n" in done.stdout  # fmt: skip
    checked = calm("validate", str(folder / "pipe.toml"), timeout=60)
    assert checked.returncode == 1
    assert checked.stdout == f"{folder / 'pipe.toml'}: file: is not an ordinary file (it is a " \
        "named pipe)\n"  # fmt: skip


def test_a_link_to_dev_zero_and_a_huge_file_are_refused_before_reading(calm, calm_home):
    """A link to /dev/zero used to eat all memory, and a 2 GB file was read whole first."""
    folder = calm_home / "data" / "practices"
    folder.mkdir(parents=True)
    (folder / "zero.toml").symlink_to("/dev/zero")
    with open(folder / "huge.toml", "wb") as huge:
        huge.truncate(2 * 1024**3)  # sparse: 2 GB long, nothing on the disk
    script(folder, "broken.toml", id="Not An Id")
    started = time.monotonic()
    done = calm("show", "slow-breathing", timeout=60)
    assert time.monotonic() - started < 30
    assert done.returncode == 0 and "Slow Breathing" in done.stdout
    assert done.stderr == ONE_LINE  # one line, not each file's problems again
    listed = calm("list")
    assert f"unavailable: {folder / 'zero.toml'}: {folder / 'zero.toml'}: file: is not an " \
        "ordinary file (it is a device)\n" in listed.stdout  # fmt: skip
    assert f"unavailable: {folder / 'huge.toml'}: {folder / 'huge.toml'}: file: is larger than " \
        "512 KB; is it a script?\n" in listed.stdout  # fmt: skip
    assert f"{folder / 'broken.toml'}:1: id: use lower-case letters" in listed.stdout
    assert listed.stderr == ""
    checked = calm("validate", str(folder / "zero.toml"), str(folder / "huge.toml"))
    assert checked.returncode == 1 and checked.stderr == ""
    assert checked.stdout.splitlines() == [
        f"{folder / 'zero.toml'}: file: is not an ordinary file (it is a device)",
        f"{folder / 'huge.toml'}: file: is larger than 512 KB; is it a script?",
    ]


def test_a_recording_must_lie_in_the_practice_folder(calm, calm_home, tmp_path):
    """A script may not mix any file on the disk (say, another client's recording) into a
    take-home render: a path or a link leading out of the folders is refused."""
    folder = calm_home / "data" / "practices"
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.wav").write_bytes(b"RIFF")
    script(folder, "climb.toml", id="climb", audio="../../../elsewhere/secret.wav")
    (folder / "voice").mkdir()
    (folder / "voice" / "linked.wav").symlink_to(outside / "secret.wav")
    script(folder, "linked.toml", id="linked", audio="voice/linked.wav")
    (folder / "voice" / "mine.wav").write_bytes(b"RIFF")
    script(folder, "fine.toml", id="fine", audio="voice/mine.wav")
    secret = (outside / "secret.wav").resolve()
    reason = "is outside the practice's folder; put the recording beside the script"
    listed = calm("list").stdout
    assert f"{folder / 'climb.toml'}:11: steps[1].audio: {secret} {reason}" in listed
    assert f"{folder / 'linked.toml'}:11: steps[1].audio: {secret} {reason}" in listed
    assert "  fine " in listed and "fine.toml" not in listed
    # A script kept elsewhere may still use a recording in the user's practices folder.
    away = script(
        tmp_path / "drafts", "draft.toml", id="draft", audio=str(folder / "voice/mine.wav")
    )
    assert calm("validate", str(away)).returncode == 0


def test_validate_reports_a_missing_recording(calm, tmp_path):
    """A therapist checking a script hears of a recording that is not there before a client does."""
    path = script(tmp_path, "p.toml", audio="voice/intro.wav")
    done = calm("validate", str(path))
    assert done.returncode == 1
    missing = (tmp_path / "voice" / "intro.wav").resolve()
    assert done.stdout == f"{path}:11: steps[1].audio: the recording {missing} does not exist\n"

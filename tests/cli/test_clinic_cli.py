"""The clinic from the command line: mode, clients, answers, the passphrase, and `play` that
applies each client's own screening (the real app in a child process, on a real data folder)."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from calm.paths import AppPaths
from calm.store import open_store
from tests.support.cli import run_app

ALL_IDS = (
    "pregnancy heart-lung blood-pressure seizures surgery injury-flare panic trauma "
    "dissociation dizziness"
).split()
HOLDING = """\
id = "tiny-hold"
title = "Tiny Hold"
category = "breathing"
description = "A few seconds of breathing with a hold, for tests."
safety = ["breath-holds"]
[breathing]
pattern = [3, 2, 3, 0]
[[variants]]
id = "1"
minutes = 1
[[steps]]
kind = "breathing"
cycles = 1
"""


@pytest.fixture(scope="module")
def clinic_made(tmp_path_factory) -> tuple[Path, str]:
    """A clinic laptop with a passphrase, Anna (heart or lung: yes), Bernd and Cara (all no)."""
    made = tmp_path_factory.mktemp("clinic-made")
    home = made / "clinic"
    secret = made / "passphrase.txt"
    secret.write_text("harbour lights\n")
    secret = str(secret)
    (home / "data" / "practices").mkdir(parents=True)
    (home / "data" / "practices" / "tiny-hold.toml").write_text(HOLDING)
    assert run_app(home, "mode", "clinic", "--passphrase-file", secret).returncode == 0
    for name in ("Anna", "Bernd", "Cara"):
        done = run_app(home, "clients", "add", name, "--passphrase-file", secret)
        assert done.returncode == 0, done.stderr
    no = [q for q in ALL_IDS if q != "heart-lung"]
    answered = run_app(
        home, "clients", "answers", "Anna", "--yes", "heart-lung", "--no", *no,
        "--passphrase-file", secret,
    )  # fmt: skip
    assert "heart-lung     yes" in answered.stdout
    for name in ("Bernd", "Cara"):
        run_app(home, "clients", "answers", name, "--no", *ALL_IDS, "--passphrase-file", secret)
    return home, secret


@pytest.fixture
def clinic(clinic_made, tmp_path) -> tuple[Path, str]:
    """A fresh copy of the clinic laptop for each test (made once: it takes a dozen runs)."""
    home, secret = clinic_made
    copy = tmp_path / "clinic"
    shutil.copytree(home, copy)
    return copy, secret


def _store(home: Path):
    return open_store(AppPaths.from_environment({"CALM_HOME": str(home)}))


def test_each_client_has_their_own_answers(clinic):
    """Anna's heart condition is hers alone; the list says who still has questions to answer."""
    home, secret = clinic
    listed = run_app(home, "clients", "list").stdout
    assert "Anna  (0 practices)" in listed and "Me  (0 practices, safety questions not" in listed
    shown = run_app(home, "clients", "answers", "Bernd", "--passphrase-file", secret)
    assert "heart-lung     no" in shown.stdout


def test_anna_never_plays_a_breath_hold_practice_and_bernd_does(clinic):
    """The screening is the client's own, from the command line as from the window."""
    home, _secret = clinic
    for practice in ("four-seven-eight", "tiny-hold"):
        refused = run_app(home, "play", practice, "--client", "Anna", "--no-window")
        assert refused.returncode == 1
        assert "Not advised for you: Hidden because it holds the breath" in refused.stderr
    played = run_app(
        home, "play", "tiny-hold", "--client", "Bernd", "--no-window",
        "--pain-before", "5", "--stress-before", "4", "--pain-after", "3", "--stress-after", "2",
    )  # fmt: skip
    assert played.returncode == 0, played.stderr
    with _store(home) as store:
        assert store.count_runs(store.client_by_name("Bernd").id) == 1
        assert store.count_runs(store.client_by_name("Anna").id) == 0
        from calm.practice.library import load_library
        from cli.runners import practice_of, screened_timeline

        class Args:
            id, length = "four-seven-eight", None

        library = load_library(AppPaths.from_environment({"CALM_HOME": str(home)}).user_sessions)
        script = library.get("four-seven-eight")
        _, timeline = practice_of(type("C", (), {"library": library})(), Args)
        bernd = store.client_by_name("Bernd")
        assert screened_timeline(store, bernd, script, timeline, None) == (timeline, False)


def test_play_in_clinic_mode_needs_a_client(clinic):
    """No practice lands silently in someone else's log."""
    home, _secret = clinic
    done = run_app(home, "play", "tiny-hold", "--no-window")
    assert done.returncode == 1
    assert "In clinic mode, say whose practice this is" in done.stderr
    unanswered = run_app(home, "play", "tiny-hold", "--no-window", "--client", "Me")
    assert "has not answered the safety questions yet" in unanswered.stderr


def test_changing_clinic_data_needs_the_passphrase(clinic, tmp_path):
    """A wrong or missing passphrase changes nothing, and says so."""
    home, _secret = clinic
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not it at all\n")
    for args in (
        ("clients", "add", "Dora"),
        ("clients", "rename", "Anna", "Anne"),
        ("clients", "erase", "Cara", "--yes"),
        ("export", "--all", "-o", str(tmp_path / "all.csv")),
        ("notes", "--client", "Anna", "show"),
        ("mode", "home"),
    ):
        done = run_app(home, *args, "--passphrase-file", str(wrong))
        assert done.returncode == 1, args
        assert "That passphrase is not right." in done.stderr, args
    asked = run_app(home, "clients", "add", "Dora", stdin="")
    assert asked.returncode == 1 and "No passphrase was given" in asked.stderr
    with _store(home) as store:
        assert [c.name for c in store.list_clients()] == ["Anna", "Bernd", "Cara", "Me"]
        assert store.get_setting("mode") == "clinic"
    assert not (tmp_path / "all.csv").exists()


def test_five_wrong_passphrases_make_the_command_line_wait(clinic, tmp_path):
    """Guessing from a script is slowed down just as in the window."""
    home, secret = clinic
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("guess guess\n")
    for _ in range(5):
        run_app(home, "clients", "add", "Dora", "--passphrase-file", str(wrong))
    done = run_app(home, "clients", "add", "Dora", "--passphrase-file", secret)
    assert done.returncode == 1 and "Please wait" in done.stderr


def test_bad_input_is_a_sentence_and_changes_nothing(clinic):
    """Merging into oneself, a duplicate name, a disguised name: each refused with a reason."""
    home, secret = clinic
    key = ("--passphrase-file", secret)
    into_self = run_app(home, "clients", "merge", "Anna", "anna", *key)
    assert "cannot be merged into themselves" in into_self.stderr
    duplicate = run_app(home, "clients", "add", "bernd", *key)
    assert "There is already someone called 'bernd'" in duplicate.stderr
    disguised = run_app(home, "clients", "add", "Anna\u202e", *key)
    assert "Please type the name again" in disguised.stderr
    assert "Traceback" not in into_self.stderr + duplicate.stderr + disguised.stderr
    with _store(home) as store:
        assert len(store.list_clients()) == 4


def test_merge_rename_archive_erase_name_each_client(clinic, tmp_path):
    """Every message says whom it concerns; an erase asks for the name unless --yes."""
    home, secret = clinic
    key = ("--passphrase-file", secret)
    assert (
        "Cara is now called Carla."
        in run_app(home, "clients", "rename", "Cara", "Carla", *key).stdout
    )
    merged = run_app(home, "clients", "merge", "Me", "Bernd", *key).stdout
    assert merged.startswith("Merged Me into Bernd: 0 practices moved")
    kept = run_app(home, "clients", "erase", "Carla", *key, stdin="Carl\n")
    assert "This erases Carla for good" in kept.stdout and "Nothing was erased" in kept.stdout
    gone = run_app(home, "clients", "erase", "Carla", *key, stdin="Carla\n")
    assert "Erased Carla" in gone.stdout
    assert "archived" in run_app(home, "clients", "archive", "Bernd", *key).stdout
    card = tmp_path / "anna.json"
    run_app(home, "clients", "export-identity", "Anna", "-o", str(card), *key)
    assert '"calm-harbor-identity"' in card.read_text()
    assert stat.S_IMODE(card.stat().st_mode) == 0o600
    everything = tmp_path / "anna-all.json"
    run_app(home, "clients", "export-all", "Anna", "-o", str(everything), *key)
    assert '"heart-lung"' in everything.read_text()


def test_stats_picks_the_one_client_with_practices(clinic):
    """With one client practising, stats shows that client, not an empty default."""
    home, _secret = clinic
    run_app(home, "play", "tiny-hold", "--client", "Bernd", "--no-window", "--pain-before", "5",
            "--stress-before", "4", "--pain-after", "3", "--stress-after", "2")  # fmt: skip
    shown = run_app(home, "stats").stdout
    assert shown.startswith("Bernd: 1 practice")


def test_the_owner_resets_a_forgotten_passphrase(clinic, tmp_path):
    """A therapist who forgot the passphrase is not locked out of their own data."""
    home, _secret = clinic
    fresh = tmp_path / "fresh.txt"
    fresh.write_text("a new passphrase\n")
    done = run_app(home, "clinic", "reset-passphrase", "--passphrase-file", str(fresh))
    assert done.returncode == 0 and "reset" in done.stdout
    added = run_app(home, "clients", "add", "Dora", "--passphrase-file", str(fresh))
    assert added.returncode == 0, added.stderr


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs root to chown")
def test_only_the_data_folders_owner_may_reset(clinic, tmp_path):
    """Another user on the laptop cannot take the clinic over by resetting the passphrase."""
    home, _secret = clinic
    os.chown(home / "data", 12345, -1)
    done = run_app(home, "clinic", "reset-passphrase", "--passphrase-file", "/dev/null")
    assert done.returncode == 1 and "Only the owner of" in done.stderr


def test_reset_needs_the_data_folder_free(clinic, tmp_path):
    """The reset never runs under an open window."""
    home, _secret = clinic
    fresh = tmp_path / "fresh.txt"
    fresh.write_text("a new passphrase\n")
    with _store(home):
        done = run_app(home, "clinic", "reset-passphrase", "--passphrase-file", str(fresh))
    assert done.returncode == 1 and "Close the window" in done.stderr


def test_home_mode_needs_no_passphrase(tmp_path):
    """At home the one person is a client like any other and nothing asks for a passphrase."""
    home = tmp_path / "home"
    assert run_app(home, "clients", "rename", "Me", "Anna").returncode == 0
    listed = run_app(home, "clients", "list").stdout
    assert listed.startswith("Anna  (0 practices")

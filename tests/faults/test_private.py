"""Health data stays the owner's: exports and folders closed to others, data where it should be."""

from __future__ import annotations

import stat

from calm.paths import AppPaths
from calm.store import open_store


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_exports_are_readable_by_the_owner_only(calm, paths, tmp_path):
    """A CSV or FHIR export of pain ratings must not be readable by other users of the computer."""
    (tmp_path / "old.csv").write_text("x")
    (tmp_path / "old.csv").chmod(0o644)  # an export written over an older, open file
    for name, fmt in (("new.csv", "csv"), ("old.csv", "csv"), ("all.json", "fhir")):
        done = calm("export", "--all", "--format", fmt, "-o", str(tmp_path / name))
        assert done.returncode == 0, done.stderr
        assert mode(tmp_path / name) == 0o600, name


def test_an_open_data_folder_is_tightened(calm, calm_home):
    """A data folder made readable by others (a copy, an old version) is closed again."""
    for name in ("data", "config", "cache", "log"):
        (calm_home / name).mkdir(parents=True)
        (calm_home / name).chmod(0o755)
    assert calm("stats").returncode == 0
    assert mode(calm_home / "data") == 0o700
    assert calm("list").returncode == 0
    assert all(mode(calm_home / name) == 0o700 for name in ("config", "cache", "log"))


def test_an_empty_xdg_data_home_counts_as_unset(calm, tmp_path):
    """XDG_DATA_HOME="" put the practice log in whatever folder the command ran from."""
    home, work = tmp_path / "home", tmp_path / "work"
    work.mkdir()
    environment = {"HOME": str(home), "XDG_DATA_HOME": "", "XDG_CACHE_HOME": "relative"}
    environment["XDG_CONFIG_HOME"] = ""
    expected = AppPaths.from_environment(environment)
    assert expected.data == home / ".local/share/calm-harbor"
    assert expected.cache == home / ".cache/calm-harbor"
    assert expected.config == home / ".config/calm-harbor"
    from tests.support.cli import run_app

    done = run_app(None, "stats", env=environment, cwd=work)
    assert done.returncode == 0, done.stderr
    assert list(work.iterdir()) == []
    assert (home / ".local/share/calm-harbor/calm-harbor.sqlite3").is_file()
    set_ = AppPaths.from_environment({"HOME": str(home), "XDG_DATA_HOME": str(tmp_path / "x")})
    assert set_.data == tmp_path / "x" / "calm-harbor"


def test_stats_shows_the_one_client_who_has_practices(calm, paths):
    """In a clinic where only Anna has practised, `stats` shows Anna, not the empty "Me"."""
    with open_store(paths) as store:
        anna = store.add_client("Anna")
        store.add_client("Bo")
        run = store.start_run(anna.id, "grounding", "Grounding")
        store.set_rating(run.id, "pain", "before", 6)
        store.finish_run(run.id, "completed", 300_000, 1.0)
    done = calm("stats")
    assert done.stdout.startswith("Anna: 1 practice, 5 minutes, since ")

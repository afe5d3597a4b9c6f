"""The home pack: made at the clinic, opened at home, and refused whole when it is bad."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

import pytest

import app
from calm.paths import AppPaths
from calm.practice.patterns import BreathPattern
from calm.programme.model import Programme, ProgrammeItem
from calm.store import open_store

ROOT = Path(__file__).resolve().parents[2]
ADAPTED = """format = 1
id = "anna-breathing"
title = "Anna's Slow Breathing"
category = "breathing"
description = "Slow breathing, adapted for Anna: shorter, with her own voice."
safety = []

[breathing]
pattern = [4, 0, 6, 0]

[[variants]]
id = "3"
minutes = 3
label = "3 min"

[[steps]]
kind = "narration"
text = "Welcome back, Anna. If anything makes your pain worse, ease off or stop."
audio = "voice/welcome.wav"

[[steps]]
kind = "breathing"
seconds = 160
"""


def _wav(path: Path) -> None:
    import wave

    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(b"\x00\x01" * 16000)


@pytest.fixture
def clinic(tmp_path, monkeypatch):
    """A clinic data folder where Anna has a programme, goals and an adapted practice."""
    home = tmp_path / "clinic"
    monkeypatch.setenv("CALM_HOME", str(home))
    paths = AppPaths.from_environment().ensure()
    (paths.user_sessions / "anna-breathing.toml").write_text(ADAPTED)
    _wav(paths.user_sessions / "voice" / "welcome.wav")
    with open_store(paths) as store:
        anna = store.add_client("Anna").id
        store.save_pattern(BreathPattern.from_seconds([4, 0, 7, 0], name="Anna's slow"))
        items = (
            ProgrammeItem(
                "anna-breathing", "3", per_day=2, start=date.today(), instruction="Mornings"
            ),
            ProgrammeItem("grounding", "3", days_a_week=3, pattern=None),
            ProgrammeItem("slow-breathing", "5", per_day=1, pattern="Anna's slow"),
        )
        store.set_programme(Programme(anna, items, note="Little and often."))
        store.add_goal(anna, "Cook a meal standing", rating=3)
    return paths, anna


def _use(monkeypatch, folder: Path) -> AppPaths:
    monkeypatch.setenv("CALM_HOME", str(folder))
    return AppPaths.from_environment().ensure()


def test_a_pack_carries_programme_goals_and_adapted_practices_home(
    clinic, tmp_path, monkeypatch, capsys
):
    """What the therapist set is what the client finds at home, in one file."""
    paths, anna = clinic
    pack = tmp_path / "anna.calmpack"
    assert app.main(["pack", "--client", "Anna", "-o", str(pack)]) == 0
    assert "Wrote the home pack for Anna" in capsys.readouterr().out
    assert pack.stat().st_mode & 0o777 == 0o600
    with zipfile.ZipFile(pack) as z:
        names = set(z.namelist())
        assert {
            "manifest.json",
            "practices/anna-breathing.toml",
            "practices/voice/welcome.wav",
        } <= names
    home = _use(monkeypatch, tmp_path / "home")
    assert app.main(["open-pack", str(pack)]) == 0
    said = capsys.readouterr().out
    assert "Anna" in said and "Your programme has 3 practice(s)." in said
    with open_store(home) as store:
        me = store.default_client()
        assert (me.id, me.name) == (anna, "Anna")
        programme = store.programme(me.id)
        assert [i.practice_id for i in programme.items] == [
            "anna-breathing",
            "grounding",
            "slow-breathing",
        ]
        assert programme.note == "Little and often."
        assert [g.text for g in store.goals(me.id)] == ["Cook a meal standing"]
        assert [r.value for r in store.goal_ratings(me.id)] == [3]
        assert [p.name for p in store.patterns()] == ["Anna's slow"]
        assert store.count_runs(me.id) == 0
    assert (home.user_sessions / "anna-breathing.toml").read_text() == ADAPTED
    assert (home.user_sessions / "voice" / "welcome.wav").exists()
    # opening the same pack again changes nothing and duplicates nothing
    assert app.main(["open-pack", str(pack)]) == 0
    with open_store(home) as store:
        assert len(store.goal_ratings(anna)) == 1 and len(store.list_clients()) == 1


def test_a_pack_for_someone_else_asks_first(clinic, tmp_path, monkeypatch, capsys):
    """A pack must never quietly turn Bernd's computer into Anna's."""
    _paths, _anna = clinic
    pack = tmp_path / "anna.calmpack"
    assert app.main(["pack", "--client", "Anna", "-o", str(pack)]) == 0
    home = _use(monkeypatch, tmp_path / "bernd-home")
    with open_store(home) as store:
        me = store.default_client()
        store.rename_client(me.id, "Bernd")
        store.start_run(me.id, "grounding", "Grounding")
    assert app.main(["open-pack", str(pack)]) == 1
    err = capsys.readouterr().err
    assert "This pack is for Anna, but Bernd already practises on this computer." in err
    with open_store(home) as store:
        assert store.default_client().name == "Bernd"
        assert store.programme(store.default_client().id).items == ()
    assert app.main(["open-pack", str(pack), "--yes"]) == 0
    with open_store(home) as store:
        assert store.default_client().name == "Anna"
        assert len(store.programme(store.default_client().id).items) == 3
        assert store.count_runs(store.client_by_name("Bernd").id) == 1  # his log stays his


def _backwards(raw: bytes) -> bytes:
    """The manifest with one programme item's dates the wrong way round."""
    manifest = json.loads(raw)
    manifest["programme"]["items"][1].update(start="2000-01-01", until="1999-01-01")
    return json.dumps(manifest).encode()


def _repack(source: Path, target: Path, change) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            name, data = change(info.filename, data)
            if name:
                new.writestr(name, data)
    return target


@pytest.mark.parametrize(
    ("make", "sentence"),
    [
        (
            lambda src, dst: dst.write_bytes(b"not a zip at all"),
            "it is not a Calm Harbor pack (not a zip file)",
        ),
        (
            lambda src, dst: _repack(
                src,
                dst,
                lambda n, d: ("../escape.toml" if n.endswith("anna-breathing.toml") else n, d),
            ),
            "whose name leaves the pack's folder",
        ),
        (
            lambda src, dst: _repack(
                src, dst, lambda n, d: ("/etc/evil" if n == "practices/voice/welcome.wav" else n, d)
            ),
            "whose name leaves the pack's folder",
        ),
        (
            lambda src, dst: _repack(
                src,
                dst,
                lambda n, d: (n, d.replace(b'category = "breathing"', b'category = "nonsense"')),
            ),
            "the practice anna-breathing.toml in it is not valid",
        ),
        (
            lambda src, dst: _repack(
                src,
                dst,
                lambda n, d: (n, _backwards(d) if n == "manifest.json" else d),
            ),
            "The dates run backwards",
        ),
    ],
)
def test_a_bad_pack_is_refused_whole(clinic, tmp_path, monkeypatch, capsys, make, sentence):
    """A damaged or hostile pack gets a sentence, and nothing at home changes."""
    pack = tmp_path / "anna.calmpack"
    assert app.main(["pack", "--client", "Anna", "-o", str(pack)]) == 0
    bad = tmp_path / "bad.calmpack"
    make(pack, bad)
    home = _use(monkeypatch, tmp_path / "home")
    with open_store(home) as store:
        before = [c.name for c in store.list_clients()]
    capsys.readouterr()
    assert app.main(["open-pack", str(bad)]) == 1
    err = capsys.readouterr().err
    assert sentence in err and "Nothing was changed." in err
    assert "Traceback" not in err
    with open_store(home) as store:
        assert [c.name for c in store.list_clients()] == before
        assert store.programme(store.default_client().id).items == ()
    assert not (tmp_path / "escape.toml").exists()
    assert sorted(p.name for p in home.user_sessions.iterdir()) == []


def test_a_pack_over_500_mb_is_refused_before_reading(clinic, tmp_path, monkeypatch, capsys):
    """A huge file is not read at all."""
    big = tmp_path / "big.calmpack"
    with open(big, "wb") as out:
        out.truncate(501 * 1024 * 1024)  # sparse: costs no disk
    _use(monkeypatch, tmp_path / "home")
    assert app.main(["open-pack", str(big)]) == 1
    assert "larger than 500 MB" in capsys.readouterr().err


def test_a_pack_with_audio_holds_a_playable_mp3_of_each_practice(
    clinic, tmp_path, monkeypatch, capsys
):
    """--with-audio puts each programme practice in the pack as an MP3 for a phone."""
    paths, anna = clinic
    with open_store(paths) as store:
        store.set_programme(Programme(anna, (ProgrammeItem("grounding", "3", per_day=1),)))
    pack = tmp_path / "anna.calmpack"
    assert app.main(["pack", "--client", "Anna", "--with-audio", "-o", str(pack)]) == 0
    assert "1 recording(s) for a phone" in capsys.readouterr().out
    with zipfile.ZipFile(pack) as z:
        mp3 = z.read("audio/grounding-3.mp3")
    assert mp3[:3] == b"ID3" or mp3[0] == 0xFF  # an MP3 stream
    assert len(mp3) > 100_000  # three minutes of sound
    home = _use(monkeypatch, tmp_path / "home")
    assert app.main(["open-pack", str(pack)]) == 0
    assert "Recordings for a phone are in" in capsys.readouterr().out
    assert (home.data / "recordings from your therapist" / "grounding-3.mp3").stat().st_size == len(
        mp3
    )

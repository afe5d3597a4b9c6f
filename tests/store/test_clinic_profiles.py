"""Each client's own profile, the therapist's passphrase and client names, on the real file."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from calm.errors import PassphraseError, StoreError
from calm.settings import Settings
from calm.store import open_store

START = datetime(2026, 4, 1, 9, 0, tzinfo=timezone(timedelta(hours=2)))


class Wall:
    """A wall clock the test moves by hand (the store's injected `now`)."""

    def __init__(self) -> None:
        self.at = START

    def __call__(self) -> datetime:
        return self.at


def test_each_client_keeps_their_own_answers_and_favourites(paths):
    """Anna's heart condition must never apply to Bernd, nor Bernd's favourites to Anna."""
    with open_store(paths) as store:
        anna, bernd = store.add_client("Anna"), store.add_client("Bernd")
        settings = Settings(store)
        settings.for_client(anna.id).set("screening.answers", {"heart-lung": True})
        settings.for_client(bernd.id).set("favourites", ["box-breathing"])
        settings.set("theme", "dark")
    with open_store(paths) as store:
        settings = Settings(store)
        assert settings.for_client(anna.id).get("screening.answers") == {"heart-lung": True}
        assert settings.for_client(bernd.id).get("screening.answers") == {}
        assert settings.for_client(anna.id).get("favourites") == []
        assert settings.for_client(bernd.id).get("favourites") == ["box-breathing"]
        assert settings.for_client(anna.id).get("theme") == "dark"  # the laptop's, for all


def test_settings_follow_whoever_is_practising_now(paths):
    """Switching the client in the window must switch text size and answers with them."""
    with open_store(paths) as store:
        anna, bernd = store.add_client("Anna"), store.add_client("Bernd")
        who = [anna.id]
        settings = Settings(store, client=lambda: who[0])
        settings.set("text.scale", 2.0)
        who[0] = bernd.id
        assert settings.get("text.scale") == 1.0
        who[0] = anna.id
        assert settings.get("text.scale") == 2.0


def test_a_wrong_passphrase_is_a_sentence_and_five_make_it_wait(paths):
    """A client guessing at the therapist's passphrase is slowed down, even across restarts."""
    wall = Wall()
    with open_store(paths, now=wall) as store:
        assert not store.has_passphrase()
        store.set_passphrase("harbour lights")
        store.check_passphrase("harbour lights")
        for left in (4, 3, 2, 1):
            with pytest.raises(PassphraseError, match=f"{left} tr"):
                store.check_passphrase("guess")
    with open_store(paths, now=wall) as store:  # closing the window does not reset the count
        with pytest.raises(PassphraseError) as fifth:
            store.check_passphrase("guess")
        assert fifth.value.wait_s == 30
        wall.at += timedelta(seconds=10)
        with pytest.raises(PassphraseError, match="wait 20 seconds"):
            store.check_passphrase("harbour lights")  # even the right one waits
        wall.at += timedelta(seconds=20)
        store.check_passphrase("harbour lights")
        with pytest.raises(PassphraseError, match="4 tries"):
            store.check_passphrase("guess")  # the count started again


def test_the_passphrase_is_kept_only_as_a_salted_scrypt_hash(paths):
    """Someone copying the file must not find the passphrase, nor equal hashes for equal
    passphrases."""
    with open_store(paths) as store:
        store.set_passphrase("harbour lights")
        with store.reader() as conn:
            salt, key, n, r, p = conn.execute(
                "SELECT salt, hash, n, r, p FROM therapist_lock"
            ).fetchone()
        assert (n, r, p) == (2**14, 8, 1) and len(salt) == 16 and len(key) == 32
        store.reset_passphrase("harbour lights")
        with store.reader() as conn:
            assert conn.execute("SELECT salt FROM therapist_lock").fetchone()[0] != salt
    assert b"harbour lights" not in paths.database.read_bytes()


def test_changing_the_passphrase_needs_the_current_one(paths):
    """Only the therapist can set a new passphrase from the window; a short one is refused."""
    with open_store(paths) as store:
        with pytest.raises(PassphraseError, match="at least 8"):
            store.set_passphrase("short")
        store.set_passphrase("harbour lights")
        with pytest.raises(PassphraseError, match="current passphrase"):
            store.set_passphrase("new passphrase")
        with pytest.raises(PassphraseError, match="not right"):
            store.set_passphrase("new passphrase", current="wrong one")
        store.set_passphrase("new passphrase", current="harbour lights")
        store.check_passphrase("new passphrase")


@pytest.mark.parametrize(
    "name",
    ["Anna\u200b", "\u202eannA", "An\u2067na", "Anna\x1b[2J", "An\u200dna", "Anna\ufeff"],
    ids=["zero-width", "rtl-override", "isolate", "escape", "joiner", "bom"],
)
def test_names_that_could_pass_for_another_are_refused(paths, name):
    """A second "Anna" that only looks like Anna must not get into a clinic's list."""
    with open_store(paths) as store:
        store.add_client("Anna")
        before = [c.name for c in store.list_clients()]
        with pytest.raises(StoreError, match="Please type the name again"):
            store.add_client(name)
        bernd = store.add_client("Bernd")
        with pytest.raises(StoreError, match="Please type the name again"):
            store.rename_client(bernd.id, name)
        assert sorted(c.name for c in store.list_clients()) == sorted([*before, "Bernd"])


def test_a_duplicate_name_is_a_sentence(paths):
    """Two clients called Anna (in any case) cannot be told apart, so the second is refused."""
    with open_store(paths) as store:
        store.add_client("Anna")
        with pytest.raises(StoreError, match="already someone called 'anna'"):
            store.add_client("anna")
        assert [c.name for c in store.list_clients()] == ["Anna", "Me"]


def test_a_record_number_is_kept_and_checked(paths):
    """The clinic's record number stays with the client; junk is refused."""
    with open_store(paths) as store:
        anna = store.add_client("Anna")
        assert store.set_record_number(anna.id, " MRN-0042 ").record_number == "MRN-0042"
        with pytest.raises(StoreError, match="control characters"):
            store.set_record_number(anna.id, "42\x07")
        assert store.client(anna.id).record_number == "MRN-0042"

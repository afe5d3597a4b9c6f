"""Names that could attack the screen or pass for someone else's are refused with a sentence."""

from __future__ import annotations

import csv

import pytest

from calm.errors import StoreError
from calm.exchange.csv_export import COLUMNS
from calm.store import open_store

OVERRIDE = (
    "That name holds an invisible or control character (U+202E, a right-to-left or "
    "left-to-right override), which could make it look like someone else's. Please type the "
    "name again without it."
)


@pytest.mark.parametrize(
    ("name", "code", "kind"),
    [
        ("Anna\u202e", "202E", "a right-to-left or left-to-right override"),
        ("An\u2067na", "2067", "a right-to-left or left-to-right override"),
        ("An\u200bna", "200B", "a zero-width character"),
        ("Anna\ufeff", "FEFF", "a zero-width character"),
        ("An\u2060na", "2060", "a zero-width character"),
        ("\x1b]0;pwned\x07Anna", "001B", "a control character"),
        ("Anna\x9b31m", "009B", "a control character"),
    ],
)
def test_a_name_with_hidden_characters_is_refused(paths, name, code, kind):
    """A second "Anna" that is really "Anna" plus an override must not be added or renamed to."""
    with open_store(paths) as store:
        with pytest.raises(StoreError) as refused:
            store.add_client(name)
        assert str(refused.value) == (
            f"That name holds an invisible or control character (U+{code}, {kind}), which "
            "could make it look like someone else's. Please type the name again without it."
        )
        anna = store.add_client("Anna")
        with pytest.raises(StoreError, match="invisible or control character"):
            store.rename_client(anna.id, name)
        assert [c.name for c in store.list_clients()] == ["Anna", "Me"]


def test_ordinary_spacing_and_accents_are_kept(paths):
    """Tabs or line breaks pasted into a name are tidied; accents and scripts are welcome."""
    with open_store(paths) as store:
        assert store.add_client("  Zoë\tMüller\n").name == "Zoë Müller"
        assert store.add_client("أمينة").name == "أمينة"


def test_an_import_with_an_override_in_a_name_is_refused_whole(calm, tmp_path, paths):
    """A file naming a client "Anna" + U+202E is refused, and nothing at all is added."""
    target = tmp_path / "hostile.csv"
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        client="Anna\u202e", client_id="5c1b5c1e-0000-4000-8000-000000000001",
        run_id="5c1b5c1e-0000-4000-8000-000000000002", practice_id="grounding",
        practice_title="Grounding", planned_min="5", started="2026-04-01T10:00:00+01:00",
        status="completed", practised_min="5", progress_pct="100",
    )  # fmt: skip
    with open(target, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        writer.writerow([row[c] for c in COLUMNS])
    done = calm("import", str(target))
    assert done.returncode == 1
    assert done.stderr == (
        f"calm-harbor: hostile.csv was not imported: line 2: client: {OVERRIDE} "
        "Nothing was added.\n"
    )
    with open_store(paths) as store:
        assert [c.name for c in store.list_clients()] == ["Me"]

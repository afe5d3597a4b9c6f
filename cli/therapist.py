"""The therapist's passphrase on the command line: asked with getpass, or read from a file.

Never a plain argument (it would sit in the shell's history and in `ps` for anyone to read).
`--passphrase-file FILE` takes the first line of FILE. In clinic mode, with a passphrase set,
every command that changes clinic data or takes it off the laptop calls `require_therapist`.
"""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path

from calm.errors import CalmError, PassphraseError

PASSPHRASE_HELP = "read the therapist's passphrase from the first line of FILE (else asked)"


def passphrase_options() -> argparse.ArgumentParser:
    """A parent parser adding --passphrase-file to a command."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--passphrase-file", metavar="FILE", help=PASSPHRASE_HELP)
    return parent


def passphrase_on_actions(actions: argparse._SubParsersAction) -> None:
    """Let each action of a command take --passphrase-file after its own arguments too
    (`notes --client Anna show --passphrase-file F`); the command's own option still works."""
    for parser in actions.choices.values():
        parser.add_argument(
            "--passphrase-file", metavar="FILE", default=argparse.SUPPRESS, help=PASSPHRASE_HELP
        )


def read_passphrase(args: argparse.Namespace, prompt: str, confirm: bool = False) -> str:
    """The passphrase from --passphrase-file, or typed (twice when `confirm`)."""
    path = getattr(args, "passphrase_file", None)
    if path:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CalmError(f"The passphrase file {path} could not be read ({error}).") from None
        return text.splitlines()[0] if text else ""
    try:
        typed = getpass.getpass(prompt)
        if confirm and getpass.getpass("Type it again: ") != typed:
            raise PassphraseError("The two passphrases differ. Nothing was changed.")
    except EOFError:
        raise PassphraseError(
            "No passphrase was given. Type it when asked, or use --passphrase-file FILE."
        ) from None
    return typed


def clinic_locked(store) -> bool:
    """Whether clinic data needs the therapist's passphrase here."""
    return store.get_setting("mode", "home") == "clinic" and store.has_passphrase()


def require_therapist(args: argparse.Namespace, store) -> None:
    """In clinic mode, check the therapist's passphrase (PassphraseError with a sentence)."""
    if clinic_locked(store):
        store.check_passphrase(read_passphrase(args, "Therapist's passphrase: "))

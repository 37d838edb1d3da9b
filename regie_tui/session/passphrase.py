"""Asking for the passphrase of an encrypted store, in the terminal, before anything opens."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from pathlib import Path

from regie_tui.base.errors import StoreError
from regie_tui.base.i18n import _
from regie_tui.data import cipher

ATTEMPTS = 3


def ask(prompt: str) -> str:
    """Read a passphrase without echo; from a pipe (scripts, tests) one line of stdin."""
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(prompt)
    line = sys.stdin.readline() if sys.stdin is not None else ""
    if not line:
        raise StoreError(_("No passphrase was given, so the encrypted store stays closed."))
    return line.rstrip("\r\n")


def ensure_unlocked(path: Path, ask: Callable[[str], str] = ask,
                    attempts: int = ATTEMPTS) -> None:
    """Ask until the passphrase opens ``path`` (when it is encrypted and not yet open)."""
    if not cipher.is_encrypted(path) or cipher.has_passphrase():
        return
    cipher.module()  # the extra must be installed: say so before asking anything
    prompt = _("Passphrase for {name}: ").format(name=Path(path).name)
    for attempt in range(1, attempts + 1):
        try:
            cipher.unlock(path, ask(prompt))
            return
        except cipher.WrongPassphrase as exc:
            if attempt == attempts:
                raise
            print(exc, file=sys.stderr)


def ask_new(ask: Callable[[str], str] = ask) -> str:
    """A new passphrase, typed twice."""
    first = ask(_("New passphrase (at least {n} characters): ").format(n=cipher.MIN_PASSPHRASE))
    second = ask(_("The same passphrase again: "))
    cipher.check_new_passphrase(first, second)
    return first

"""The first frame last shown, remembered to paint the next start of the same day at once.

The start-up child writes the frame of the rows it has just read; a later
start by the same consultant, on the same store, the same day, in the same
language and terminal size paints it before the store is even opened,
dimmed and marked as being refreshed (``first_paint.refreshing``), until the
fresh rows replace it. Another day, consultant, store, language or size:
nothing is shown. It is one small file in the private state folder (0600).

An encrypted store gets none: its rows would lie on the disk in plain text.
The first start after ``encrypt`` removes the one left from before.

Core module: no Textual here.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

FILE_NAME = "first-screen.json"


def _file() -> Path:
    from regie_tui.base import config

    return config.state_dir() / FILE_NAME


def key(store_path: Path, user: str, day, language: str, width: int, height: int) -> dict:
    """What a remembered frame must match to be shown."""
    return {"store": os.fspath(Path(store_path).resolve()), "user": user,
            "day": day.isoformat(), "language": language, "size": [width, height]}


def remember(match: dict, lines: list[tuple[str, str]], pending: str | None = None) -> None:
    """Keep ``lines`` for the next start that matches; never for an encrypted store.

    ``pending``: the rows were read before the store's check passed; they are
    kept aside under that name until :func:`confirm` (the check passed) makes
    them the frame remembered. A start never shows a frame kept aside.
    """
    from regie_tui.base import config
    from regie_tui.data import cipher

    if cipher.is_encrypted(Path(match["store"])):
        forget(match["store"])
        return
    target = _file() if pending is None else _file().with_name(pending)
    partial = target.with_name(target.name + ".new")
    config.write_private_text(partial, json.dumps({"key": match, "lines": lines}))
    os.replace(partial, target)  # never half a file for the next start


def pending_name() -> str:
    """A name for a frame kept aside by this start (one per start: never another's)."""
    return f"first-screen.{os.getpid()}.unchecked.json"


def confirm(pending: str) -> bool:
    """The store's check passed: the frame kept aside under ``pending`` (if any)
    becomes the one remembered. True if there was one."""
    try:
        os.replace(_file().with_name(pending), _file())
    except OSError:
        return False  # none kept aside (the child painted after the check passed)
    return True


def drop(pending: str) -> None:
    """The frame kept aside under ``pending`` is never to be shown (the check failed)."""
    with contextlib.suppress(OSError):
        _file().with_name(pending).unlink()


def recall(match: dict) -> list[tuple[str, str]] | None:
    """The remembered lines when they were remembered for exactly ``match``; else None."""
    try:
        data = json.loads(_file().read_text(encoding="utf-8"))
        if data.get("key") != match or len(data["lines"]) != match["size"][1]:
            return None  # another start's, or not a whole frame of this terminal
        return [(str(text), str(style)) for text, style in data["lines"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None  # none yet, or unreadable: start without it


def forget(store_path) -> None:
    """Remove the remembered frame of this store (as after it was encrypted)."""
    target = _file()
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
        mine = data.get("key", {}).get("store") == os.fspath(Path(store_path).resolve())
    except (OSError, ValueError, AttributeError):
        mine = target.exists()  # unreadable: remove it rather than keep unknown data
    if mine:
        with contextlib.suppress(OSError):
            target.unlink()

"""Noticing that the terminal Regie runs in has gone away.

When a terminal window or tmux session is closed, Regie does not always get
SIGHUP (under `make run` the signal goes to make). Textual's input thread then
reads end-of-file from the dead terminal in a tight loop, and the orphaned
process burns a CPU core until someone kills it. The app polls this check and
exits instead.
"""

from __future__ import annotations

import os

POLL_SECONDS = 2.0


def terminal_gone(fd: int) -> bool:
    """True once ``fd`` was a terminal and is no longer one (the other end hung up)."""
    try:
        return not os.isatty(fd)
    except OSError:
        return True


def watched_fd() -> int | None:
    """The standard input, when it is a terminal now (so a later change means hang-up)."""
    return None if terminal_gone(0) else 0

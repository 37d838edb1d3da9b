"""Unexpected errors: a calm id for the user, the details in a private log file.

The log holds the exception type and the stack (file, line, function) but no
exception message or local values, because those can hold case content. A
chained exception (``raise ... from``, or one raised while handling another)
is logged with its own stack too: the first cause is often the useful one.
"""

from __future__ import annotations

import datetime as dt
import secrets
import traceback
from pathlib import Path

from regie_tui.base import config

# A chain longer than this is cut: the log stays readable and a cycle cannot loop.
MAX_CHAIN = 5


def log_path() -> Path:
    return config.state_dir() / "errors.log"


def log_unexpected(exc: BaseException, where: str | None = None) -> str:
    """Write ``exc`` (type and stack, never its message) to the log; return its id.

    ``where`` says what was running, without case data (e.g. "worker _save").
    """
    error_id = secrets.token_hex(4)
    place = f" in {where}" if where else ""
    lines = [f"{dt.datetime.now(dt.UTC).isoformat(timespec='seconds')} error {error_id}"
             f"{place}: {_name(exc)}"]
    lines += _frames(exc)
    seen, cause = {id(exc)}, _chained(exc)
    while cause is not None and id(cause) not in seen and len(seen) <= MAX_CHAIN:
        seen.add(id(cause))
        lines.append(f"  caused by {_name(cause)}")
        lines += _frames(cause)
        cause = _chained(cause)
    path = log_path()
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    config.write_private_text(path, existing + "\n".join(lines) + "\n")
    return error_id


def _name(exc: BaseException) -> str:
    return f"{type(exc).__module__}.{type(exc).__qualname__}"


def _frames(exc: BaseException) -> list[str]:
    return [f"  {f.filename}:{f.lineno} in {f.name}"
            for f in traceback.extract_tb(exc.__traceback__)]


def _chained(exc: BaseException) -> BaseException | None:
    if exc.__cause__ is not None:
        return exc.__cause__
    return None if exc.__suppress_context__ else exc.__context__

"""Unexpected errors: a calm id for the user, the details in a private log file.

The log holds the exception type and the stack (file, line, function) but no
exception message or local values, because those can hold case content.
"""

from __future__ import annotations

import datetime as dt
import secrets
import traceback
from pathlib import Path

from regie_tui.base import config


def log_path() -> Path:
    return config.state_dir() / "errors.log"


def log_unexpected(exc: BaseException) -> str:
    error_id = secrets.token_hex(4)
    frames = traceback.extract_tb(exc.__traceback__)
    lines = [f"{dt.datetime.now(dt.UTC).isoformat(timespec='seconds')} error {error_id}: "
             f"{type(exc).__module__}.{type(exc).__qualname__}"]
    lines += [f"  {f.filename}:{f.lineno} in {f.name}" for f in frames]
    path = log_path()
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    config.write_private_text(path, existing + "\n".join(lines) + "\n")
    return error_id

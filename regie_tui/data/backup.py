"""Backups through SQLite's backup API: consistent even while the app writes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from regie_tui.data import db


def backup_to(conn: sqlite3.Connection, target: Path, key: str | None = None) -> Path:
    """Copy the open database into ``target`` (created 0600).

    ``key``: the source's SQLCipher key when it is encrypted; the copy is
    encrypted with the same key and salt (SQLCipher's backup API needs both
    ends keyed alike).
    """
    db.prepare_file(target)
    dest = db.open_file(target, key=key, pragmas=False)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    db.secure_files(target)
    return target

"""Backups through SQLite's backup API: consistent even while the app writes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from regie_tui.data import db


def backup_to(conn: sqlite3.Connection, target: Path) -> Path:
    """Copy the open database into ``target`` (created 0600)."""
    db.prepare_file(target)
    dest = sqlite3.connect(target)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    db.secure_files(target)
    return target

"""Helpers for the trust tests: damage a store on purpose, read file modes, count rows."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path


def damage_index(path: Path, index: str = "ix_audit_log_case_id") -> None:
    """Overwrite the root page of an index: quick_check fails, case reads still work."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                            (index,)).fetchone()[0]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()
    with open(path, "r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(b"\x07" * 64)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def scalar(path: Path, sql: str):
    """One value read straight from the file with plain sqlite3, as an outsider would."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def meetings(path: Path) -> int:
    return scalar(path, "SELECT COUNT(*) FROM meeting")

"""Bringing a database file to the current schema, with a backup first."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from regie_tui.data import db
from regie_tui.data.migrations import HEAD

MIGRATIONS = Path(__file__).parent / "migrations"


def current_revision(conn: sqlite3.Connection) -> str | None:
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except db.errors("OperationalError"):
        return None
    return row[0] if row else None


def alembic_config(path: Path):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlite_path", str(path))
    return cfg


def upgrade(path: Path, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(path), revision)


def needs_upgrade(conn: sqlite3.Connection) -> bool:
    return current_revision(conn) != HEAD

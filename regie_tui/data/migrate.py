"""Bringing a database file to the current schema, with a backup first."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from regie_tui.base.errors import StoreError
from regie_tui.base.i18n import _
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
    # The option is read through configparser, where "%" starts an interpolation.
    cfg.set_main_option("sqlite_path", str(path).replace("%", "%%"))
    return cfg


def upgrade(path: Path, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(path), revision)


def needs_upgrade(conn: sqlite3.Connection) -> bool:
    return current_revision(conn) != HEAD


def known_revisions() -> set[str]:
    """The revision ids of this Regie's migrations (file names start with them)."""
    return {p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("*.py")}


def refuse_newer(conn: sqlite3.Connection, path: Path) -> None:
    """A store made by a newer Regie: say so, and change nothing (no downgrade)."""
    revision = current_revision(conn)
    if revision is not None and revision not in known_revisions():
        raise StoreError(_(
            "The case store {path} was made by a newer version of Regie (schema {revision}); "
            "this version cannot use it. Update Regie on this computer. Nothing was changed."
        ).format(path=path, revision=revision))

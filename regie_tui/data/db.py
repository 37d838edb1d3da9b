"""Opening the SQLite file: pragmas, private file modes, transactions.

Two kinds of connection: a plain DB-API connection for the read path (fast,
no ORM import on the way to the first screen) and a SQLAlchemy engine for
commands and migrations. Both get the same pragmas.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from regie_tui.config import private_dir

BUSY_TIMEOUT_MS = 5000
SIDECARS = ("-wal", "-shm", "-journal")


def prepare_file(path: Path) -> None:
    """Create the database file 0600 in a 0700 folder before SQLite touches it."""
    private_dir(path.parent)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)
    secure_files(path)


def secure_files(path: Path) -> None:
    """SQLite gives -wal/-shm the main file's mode; make sure all are 0600."""
    for candidate in (path, *(Path(f"{path}{s}") for s in SIDECARS)):
        with contextlib.suppress(FileNotFoundError):
            os.chmod(candidate, 0o600)


def apply_pragmas(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")


def connect(path: Path) -> sqlite3.Connection:
    """A DB-API connection in autocommit mode; callers BEGIN explicitly."""
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    apply_pragmas(conn)
    return conn


def create_engine(path: Path):
    """SQLAlchemy engine whose transactions start with BEGIN IMMEDIATE.

    Taking the write lock at the start of every transaction means a command
    that read a version number still holds the newest snapshot when it writes;
    otherwise two writers can deadlock on lock upgrade (SQLITE_BUSY_SNAPSHOT).
    """
    import sqlalchemy
    from sqlalchemy import event

    engine = sqlalchemy.create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None
        apply_pragmas(dbapi_conn)

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine

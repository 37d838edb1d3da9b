"""Opening the SQLite file: pragmas, private file modes, transactions.

Two kinds of connection: a plain DB-API connection for the read path (fast,
no ORM import on the way to the first screen) and a SQLAlchemy engine for
commands and migrations. Both get the same pragmas. An encrypted file is
opened through SQLCipher (``data.cipher``), a plain one through ``sqlite3``.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from pathlib import Path

from regie_tui.base.config import private_dir

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


def errors(kind: str = "Error") -> tuple[type[Exception], ...]:
    """``sqlite3``'s exception class ``kind``, and SQLCipher's when it is in use.

    For ``except db.errors("DatabaseError"):`` — evaluated when an exception
    is raised, by which time an encrypted connection has imported SQLCipher.
    """
    found: list[type[Exception]] = [getattr(sqlite3, kind)]
    cipher_dbapi = sys.modules.get("sqlcipher3.dbapi2")
    if cipher_dbapi is not None:
        found.append(getattr(cipher_dbapi, kind))
    return tuple(found)


def apply_pragmas(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    # Sorts and temporary indexes stay in memory, never in a plain temp file.
    conn.execute("PRAGMA temp_store = MEMORY")


def open_file(path: Path, *, key: str | None = None, readonly: bool = False,
              pragmas: bool = True, any_thread: bool = False):
    """A DB-API connection in autocommit mode; callers BEGIN explicitly.

    ``key``: SQLCipher key for a new or empty file (a backup target);
    otherwise an encrypted file is opened with the passphrase given earlier.
    ``any_thread``: for SQLAlchemy's pool, which hands one connection to
    whichever thread runs the next command (one at a time).
    """
    from regie_tui.data import cipher

    if key is None:
        key = cipher.key_spec_of(path)  # None for a plain file
    target, uri = (Path(path).resolve().as_uri() + "?mode=ro", True) if readonly else (path, False)
    options = dict(timeout=BUSY_TIMEOUT_MS / 1000, uri=uri, check_same_thread=not any_thread)
    if key is not None:
        conn = cipher.connect(target, key, **options)
    else:
        conn = sqlite3.connect(target, isolation_level=None, **options)
    if pragmas:
        apply_pragmas(conn)
    return conn


@contextlib.contextmanager
def read_transaction(conn):
    """Every query inside sees one committed state: in autocommit each SELECT sees
    the newest, so a save landing between two of them would show a case version
    newer than its meetings (and a save on that version would not be refused).
    Joins a transaction the caller already holds. For reading only: what is
    written inside is rolled back.
    """
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        # An error that already ended the transaction leaves nothing to end.
        if conn.in_transaction:
            conn.execute("ROLLBACK")


def connect(path: Path) -> sqlite3.Connection:
    """A read-write connection to the store with Regie's pragmas."""
    return open_file(path)


def create_engine(path: Path):
    """SQLAlchemy engine whose transactions start with BEGIN IMMEDIATE.

    Taking the write lock at the start of every transaction means a command
    that read a version number still holds the newest snapshot when it writes;
    otherwise two writers can deadlock on lock upgrade (SQLITE_BUSY_SNAPSHOT).
    """
    import sqlalchemy
    from sqlalchemy import event

    from regie_tui.data import cipher

    # The creator hands out connections made like every other one (the key
    # first, then the pragmas); ``module`` lets SQLAlchemy recognise SQLCipher's
    # exceptions.
    extra = {"module": cipher.module()} if cipher.is_encrypted(path) else {}
    engine = sqlalchemy.create_engine(
        f"sqlite:///{path}", creator=lambda: open_file(path, any_thread=True), **extra)

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine

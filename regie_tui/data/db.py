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
import stat
import sys
from pathlib import Path

from regie_tui.base.errors import StoreError
from regie_tui.base.i18n import _

BUSY_TIMEOUT_MS = 5000
SIDECARS = ("-wal", "-shm", "-journal")


def make_folders(folder: Path) -> None:
    """Create ``folder`` and any missing parents 0700; folders that exist stay as they
    are (a shared 1777 folder, /dev): Regie only closes what it made."""
    missing = []
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            break
        missing.append(candidate)
    for created in reversed(missing):
        with contextlib.suppress(FileExistsError):
            created.mkdir()
            os.chmod(created, 0o700)  # whatever the umask


def refuse_non_file(path: Path) -> None:
    """A store path must be a regular file (or not exist yet): never a folder, a
    device such as /dev/null, a pipe or a socket."""
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return
    if stat.S_ISDIR(mode):
        raise StoreError(_("{path} is a folder, not a case store file. Give the path of the "
                           "store file itself, for example {example}.").format(
                               path=path, example=Path(path) / "regie.sqlite"))
    if not stat.S_ISREG(mode):
        raise StoreError(_("{path} is not a regular file (it is a device, a pipe or a "
                           "socket), so it cannot be a case store. Nothing was changed.")
                         .format(path=path))


def prepare_file(path: Path) -> None:
    """Create the database file 0600 (in folders Regie makes 0700) before SQLite does.

    An existing file is left alone: opening and closing it here would drop the
    locks SQLite holds on it in this process (see ``cipher._held``).
    """
    path = Path(path)
    refuse_non_file(path)
    make_folders(path.parent)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    os.close(fd)  # a new, empty file: no connection can hold a lock on it yet
    secure_files(path)


def secure_files(path: Path) -> None:
    """SQLite gives -wal/-shm the main file's mode; make sure all are 0600.

    Regular files only: a device or anything else is never chmodded.
    """
    for candidate in (path, *(Path(f"{path}{s}") for s in SIDECARS)):
        with contextlib.suppress(FileNotFoundError, NotADirectoryError):
            if stat.S_ISREG(os.lstat(candidate).st_mode):
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


class StoreBusy(StoreError):
    """Another process held the write lock longer than the busy timeout."""


def is_busy(exc: BaseException) -> bool:
    """SQLite's "database is locked" (SQLITE_BUSY), also wrapped by SQLAlchemy."""
    inner = getattr(exc, "orig", None) or exc
    if not isinstance(inner, errors("OperationalError")):
        return False
    name = getattr(inner, "sqlite_errorname", "") or ""
    return name.startswith("SQLITE_BUSY") or "database is locked" in str(inner)


@contextlib.contextmanager
def busy_said_plainly():
    """Turn a write lock held too long by another process into ``StoreBusy``
    (nothing was written: the transaction could not start or was rolled back)."""
    try:
        yield
    except Exception as exc:
        if is_busy(exc):
            raise StoreBusy(_("The case store is busy: another Regie is saving. Nothing "
                              "was saved; try again in a moment.")) from None
        raise


def apply_pragmas(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    # Sorts and temporary indexes stay in memory, never in a plain temp file.
    conn.execute("PRAGMA temp_store = MEMORY")


def open_file(path: Path, *, key: str | None = None, readonly: bool = False,
              pragmas: bool = True, any_thread: bool = False, immutable: bool = False):
    """A DB-API connection in autocommit mode; callers BEGIN explicitly.

    ``key``: SQLCipher key for a new or empty file (a backup target);
    otherwise an encrypted file is opened with the passphrase given earlier.
    ``any_thread``: for SQLAlchemy's pool, which hands one connection to
    whichever thread runs the next command (one at a time).
    ``immutable`` (with ``readonly``): a file nobody writes (a backup); SQLite then
    takes no locks and creates no -wal/-shm next to it.
    """
    from regie_tui.data import cipher

    if key is None:
        key = cipher.key_spec_of(path)  # None for a plain file
    if readonly:
        query = "?mode=ro&immutable=1" if immutable else "?mode=ro"
        target, uri = Path(path).resolve().as_uri() + query, True
    else:
        target, uri = path, False
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

"""A psycopg 3 connection that runs the read path's SQLite-style SQL unchanged.

The facts loader and the views write ``?`` and ``:name`` placeholders and read
dates as ISO text (how SQLite stores them). Here each statement string is
translated once (cached) to psycopg's ``%s`` / ``%(name)s``, and dates are
loaded as their ISO text, so those modules need no second copy of their SQL.
"""

from __future__ import annotations

import re
import select
import threading
import time
from functools import lru_cache

import psycopg
from psycopg.pq import TransactionStatus
from psycopg.types.string import TextLoader

# String literals and quoted identifiers are copied as they are; ``::`` is a
# cast; ``?``, ``:name`` and a bare ``%`` are what needs translating.
_TOKENS = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|::|\?|:([A-Za-z_]\w*)|%")


@lru_cache(maxsize=1024)
def translate(sql: str) -> str:
    def one(match: re.Match) -> str:
        token = match.group(0)
        if token == "?":
            return "%s"
        if token == "%":
            return "%%"
        if match.group(1):
            return f"%({match.group(1)})s"
        return token

    return _TOKENS.sub(one, sql)


class Connection:
    """The part of ``sqlite3.Connection`` the read path uses, on psycopg. Closing
    one that came from a ``Pool`` hands the psycopg connection back to it."""

    def __init__(self, conn: psycopg.Connection, pool: Pool | None = None) -> None:
        self._conn = conn
        self._pool = pool

    @property
    def raw(self) -> psycopg.Connection:
        return self._conn

    @property
    def in_transaction(self) -> bool:
        return self._conn.info.transaction_status != TransactionStatus.IDLE

    def execute(self, sql: str, params=()):
        # Parameters always given (an empty tuple too), so ``%%`` always means ``%``.
        return self._conn.execute(translate(sql), params)

    def executemany(self, sql: str, rows):
        cur = self._conn.cursor()
        cur.executemany(translate(sql), rows)
        return cur

    def commit(self) -> None:
        self._conn.commit()

    def rollback(self) -> None:
        self._conn.rollback()

    def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.put(self._conn)  # once: a second close() must not hand it back again
        elif not self._conn.closed:
            self._conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Pool:
    """The read connections of one store, kept open between reads.

    Each ``Store.read()`` used to open a connection: TCP, authentication and the
    session settings, for every key press that reads. Here a closed read hands
    its connection back and the next read takes it (its server-side prepared
    statements too). Thread-safe: a worker thread and the UI thread each take
    their own. Only a connection back in its idle state is kept (a read that
    failed mid-transaction is not). One the server ended meanwhile (a restart)
    is noticed without a round trip and replaced; one unused for a while is asked
    a ``SELECT 1`` first (a network that went away says nothing).
    """

    #: Idle connections kept; the app reads from at most a few threads at once.
    KEEP = 4
    #: A connection idle longer than this is checked before it is handed out.
    CHECK_AFTER_SECONDS = 5.0

    def __init__(self, url: str) -> None:
        self.url = url
        self._idle: list[tuple[psycopg.Connection, float]] = []
        self._lock = threading.Lock()
        self._closed = False
        self.opened = 0  # connections made, for the tests and the benchmark

    def get(self) -> Connection:
        while True:
            with self._lock:
                conn, since = self._idle.pop() if self._idle else (None, 0.0)
                if conn is None:
                    self.opened += 1
            if conn is None:
                return Connection(_open(self.url), self)
            if _has_news(conn):
                # An idle read connection is sent nothing unless the server ends
                # it (restart, pg_terminate_backend): its farewell is waiting.
                conn.close()
                continue
            if time.monotonic() - since > self.CHECK_AFTER_SECONDS:
                try:
                    conn.execute("SELECT 1")
                except psycopg.Error:
                    conn.close()
                    continue
            return Connection(conn, self)

    def put(self, conn: psycopg.Connection) -> None:
        keep = (not conn.closed and not conn.broken
                and conn.info.transaction_status == TransactionStatus.IDLE)
        with self._lock:
            if keep and not self._closed and len(self._idle) < self.KEEP:
                self._idle.append((conn, time.monotonic()))
                return
        conn.close()

    def close(self) -> None:
        """Close every idle connection; one still in use is closed when it comes back
        (a read after this opens a connection and closes it again)."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for conn, _since in idle:
            conn.close()


def hidden_caseload_reviews(conn: Connection) -> frozenset[int]:
    """Consultants whose caseload reviews the login may not read (the same function
    as the read policy on ``meeting``: data/team/schema.py)."""
    return frozenset(r[0] for r in conn.execute(
        "SELECT id FROM consultant WHERE NOT regie_reads_caseload_reviews(id, current_user)"))


def _has_news(conn: psycopg.Connection) -> bool:
    try:
        return bool(select.select([conn.fileno()], [], [], 0)[0])
    except (OSError, ValueError, psycopg.Error):
        return True


def _open(url: str) -> psycopg.Connection:
    conn = psycopg.connect(url, autocommit=True)
    conn.adapters.register_loader("date", TextLoader)
    conn.execute("SET default_transaction_isolation = 'repeatable read'")
    return conn


def connect(url: str, *, readonly: bool = False) -> Connection:
    """A connection of its own (not from a pool). Autocommit, like the SQLite read
    connection; an explicit BEGIN sees one snapshot (REPEATABLE READ), as a SQLite
    read transaction does."""
    conn = _open(url)
    if readonly:
        conn.execute("SET default_transaction_read_only = on")
    return Connection(conn)

"""A psycopg 3 connection that runs the read path's SQLite-style SQL unchanged.

The facts loader and the views write ``?`` and ``:name`` placeholders and read
dates as ISO text (how SQLite stores them). Here each statement string is
translated once (cached) to psycopg's ``%s`` / ``%(name)s``, and dates are
loaded as their ISO text, so those modules need no second copy of their SQL.
"""

from __future__ import annotations

import re
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
    """The part of ``sqlite3.Connection`` the read path uses, on psycopg."""

    def __init__(self, conn: psycopg.Connection) -> None:
        self._conn = conn

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
        self._conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def hidden_caseload_reviews(conn: Connection) -> frozenset[int]:
    """Consultants whose caseload reviews the login may not read (the same function
    as the read policy on ``meeting``: data/team/schema.py)."""
    return frozenset(r[0] for r in conn.execute(
        "SELECT id FROM consultant WHERE NOT regie_reads_caseload_reviews(id, current_user)"))


def connect(url: str, *, readonly: bool = False) -> Connection:
    """Autocommit, like the SQLite read connection; an explicit BEGIN sees one snapshot
    (REPEATABLE READ), as a SQLite read transaction does."""
    conn = psycopg.connect(url, autocommit=True)
    conn.adapters.register_loader("date", TextLoader)
    conn.execute("SET default_transaction_isolation = 'repeatable read'")
    if readonly:
        conn.execute("SET default_transaction_read_only = on")
    return Connection(conn)

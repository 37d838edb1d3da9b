"""One seam for the two engines a store can live on.

A store is a SQLite file (one consultant, the demo) or a PostgreSQL database
(a team store, named by a ``postgresql://`` URL). Everything that differs
between them lives in this package, one module per engine behind the small
interface of ``base.Engine``: opening a read connection, the SQLAlchemy
engine, which errors mean "busy" or "refused", locking a case for a change,
appending to the audit log, who the user is, checking the schema, and what is
done to files. Screens, rules, commands and the facts loader never ask which
engine they run on.
"""

from __future__ import annotations

from pathlib import Path

from regie_tui.data.engines.base import AccessRefused, Engine

__all__ = ["AccessRefused", "Engine", "for_session", "for_target", "hidden_caseload_reviews",
           "is_url", "keeps_sync_conflicts"]

URL_SCHEMES = ("postgresql://", "postgres://")


def is_url(target) -> bool:
    """A team store's URL (kept as typed: a ``Path`` would fold its ``//``)."""
    return isinstance(target, str) and target.startswith(URL_SCHEMES)


def for_target(target: str | Path) -> Engine:
    """The engine of a store: a file path, or a ``postgresql://`` URL."""
    if is_url(target):
        from regie_tui.data.engines.postgres import PostgresEngine

        return PostgresEngine(target)
    from regie_tui.data.engines.sqlite import SqliteEngine

    return SqliteEngine(Path(target))


def for_session(session):
    """The engine module serving a SQLAlchemy session (for code given only the session,
    such as ``audit.append``)."""
    import importlib

    return importlib.import_module(
        f"regie_tui.data.engines.{_MODULES[session.get_bind().dialect.name]}")


def hidden_caseload_reviews(conn) -> frozenset[int]:
    """The consultants whose caseload reviews the read connection ``conn`` may not
    read: none in a store file; on a team store all but the login's own, unless the
    login is the behavioural scientist. Their facts say the reviews are unknown,
    so no rule calls them missing."""
    import sys

    # A team store's connection comes from dbapi_pg; if that module was never
    # imported, this is a store file's (sqlite3 or sqlcipher3), and psycopg stays
    # unimported on its start-up.
    pg = sys.modules.get("regie_tui.data.engines.dbapi_pg")
    if pg is not None and isinstance(conn, pg.Connection):
        return pg.hidden_caseload_reviews(conn)
    return frozenset()


def keeps_sync_conflicts(conn) -> bool:
    """Whether ``conn`` reads a store that may hold synchronisation conflicts: a
    store file (a copy of a team store is one). A team store holds none and
    does not grant the table to its members (issue 18)."""
    import sys

    pg = sys.modules.get("regie_tui.data.engines.dbapi_pg")
    return pg is None or not isinstance(conn, pg.Connection)


# SQLAlchemy's dialect name -> the module here.
_MODULES = {"sqlite": "sqlite", "postgresql": "postgres"}

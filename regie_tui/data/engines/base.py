"""The interface each engine module implements (``sqlite.py``, ``postgres.py``)."""

from __future__ import annotations

import contextlib
from contextlib import AbstractContextManager
from dataclasses import dataclass

from regie_tui.base.errors import StoreError


class AccessRefused(StoreError):
    """The store's access rules do not allow this change; nothing was written."""


@dataclass(frozen=True)
class ImportLimits:
    """What the store's access rules let the user import (``Engine.import_limits``)."""

    #: New cases are this consultant's (None: whoever the file names).
    owner_id: int | None = None
    owner_name: str | None = None
    #: The user may create cases at all.
    creates_cases: bool = True
    #: Consultants the file declares may be added (a team's are added by its administrator).
    adds_consultants: bool = True


class Engine:
    """What a ``Store`` asks of the engine it lives on."""

    #: True for a team store: the user is the database login, files are the server's.
    team: bool = False
    #: True when other sessions' changes are announced (``watch_changes``).
    notifies: bool = False

    def __init__(self, target) -> None:
        self.target = target

    def label(self) -> str:
        """The store as messages name it (never a password)."""
        raise NotImplementedError

    def connect(self, *, readonly: bool = False):
        """A DB-API connection in autocommit mode that runs the read path's SQL
        (``?`` and ``:name`` placeholders, dates as ISO text) unchanged."""
        raise NotImplementedError

    def sqlalchemy_engine(self):
        """The SQLAlchemy engine for commands; each transaction holds the write lock it needs."""
        raise NotImplementedError

    def errors_said_plainly(self) -> AbstractContextManager:
        """Turns the engine's "busy" and "refused" errors into StoreBusy / AccessRefused."""
        raise NotImplementedError

    def reads_said_plainly(self) -> AbstractContextManager:
        """Around a read the access rules may refuse (the audit log): the refusal as
        AccessRefused with a plain message. A store file refuses no read."""
        return contextlib.nullcontext()

    def case_for_change(self, session, model, case_id: int):
        """The case row, locked against another writer until the transaction ends;
        None when it does not exist; AccessRefused when it may be read, not changed."""
        raise NotImplementedError

    def case_for_addition(self, session, model, case_id: int):
        """The case row, held against another writer's change until the transaction
        ends but not itself changed: for an addition someone who may read the case
        but not change it makes (the duo partner's review). None when it does not
        exist or may not be read."""
        raise NotImplementedError

    def ensure_schema(self, store, backup_dir) -> None:
        """Create or upgrade the schema where the engine allows it; refuse one it cannot use."""
        raise NotImplementedError

    def user(self, store) -> str | None:
        """The consultant the store itself says is working (a team store's login), or None."""
        return None

    def sees_whole_team(self, store) -> bool:
        """Whether the user reads every case of the team (the team overview needs it)."""
        return True

    def watch_changes(self, changed, stop) -> None:
        """Until the event ``stop`` is set, call ``changed(case_ids)`` with the cases
        any session changed (the app shows them again). Blocks: run it in a thread.
        Only when ``notifies``; a store file has one user, who sees their own saves."""
        raise NotImplementedError

    def after_write(self) -> None:
        """Whatever a write leaves to tidy (a file's mode)."""

    def on_close(self) -> None:
        """Whatever closing the store asks of the engine (planner statistics)."""

    def file_operations_refused(self, what: str) -> str | None:
        """Why ``what`` (backup, restore, encrypt) cannot be done on this store, or None."""
        return None

    # -- a writing path on a DB-API connection (the importer) --------------------
    def begin_write(self, conn) -> None:
        """Start the transaction of a bulk write on ``store.writing()``'s connection."""
        raise NotImplementedError

    def new_ids(self, conn, table: str):
        """An iterator of ids for new rows of ``table`` that no other writer takes."""
        raise NotImplementedError

    def insert_rows(self, conn, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        """Insert many rows of ``table`` in the caller's transaction, as fast as the
        engine allows."""
        from regie_tui.data import bulk

        bulk.executemany(conn, table, columns, rows)

    def append_audit_rows(self, conn, entries: list[dict]) -> None:
        """Extend the audit chain in the caller's transaction by ``entries`` (dicts of
        ``data.audit.FIELDS``)."""
        raise NotImplementedError

    def import_limits(self, conn) -> ImportLimits:
        """What the user may import (a store file: anything)."""
        return ImportLimits()

    def hidden_codes(self, conn, codes: list[str]) -> set[str]:
        """Those of ``codes`` that cases have which the user may not read (they cannot
        be imported again)."""
        return set()

    def cases_for_change(self, conn, ids: list[int]) -> set[int]:
        """Lock the cases ``ids`` for a change to the transaction's end; those the
        user may change (the others they may only read)."""
        raise NotImplementedError

    # -- the audit log -------------------------------------------------------------
    def audit_unprotected(self, conn) -> list[str]:
        """The append-only protections of the audit log that are gone (names)."""
        raise NotImplementedError

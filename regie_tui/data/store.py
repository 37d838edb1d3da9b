"""The case store: opening the file, the queries screens need, and sessions.

Write commands live in ``data.commands``; they use :meth:`Store.session`.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path

from regie_tui.base.clock import Clock
from regie_tui.base.errors import NotFoundError, StoreError
from regie_tui.base.i18n import _
from regie_tui.data import db, engines, facts_loader
from regie_tui.rules.facts import CaseFacts, Caseload


class Store:
    """One case store: a SQLite file, or a team store on PostgreSQL (``data.engines``
    holds what differs). Cheap to create: no engine until a write needs one."""

    def __init__(self, path: Path | str, clock: Clock | None = None, actor: str = "system",
                 device: str | None = None):
        self.backend = engines.for_target(path)
        # A file's Path, or a team store's URL.
        self.path = self.backend.target
        self.clock = clock or Clock()
        self.actor = actor
        self._device = device
        self._engine = None
        self._lock = threading.Lock()
        # Set when the file failed its check on opening (data.health): reading
        # stays possible, every write is refused with this message.
        self.blocked: str | None = None
        self._copy: bool | None = None

    # -- opening ---------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str, clock: Clock | None = None, actor: str = "system",
             backup_dir: Path | None = None) -> Store:
        """Open (and create or upgrade) the store at ``path``.

        On a team store the user is the database login: ``actor`` is replaced by
        the consultant whose login it is (refused when there is none).
        """
        store = cls(path, clock, actor)
        store.ensure_schema(backup_dir)
        user = store.backend.user(store)
        if user is not None:
            store.actor = user
        elif store.is_copy:
            # A copy of the team store works as the consultant it was taken for
            # (regie_tui.sync): what it records is replayed as that login.
            store.actor = store.sync_value("consultant") or store.actor
        return store

    @property
    def team(self) -> bool:
        """A team store: the login is the user; files are the server's business."""
        return self.backend.team

    def sees_whole_team(self) -> bool:
        """Whether the user reads every case (a team store's access rules may say no)."""
        return self.backend.sees_whole_team(self)

    def ensure_schema(self, backup_dir: Path | None = None) -> None:
        self.backend.ensure_schema(self, backup_dir)

    @property
    def is_copy(self) -> bool:
        """A copy of a team store taken along on a laptop (regie_tui.sync): its
        commands are recorded in its outbox; asked once per Store."""
        if self._copy is None:
            self._copy = not self.team and self.sync_value("team_url") is not None
        return self._copy

    def sync_value(self, key: str) -> str | None:
        """A value of ``sync_state`` (only a copy has any)."""
        with self.read() as conn:
            try:
                row = conn.execute("SELECT value FROM sync_state WHERE key = ?",
                                   (key,)).fetchone()
            except db.errors("OperationalError"):  # a store before migration 0006
                return None
        return row[0] if row else None

    @property
    def device(self) -> str:
        if self._device is None:
            from regie_tui.data.audit import device_name

            self._device = device_name()
        return self._device

    # -- reading ---------------------------------------------------------
    @contextmanager
    def read(self):
        """A short-lived DB-API connection; safe to use from a worker thread.

        On a blocked (damaged) store it is a read-only one: a writing path that
        forgot to ask ``writing()`` still cannot change the file.
        """
        conn = self.backend.connect(readonly=bool(self.blocked))
        try:
            yield conn
        finally:
            conn.close()

    def require_writable(self) -> None:
        """Refuse, with the reason, when the store was opened read-only (damaged)."""
        if self.blocked:
            raise StoreError(self.blocked)

    @contextmanager
    def writing(self):
        """A DB-API connection for a writing path that runs its own transaction
        (the importer): refused on a blocked store, a held lock said plainly."""
        self.require_writable()
        if self.is_copy:  # these paths bypass the commands, so the outbox too
            raise StoreError(_("This is done on the team store, not on a copy taken along. "
                               "Nothing was changed."))
        with self.read() as conn, self.backend.errors_said_plainly():
            yield conn

    @contextmanager
    def snapshot(self):
        """A read connection whose queries all see one committed state."""
        with self.read() as conn, db.read_transaction(conn):
            yield conn

    def load_caseload(self) -> Caseload:
        with self.read() as conn:
            return facts_loader.load(conn, as_of=self.clock.today())

    def load_case(self, case_id: int) -> CaseFacts:
        with self.read() as conn:
            cases = facts_loader.load(conn, [case_id], as_of=self.clock.today()).cases
            if not cases:  # gone, or (--today in the past) not yet opened
                raise facts_loader.not_found(conn, case_id, self.clock.today())
        return cases[0]

    def case_id_for_code(self, code: str) -> int:
        with self.read() as conn:
            row = conn.execute("SELECT id FROM care_case WHERE code = ?", (code,)).fetchone()
        if row is None:
            raise NotFoundError(_("There is no case with code {code}.").format(code=code))
        return row[0]

    def consultants(self) -> list[tuple[int, str, str]]:
        """(id, name, role) of every consultant, by name."""
        with self.read() as conn:
            return list(conn.execute("SELECT id, name, role FROM consultant ORDER BY name"))

    def consultant_id(self, name: str) -> int | None:
        with self.read() as conn:
            row = conn.execute("SELECT id FROM consultant WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def meta(self, key: str) -> str | None:
        with self.read() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    # -- writing ---------------------------------------------------------
    @property
    def engine(self):
        with self._lock:
            if self._engine is None:
                self._engine = self.backend.sqlalchemy_engine()
            return self._engine

    @contextmanager
    def session(self):
        """One transaction holding the write lock (BEGIN IMMEDIATE on a file):
        committed on success, rolled back on error."""
        from sqlmodel import Session

        self.require_writable()
        with (self.backend.errors_said_plainly(),
              Session(self.engine, expire_on_commit=False) as session, session.begin()):
            if self.is_copy:
                from sqlalchemy import event

                from regie_tui.data.outbox import give_local_ids

                event.listen(session, "before_flush",
                             lambda s, _ctx, _objs: give_local_ids(s))
            yield session
        self.backend.after_write()

    def close(self) -> None:
        # Not on a damaged store: that takes no writes, statistics included.
        if not self.blocked:
            self.backend.on_close()
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

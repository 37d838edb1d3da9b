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
from regie_tui.data import db, facts_loader, migrate
from regie_tui.rules.facts import CaseFacts, Caseload


class Store:
    """One SQLite case store. Cheap to create: no engine until a write needs one."""

    def __init__(self, path: Path, clock: Clock | None = None, actor: str = "system",
                 device: str | None = None):
        self.path = Path(path)
        self.clock = clock or Clock()
        self.actor = actor
        self._device = device
        self._engine = None
        self._lock = threading.Lock()
        # Set when the file failed its check on opening (data.health): reading
        # stays possible, every write is refused with this message.
        self.blocked: str | None = None

    # -- opening ---------------------------------------------------------
    @classmethod
    def open(cls, path: Path, clock: Clock | None = None, actor: str = "system",
             backup_dir: Path | None = None) -> Store:
        """Open (and create or upgrade) the store at ``path``."""
        store = cls(path, clock, actor)
        store.ensure_schema(backup_dir)
        return store

    def ensure_schema(self, backup_dir: Path | None = None) -> None:
        existed = self.path.exists() and self.path.stat().st_size > 0
        db.prepare_file(self.path)
        try:
            with self.read() as conn:
                migrate.refuse_newer(conn, self.path)
                behind = migrate.needs_upgrade(conn)
                if behind and existed and migrate.current_revision(conn) is not None:
                    from regie_tui.data import cipher
                    from regie_tui.data.backup import backup_to

                    folder = backup_dir or self.path.parent / "backups"
                    stamp = self.clock.today().isoformat()
                    rev = migrate.current_revision(conn)
                    backup_to(conn, folder / f"{self.path.stem}-before-upgrade-{rev}-{stamp}.sqlite",
                              cipher.key_spec_of(self.path))
        except db.errors("DatabaseError") as exc:
            raise StoreError(_("The file {path} is not a Regie store.").format(path=self.path)) from exc
        if behind:
            migrate.upgrade(self.path)
            with self.read() as conn:
                conn.execute("ANALYZE")
        db.secure_files(self.path)

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
        conn = db.open_file(self.path, readonly=True) if self.blocked else db.connect(self.path)
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
        with self.read() as conn, db.busy_said_plainly():
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
                self._engine = db.create_engine(self.path)
            return self._engine

    @contextmanager
    def session(self):
        """One transaction (BEGIN IMMEDIATE): committed on success, rolled back on error."""
        from sqlmodel import Session

        self.require_writable()
        with (db.busy_said_plainly(),
              Session(self.engine, expire_on_commit=False) as session, session.begin()):
            yield session
        db.secure_files(self.path)

    def close(self) -> None:
        # SQLite's advice for long-lived connections: refresh planner statistics
        # where they went stale, so the facts queries keep their index plans.
        # Not on a damaged store: that takes no writes, statistics included.
        if not self.blocked:
            with self.read() as conn:
                conn.execute("PRAGMA optimize")
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

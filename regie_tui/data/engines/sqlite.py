"""A store file on SQLite (``data.db`` holds the file handling and pragmas)."""

from __future__ import annotations

from pathlib import Path

from regie_tui.base.errors import StoreError
from regie_tui.base.i18n import _
from regie_tui.data import db
from regie_tui.data.engines.base import Engine


class SqliteEngine(Engine):
    team = False

    def __init__(self, path: Path) -> None:
        super().__init__(Path(path))

    def label(self) -> str:
        return str(self.target)

    def connect(self, *, readonly: bool = False):
        return db.open_file(self.target, readonly=True) if readonly else db.connect(self.target)

    def sqlalchemy_engine(self):
        return db.create_engine(self.target)  # transactions start with BEGIN IMMEDIATE

    def errors_said_plainly(self):
        return db.busy_said_plainly()

    def case_for_change(self, session, model, case_id: int):
        # BEGIN IMMEDIATE already holds the file's write lock: nobody else can
        # change the row between this read and the commit.
        return session.get(model, case_id)

    def case_for_addition(self, session, model, case_id: int):
        return session.get(model, case_id)  # BEGIN IMMEDIATE holds the lock, as above

    def ensure_schema(self, store, backup_dir: Path | None = None) -> None:
        from regie_tui.data import migrate

        path = self.target
        existed = path.exists() and path.stat().st_size > 0
        db.prepare_file(path)
        try:
            with store.read() as conn:
                migrate.refuse_newer(conn, path)
                behind = migrate.needs_upgrade(conn)
                if behind and existed and migrate.current_revision(conn) is not None:
                    from regie_tui.data import cipher
                    from regie_tui.data.backup import backup_to

                    folder = backup_dir or path.parent / "backups"
                    stamp = store.clock.today().isoformat()
                    rev = migrate.current_revision(conn)
                    backup_to(conn, folder / f"{path.stem}-before-upgrade-{rev}-{stamp}.sqlite",
                              cipher.key_spec_of(path))
        except db.errors("DatabaseError") as exc:
            raise StoreError(_("The file {path} is not a Regie store.").format(path=path)) from exc
        if behind:
            migrate.upgrade(path)
            with store.read() as conn:
                conn.execute("ANALYZE")
        db.secure_files(path)

    def after_write(self) -> None:
        db.secure_files(self.target)

    def begin_write(self, conn) -> None:
        conn.execute("BEGIN IMMEDIATE")  # the file's write lock, from the first read on

    def new_ids(self, conn, table: str):
        import itertools

        # The write lock is held: nobody else hands out ids until the commit.
        start = conn.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}").fetchone()[0]
        return itertools.count(start)

    def append_audit_rows(self, conn, entries: list[dict]) -> None:
        from regie_tui.data import audit

        audit.append_raw_many(conn, entries)

    def cases_for_change(self, conn, ids: list[int]) -> set[int]:
        return set(ids)  # BEGIN IMMEDIATE holds the whole file

    def audit_unprotected(self, conn) -> list[str]:
        from regie_tui.data import audit

        return audit.missing_protection(conn)

    def on_close(self) -> None:
        # SQLite's advice for long-lived connections: refresh planner statistics
        # where they went stale, so the facts queries keep their index plans.
        conn = db.connect(self.target)
        try:
            conn.execute("PRAGMA optimize")
        finally:
            conn.close()


def append_audit(session, **fields):
    """An ORM insert; the transaction's BEGIN IMMEDIATE serialises the chain."""
    from regie_tui.data import audit

    return audit.insert_entry(session, **fields)

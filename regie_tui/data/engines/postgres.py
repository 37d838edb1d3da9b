"""A team store on PostgreSQL: the user is the database login, access is the server's.

Row-level security and column grants (``data/team/schema.py``) decide what a
member sees and changes; this module makes their refusals plain messages,
locks a case row for a change (``SELECT … FOR UPDATE``: under READ COMMITTED
two commands would otherwise both pass the version check), appends to the
audit log through ``regie_audit`` (members cannot read the log, so the chain
is extended by the database, under its advisory lock, with the real login),
and names the consultant whose ``login`` is ``current_user``.
"""

from __future__ import annotations

import contextlib
import threading

from regie_tui.base.errors import StoreError
from regie_tui.base.i18n import _
from regie_tui.data.db import StoreBusy
from regie_tui.data.engines.base import AccessRefused, Engine

# How long a command waits for a row another member's command holds, like
# SQLite's busy timeout; then it is "busy", nothing written.
LOCK_TIMEOUT_MS = 5000

# How often the change listener hands on what arrived (a burst comes as one set),
# and waits before listening again after the server went away.
WATCH_BATCH_SECONDS = 0.3
WATCH_RECONNECT_SECONDS = 2.0

# The change listener: how it names itself to the server (pg_stat_activity), and
# what it reads after an announcement (the changes to cases the login may read).
LISTENER_NAME = "regie-tui listener"
LATEST_CHANGE_SQL = "SELECT coalesce(max(seq), 0) FROM regie_case_change"
CHANGES_SQL = "SELECT seq, case_id FROM regie_case_change WHERE seq > %s ORDER BY seq"

# SQLSTATEs: serialization_failure, deadlock_detected, lock_not_available.
_BUSY = {"40001", "40P01", "55P03"}
_REFUSED = {"42501"}  # insufficient_privilege, also a row-level security refusal


def sqlalchemy_url(url: str) -> str:
    """The psycopg 3 driver for a ``postgresql://`` URL."""
    scheme, rest = url.split("://", 1)
    return f"postgresql+psycopg://{rest}"


def _refused() -> AccessRefused:
    return AccessRefused(_("The team store's access rules do not let you make this change. "
                           "Nothing was saved."))


def _read_only_case() -> AccessRefused:
    return AccessRefused(_("You can read this case but not change it: only its process "
                           "director can (or a colleague who broke the glass for it today). "
                           "Nothing was saved."))


def _not_a_member(login: str, store: str) -> StoreError:
    return StoreError(_("The login {login} is not a member of the team store {store}: "
                        "the administrator adds members with regie-tui team add.").format(
                            login=login, store=store))


def _busy() -> StoreBusy:
    return StoreBusy(_("The team store is busy: a colleague is saving the same case. Nothing "
                       "was saved; try again in a moment."))


def _sqlstate(exc: BaseException) -> str | None:
    inner = getattr(exc, "orig", None) or exc
    return getattr(inner, "sqlstate", None)


class PostgresEngine(Engine):
    team = True
    notifies = True
    _whole_team: bool | None = None

    def __init__(self, target: str) -> None:
        super().__init__(target)
        # The read connections, kept between reads (dbapi_pg.Pool); made on the
        # first read, closed by Store.close().
        self._pool = None
        self._pool_lock = threading.Lock()

    def label(self) -> str:
        from regie_tui.base.config import store_label

        return store_label(self.target)  # never the password

    def connect(self, *, readonly: bool = False):
        from regie_tui.data.engines import dbapi_pg

        try:
            if readonly:  # its own session setting: not one to hand on to the next read
                return dbapi_pg.connect(self.target, readonly=True)
            with self._pool_lock:
                if self._pool is None:
                    self._pool = dbapi_pg.Pool(self.target)
                pool = self._pool
            return pool.get()
        except Exception as exc:
            import psycopg

            if isinstance(exc, psycopg.OperationalError):
                raise StoreError(_("The team store {store} cannot be reached: {reason}").format(
                    store=self.label(), reason=str(exc).strip())) from None
            raise

    def sqlalchemy_engine(self):
        import sqlalchemy

        return sqlalchemy.create_engine(
            sqlalchemy_url(self.target), pool_pre_ping=True,
            connect_args={"options": f"-c lock_timeout={LOCK_TIMEOUT_MS}"})

    @contextlib.contextmanager
    def errors_said_plainly(self):
        from sqlalchemy.orm.exc import StaleDataError

        try:
            yield
        except StaleDataError:
            # An UPDATE that row-level security filtered to 0 rows raises nothing
            # in PostgreSQL; SQLAlchemy notices the missing row. A refusal, never
            # a success.
            raise _refused() from None
        except Exception as exc:
            state = _sqlstate(exc)
            if state in _BUSY:
                raise _busy() from None
            if state in _REFUSED:
                raise _refused() from None
            raise

    @contextlib.contextmanager
    def reads_said_plainly(self):
        try:
            yield
        except Exception as exc:
            if _sqlstate(exc) in _REFUSED:
                raise AccessRefused(_("The team store's access rules do not let you read "
                                      "this.")) from None
            raise

    def case_for_change(self, session, model, case_id: int):
        from sqlalchemy import select

        # FOR UPDATE passes only rows the UPDATE policy lets through: a case the
        # member may read but not change comes back empty.
        case = session.get(model, case_id, with_for_update=True)
        if case is None and session.execute(
                select(model.id).where(model.id == case_id)).first() is not None:
            raise _read_only_case()
        return case

    def case_for_addition(self, session, model, case_id: int):
        from sqlalchemy import text

        # FOR SHARE needs the UPDATE policy too, which a duo partner does not
        # pass; regie_hold_case takes the share lock for anyone who may read the
        # case. A command of the owner holding the row is waited for, so the
        # version read next is the committed one.
        held = session.execute(text("SELECT regie_hold_case(:id)"), {"id": case_id}).scalar()
        return session.get(model, case_id) if held else None

    def ensure_schema(self, store, backup_dir=None) -> None:
        # Members cannot migrate (they own no table): the administrator runs
        # ``team init``. Here: refuse a database that is no team store, or one
        # at another revision than this Regie's.
        from regie_tui.data import migrate
        from regie_tui.data.migrations import HEAD

        with store.read() as conn:
            try:
                kind = conn.execute("SELECT value FROM meta WHERE key = 'store_kind'").fetchone()
                revision = migrate.current_revision(conn)
            except Exception as exc:
                import psycopg

                if isinstance(exc, psycopg.errors.InsufficientPrivilege):
                    raise _not_a_member(conn.execute("SELECT current_user").fetchone()[0],
                                        self.label()) from None
                if not isinstance(exc, psycopg.Error):
                    raise
                kind, revision = None, None
        if kind is None or kind[0] != "team":
            raise StoreError(_("{store} is not a Regie team store: the administrator sets one "
                               "up with regie-tui team init.").format(store=self.label()))
        if revision != HEAD:
            raise StoreError(_("The team store {store} has schema {revision}, not the one this "
                               "version of Regie uses: use the version the team uses, or ask "
                               "the administrator to run regie-tui team init with this one.")
                             .format(store=self.label(), revision=revision))

    def user(self, store) -> str | None:
        with store.read() as conn:
            row = conn.execute("SELECT name FROM consultant WHERE login = current_user"
                               ).fetchone()
            login = conn.execute("SELECT current_user").fetchone()[0]
        if row is None:
            raise _not_a_member(login, self.label())
        return row[0]

    def sees_whole_team(self, store) -> bool:
        # The rules let only the behavioural scientist read every caseload (schema.py).
        # Asked once per run (a key press waits for it): a login's role is set by
        # the administrator, not during someone's session.
        if self._whole_team is None:
            with store.read() as conn:
                self._whole_team = bool(conn.execute(
                    "SELECT pg_has_role(current_user, 'regie_behavioural_scientist', "
                    "'MEMBER')").fetchone()[0])
        return self._whole_team

    def watch_changes(self, changed, stop) -> None:
        # Its own connection, LISTENing to the announcements of the trigger in
        # data/team/schema.py (regie_case_changed). An announcement says only
        # that something changed; which cases is read from regie_case_change as
        # this login, so row-level security hands on only cases it may read.
        import psycopg

        last = None  # the newest change seen (its seq), kept across reconnections
        while not stop.is_set():
            try:
                with psycopg.connect(self.target, autocommit=True,
                                     application_name=LISTENER_NAME) as conn:
                    if last is None:  # before LISTEN, then caught up after it: no gap
                        last = conn.execute(LATEST_CHANGE_SQL).fetchone()[0]
                    conn.execute("LISTEN regie_case")
                    announced = True  # catch up once (a change before LISTEN, an outage)
                    while not stop.is_set():
                        if announced:
                            rows = conn.execute(CHANGES_SQL, (last,)).fetchall()
                            if rows:
                                last = rows[-1][0]
                            ids = {case_id for _seq, case_id in rows}
                            if ids and not stop.is_set():
                                changed(ids)
                        # A burst of announcements within the window is one read.
                        announced = bool(list(conn.notifies(timeout=WATCH_BATCH_SECONDS)))
            except psycopg.Error:
                # The server restarted or the network dropped: listen again when it
                # is back (and read what changed meanwhile); the screens keep what
                # they show until then.
                stop.wait(WATCH_RECONNECT_SECONDS)

    def begin_write(self, conn) -> None:
        # READ COMMITTED, as the commands' sessions: regie_audit reads the chain's
        # head after taking its lock, which under the read connection's REPEATABLE
        # READ would be the head as it was when the transaction began.
        conn.execute("BEGIN ISOLATION LEVEL READ COMMITTED")

    def new_ids(self, conn, table: str):
        # From the table's own sequence (a member sees only some rows, so MAX(id)
        # would hand out ids of rows hidden from them), a growing block at a time.
        sequence = conn.execute("SELECT pg_get_serial_sequence(?, 'id')", (table,)
                                ).fetchone()[0]
        block = 16
        while True:
            for (value,) in conn.execute("SELECT nextval(?) FROM generate_series(1, ?)",
                                         (sequence, block)).fetchall():
                yield value
            block = min(block * 4, 4096)

    def insert_rows(self, conn, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        # Many rows per INSERT: under row-level security each statement costs far
        # more than its rows' checks (measured: 1,500 meetings as a member, 1.14 s
        # by executemany, 0.43 s in blocks), and the server takes 65,535 parameters.
        per = max(1, min(1000, 65_535 // len(columns)))
        one = "(" + ",".join("?" * len(columns)) + ")"
        head = f"INSERT INTO {table} ({','.join(columns)}) VALUES "
        for start in range(0, len(rows), per):
            block = rows[start:start + per]
            conn.execute(head + ",".join([one] * len(block)),
                         [value for row in block for value in row])

    def append_audit_rows(self, conn, entries: list[dict]) -> None:
        # regie_audit sets the time and the login and keeps the chain under its lock.
        conn.executemany("SELECT regie_audit(?, ?, ?, ?, ?)", [
            (e["action"], e["object"], e["device"], e["case_id"], e["case_code"])
            for e in entries])

    def import_limits(self, conn):
        from regie_tui.data.engines.base import ImportLimits

        row = conn.execute("SELECT id, name, pg_has_role(current_user, 'regie_consultant', "
                           "'MEMBER') FROM consultant WHERE login = current_user").fetchone()
        return ImportLimits(owner_id=row[0], owner_name=row[1], creates_cases=bool(row[2]),
                            adds_consultants=False)

    def hidden_codes(self, conn, codes: list[str]) -> set[str]:
        return {code for (code,) in conn.execute(
            "SELECT c FROM unnest(?::text[]) AS t(c) WHERE regie_code_taken(c) "
            "AND NOT EXISTS (SELECT 1 FROM care_case k WHERE k.code = c)", (list(codes),))}

    def cases_for_change(self, conn, ids: list[int]) -> set[int]:
        # FOR UPDATE passes only the rows the UPDATE policy lets through.
        return {case_id for (case_id,) in conn.execute(
            "SELECT id FROM care_case WHERE id = ANY(?) FOR UPDATE", (list(ids),))}

    def audit_unprotected(self, conn) -> list[str]:
        # The trigger of revision 0002 refuses UPDATE, DELETE and TRUNCATE for everyone.
        held = conn.execute("SELECT 1 FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass "
                            "AND tgname = 'audit_log_append_only' AND tgenabled <> 'D'"
                            ).fetchone()
        return [] if held else ["audit_log_append_only"]

    def on_close(self) -> None:
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()

    def file_operations_refused(self, what: str) -> str | None:
        return _("{what} works on a store file, not on a team store: the server's "
                 "administrator backs the team store up with pg_dump (see the README, "
                 "Team store).").format(what=what)


def append_audit(session, *, at: str, actor: str, action: str, object: str, device: str,
                 case_id: int | None = None, case_code: str | None = None) -> None:
    """The database writes the entry: its time, the real login as actor, the chain
    under an advisory lock. ``at`` and ``actor`` are the database's, not the app's."""
    from sqlalchemy import text

    session.execute(text("SELECT regie_audit(:action, :object, :device, :case_id, :case_code)"),
                    dict(action=action, object=object, device=device, case_id=case_id,
                         case_code=case_code))

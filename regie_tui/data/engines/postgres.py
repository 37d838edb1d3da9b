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
from urllib.parse import urlsplit, urlunsplit

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

    def label(self) -> str:
        parts = urlsplit(self.target)
        netloc = parts.hostname or ""
        if parts.username:
            netloc = f"{parts.username}@{netloc}"
        if parts.port:
            netloc = f"{netloc}:{parts.port}"
        return urlunsplit(parts._replace(netloc=netloc))  # never the password

    def connect(self, *, readonly: bool = False):
        from regie_tui.data.engines import dbapi_pg

        try:
            return dbapi_pg.connect(self.target, readonly=readonly)
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
        # Its own connection, LISTENing to the announcements of the triggers in
        # data/team/schema.py (regie_case_changed): case ids, never content.
        import psycopg

        while not stop.is_set():
            try:
                with psycopg.connect(self.target, autocommit=True) as conn:
                    conn.execute("LISTEN regie_case")
                    while not stop.is_set():
                        ids = {int(n.payload) for n in conn.notifies(
                            timeout=WATCH_BATCH_SECONDS) if n.payload.isdigit()}
                        if ids and not stop.is_set():
                            changed(ids)
            except psycopg.Error:
                # The server restarted or the network dropped: listen again when it
                # is back; the screens keep what they show until then.
                stop.wait(WATCH_RECONNECT_SECONDS)

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

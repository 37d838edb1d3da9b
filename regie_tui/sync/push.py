"""Push: replaying a copy's outbox on the team store, each operation exactly once.

For each waiting operation, in the order it was made on the copy:

1. The server is asked whether it knows the operation (``regie_sync_op``): a
   push cut off after the server's commit finds the stored outcome and does
   not run the command again.
2. Otherwise the same command function runs on the team store, as the
   consultant's own login (row-level security, grants and validation apply), in
   its own transaction, and that transaction also inserts the operation's row
   (``data.outbox.replaying``): the change and the server's memory of it commit
   together or not at all.
3. An addition is applied on the server's current version of the case (it
   never conflicts). A change is compared field by field: when the server
   changed none of the fields it sets since the version the copy read (or
   changed them to the same value), it is applied on the current version;
   otherwise it is not applied and kept as a conflict, with the server's
   values and who changed the case last and when.
4. What the server refuses (access ended, a rule) is kept as refused, with the
   server's plain message; it is never dropped.

The copy marks each operation only after the server's outcome is known, so a
crash on either side at any point leaves the operation waiting, and the next
push finds the outcome or applies it then. Ids of rows made offline are never
sent: an operation naming one gets the server's id (``sync_id_map``).
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field

from regie_tui.base.errors import ConflictError, NotFoundError, StoreError, ValidationError
from regie_tui.base.i18n import _
from regie_tui.data import outbox
from regie_tui.data.engines.base import AccessRefused
from regie_tui.sync import outbox_rows as rows
from regie_tui.sync.outbox_rows import Op, Outcome

# A change raced by a colleague's save between reading the version and saving:
# read again and try again, this many times.
RETRIES = 3


@dataclass
class PushReport:
    applied: int = 0
    conflicts: int = 0
    refused: int = 0
    already_done: int = 0  # outcomes the server had stored (a push after a cut)
    case_ids: set[int] = field(default_factory=set)  # cases an operation went to
    waiting: int = 0  # left waiting (the push stopped: server gone, busy)


class ServerGone(StoreError):
    """The team store could not be reached or was busy: the rest stays waiting."""


def push(copy, server) -> PushReport:
    """Replay every waiting operation of ``copy`` on ``server`` (a Store on the team
    store, opened as the copy's login). Stops at the first operation whose outcome
    cannot be known (the server went away); raises ServerGone then."""
    report = PushReport()
    ops = rows.waiting(copy)
    ids = rows.id_map(copy)
    link = _Server(server)
    try:
        _push_all(copy, link, ops, ids, report)
    finally:
        link.close()
    return report


class _Server:
    """The team store as push uses it: commands on the Store, and its reads on one
    connection kept open for the whole push (a team store's ``read()`` opens a new
    one each time: three per operation otherwise)."""

    def __init__(self, store) -> None:
        self.store = store
        self._conn = None

    @contextlib.contextmanager
    def read(self):
        if self._conn is None:
            self._conn = self.store.backend.connect()
        try:
            yield self._conn
        except BaseException:
            self.close()  # a broken connection is not used again
            raise

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.close()
            self._conn = None


def _push_all(copy, server, ops: list[Op], ids, report: PushReport) -> None:
    for position, op in enumerate(ops):
        try:
            outcome = push_one(server, op, ids)
            if outcome.status == "applied":
                outcome.ids = new_ids(copy, server, op, outcome.detail)
        except ServerGone:
            report.waiting = len(ops) - position
            raise
        rows.mark(copy, op, outcome, copy.clock.now().isoformat(timespec="seconds"))
        for table, pairs in outcome.ids.items():
            ids.setdefault(table, {}).update(pairs)
        if op.case_id is not None:
            report.case_ids.add(op.case_id)
        if outcome.replayed:
            report.already_done += 1
        if outcome.status == "applied":
            report.applied += 1
        elif outcome.status == "conflict":
            report.conflicts += 1
        else:
            report.refused += 1


def push_one(server, op: Op, ids: dict[str, dict[int, int]]) -> Outcome:
    try:
        stored = _stored(server, op.op_id)
        if stored is not None:
            return stored
        spec = op.spec
        if spec is None or op.command_version > outbox.COMMAND_VERSION:
            return _refuse(server, op, _("This version of Regie on the team store does not "
                                         "know this operation; it was not applied."))
        args = dict(op.args)
        missing = _server_ids(spec, args, ids)
        if missing:
            return _refuse(server, op, _("This built on something made offline that was not "
                                         "applied, so it was not applied either."))
        for _attempt in range(RETRIES):
            current = _current(server, op.case_id, spec, args)
            if current is None:
                return _refuse(server, op, _("This case is no longer yours on the team store "
                                             "(transferred, or your access ended)."))
            if spec.kind == outbox.CHANGE and current["version"] != op.base_version:
                differing = _differing(op, current)
                if differing:
                    return _conflict(server, op, differing)
            args["expected_version"] = current["version"]
            try:
                return _apply(server, op, spec, args)
            except ConflictError:
                continue  # a colleague saved in between: read the case again
            except (ValidationError, NotFoundError, AccessRefused) as exc:
                return _refuse(server, op, str(exc))
            except _GONE:
                raise
            except _REJECTED as exc:
                # A second push of this operation at the same time (its row's key),
                # or a rule of the database itself: never retried for ever, which
                # would hold up every operation after it.
                stored = _stored(server, op.op_id)
                if stored is not None:
                    return stored
                return _refuse(server, op, _("The team store refused this operation: "
                                             "{reason}").format(reason=_reason(exc)))
        raise ServerGone(_("The team store is busy with this case; try again in a moment."))
    except ServerGone:
        raise
    except StoreError as exc:  # StoreBusy too: the rest waits for the next sync
        raise ServerGone(str(exc)) from None
    except _GONE as exc:
        raise ServerGone(_("The connection to the team store was lost ({reason}); what was "
                           "not confirmed stays waiting.").format(reason=type(exc).__name__)
                         ) from None


def _gone_errors() -> tuple[type[BaseException], ...]:
    """The connection broke (cut, server stopped): the outcome may be unknown."""
    import psycopg
    import sqlalchemy.exc

    return (psycopg.OperationalError, psycopg.InterfaceError, sqlalchemy.exc.OperationalError,
            sqlalchemy.exc.InterfaceError)


def _rejected_errors() -> tuple[type[BaseException], ...]:
    """The database refused the statement (a constraint, a duplicate key)."""
    import psycopg
    import sqlalchemy.exc

    return (psycopg.DatabaseError, sqlalchemy.exc.DBAPIError)


_GONE = _gone_errors()
_REJECTED = _rejected_errors()


def _reason(exc: BaseException) -> str:
    inner = getattr(exc, "orig", None) or exc
    diag = getattr(inner, "diag", None)
    return (getattr(diag, "message_primary", None) or type(inner).__name__)[:300]


def _stored(server, op_id: str) -> Outcome | None:
    with server.read() as conn:
        row = conn.execute("SELECT outcome, detail FROM regie_sync_op WHERE op_id = ?",
                           (op_id,)).fetchone()
    if row is None:
        return None
    detail = row[1] if isinstance(row[1], dict) else json.loads(row[1] or "{}")
    return Outcome(row[0], detail, replayed=True)


def _server_ids(spec: outbox.Spec, args: dict, ids: dict[str, dict[int, int]]) -> list[str]:
    """Rewrite the arguments naming rows made offline to the server's ids; the names
    of those that have none (their operation was not applied)."""
    missing = []
    for name, table in spec.refs.items():
        value = args.get(name)
        known = ids.get(table, {})
        if isinstance(value, int):
            args[name] = _server_id(value, known, missing, name)
        elif isinstance(value, (list, tuple)):
            args[name] = tuple(_server_id(v, known, missing, name) for v in value)
    return missing


def _server_id(local: int, known: dict[int, int], missing: list[str], name: str) -> int:
    if local < outbox.LOCAL_ID_BASE:
        return local  # a row the server made (copied at take or pull)
    if local not in known:
        missing.append(name)
        return local
    return known[local]


def _current(server, case_id: int | None, spec: outbox.Spec, args: dict) -> dict | None:
    """The case's version and, for a change, the values of the fields it sets on
    the server (of the case row, of the row it names, or the content its
    ``Spec.read`` reads), encoded like the copy's
    ``base_fields``; None when the login can no longer read the case."""
    if case_id is None:
        return None
    fields = spec.fields if spec.kind == outbox.CHANGE else ()
    with server.read() as conn:
        row = conn.execute("SELECT version FROM care_case WHERE id = ?", (case_id,)).fetchone()
        if row is None:
            return None
        current = {"version": row[0]}
        if not fields:
            return current
        if spec.read is not None:  # content of several rows (a draft's goals …)
            current.update(spec.read(lambda sql, params: conn.execute(sql, params).fetchall(),
                                     args))
            return current
        table, key = ("care_case", case_id) if spec.row is None else (
            spec.row[0], args.get(spec.row[1]))
        values = conn.execute(f"SELECT {', '.join(fields)} FROM {table} WHERE id = ?",
                              (key,)).fetchone()
    if values is None:  # the row is gone or not the login's: the command will say so
        return current
    current.update({name: _encoded(table, name, value)
                    for name, value in zip(fields, values, strict=True)})
    return current


def _encoded(table: str, name: str, value):
    """A value read from the server (dates come as ISO text) encoded like the
    copy's ``base_fields``."""
    import datetime as dt

    from sqlmodel import SQLModel

    if value is None:
        return None
    python = SQLModel.metadata.tables[table].columns[name].type.python_type
    if python is dt.date and isinstance(value, str):
        value = dt.date.fromisoformat(value)
    if python is bool:
        value = bool(value)
    return outbox.encode_value(value)


def _differing(op: Op, current: dict) -> dict:
    """The fields the server changed since the copy read them, to another value than
    this operation sets: {field: the server's value}."""
    base = op.base_fields or {}
    return {name: current[name] for name in (op.spec.fields if op.spec else ())
            if name in current
            and current[name] != base.get(name) and current[name] != op.sets.get(name)}


def _apply(server, op: Op, spec: outbox.Spec, args: dict) -> Outcome:
    server.store._device = op.device  # the audit names the laptop the work was done on
    with outbox.replaying(op.op_id, op.command, op.device):
        spec.func(server.store, **args)
    # What the transaction stored with the change: the new version, the row made.
    applied = _stored(server, op.op_id)
    applied.replayed = False
    return applied


def new_ids(copy, server, op: Op, detail: dict) -> dict[str, dict[int, int]]:
    """The row the operation made offline -> the row the server made; for a plan
    version also its goals, position by position."""
    label, _sep, local = op.local_object.partition(":")
    made = (detail.get("object") or "").partition(":")
    table = outbox.TABLES.get(label)
    if table is None or made[0] != label or not local.isdigit() or not made[2].isdigit():
        return {}
    local_id, server_id = int(local), int(made[2])
    found: dict[str, dict[int, int]] = {}
    if local_id >= outbox.LOCAL_ID_BASE:
        found[table] = {local_id: server_id}
    if table == "planversion":
        sql = "SELECT id FROM goal WHERE plan_version_id = ? ORDER BY position, id"
        with copy.read() as conn:
            mine = [r[0] for r in conn.execute(sql, (local_id,))]
        with server.read() as conn:
            theirs = [r[0] for r in conn.execute(sql, (server_id,))]
        pairs = {lo: hi for lo, hi in zip(mine, theirs, strict=False)
                 if lo >= outbox.LOCAL_ID_BASE}
        if pairs:
            found["goal"] = pairs
    return found


def _refuse(server, op: Op, message: str) -> Outcome:
    return _keep(server, op, "refused", {"message": message})


def _conflict(server, op: Op, differing: dict) -> Outcome:
    with server.read() as conn:
        last = conn.execute(
            "SELECT c.login, c.changed_at FROM regie_case_change c WHERE c.case_id = ? "
            "ORDER BY (c.login = current_user), c.seq DESC LIMIT 1", (op.case_id,)).fetchone()
    detail = {"server": differing}
    if last is not None:
        detail["login"] = _member_name(server, last[0])
        detail["at"] = last[1].isoformat(timespec="seconds")
    return _keep(server, op, "conflict", detail)


def _member_name(server, login: str) -> str:
    with server.read() as conn:
        row = conn.execute("SELECT name FROM consultant WHERE login = ?", (login,)).fetchone()
    return row[0] if row else login


def _keep(server, op: Op, status: str, detail: dict) -> Outcome:
    """The server keeps an outcome that applied nothing, so a second push gets the
    same answer (unless a concurrent push stored its own first: that one counts)."""
    with server.read() as conn:
        conn.execute(
            "INSERT INTO regie_sync_op (op_id, device, command, case_id, outcome, detail) "
            "VALUES (CAST(? AS uuid), ?, ?, ?, ?, CAST(? AS jsonb)) "
            "ON CONFLICT (op_id) DO NOTHING",
            (op.op_id, op.device, op.command, op.case_id, status,
             json.dumps(detail, sort_keys=True)))
    stored = _stored(server, op.op_id)
    stored.replayed = False
    return stored

"""Recording the commands run on a copy of the team store (issue 18), in their own
transaction.

A copy (``sync_state.team_url`` set, see ``regie_tui/sync``) is a store file on a
laptop. Every writing command there must reach the team store later, exactly as
it was run: so each public command is marked ``@recorded`` (its name, whether it
adds to a case or changes fields of the case row, which arguments name rows),
the mark binds the call's arguments while it runs, and the audit append that
every command transaction ends with (``commands._audit``) calls :func:`on_audit`,
which writes the outbox row in that same transaction. A write on a copy that is
not a recorded command on a case is refused, so nothing is changed on a copy
that the team store would never hear of.

On the team store the same hook writes ``regie_sync_op`` when a push is replaying
an operation (:func:`replaying`), in the transaction of the command itself: the
server then knows the operation and its outcome, whatever happens to the
connection after the commit.

This lives in ``data`` (not ``sync``) because ``data.commands`` calls it and a
lower room never imports a higher one; ``sync`` reads and replays the rows.
"""

from __future__ import annotations

import contextvars
import dataclasses
import datetime as dt
import functools
import inspect
import json
import os
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from regie_tui.base.errors import StoreError
from regie_tui.base.i18n import _

ADDITION, CHANGE = "addition", "change"
# Raised when a command's arguments change meaning; a server refuses an operation
# whose version it does not know (the outbox keeps it).
COMMAND_VERSION = 1
# Rows made on a copy get ids from here on: above any id the team store gives
# (its ids are PostgreSQL integers, < 2**31), so a row pulled later never
# collides with one made offline. Never sent: the server gives its own.
LOCAL_ID_BASE = 10**12
# Writes on a copy that stay on the laptop: the audit of reading a case, marking
# duo reviews read (read markers, not case content).
LOCAL_ONLY = frozenset({"open_case", "read_duo_reviews"})
# The label of an audit object ("meeting:12") -> its table.
TABLES = {
    "person": "person", "professional": "professional", "meeting": "meeting",
    "event": "significantevent", "regime": "regimechange", "escalation": "escalation",
    "risk_assessment": "riskassessment", "duo_review": "duoreview",
    "acknowledgement": "acknowledgement", "plan_version": "planversion",
    "plan_decision": "plandecision", "checklist_run": "checklistrun", "goal": "goal",
}


@dataclass(frozen=True)
class Spec:
    """A recorded command: how it is replayed and checked on the team store."""

    name: str
    func: object
    kind: str  # ADDITION or CHANGE
    fields: tuple[str, ...] = ()  # the care_case fields a CHANGE sets
    refs: Mapping[str, str] = field(default_factory=dict)  # argument -> table of the id(s)
    # A CHANGE of another row than the case's: (table, the argument with its id).
    row: tuple[str, str] | None = None
    # A CHANGE of content held in several rows (a draft's goals, a run's answers):
    # ``read(fetch, args) -> {field: value}`` stands in for reading ``fields`` off
    # one row, on the copy and on the server alike (``fetch(sql, params)`` runs SQL
    # with ``?`` placeholders), so they are compared the same way as columns.
    read: object | None = None


@dataclass
class _Pending:
    spec: Spec
    args: dict
    base_fields: dict | None = None


REGISTRY: dict[str, Spec] = {}
_pending: contextvars.ContextVar[_Pending | None] = contextvars.ContextVar(
    "regie_pending_op", default=None)
_server_op: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "regie_server_op", default=None)


def recorded(kind: str, fields: tuple[str, ...] = (), refs: Mapping[str, str] | None = None,
             row: tuple[str, str] | None = None, read=None):
    """Mark a public command ``(store, case_id, expected_version, …)`` as one an
    outbox records. Costs a signature bind per call; nothing else off a copy."""

    def mark(func):
        signature = inspect.signature(func)

        @functools.wraps(func)
        def run(store, *args, **kwargs):
            if _pending.get() is not None:  # called by another recorded command
                return func(store, *args, **kwargs)
            bound = signature.bind(store, *args, **kwargs)
            bound.apply_defaults()
            arguments = dict(bound.arguments)
            arguments.pop("store")
            token = _pending.set(_Pending(spec, arguments))
            try:
                return func(store, *args, **kwargs)
            finally:
                _pending.reset(token)

        # The registry holds the recording function: a command run again on a
        # copy (a conflict resolved with "mine") is recorded like any other.
        spec = Spec(func.__name__, run, kind, tuple(fields), dict(refs or {}), row, read)
        REGISTRY[spec.name] = spec
        run.spec = spec
        return run

    return mark


def before_change(case) -> None:
    """Called with the locked case row before a command changes it: the values of
    the fields the pending command sets, as they were (its ``base_fields``)."""
    pending = _pending.get()
    if pending is not None and pending.spec.kind == CHANGE:
        pending.base_fields = _changed_values(case, pending)


def _changed_values(case, pending: _Pending) -> dict | None:
    """The values of the fields the command sets, on the case row, on the row it
    names (``Spec.row``) or as its ``Spec.read`` reads them, as they are in the
    command's session now."""
    spec = pending.spec
    if spec.read is not None:
        return spec.read(_session_fetch(case), pending.args)
    if spec.row is None:
        return {name: encode_value(getattr(case, name)) for name in spec.fields}
    from sqlalchemy.orm import object_session

    from regie_tui.data import tables as T

    table, argument = spec.row
    model = {"goal": T.Goal}[table]
    obj = object_session(case).get(model, pending.args.get(argument))
    return None if obj is None else {name: encode_value(getattr(obj, name))
                                     for name in spec.fields}


def _session_fetch(case):
    """``fetch(sql, params)`` on the transaction of the command holding ``case``:
    it sees the command's own writes (flushed first)."""
    from sqlalchemy.orm import object_session

    session = object_session(case)
    session.flush()
    conn = session.connection()
    qmark = conn.dialect.paramstyle == "qmark"

    def fetch(sql: str, params) -> list:
        return conn.exec_driver_sql(sql if qmark else sql.replace("?", "%s"),
                                    tuple(params)).fetchall()

    return fetch


def content_value(value):
    """One column of a row read by a ``Spec.read``, the same on every engine: dates
    as ISO text (SQLite gives text, PostgreSQL dates)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def on_audit(store, session, action: str, obj: str, case) -> None:
    """The hook in every command's transaction, just before its audit entry."""
    if getattr(store, "team", False):
        op = _server_op.get()
        if op is not None:
            _write_server_op(session, op, obj, case)
        return
    if not getattr(store, "is_copy", False):
        return
    if action in LOCAL_ONLY:
        return
    pending = _pending.get()
    if action == "create_case":
        raise StoreError(_("New cases are made on the team store, not on a copy taken "
                           "along. Nothing was saved."))
    if pending is None or case is None:
        raise StoreError(_("This is done on the team store, not on a copy taken along. "
                           "Nothing was saved."))
    _write_outbox(store, session, pending, obj, case)


def _write_outbox(store, session, pending: _Pending, obj: str, case) -> None:
    from regie_tui.data.tables import SyncOutbox

    args = dict(pending.args)
    made = store.clock.now()
    envelope = {"args": encode(args), "local": obj}
    if pending.spec.kind == CHANGE:
        # What the command set: "mine" in a conflict (an argument's name need not
        # be the field's: ``since`` sets ``waiting_since``).
        envelope["set"] = _changed_values(case, pending) or {}
    session.add(SyncOutbox(
        op_id=str(uuid7(made)), command=pending.spec.name, command_version=COMMAND_VERSION,
        args=json.dumps(envelope, ensure_ascii=False, sort_keys=True),
        case_id=case.id, base_version=args.get("expected_version"),
        base_fields=(None if pending.base_fields is None
                     else json.dumps(pending.base_fields, sort_keys=True)),
        actor=store.actor, device=store.device,
        made_at=made.isoformat(timespec="seconds"), status="waiting"))
    session.flush()


# -- ids of rows made on a copy ------------------------------------------------------------

# Tables whose rows never come from the team store: their ids stay the file's own.
_OWN_IDS = frozenset({"audit_log", "sync_conflict", "sync_outbox"})


def give_local_ids(session) -> None:
    """Before a flush on a copy: every new row of a case table gets an id from the
    reserved range (``LOCAL_ID_BASE``). SQLite would give max(id) + 1, which a row
    the team store made meanwhile may already have."""
    from sqlalchemy import func, inspect, select

    following: dict[str, int] = {}
    for obj in session.new:
        mapper = inspect(obj).mapper
        table = mapper.local_table
        if table.name in _OWN_IDS or [c.name for c in mapper.primary_key] != ["id"]:
            continue
        if getattr(obj, "id", None) is not None:
            continue
        if table.name not in following:
            highest = session.execute(select(func.max(table.c.id))).scalar() or 0
            following[table.name] = max(highest, LOCAL_ID_BASE) + 1
        obj.id = following[table.name]
        following[table.name] += 1


# -- the server's side: the operation and its outcome, in the command's transaction ----

@contextmanager
def replaying(op_id: str, command: str, device: str) -> Iterator[None]:
    """While a push replays one operation on the team store: the command's own
    transaction inserts its ``regie_sync_op`` row (outcome 'applied')."""
    token = _server_op.set({"op_id": op_id, "command": command, "device": device})
    try:
        yield
    finally:
        _server_op.reset(token)


def _write_server_op(session, op: dict, obj: str, case) -> None:
    from sqlalchemy import text

    detail = {"version": case.version if case is not None else None, "object": obj}
    session.execute(text(
        "INSERT INTO regie_sync_op (op_id, device, command, case_id, outcome, detail) "
        "VALUES (CAST(:op_id AS uuid), :device, :command, :case_id, 'applied', "
        "CAST(:detail AS jsonb))"),
        dict(op_id=op["op_id"], device=op["device"], command=op["command"],
             case_id=case.id if case is not None else None, detail=json.dumps(detail)))


# -- UUIDv7 (RFC 9562): Python 3.11 has none --------------------------------------------

def uuid7(now: dt.datetime | None = None) -> uuid.UUID:
    """A version 7 UUID: 48 bits of Unix milliseconds, then 74 random bits.
    Unique by its random part; the time part only sorts roughly (a claimed time)."""
    ms = int(now.timestamp() * 1000) if now is not None else time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= (rand >> 62 & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return uuid.UUID(int=value)


# -- arguments as JSON --------------------------------------------------------------------

def _input_types() -> dict[str, type]:
    from regie_tui.data import commands as C
    from regie_tui.rules import checklists as CL

    return {t.__name__: t for t in (C.PersonInput, C.ProfessionalInput, C.GoalInput,
                                    C.PlanInput, C.Agreement, CL.Answer)}


def encode_value(value):
    """One argument as JSON: dates as ISO text, the input dataclasses as dicts with
    their type, a checklist template as the snapshot its run stores."""
    from regie_tui.rules import checklists as CL

    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dt.datetime):
        raise TypeError("a command takes dates, not times")
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, CL.Template):
        return {"$template": value.snapshot()}
    if dataclasses.is_dataclass(value):
        body = {f.name: encode_value(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"$type": type(value).__name__, **body}
    if isinstance(value, Mapping):
        return {"$map": {str(k): encode_value(v) for k, v in value.items()}}
    if isinstance(value, (list, tuple)):
        return [encode_value(v) for v in value]
    raise TypeError(f"cannot record an argument of type {type(value).__name__}")


def decode_value(value):
    from regie_tui.rules import checklists as CL

    if isinstance(value, list):
        return tuple(decode_value(v) for v in value)
    if not isinstance(value, dict):
        return value
    if "$date" in value:
        return dt.date.fromisoformat(value["$date"])
    if "$template" in value:
        return CL.from_snapshot(value["$template"])
    if "$map" in value:
        return {k: decode_value(v) for k, v in value["$map"].items()}
    if "$type" in value:
        kind = _input_types().get(value["$type"])
        if kind is None:
            raise ValueError(f"unknown recorded type {value['$type']}")
        return kind(**{k: decode_value(v) for k, v in value.items() if k != "$type"})
    raise ValueError("not a recorded value")


def encode(args: Mapping) -> dict:
    return {name: encode_value(value) for name, value in args.items()}


def decode(args: Mapping) -> dict:
    return {name: decode_value(value) for name, value in args.items()}

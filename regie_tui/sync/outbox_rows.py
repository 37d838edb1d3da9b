"""Reading a copy's outbox and marking its operations with the server's outcome.

Recording happens in ``data.outbox`` (in each command's transaction); this is
the sync side: the waiting operations in order, and one local transaction per
outcome that marks the operation, keeps a conflict or refusal for the
consultant, and maps the ids of rows made offline to the server's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from regie_tui.data import outbox


@dataclass(frozen=True)
class Op:
    seq: int
    op_id: str
    command: str
    command_version: int
    args: dict  # decoded
    local_object: str
    sets: dict  # a CHANGE: the fields' values it set on the copy (encoded)
    case_id: int | None
    base_version: int | None
    base_fields: dict | None  # encoded values (data.outbox.encode_value)
    actor: str
    device: str
    made_at: str

    @property
    def spec(self) -> outbox.Spec | None:
        return outbox.REGISTRY.get(self.command)


@dataclass
class Outcome:
    """What the server did with one operation."""

    status: str  # applied / conflict / refused
    detail: dict = field(default_factory=dict)
    replayed: bool = False  # the server already knew the operation (a second push)
    ids: dict[str, dict[int, int]] = field(default_factory=dict)  # table -> local -> server


def _load_commands() -> None:
    # Every recorded command registers itself when its module is imported.
    from regie_tui.data import checklist_commands, commands, plan_commands  # noqa: F401


def waiting(copy) -> list[Op]:
    _load_commands()
    with copy.read() as conn:
        rows = list(conn.execute(
            "SELECT seq, op_id, command, command_version, args, case_id, base_version, "
            "base_fields, actor, device, made_at FROM sync_outbox WHERE status = 'waiting' "
            "ORDER BY seq"))
    ops = []
    for r in rows:
        envelope = json.loads(r[4])
        ops.append(Op(r[0], r[1], r[2], r[3], outbox.decode(envelope["args"]),
                      envelope.get("local", ""), envelope.get("set", {}), r[5], r[6],
                      json.loads(r[7]) if r[7] else None, r[8], r[9], r[10]))
    return ops


def waiting_count(conn) -> int:
    return conn.execute("SELECT COUNT(*) FROM sync_outbox WHERE status = 'waiting'"
                        ).fetchone()[0]


def id_map(copy) -> dict[str, dict[int, int]]:
    found: dict[str, dict[int, int]] = {}
    with copy.read() as conn:
        for table, local, server in conn.execute(
                "SELECT table_name, local_id, server_id FROM sync_id_map"):
            found.setdefault(table, {})[local] = server
    return found


def mark(copy, op: Op, outcome: Outcome, made_at: str) -> None:
    """Record the server's outcome of ``op`` on the copy, in one local transaction."""
    with copy.read() as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("UPDATE sync_outbox SET status = ?, outcome = ? WHERE op_id = ?",
                         (outcome.status, json.dumps(outcome.detail, sort_keys=True),
                          op.op_id))
            for table, pairs in outcome.ids.items():
                conn.executemany(
                    "INSERT INTO sync_id_map (table_name, local_id, server_id) VALUES (?, ?, ?) "
                    "ON CONFLICT (table_name, local_id) DO UPDATE SET server_id = "
                    "excluded.server_id", [(table, lo, hi) for lo, hi in pairs.items()])
            if outcome.status != "applied":
                _keep_conflict(conn, op, outcome, made_at)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


def _keep_conflict(conn, op: Op, outcome: Outcome, made_at: str) -> None:
    code = None
    if op.case_id is not None:
        row = conn.execute("SELECT code FROM care_case WHERE id = ?", (op.case_id,)).fetchone()
        code = row[0] if row else None
    fields = None
    if outcome.status == "conflict":
        server = outcome.detail.get("server", {})
        base = op.base_fields or {}
        fields = {name: {"mine": op.sets.get(name), "base": base.get(name),
                         "server": server.get(name)} for name in server}
    conn.execute(
        "INSERT INTO sync_conflict (op_id, case_id, case_code, command, kind, fields, message, "
        "server_login, server_changed_at, made_at, status) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open') ON CONFLICT (op_id) DO NOTHING",
        (op.op_id, op.case_id, code, op.command, outcome.status,
         json.dumps(fields, sort_keys=True) if fields is not None else None,
         outcome.detail.get("message"), outcome.detail.get("login"),
         outcome.detail.get("at"), made_at))

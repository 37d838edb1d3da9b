"""Conflicts and refusals a push kept, and how the consultant resolves them.

A conflict (a change the server had changed meanwhile) or a refusal (the
server would not apply an operation) stays open until the consultant decides;
it is never resolved silently and never disappears. Resolving is written to
the copy's audit log:

* ``keep_server``: the server's value stays; nothing is sent.
* ``apply_mine``: the same command again, with the consultant's values, on the
  case as it is now (the server's version, pulled): a new operation in the
  outbox, sent at the next synchronisation.
* ``resolve_edited``: after the consultant saved an edited value through the
  ordinary form (itself a recorded command).
* ``dismiss``: a refusal read and put aside.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from regie_tui.base.errors import NotFoundError, ValidationError
from regie_tui.base.i18n import _
from regie_tui.data import audit, outbox

MINE, SERVER, EDITED, DISMISSED = "mine", "server", "edited", "dismissed"


@dataclass(frozen=True)
class ConflictRow:
    id: int
    op_id: str
    case_id: int | None
    case_code: str | None
    command: str
    kind: str  # conflict / refused
    fields: dict  # {field: {"mine", "base", "server"}} (encoded values), {} for a refusal
    message: str | None
    server_login: str | None  # the colleague's name (or login) who changed it last
    server_changed_at: str | None
    made_at: str

    def mine(self) -> dict:
        """The consultant's values of the fields, decoded (to prefill the form)."""
        return {name: outbox.decode_value(v.get("mine")) for name, v in self.fields.items()}

    def server(self) -> dict:
        return {name: outbox.decode_value(v.get("server")) for name, v in self.fields.items()}


_SELECT = ("SELECT id, op_id, case_id, case_code, command, kind, fields, message, "
           "server_login, server_changed_at, made_at FROM sync_conflict ")


def _row(r) -> ConflictRow:
    return ConflictRow(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6]) if r[6] else {},
                       r[7], r[8], r[9], r[10])


def open_conflicts(conn) -> list[ConflictRow]:
    """The open conflicts and refusals, oldest first (a read connection of the copy)."""
    return [_row(r) for r in conn.execute(_SELECT + "WHERE status = 'open' ORDER BY id")]


def open_count_by_case(conn) -> dict[int, int]:
    return dict(conn.execute("SELECT case_id, COUNT(*) FROM sync_conflict WHERE status = "
                             "'open' AND case_id IS NOT NULL GROUP BY case_id"))


def get(conn, conflict_id: int) -> ConflictRow:
    row = conn.execute(_SELECT + "WHERE id = ? AND status = 'open'", (conflict_id,)).fetchone()
    if row is None:
        raise NotFoundError(_("This conflict is resolved already, or does not exist."))
    return _row(row)


def keep_server(store, conflict_id: int) -> None:
    _resolve(store, conflict_id, SERVER, kinds=("conflict",))


def dismiss(store, conflict_id: int) -> None:
    _resolve(store, conflict_id, DISMISSED, kinds=("refused",))


def resolve_edited(store, conflict_id: int) -> None:
    _resolve(store, conflict_id, EDITED, kinds=("conflict",))


def apply_mine(store, conflict_id: int):
    """The consultant's values again, on the case's current version; returns the Saved."""
    from regie_tui.sync import outbox_rows

    outbox_rows._load_commands()
    with store.read() as conn:
        conflict = get(conn, conflict_id)
        envelope = conn.execute("SELECT args FROM sync_outbox WHERE op_id = ?",
                                (conflict.op_id,)).fetchone()
        current = conn.execute("SELECT version FROM care_case WHERE id = ?",
                               (conflict.case_id,)).fetchone()
    if conflict.kind != "conflict":
        raise ValidationError("conflict", _("Only a conflicting change can be applied again."))
    if envelope is None or current is None:
        raise NotFoundError(_("This case is no longer on this laptop."))
    spec = outbox.REGISTRY[conflict.command]
    args = outbox.decode(json.loads(envelope[0])["args"])
    from regie_tui.sync import push

    # A row made offline that the operation names is the server's row by now.
    if push._server_ids(spec, args, outbox_rows.id_map(store)):
        raise NotFoundError(_("This case is no longer on this laptop."))
    args["expected_version"] = current[0]
    saved = spec.func(store, **args)
    _resolve(store, conflict_id, MINE, kinds=("conflict",))
    return saved


def _resolve(store, conflict_id: int, resolution: str, kinds: tuple[str, ...]) -> None:
    from sqlalchemy import text

    now = store.clock.now().isoformat(timespec="seconds")
    with store.session() as session:
        row = session.execute(text(
            "SELECT kind, case_id, case_code FROM sync_conflict WHERE id = :id AND "
            "status = 'open'"), {"id": conflict_id}).first()
        if row is None:
            raise NotFoundError(_("This conflict is resolved already, or does not exist."))
        if row[0] not in kinds:
            raise ValidationError("conflict", _("This cannot be done with a refusal: "
                                                "dismiss it once read."))
        session.execute(text(
            "UPDATE sync_conflict SET status = 'resolved', resolution = :r, resolved_at = :at "
            "WHERE id = :id"), {"r": resolution, "at": now, "id": conflict_id})
        audit.append(session, at=now, actor=store.actor, action="resolve_conflict",
                     object=f"sync_conflict:{conflict_id}:{resolution}", device=store.device,
                     case_id=row[1], case_code=row[2])

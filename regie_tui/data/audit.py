"""The append-only audit log (NEN 7513 fields) with a hash chain.

Each entry's hash covers its fields and the previous entry's hash, so a
removed or altered entry breaks the chain from that point on. Entries are
written in the same transaction as the change they describe.
"""

from __future__ import annotations

import hashlib
import socket
from dataclasses import dataclass

from sqlalchemy import select

from regie_tui.data.tables import AuditEntry

GENESIS = "0" * 64
FIELDS = ("at", "actor", "case_id", "case_code", "action", "object", "device")


def device_name() -> str:
    return socket.gethostname()[:200] or "unknown"


def entry_hash(prev_hash: str, values: dict) -> str:
    text = "\x1f".join([prev_hash] + ["" if values[f] is None else str(values[f]) for f in FIELDS])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def append(session, *, at: str, actor: str, action: str, object: str, device: str,
           case_id: int | None = None, case_code: str | None = None) -> None:
    """Add one entry to the chain in the caller's transaction, as the store's engine
    does it (``data.engines``: a row here on SQLite; ``regie_audit`` on a team store,
    where the database sets the time and the login)."""
    from regie_tui.data import engines

    engines.for_session(session).append_audit(
        session, at=at, actor=actor, action=action, object=object, device=device,
        case_id=case_id, case_code=case_code)


def insert_entry(session, *, at: str, actor: str, action: str, object: str, device: str,
                 case_id: int | None = None, case_code: str | None = None) -> AuditEntry:
    """Add one entry to the chain; the caller's transaction holds the write lock."""
    last = session.execute(
        select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).scalar_one_or_none()
    prev = last or GENESIS
    values = dict(at=at, actor=actor, case_id=case_id, case_code=case_code,
                  action=action, object=object, device=device)
    entry = AuditEntry(**values, prev_hash=prev, hash=entry_hash(prev, values))
    session.add(entry)
    return entry


@dataclass(frozen=True)
class ChainReport:
    entries: int
    first_broken_id: int | None

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None


def verify(rows) -> ChainReport:
    """Walk (id, at, actor, case_id, case_code, action, object, device, prev, hash) rows."""
    prev = GENESIS
    count = 0
    for row in rows:
        count += 1
        entry_id, *fields, prev_hash, stored = row
        values = dict(zip(FIELDS, fields, strict=True))
        if prev_hash != prev or entry_hash(prev, values) != stored:
            return ChainReport(count, entry_id)
        prev = stored
    return ChainReport(count, None)


def append_raw(conn, *, at: str, actor: str, action: str, object: str, device: str,
               case_id: int | None = None, case_code: str | None = None) -> None:
    """``append`` on a DB-API connection, in the caller's transaction (no ORM: used on a
    file that is not opened as a store yet, such as a restore's copy before the swap)."""
    row = conn.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    prev = row[0] if row else GENESIS
    values = dict(at=at, actor=actor, case_id=case_id, case_code=case_code, action=action,
                  object=object, device=device)
    conn.execute(
        "INSERT INTO audit_log (at, actor, case_id, case_code, action, object, device, "
        "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (at, actor, case_id, case_code, action, object, device, prev,
         entry_hash(prev, values)))


def append_raw_many(conn, entries: list[dict]) -> None:
    """``append_raw`` for many entries (dicts of ``FIELDS``) in one pass and one
    executemany, in the caller's transaction, which holds the write lock."""
    if not entries:
        return
    row = conn.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    prev = row[0] if row else GENESIS
    rows = []
    for values in entries:
        digest = entry_hash(prev, values)
        rows.append((*(values[f] for f in FIELDS), prev, digest))
        prev = digest
    conn.executemany(
        f"INSERT INTO audit_log ({', '.join(FIELDS)}, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


# The triggers that make the log append-only (revision 0002). Verify checks they
# are still there: without them an entry can be changed and the chain rehashed.
APPEND_ONLY_TRIGGERS = ("audit_log_no_update", "audit_log_no_delete")


def missing_protection(conn) -> list[str]:
    """The append-only triggers that are gone or no longer refuse (SQLite stores)."""
    found = dict(conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'"))
    return [name for name in APPEND_ONLY_TRIGGERS
            if "RAISE(ABORT" not in (found.get(name) or "").upper().replace(" ", "")]

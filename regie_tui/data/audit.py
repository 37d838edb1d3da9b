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

"""Audit entries for exchange: one per export, one per imported case.

Exports go through ``data.audit.append`` in a session of their own (the one
place to switch to a shared ``audit_export`` helper later). Imports write
thousands of entries inside the import's own DB-API transaction, so the hash
chain is computed here in one pass and inserted with executemany.
"""

from __future__ import annotations

from regie_tui.data import audit


def log_export(store, kind: str, cases: int, case_id: int | None = None,
               case_code: str | None = None) -> None:
    """Record that ``kind`` was exported (``cases`` cases; or the one case given)."""
    with store.session() as session:
        audit.append(session, at=store.clock.now().isoformat(timespec="seconds"),
                     actor=store.actor, action=f"export_{kind}", object=f"cases:{cases}",
                     device=store.device, case_id=case_id, case_code=case_code)


def append_many(conn, store, entries: list[tuple[str, str, int | None, str | None]]) -> None:
    """Append (action, object, case_id, case_code) entries in the caller's transaction."""
    if not entries:
        return
    row = conn.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    prev = row[0] if row else audit.GENESIS
    at = store.clock.now().isoformat(timespec="seconds")
    rows = []
    for action, obj, case_id, case_code in entries:
        values = dict(at=at, actor=store.actor, case_id=case_id, case_code=case_code,
                      action=action, object=obj, device=store.device)
        digest = audit.entry_hash(prev, values)
        rows.append((at, store.actor, case_id, case_code, action, obj, store.device, prev,
                     digest))
        prev = digest
    conn.executemany(
        "INSERT INTO audit_log (at, actor, case_id, case_code, action, object, device, "
        "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)

"""Audit entries for exchange: one per export, one per imported case.

Exports go through ``data.audit.append`` in a session of their own (the one
place to switch to a shared ``audit_export`` helper later). Imports write
thousands of entries inside the import's own DB-API transaction, handed to the
store's engine in one go.
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
    """Append (action, object, case_id, case_code) entries in the caller's transaction,
    as the store's engine extends the chain (one pass and one executemany on a file;
    ``regie_audit``, which sets the time and the login, on a team store)."""
    if not entries:
        return
    at = store.clock.now().isoformat(timespec="seconds")
    store.backend.append_audit_rows(conn, [
        dict(at=at, actor=store.actor, case_id=case_id, case_code=case_code, action=action,
             object=obj, device=store.device)
        for action, obj, case_id, case_code in entries])

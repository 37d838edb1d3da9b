"""What a copy knows about itself (``sync_state``) and what its header shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

KEYS = ("team_url", "login", "consultant", "consultant_id", "cursor", "last_sync_at", "server_schema",
        "copy_id")


@dataclass(frozen=True)
class CopyStatus:
    team_url: str
    login: str
    consultant: str
    last_sync_at: dt.datetime | None
    waiting: int  # operations not yet sent (or whose outcome is not known yet)
    open_conflicts: int  # conflicts and refusals the consultant has not resolved


def is_copy(conn) -> bool:
    """Whether the store behind the read connection ``conn`` is a copy of a team store."""
    return get(conn, "team_url") is not None


def get(conn, key: str) -> str | None:
    row = conn.execute("SELECT value FROM sync_state WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def read_all(conn) -> dict[str, str]:
    return dict(conn.execute("SELECT key, value FROM sync_state"))


def put(conn, values: dict[str, str | int | None]) -> None:
    """Set keys in the caller's transaction (a value None removes the key)."""
    for key, value in values.items():
        if value is None:
            conn.execute("DELETE FROM sync_state WHERE key = ?", (key,))
        else:
            conn.execute("INSERT INTO sync_state (key, value) VALUES (?, ?) "
                         "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                         (key, str(value)))


def copy_status(store) -> CopyStatus | None:
    """For the header of an app opened on a copy; None on any other store."""
    if getattr(store, "team", False):
        return None
    with store.read() as conn:
        values = read_all(conn)
        if "team_url" not in values:
            return None
        waiting = conn.execute("SELECT COUNT(*) FROM sync_outbox WHERE status = 'waiting'"
                               ).fetchone()[0]
        conflicts = conn.execute("SELECT COUNT(*) FROM sync_conflict WHERE status = 'open'"
                                 ).fetchone()[0]
    last = values.get("last_sync_at")
    return CopyStatus(values["team_url"], values.get("login", ""), values.get("consultant", ""),
                      dt.datetime.fromisoformat(last) if last else None, waiting, conflicts)

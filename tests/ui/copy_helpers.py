"""The demo store turned into a copy of a team store, with conflicts, for Pilot tests
of the screens of issue 18 (the conflicts, the header, the palette).

The copy is what ``sync.take`` leaves (sync_state) plus what a synchronisation
leaves after a conflict and a refusal (sync_outbox, sync_conflict), written
directly: these tests are about the screens, the sync itself is tested against
PostgreSQL in tests/sync. Times are without a zone so the screen shows them as
written on every machine.
"""

from __future__ import annotations

import json
import sqlite3

from regie_tui.data.store import Store

# A port nothing listens on: the app's look for the team store finds nobody.
TEAM_URL = "postgresql://sanne@127.0.0.1:9/regie"
LAST_SYNC = "2026-11-15T17:30:00"
MINE = {"name": "P. [b]de Boer[/b]", "organisation": "Lindenhout",
        "named_on": {"$date": "2026-11-14"}}


def _outbox(conn, op_id, command, case_id, args, status) -> None:
    conn.execute(
        "INSERT INTO sync_outbox (op_id, command, command_version, args, case_id, "
        "base_version, actor, device, made_at, status) VALUES (?, ?, 1, ?, ?, 1, "
        "'Sanne Voorbeeld', 'laptop-team-3', '2026-11-14T10:00:00', ?)",
        (op_id, command, json.dumps({"args": {"case_id": case_id, "expected_version": 1,
                                              **args}, "local": "case"}), case_id, status))


def _conflict(conn, op_id, case_id, code, command, kind, fields, message, login, at) -> None:
    conn.execute(
        "INSERT INTO sync_conflict (op_id, case_id, case_code, command, kind, fields, message, "
        "server_login, server_changed_at, made_at, status) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '2026-11-14T10:00:00', 'open')",
        (op_id, case_id, code, command, kind, json.dumps(fields) if fields else None, message,
         login, at))


def add_conflicts(store: Store) -> None:
    """A conflict on DEMO-0001 (the case director, changed by joris meanwhile) and a
    refusal on DEMO-0002 (a waiting period), as a synchronisation leaves them."""
    first = store.case_id_for_code("DEMO-0001")
    second = store.case_id_for_code("DEMO-0002")
    with sqlite3.connect(store.path) as conn:
        _outbox(conn, "op-director", "name_case_director", first, MINE, "conflict")
        _conflict(conn, "op-director", first, "DEMO-0001", "name_case_director", "conflict",
                  {"case_director_name": {"mine": MINE["name"], "base": "J. Jansen",
                                          "server": "K. Visser"},
                   "case_director_org": {"mine": "Lindenhout", "base": "Lindenhout",
                                         "server": "Youké"},
                   "case_director_named_on": {"mine": "2026-11-14", "base": "2026-09-01",
                                              "server": "2026-11-13"}},
                  None, "joris", "2026-11-13T14:05:00")
        _outbox(conn, "op-waiting", "set_waiting", second,
                {"since": {"$date": "2026-11-10"}, "waiting_for": "Pleeggezin"}, "refused")
        _conflict(conn, "op-waiting", second, "DEMO-0002", "set_waiting", "refused", None,
                  "Your access to this case ended on 15 November 2026.", None, None)
    conn.close()


def make_copy(store: Store, *, conflicts: bool = True, waiting: int = 2,
              url: str = TEAM_URL) -> Store:
    """``store`` (a demo store) marked a copy of the team store at ``url``; a new Store
    on it."""
    path = store.path
    first = store.case_id_for_code("DEMO-0001")
    if conflicts:
        add_conflicts(store)
    with sqlite3.connect(path) as conn:
        conn.executemany("INSERT INTO sync_state (key, value) VALUES (?, ?)", [
            ("team_url", url), ("login", "sanne"), ("consultant", "Sanne Voorbeeld"),
            ("cursor", "41"), ("last_sync_at", LAST_SYNC), ("server_schema", "0006"),
            ("copy_id", "0193a1b2-0000-7000-8000-000000000001")])
        for n in range(waiting):
            _outbox(conn, f"op-wait-{n}", "record_meeting", first,
                    {"kind": "home_visit", "held_on": {"$date": "2026-11-14"}}, "waiting")
    conn.close()
    return Store.open(path, store.clock)

"""Pull: the team store's changes to the cases in scope, onto the copy.

In one snapshot of the team store (REPEATABLE READ): the cases with a change
numbered after the copy's cursor (``regie_case_change.seq``: the server's order,
never a laptop's clock), the cases now the consultant's own or duo, and the
rows of each case to refresh. Then in one local transaction: each changed or
newly in-scope case is replaced whole by the server's, each case that left
the scope (transferred, no longer duo) is removed from the laptop, and the
cursor moves on. The server is authoritative: an operation of this copy that
did not apply lives on as a conflict or refusal (``sync_conflict``), not in the
case's rows, so every case an operation went to is refreshed too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from regie_tui.data import db
from regie_tui.sync import copying
from regie_tui.sync import state as S
from regie_tui.sync import take as T


@dataclass
class PullReport:
    refreshed: int = 0  # cases copied again (changed on the server, or new in scope)
    removed: list[str] = field(default_factory=list)  # codes of cases no longer in scope
    added: list[str] = field(default_factory=list)  # codes of cases new in scope


def pull(copy, team_url: str, also: Iterable[int] = ()) -> PullReport:
    from regie_tui.data import engines

    label = engines.for_target(team_url).label()
    with copy.read() as local:
        cursor = int(S.get(local, "cursor") or 0)
        mine = {r[0]: r[1] for r in local.execute("SELECT id, code FROM care_case")}
    server = T.server_connection(team_url)
    try:
        with db.read_transaction(server):
            snap_cursor, scope, changed, now, revision = _changes(server, label, cursor)
            refresh = sorted((set(changed) | set(also) | (scope - set(mine))) & scope)
            rows = copying.read_cases(server, refresh)
            team = copying.read_team(server)
            codes = {r[0]: r[1] for r in server.execute(
                "SELECT id, code FROM care_case WHERE id IN ("
                + ",".join("?" * len(refresh)) + ")", tuple(refresh))} if refresh else {}
    finally:
        server.close()
    gone = sorted(set(mine) - scope)
    with copy.read() as local:
        local.execute("BEGIN IMMEDIATE")
        try:
            copying.delete_cases(local, [*refresh, *gone])
            copying.write_team(local, team)
            copying.insert_rows(local, rows)
            S.put(local, {"cursor": snap_cursor, "last_sync_at": now, "server_schema": revision})
            local.execute("COMMIT")
        except BaseException:
            if local.in_transaction:
                local.execute("ROLLBACK")
            raise
    return PullReport(len(refresh), [mine[i] for i in gone],
                      sorted(codes[i] for i in refresh if i not in mine))


def _changes(server, label: str, cursor: int):
    from regie_tui.data import migrate

    revision = migrate.current_revision(server)
    T.check_revision(revision, label)
    me = server.execute("SELECT id FROM consultant WHERE login = current_user").fetchone()
    snap_cursor = server.execute("SELECT COALESCE(MAX(seq), 0) FROM regie_case_change").fetchone()[0]
    changed = [r[0] for r in server.execute(
        "SELECT DISTINCT case_id FROM regie_case_change WHERE seq > ?", (cursor,))]
    scope = {r[0] for r in server.execute(
        "SELECT id FROM care_case WHERE process_director_id = ? OR duo_partner_id = ?",
        (me[0], me[0]))} if me else set()
    now = server.execute("SELECT now()").fetchone()[0].isoformat()
    return snap_cursor, scope, changed, now, revision

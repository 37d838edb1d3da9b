"""``take``: a copy of the consultant's own and duo cases, to work on without a network.

Read as the consultant's own login in one snapshot of the team store (the
cursor is the last change that snapshot holds, so the first pull starts right
after it). Only cases the consultant directs or is duo partner of are copied:
not a case opened by breaking the glass, not the team's caseloads a
behavioural scientist may read. The copy is encrypted (SQLCipher) with a
passphrase: team data never lies on a laptop in the clear. It is built next to
its final place and renamed into it when complete, so a cut-off take leaves no
half copy.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from regie_tui.base.clock import Clock
from regie_tui.base.errors import StoreError
from regie_tui.base.i18n import _, ngettext
from regie_tui.sync import copying
from regie_tui.sync import state as S


@dataclass(frozen=True)
class TakeReport:
    path: Path
    cases: int
    consultant: str

    def lines(self) -> list[str]:
        return [ngettext("{n} case was taken along for {name} into {path}.",
                         "{n} cases were taken along for {name} into {path}.",
                         self.cases).format(n=self.cases, name=self.consultant,
                                            path=self.path)]


@dataclass(frozen=True)
class Snapshot:
    """What one read of the team store gives a copy."""

    login: str
    consultant_id: int
    consultant: str
    revision: str
    cursor: int
    server_now: str
    case_ids: list[int]
    rows: dict
    team: dict


def server_connection(team_url: str):
    from regie_tui.data import engines

    return engines.for_target(team_url).connect(readonly=True)


def check_revision(revision: str | None, label: str) -> None:
    from regie_tui.data import migrate

    if revision is None or revision not in migrate.known_revisions():
        raise StoreError(_("The team store {store} has schema {revision}, newer than this "
                           "version of Regie knows: update Regie on this laptop first. "
                           "Nothing was changed here.").format(store=label, revision=revision))


def read_scope(server, label: str) -> Snapshot:
    """One snapshot (the caller holds the transaction) of everything a copy holds."""
    from regie_tui.data import migrate

    login = server.execute("SELECT current_user").fetchone()[0]
    me = server.execute("SELECT id, name FROM consultant WHERE login = current_user").fetchone()
    if me is None:
        raise StoreError(_("The login {login} is not a member of the team store {store}: "
                           "the administrator adds members with regie-tui team add.").format(
                               login=login, store=label))
    if not server.execute("SELECT pg_has_role(current_user, 'regie_consultant', 'MEMBER')"
                          ).fetchone()[0]:
        raise StoreError(_("Only a consultant takes cases along: the login {login} has "
                           "another role on the team store.").format(login=login))
    revision = migrate.current_revision(server)
    check_revision(revision, label)
    cursor = server.execute("SELECT COALESCE(MAX(seq), 0) FROM regie_case_change").fetchone()[0]
    now = server.execute("SELECT now()").fetchone()[0]
    ids = [r[0] for r in server.execute(
        "SELECT id FROM care_case WHERE process_director_id = ? OR duo_partner_id = ? "
        "ORDER BY id", (me[0], me[0]))]
    return Snapshot(login, me[0], me[1], revision, cursor, now.isoformat(), ids,
                    copying.read_cases(server, ids), copying.read_team(server))


def take(team_url: str, copy_path: Path | str, clock: Clock | None,
         passphrase: str) -> TakeReport:
    """Make the copy at ``copy_path``. A copy already there is replaced only when
    nothing of it waits to be sent or resolved; otherwise: synchronise it."""
    from regie_tui.data import cipher, db, engines
    from regie_tui.data.store import Store

    cipher.module()  # a copy of team data is always encrypted: refuse without the extra
    cipher.check_new_passphrase(passphrase, passphrase)
    path = Path(copy_path)
    cipher.set_passphrase(passphrase)
    _refuse_unfinished(path)
    label = engines.for_target(team_url).label()
    server = server_connection(team_url)
    try:
        with db.read_transaction(server):
            snap = read_scope(server, label)
    finally:
        server.close()

    partial = path.with_name(path.name + ".taking")
    _remove(partial)
    db.prepare_file(partial)
    first = db.open_file(partial, key=cipher.new_key_spec(), pragmas=False)
    try:  # a first page, so the file carries its salt before the migrations open it
        first.execute("CREATE TABLE regie_new (x)")
        first.execute("DROP TABLE regie_new")
    finally:
        first.close()
    store = Store.open(partial, clock or Clock())
    try:
        with store.read() as local:
            local.execute("BEGIN IMMEDIATE")
            copying.write_team(local, snap.team)
            copying.insert_rows(local, snap.rows)
            S.put(local, {"team_url": label, "login": snap.login, "consultant": snap.consultant,
                          "consultant_id": snap.consultant_id, "cursor": snap.cursor,
                          "last_sync_at": snap.server_now, "server_schema": snap.revision,
                          "copy_id": str(uuid.uuid4())})
            local.execute("COMMIT")
    finally:
        store.close()
    _remove(path)
    partial.replace(path)
    db.secure_files(path)
    return TakeReport(path, len(snap.case_ids), snap.consultant)


def _refuse_unfinished(path: Path) -> None:
    from regie_tui.data import db

    if not path.exists() or path.stat().st_size == 0:
        return
    conn = db.open_file(path)  # the passphrase already given opens an encrypted copy
    try:
        if not S.is_copy(conn):
            raise StoreError(_("{path} is a case store, not a copy of the team store: take "
                               "the cases into another file. Nothing was changed.").format(
                                   path=path))
        waiting = conn.execute("SELECT COUNT(*) FROM sync_outbox WHERE status = 'waiting'"
                               ).fetchone()[0]
        open_ = conn.execute("SELECT COUNT(*) FROM sync_conflict WHERE status = 'open'"
                             ).fetchone()[0]
    finally:
        conn.close()
    if waiting or open_:
        raise StoreError(_("The copy {path} holds work not yet on the team store ({waiting} "
                           "operations waiting, {open} conflicts open): synchronise it with "
                           "regie-tui sync instead. Nothing was changed.").format(
                               path=path, waiting=waiting, open=open_))


def _remove(path: Path) -> None:
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        name.unlink(missing_ok=True)

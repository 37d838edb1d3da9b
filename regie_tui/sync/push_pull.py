"""``synchronise``: push the copy's outbox, then pull the team store's changes.

Pull runs only when push sent everything: a case with an operation still
waiting keeps the consultant's offline work in view until the server has it.
A team store whose schema is newer than this Regie knows is refused before
anything is sent; the outbox is kept for when Regie is updated.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

from regie_tui.base.errors import StoreError
from regie_tui.base.i18n import _, ngettext
from regie_tui.sync import outbox_rows
from regie_tui.sync import pull as P
from regie_tui.sync import push as U
from regie_tui.sync import take as T


@dataclass
class SyncReport:
    applied: int = 0
    conflicts: int = 0
    refused: int = 0
    already_done: int = 0
    pulled: int = 0
    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    waiting: int = 0

    def lines(self) -> list[str]:
        out = [ngettext("{n} operation was applied on the team store.",
                        "{n} operations were applied on the team store.",
                        self.applied).format(n=self.applied)]
        if self.conflicts:
            out.append(ngettext(
                "{n} change was not applied: the team store changed the same thing "
                "meanwhile. See the conflicts screen.",
                "{n} changes were not applied: the team store changed the same things "
                "meanwhile. See the conflicts screen.", self.conflicts).format(n=self.conflicts))
        if self.refused:
            out.append(ngettext(
                "{n} operation was refused by the team store. See the conflicts screen.",
                "{n} operations were refused by the team store. See the conflicts screen.",
                self.refused).format(n=self.refused))
        if self.removed:
            out.append(ngettext(
                "{n} case is no longer yours: {codes}, removed from this laptop.",
                "{n} cases are no longer yours: {codes}, removed from this laptop.",
                len(self.removed)).format(n=len(self.removed), codes=", ".join(self.removed)))
        if self.added:
            out.append(ngettext("{n} case was added to this copy: {codes}.",
                                "{n} cases were added to this copy: {codes}.",
                                len(self.added)).format(n=len(self.added),
                                                        codes=", ".join(self.added)))
        if self.waiting:
            out.append(ngettext(
                "{n} operation is still waiting; the team store's changes were not "
                "brought in yet.",
                "{n} operations are still waiting; the team store's changes were not "
                "brought in yet.", self.waiting).format(n=self.waiting))
        return out


@contextlib.contextmanager
def _unreachable_said_plainly():
    try:
        yield
    except U._GONE as exc:
        raise StoreError(_("The team store cannot be reached ({reason}). Your work on this "
                           "laptop is kept.").format(reason=type(exc).__name__)) from None


def synchronise(copy, clock=None) -> SyncReport:
    """Push, then pull. Raises StoreError (the outbox kept) when the team store
    cannot be reached, is newer than this Regie, or is another login's."""
    from regie_tui.data import db
    from regie_tui.data.store import Store

    if not copy.is_copy:
        raise StoreError(_("{path} is not a copy of a team store: take cases along with "
                           "regie-tui take first.").format(path=copy.path))
    url = copy.sync_value("team_url")
    with copy.read() as conn:
        waiting = outbox_rows.waiting_count(conn)
    with _unreachable_said_plainly():
        server_conn = T.server_connection(url)
    try:
        with _unreachable_said_plainly(), db.read_transaction(server_conn):
            from regie_tui.data import migrate

            try:
                T.check_revision(migrate.current_revision(server_conn), url)
            except StoreError as exc:
                raise StoreError(str(exc) + " " + ngettext(
                    "Your {n} operation waiting on this laptop is kept.",
                    "Your {n} operations waiting on this laptop are kept.", waiting).format(
                        n=waiting)) from None
            login = server_conn.execute("SELECT current_user").fetchone()[0]
    finally:
        server_conn.close()
    if login != copy.sync_value("login"):
        raise StoreError(_("This copy was taken by the login {mine}; the team store was "
                           "reached as {other}. Nothing was sent.").format(
                               mine=copy.sync_value("login"), other=login))
    server = Store.open(url, clock or copy.clock)
    report = SyncReport()
    try:
        try:
            pushed = U.push(copy, server)
        except U.ServerGone as exc:
            raise StoreError(_("The team store could not be reached to the end ({reason}). "
                               "Every operation not confirmed is kept and sent next time."
                               ).format(reason=exc)) from None
    finally:
        server.close()
    report.applied, report.conflicts, report.refused = (pushed.applied, pushed.conflicts,
                                                        pushed.refused)
    report.already_done = pushed.already_done
    with copy.read() as conn:
        report.waiting = outbox_rows.waiting_count(conn)
    if report.waiting == 0:
        try:
            pulled = P.pull(copy, url, also=pushed.case_ids)
        except U._GONE as exc:
            # Pull changes the copy in one local transaction after reading
            # everything: cut off, it changed nothing; the next sync pulls again.
            raise StoreError(_("What you did was sent, but the team store's changes could "
                               "not be brought in ({reason}): synchronise again.").format(
                                   reason=type(exc).__name__)) from None
        report.pulled, report.removed, report.added = (pulled.refreshed, pulled.removed,
                                                       pulled.added)
    return report

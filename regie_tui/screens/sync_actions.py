"""What the app does on a copy of the team store, and for taking one along (issue 18).

A mixin of ``RegieApp``: the conflicts screen (``C``), synchronising on request
(the palette) and by itself when the team store is seen again, the copy's
header line, and "Take cases along" on a team store. Every synchronisation
and take runs in a worker thread and ends in a notification: nothing fails
silently. The look for the team store (session.reachability) is a connect to
the server's port every ``CHECK_SECONDS`` (30 s), off the UI thread.
"""

from __future__ import annotations

from regie_tui.base.i18n import _


class SyncActions:
    """Needs the app's ``context``, ``locked``, ``notify``, ``run_worker`` and screens."""

    copy_header: str | None = None
    syncing = False
    _team_seen: bool | None = None
    _team_url: str | None = None

    def action_sync_conflicts(self) -> None:
        from textual.screen import ModalScreen

        from regie_tui.screens.conflicts import ConflictsScreen

        if (not self.context.store.is_copy or self.context.user is None
                or isinstance(self.screen, ModalScreen | ConflictsScreen)):
            return
        self.push_screen(ConflictsScreen(self.context))

    def action_synchronise(self) -> None:
        self.start_sync(automatic=False)

    def start_sync(self, automatic: bool = False) -> None:
        """Synchronise the copy in a worker; one at a time. ``automatic``: started by
        the app itself (the team store came back), so "nothing to do" is not said."""
        if not self.context.store.is_copy:
            return
        if self.syncing:
            if not automatic:
                self.notify(_("Already synchronising; the result follows."))
            return
        self.syncing = True
        if not automatic:
            self.notify(_("Synchronising with the team store…"), timeout=4)
        self.run_worker(lambda: self._synchronise(automatic), thread=True, group="sync",
                        name="synchronise")

    def sync_if_online(self) -> None:
        """Synchronise now if the team store was there at the last look."""
        if self._team_seen:
            self.start_sync(automatic=True)

    def _synchronise(self, automatic: bool) -> None:
        from regie_tui.base.errors import RegieError
        from regie_tui.sync.push_pull import synchronise

        store = self.context.store
        try:
            report = synchronise(store, store.clock)
        except RegieError as exc:
            self.call_from_thread(self._sync_failed, str(exc))
        else:
            self.call_from_thread(self._synced, report, automatic)
        finally:
            self.call_from_thread(self._sync_ended)

    def _sync_ended(self) -> None:
        self.syncing = False
        self.refresh_copy_status()

    def _sync_failed(self, message: str) -> None:
        self.notify(message, title=_("Not synchronised"), severity="error", timeout=20)

    def _synced(self, report, automatic: bool) -> None:
        troubles = report.conflicts or report.refused or report.removed
        happened = (troubles or report.applied or report.pulled or report.already_done
                    or report.added)
        if happened or not automatic:
            self.notify("\n".join(report.lines()), title=_("Synchronised"),
                        severity="warning" if troubles else "information",
                        timeout=30 if troubles else 10)
        self.cases_synchronised()

    def cases_synchronised(self) -> None:
        """Cases were brought from the team store, or removed: every screen reads again."""
        from regie_tui.screens.case_detail import CaseDetailScreen
        from regie_tui.screens.caseload import CaseloadScreen

        for screen in self.screen_stack:
            if isinstance(screen, CaseDetailScreen):
                screen.load()
        if isinstance(self.screen, CaseloadScreen):
            self.screen.load()

    def refresh_copy_status(self) -> None:
        """Read the copy's header line again (last sync, waiting, conflicts) off the UI."""
        if self.context.store.is_copy:
            self.run_worker(self._read_copy_status, thread=True, group="copy-status",
                            exclusive=True, name="copy-status")

    def _read_copy_status(self) -> None:
        from regie_tui.base.errors import RegieError
        from regie_tui.sync.state import copy_status
        from regie_tui.views.sync_text import copy_header

        try:
            status = copy_status(self.context.store)
        except RegieError:
            return  # the header keeps its last line; the next look tries again
        if status is not None:
            text = copy_header(status.last_sync_at, status.waiting, status.open_conflicts)
            self.call_from_thread(self._show_copy_header, text)

    def _show_copy_header(self, text: str) -> None:
        self.copy_header = text
        self._update_subtitle()

    def _watch_team_store(self) -> None:
        """On a copy: look for the team store every CHECK_SECONDS, off the UI thread;
        when it is there again after it was not (or at start), synchronise."""
        if not self.context.store.is_copy:
            return
        from regie_tui.session.reachability import CHECK_SECONDS

        self.refresh_copy_status()
        self.set_interval(CHECK_SECONDS, self.look_for_team_store)
        self.look_for_team_store()  # opened on the network: synchronise now

    def look_for_team_store(self) -> None:
        if not self.locked and not self.syncing:
            self.run_worker(self._look_for_team_store, thread=True, group="team-look",
                            exclusive=True, name="look-for-team-store")

    def _look_for_team_store(self) -> None:
        from regie_tui.session.reachability import reachable

        if self._team_url is None:  # read once: a copy stays a copy of one team store
            self._team_url = self.context.store.sync_value("team_url") or ""
        url = self._team_url
        seen = bool(url) and reachable(url)
        back = seen and not self._team_seen
        self._team_seen = seen
        if back:
            self.call_from_thread(self.start_sync, True)
        else:
            self.call_from_thread(self.refresh_copy_status)

    def action_take_along(self) -> None:
        from textual.screen import ModalScreen

        from regie_tui.base.config import data_dir
        from regie_tui.screens.sync_commands import TakeDialog

        store = self.context.store
        if not store.team or isinstance(self.screen, ModalScreen) or self.context.user is None:
            return
        suggested = str(data_dir() / "copy-of-the-team-store.sqlite")

        def chosen(answer: tuple[str, str] | None) -> None:
            if answer is not None:
                self.notify(_("Copying your cases…"), timeout=4)
                self.run_worker(lambda: self._take(*answer), thread=True, group="take",
                                exclusive=True, name="take-along")

        self.push_screen(TakeDialog(suggested), chosen)

    def _take(self, path: str, passphrase: str) -> None:
        from pathlib import Path

        from regie_tui.base.errors import RegieError
        from regie_tui.sync.take import take

        store = self.context.store
        try:
            report = take(store.path, Path(path).expanduser(), store.clock, passphrase)
        except RegieError as exc:
            self.call_from_thread(self.notify, str(exc), title=_("Not taken along"),
                                  severity="error", timeout=20)
            return
        self.call_from_thread(
            self.notify, "\n".join([*report.lines(), _("Open the copy with: regie-tui --db "
                                                         "{path}").format(path=report.path)]),
            title=_("Taken along"), timeout=30)

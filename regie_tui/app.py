"""The Regie application: screens, global bindings, command palette.

Built by :func:`create_app`, the one factory the CLI and the tests use.
"""

from __future__ import annotations

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.dom import NoScreen

from regie_tui.base.i18n import _, format_date
from regie_tui.screens.export_commands import ExportCommands
from regie_tui.session.context import AppContext


class RegieApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "Regie"
    COMMANDS = App.COMMANDS | {ExportCommands}
    BINDINGS = [
        Binding("f1", "help", _("Help"), id="help", tooltip=_("Show all keys and what they do")),
        Binding("question_mark", "help", _("Help"), show=False, id="help_alt",
                tooltip=_("Show all keys and what they do")),
        Binding("w", "duo_queue", _("Duo queue"), id="duo_queue",
                tooltip=_("Cases I review as duo partner, and new reviews on my cases")),
        Binding("t", "team_overview", _("Team"), id="team_overview",
                tooltip=_("Per consultant: cases, signals, duo reviews, caseload reviews")),
        Binding("ctrl+q", "quit", _("Quit"), id="quit", tooltip=_("Close Regie")),
        Binding("ctrl+n", "new_case", _("New case"), id="new_case",
                tooltip=_("Register a new case with you as process director")),
    ]

    # Unexpected errors after which the app stops instead of going on (a loop
    # of failing renders must not keep the user in an endless row of messages).
    MAX_UNEXPECTED_ERRORS = 3

    def __init__(self, context: AppContext, **kwargs):
        super().__init__(**kwargs)
        self.context = context
        self.unexpected_errors = 0
        self.last_error_id: str | None = None
        self.locked = False
        self.idle_watch = None

    def on_mount(self) -> None:
        self._start_idle_lock()
        self._watch_terminal()
        self._update_subtitle()
        if self.context.user is None:
            from regie_tui.screens.identity import IdentityScreen

            self.push_screen(IdentityScreen(self.context), self._identity_chosen)
        else:
            self._show_home()

    def _identity_chosen(self, name: str | None) -> None:
        if name is None:
            self.exit()
            return
        self.context.set_user(name)
        self._update_subtitle()
        self._show_home()

    def _show_home(self) -> None:
        from regie_tui.screens.caseload import CaseloadScreen

        self.push_screen(CaseloadScreen(self.context))
        if self.context.store.blocked:
            from regie_tui.screens.store_blocked import StoreBlockedScreen

            self.push_screen(StoreBlockedScreen(self.context.store.blocked))

    def _update_subtitle(self) -> None:
        who = self.context.user or _("unknown user")
        demo = _(" · DEMO (fictional data)") if self.context.demo else ""
        self.sub_title = f"{who} · {format_date(self.context.today)}{demo}"

    def open_case(self, case_id: int) -> None:
        """Show one case; every screen opens cases through here."""
        from regie_tui.screens.case_detail import CaseDetailScreen

        self.push_screen(CaseDetailScreen(self.context, case_id))

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        # Not over a form or dialog, and not before we know who is working.
        if action in ("duo_queue", "team_overview", "new_case"):
            from textual.screen import ModalScreen

            return self.context.user is not None and not isinstance(self.screen, ModalScreen)
        return True

    def action_duo_queue(self) -> None:
        from regie_tui.screens.duo_queue import DuoQueueScreen

        if not isinstance(self.screen, DuoQueueScreen):
            self.push_screen(DuoQueueScreen(self.context))

    def action_team_overview(self) -> None:
        from regie_tui.screens.team_overview import TeamOverviewScreen

        if not isinstance(self.screen, TeamOverviewScreen):
            self.push_screen(TeamOverviewScreen(self.context))

    def show_caseload_of(self, consultant_id: int) -> None:
        """Another consultant's caseload (the team overview opens it through here)."""
        from regie_tui.screens.caseload import CaseloadScreen

        names = {cid: name for cid, name, _role in self.context.store.consultants()}
        self.push_screen(CaseloadScreen(self.context, consultant_id, names.get(consultant_id)))

    def action_new_case(self) -> None:
        from textual.screen import ModalScreen

        from regie_tui.screens.forms.new_case import NewCaseForm

        if isinstance(self.screen, ModalScreen) or self.context.user is None:
            return  # not over another form or before we know who is working
        form = NewCaseForm(self.context)

        def saved(message: str | None) -> None:
            if message and form.saved_case_id is not None:
                self.notify(message, title=_("Saved"))
                self.open_case(form.saved_case_id)

        self.push_screen(form, saved)

    def action_help(self) -> None:
        from regie_tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())


    # -- screens that closed ----------------------------------------------------
    def pop_screen(self):
        result = super().pop_screen()
        self.call_after_refresh(self.forget_closed_watchers)
        return result

    def forget_closed_watchers(self) -> None:
        """Drop watchers that closed widgets left on the app.

        Every screen's Header watches the app's title and sub-title; Textual
        removes such a watcher only when that attribute changes again, which
        in Regie is almost never. Until then each case opened kept its closed
        Header and everything it holds (about a megabyte per case visited).
        """
        stacked = {id(screen) for stack in self._screen_stacks.values() for screen in stack}

        def alive(node) -> bool:
            if node._closing or node._closed:
                return False
            try:
                return node is self or id(node.screen) in stacked
            except NoScreen:  # already taken off its screen
                return False

        for watchers in getattr(self, "__watchers", {}).values():
            watchers[:] = [(node, callback) for node, callback in watchers if alive(node)]

    # -- a terminal that went away ---------------------------------------------
    def _watch_terminal(self) -> None:
        from regie_tui.session import terminal_watch

        fd = None if self.is_headless else terminal_watch.watched_fd()
        if fd is not None:
            self.set_interval(terminal_watch.POLL_SECONDS,
                              lambda: self.check_terminal(fd))

    def check_terminal(self, fd: int) -> None:
        from regie_tui.session.terminal_watch import terminal_gone

        if terminal_gone(fd):
            # Nobody can see or type into this app any more; saved work is safe
            # (every save is its own transaction), so simply stop.
            self.exit(return_code=129)

    # -- idle lock -------------------------------------------------------------
    def _start_idle_lock(self) -> None:
        from regie_tui.session.idle import IdleWatch

        self.idle_watch = IdleWatch(self.context.lock_after_seconds())
        if self.idle_watch.timeout > 0:
            self.set_interval(self.idle_watch.poll_interval(), self.check_idle_lock)

    async def on_event(self, event: events.Event) -> None:
        if self.idle_watch is not None and isinstance(event, events.Key | events.MouseDown
                                                | events.MouseScrollDown
                                                | events.MouseScrollUp):
            self.idle_watch.touch()
        await super().on_event(event)

    def check_idle_lock(self) -> None:
        if self.idle_watch is not None and self.idle_watch.expired() and not self.locked:
            self.lock()

    def lock(self) -> None:
        """Hide all case data until the user shows who they are."""
        from regie_tui.screens.lock import LockScreen

        self.locked = True
        self.clear_notifications()  # a toast may name a family
        self.use_command_palette = False  # its search could list case data
        self.push_screen(LockScreen(self.context), self._unlocked)

    def _unlocked(self, _result=None) -> None:
        self.locked = False
        self.use_command_palette = self.ENABLE_COMMAND_PALETTE
        self.idle_watch.touch()

    # -- errors --------------------------------------------------------------
    # Textual's default for an unexpected error prints the traceback with local
    # values when the app exits: those can hold case content. Here the log gets
    # the stack without messages or values (errorlog), the user a calm message
    # with a code to pass on.

    async def run_action(self, action, default_namespace=None) -> bool:
        """Every key binding runs through here: a failing action is reported and
        the app goes on (store commands are all-or-nothing, so nothing is half saved)."""
        try:
            return await super().run_action(action, default_namespace)
        except Exception as error:  # noqa: BLE001
            self._report_and_go_on(error)
            return True

    def _report_and_go_on(self, error: Exception) -> None:
        from regie_tui.base.errorlog import log_path, log_unexpected
        from regie_tui.screens.error import ErrorScreen

        self.unexpected_errors += 1
        if self.unexpected_errors > self.MAX_UNEXPECTED_ERRORS:
            self._handle_exception(error)
            return
        error_id = self.last_error_id = log_unexpected(error)
        if self.is_headless and self._exception is None:
            self._exception = error  # tests still fail on a bug (run_test re-raises it)
        self.push_screen(ErrorScreen(error_id, str(log_path())))

    def _handle_exception(self, error: Exception) -> None:
        """An error Textual cannot recover from (the failing part stops): log it,
        close the app and print the calm message once the terminal is restored."""
        from regie_tui.base.errorlog import log_path, log_unexpected

        error_id = self.last_error_id = log_unexpected(error)
        self._return_code = 1
        if self._exception is None:
            self._exception = error  # run_test re-raises it, so tests see the bug
            self._exception_event.set()
        self._exit_renderables.append(_(
            "regie-tui: something unexpected went wrong (error {id}). Nothing was lost "
            "that was saved before; the details are in {path}.").format(
                id=error_id, path=log_path()))
        self._close_messages_no_wait()


def create_app(context: AppContext, **kwargs) -> RegieApp:
    return RegieApp(context, **kwargs)

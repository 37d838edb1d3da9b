"""The Regie application: screens, global bindings, command palette.

Built by :func:`create_app`, the one factory the CLI and the tests use.
"""

from __future__ import annotations

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.dom import NoScreen

from regie_tui.base.i18n import _, format_date
from regie_tui.base.safe_text import visible
from regie_tui.screens.export_commands import ExportCommands
from regie_tui.screens.sync_actions import SyncActions
from regie_tui.screens.sync_commands import SyncCommands
from regie_tui.session.context import AppContext


class RegieApp(SyncActions, App):
    CSS_PATH = "app.tcss"
    TITLE = "Regie"
    COMMANDS = App.COMMANDS | {ExportCommands, SyncCommands}
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
        Binding("ctrl+l", "lock", _("Lock now"), id="lock", show=False,
                tooltip=_("Hide all case data now, until you show who you are (before you "
                          "walk away from the laptop)")),
        Binding("C", "sync_conflicts", _("Conflicts"), id="sync_conflicts", show=False,
                tooltip=_("On a copy of the team store: the changes you made offline that "
                          "the team store did not apply, to choose what happens to each")),
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
        # No control character from stored text reaches the terminal (issue 14).
        from regie_tui.widgets.control_filter import ControlFilter

        self._filters.append(ControlFilter())
        self._translate_palette_key()  # Textual's "palette", in the user's language

    def notify(self, message: str, *, title: str = "", severity="information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every toast as plain text: toasts carry stored text (a goal, a name, a
        code), and Textual would read a str message as markup (issue 14)."""
        super().notify(visible(message), title=visible(title), severity=severity,
                       timeout=timeout, markup=False)

    def on_mount(self) -> None:
        self._restore_theme()
        self._start_idle_lock()
        self._watch_terminal()
        self._watch_store()
        self._watch_team_store()
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
        for warning in self.context.warnings:  # e.g. today's backup failed: say it, go on
            self.notify(warning, severity="warning", timeout=20, markup=False)
        if self.context.store.blocked:
            from regie_tui.screens.store_blocked import StoreBlockedScreen

            self.push_screen(StoreBlockedScreen(self.context.store.blocked))

    def _update_subtitle(self) -> None:
        who = visible(self.context.user) or _("unknown user")
        demo = _(" · DEMO (fictional data)") if self.context.demo else ""
        self.sub_title = f"{who} · {format_date(self.context.today)}{demo}"
        if self.context.store.is_copy:
            # First: on a narrow terminal the header is cut at the end, and working on a
            # copy (with conflicts waiting) is what must never be missed.
            self.sub_title = f"{self.copy_header or _('Copy of the team store')} · " \
                             f"{self.sub_title}"

    def open_case(self, case_id: int, family: str | None = None) -> None:
        """Show one case; every screen opens cases through here. ``family``: start on
        the case's signal of that family (the caseload's signal filter)."""
        from regie_tui.screens.case_detail import CaseDetailScreen

        self.push_screen(CaseDetailScreen(self.context, case_id, family))

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "lock":
            return not self.locked
        # Not over a form or dialog, and not before we know who is working.
        if action == "sync_conflicts":
            from textual.screen import ModalScreen

            return (self.context.store.is_copy and self.context.user is not None
                    and not isinstance(self.screen, ModalScreen))
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

        if isinstance(self.screen, TeamOverviewScreen):
            return
        if not self.context.store.sees_whole_team():
            # Colleagues' figures from only the cases this login may read would be wrong.
            self.notify(_("The team overview needs every caseload of the team; on this team "
                          "store only the behavioural scientist may read them all."),
                        severity="warning", markup=False)
            return
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
                self.notify(message, title=_("Saved"), markup=False)  # quotes the code typed
                self.open_case(form.saved_case_id)

        self.push_screen(form, saved)

    def action_help(self) -> None:
        from regie_tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    # -- Textual's own words, in the user's language (screens/textual_strings) --
    def _translate_palette_key(self) -> None:
        from regie_tui.screens.textual_strings import palette_binding

        key = self.COMMAND_PALETTE_BINDING
        self._bindings.key_to_bindings[key] = [
            palette_binding(key, self.COMMAND_PALETTE_DISPLAY)]

    def get_system_commands(self, screen):
        from regie_tui.screens.textual_strings import system_commands

        return system_commands(super().get_system_commands(screen), self.action_help)

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        from regie_tui.screens.textual_strings import Palette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(Palette(id="--command-palette"))

    def search_commands(self, commands, placeholder: str | None = None):
        from textual.command import SimpleProvider

        from regie_tui.screens.textual_strings import Palette

        return self.push_screen(Palette(providers=[SimpleProvider(self.screen, commands)],
                                        placeholder=placeholder))

    def search_themes(self) -> None:
        from regie_tui.screens.textual_strings import Palette, ThemeProvider

        self.push_screen(Palette(providers=[ThemeProvider],
                                 placeholder=_("Search for a theme…")))

    def action_help_quit(self) -> None:
        # ctrl+c: Textual's hint that it does not quit, in the user's language.
        for active in self.active_bindings.values():
            if active.binding.action in ("quit", "app.quit"):
                self.notify(_("Press {key} to close Regie.").format(
                    key=self.get_key_display(active.binding)),
                    title=_("Do you want to close Regie?"))
                return

    def _print_error_renderables(self) -> None:
        # Textual's "NOTE: 1 of 2 errors shown. Run with textual run --dev ..." is
        # English and meant for developers: the user sees the first message only.
        del self._exit_renderables[1:]
        super()._print_error_renderables()


    # -- screens that closed ----------------------------------------------------
    def pop_screen(self):
        result = super().pop_screen()
        self.call_after_refresh(self.forget_closed_watchers)
        if self.context.store.is_copy:
            self.refresh_copy_status()  # a form saved: one more change waiting
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

    # -- changes made elsewhere (a team store announces them) -------------------
    def _watch_store(self) -> None:
        import threading

        backend = self.context.store.backend
        self._store_watch_stop = threading.Event()
        if backend.notifies:
            # A daemon thread on its own connection: it blocks on the server, and
            # closing Regie must never wait for it.
            threading.Thread(target=backend.watch_changes, name="regie-store-watch",
                             args=(self._changed_elsewhere, self._store_watch_stop),
                             daemon=True).start()

    def _changed_elsewhere(self, case_ids: set[int]) -> None:
        """In the watching thread: hand the changed cases to the app."""
        if self._store_watch_stop.is_set() or not self.is_running:
            return  # closing: nothing to show them on
        try:
            self.call_from_thread(self.store_changed, case_ids)
        except RuntimeError:  # the app has stopped: stop listening
            self._store_watch_stop.set()

    def store_changed(self, case_ids: set[int]) -> None:
        """Cases were changed (by a colleague, or a save here): read them again. The
        caseload shown reloads; one further down reloads when it is shown again."""
        from regie_tui.screens.case_detail import CaseDetailScreen
        from regie_tui.screens.caseload import CaseloadScreen

        for screen in self.screen_stack:
            if isinstance(screen, CaseDetailScreen) and screen.case_id in case_ids:
                screen.load()
        if isinstance(self.screen, CaseloadScreen):
            self.screen.load()

    def on_unmount(self) -> None:
        stop = getattr(self, "_store_watch_stop", None)
        if stop is not None:
            stop.set()

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

    def action_lock(self) -> None:
        if not self.locked:
            self.lock(by_hand=True)

    # -- the theme chosen last time ---------------------------------------------
    def _restore_theme(self) -> None:
        from regie_tui.base.config import ConfigError, load_settings

        try:
            name = load_settings().theme
        except ConfigError:
            return  # the start-up already said what is wrong with the file
        if name and name in self.available_themes and name != self.theme:
            self.theme = name
        self._theme_saved = name or self.theme

    def watch_theme(self, name: str) -> None:
        # Chosen in the palette ("Change theme"): kept in config.toml for next time.
        if getattr(self, "_theme_saved", None) in (None, name):
            return  # before the restore, or nothing new
        from regie_tui.base.config import remember

        try:
            remember("theme", name)
        except OSError:
            return  # not kept; the theme still changes now
        self._theme_saved = name

    def lock(self, by_hand: bool = False) -> None:
        """Hide all case data until the user shows who they are."""
        from regie_tui.screens.lock import LockScreen

        self.locked = True
        self.clear_notifications()  # a toast may name a family
        self.use_command_palette = False  # its search could list case data
        self.push_screen(LockScreen(self.context, by_hand), self._unlocked)

    def _unlocked(self, _result=None) -> None:
        self.locked = False
        self.use_command_palette = self.ENABLE_COMMAND_PALETTE
        self.idle_watch.touch()

    # -- errors --------------------------------------------------------------
    # Textual's default for an unexpected error prints the traceback with local
    # values when the app exits: those can hold case content. Here the log gets
    # the stack without messages or values (errorlog), the user a calm message
    # with a code to pass on.

    async def run_action(self, action, default_namespace=None, namespaces=None) -> bool:
        """Every key binding runs through here: a failing action is reported and
        the app goes on (store commands are all-or-nothing, so nothing is half saved).
        Textual's signature, namespaces too: ``Widget.run_action`` passes them."""
        try:
            return await super().run_action(action, default_namespace, namespaces)
        except Exception as error:  # noqa: BLE001
            self._report_and_go_on(error)
            return True

    def _report_and_go_on(self, error: Exception, where: str | None = None) -> None:
        from regie_tui.base.errorlog import log_path, log_unexpected
        from regie_tui.data.db import StoreBusy
        from regie_tui.screens.error import ErrorScreen

        if isinstance(error, StoreBusy):  # another process held the lock: not a bug
            self.notify(str(error), severity="warning", markup=False)
            return
        self.unexpected_errors += 1
        if self.unexpected_errors > self.MAX_UNEXPECTED_ERRORS:
            self._handle_exception(error)
            return
        error_id = self.last_error_id = log_unexpected(error, where)
        if self.is_headless and self._exception is None:
            self._exception = error  # tests still fail on a bug (run_test re-raises it)
        self.push_screen(ErrorScreen(error_id, str(log_path())))

    def _handle_exception(self, error: Exception) -> None:
        """An error Textual cannot recover from (the failing part stops): log it,
        close the app and print the calm message once the terminal is restored.

        A failed worker is the exception: Textual hands over a fresh
        ``WorkerFailed`` without a stack (the log said only "WorkerFailed"). The
        worker's own exception, with its stack, is logged instead, and the app
        goes on: the worker has ended, and every store write is all-or-nothing."""
        from textual.worker import WorkerFailed

        from regie_tui.base.errorlog import log_path, log_unexpected

        if isinstance(error, WorkerFailed) and isinstance(error.error, Exception):
            worker = _failed_worker_name(self, error.error)
            if self.unexpected_errors < self.MAX_UNEXPECTED_ERRORS and self.is_running:
                self._report_and_go_on(error.error, worker)
                return
            error = error.error
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


def _failed_worker_name(app: App, error: BaseException) -> str | None:
    """ "worker <method>" of the worker that raised ``error`` (a method name, no data)."""
    for worker in app.workers:
        if worker.error is error:
            return f"worker {worker.name}" if worker.name else "worker"
    return None


def create_app(context: AppContext, **kwargs) -> RegieApp:
    return RegieApp(context, **kwargs)


def gated_driver(gate):
    """Textual's Linux driver that first claims the terminal from the start-up child.

    The child (``views.first_rows``) may have painted a light first frame of
    the caseload; the app's first frame must come after it, never under it.
    Everything the driver writes once it has started is a frame, except
    operating-system commands (OSC, such as the pointer's shape).
    """
    from textual.drivers.linux_driver import LinuxDriver

    class GatedDriver(LinuxDriver):
        _started = False

        def start_application_mode(self):
            super().start_application_mode()
            self._started = True

        def write(self, data: str) -> None:
            # An operating-system command (the mouse pointer's shape) is not a frame.
            if self._started and not gate.claimed and not data.startswith("\x1b]"):
                gate.claim()
            super().write(data)

    return GatedDriver

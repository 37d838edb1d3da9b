"""The Regie application: screens, global bindings, command palette.

Built by :func:`create_app`, the one factory the CLI and the tests use.
"""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

from regie_tui.context import AppContext
from regie_tui.i18n import _, format_date


class RegieApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "Regie"
    BINDINGS = [
        Binding("f1", "help", _("Help"), id="help", tooltip=_("Show all keys and what they do")),
        Binding("question_mark", "help", _("Help"), show=False, id="help_alt",
                tooltip=_("Show all keys and what they do")),
        Binding("ctrl+q", "quit", _("Quit"), id="quit", tooltip=_("Close Regie")),
        Binding("ctrl+n", "new_case", _("New case"), id="new_case",
                tooltip=_("Register a new case with you as process director")),
    ]

    def __init__(self, context: AppContext, **kwargs):
        super().__init__(**kwargs)
        self.context = context

    def on_mount(self) -> None:
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
        from regie_tui.screens.home import HomeScreen

        self.push_screen(HomeScreen(self.context))

    def _update_subtitle(self) -> None:
        who = self.context.user or _("unknown user")
        demo = _(" · DEMO (fictional data)") if self.context.demo else ""
        self.sub_title = f"{who} · {format_date(self.context.today)}{demo}"

    def open_case(self, case_id: int) -> None:
        """Show one case; every screen opens cases through here."""
        from regie_tui.screens.case_detail import CaseDetailScreen

        self.push_screen(CaseDetailScreen(self.context, case_id))

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


def create_app(context: AppContext, **kwargs) -> RegieApp:
    return RegieApp(context, **kwargs)

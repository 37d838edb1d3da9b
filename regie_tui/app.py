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
        Binding("d", "duo_queue", _("Duo"), id="duo_queue",
                tooltip=_("Cases I review as duo partner, and new reviews on my cases")),
        Binding("t", "team_overview", _("Team"), id="team_overview",
                tooltip=_("Per consultant: cases, signals, duo reviews, caseload reviews")),
        Binding("ctrl+q", "quit", _("Quit"), id="quit", tooltip=_("Close Regie")),
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

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        # Not over a form or dialog, and not before we know who is working.
        if action in ("duo_queue", "team_overview"):
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
        """Another consultant's cases (the team overview opens them through here)."""
        from regie_tui.screens.consultant_cases import ConsultantCasesScreen

        self.push_screen(ConsultantCasesScreen(self.context, consultant_id))

    def action_help(self) -> None:
        from regie_tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())


def create_app(context: AppContext, **kwargs) -> RegieApp:
    return RegieApp(context, **kwargs)

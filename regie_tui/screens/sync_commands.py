"""Command palette entries for working offline (issue 18).

On a team store: "Take cases along" (a copy of your own and duo cases, for a
home visit). On a copy: "Synchronise" and "Synchronisation conflicts". The
work itself is the app's (``RegieApp.start_sync``, ``start_take``): in a
worker thread, its outcome always said in a notification.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from regie_tui.base.i18n import _
from regie_tui.base.safe_text import plain
from regie_tui.screens.listed_commands import ListedCommands


class SyncCommands(ListedCommands):
    def _commands(self) -> list[tuple[str, str, Callable[[], None]]]:
        app = self.app
        store = app.context.store
        if app.context.user is None or getattr(app, "locked", False):
            return []
        if store.is_copy:
            return [
                (_("Synchronise"),
                 _("Send what you recorded offline to the team store, and bring its changes "
                   "here"), app.action_synchronise),
                (_("Synchronisation conflicts"),
                 _("Changes you made offline that the team store did not apply: choose for "
                   "each"), app.action_sync_conflicts),
            ]
        if store.team:
            return [(_("Take cases along"),
                     _("Copy your own and duo cases to an encrypted store on this laptop, to "
                       "work without a network"), app.action_take_along)]
        return []


class TakeDialog(ModalScreen[tuple[str, str] | None]):
    """Where the copy goes, and its passphrase (twice): a copy of team data is encrypted."""

    DEFAULT_CSS = """
    TakeDialog { align: center middle; }
    #take-body { width: 80; max-width: 100%; height: auto; max-height: 100%;
                 border: round $primary; background: $surface; padding: 0 2; }
    #take-body .form-label { margin: 1 0 0 0; text-style: bold; }
    #take-body .form-intro { color: $text-muted; }
    #take-error { color: $error; text-style: bold; }
    #take-body Horizontal { height: auto; margin: 1 0 0 0; }
    #take-body Button { margin: 0 2 0 0; }
    """
    BINDINGS = [
        Binding("ctrl+s", "take", _("Take along"), id="take.save",
                tooltip=_("Make the copy with these settings")),
        Binding("escape", "cancel", _("Cancel"), id="take.cancel",
                tooltip=_("Close without making a copy")),
    ]

    def __init__(self, suggested: str):
        super().__init__()
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="take-body"):
            yield Label(_("Take cases along"), classes="title")
            yield Static(_("Your own and duo cases are copied to an encrypted store on this "
                           "laptop. Open it with regie-tui --db and the path below; what you "
                           "record there goes to the team store when you synchronise."),
                         classes="form-intro")
            yield Label(_("Copy on this laptop"), classes="form-label")
            yield Input(self.suggested, id="take-path")
            yield Label(_("Passphrase of the copy (at least 8 characters)"),
                        classes="form-label")
            yield Input(password=True, id="take-passphrase")
            yield Label(_("The passphrase again"), classes="form-label")
            yield Input(password=True, id="take-repeat")
            yield Static("", id="take-error")
            with Horizontal():
                yield Button(_("Take along (ctrl+s)"), id="take-ok", variant="primary")
                yield Button(_("Cancel (Esc)"), id="take-cancel")

    def on_mount(self) -> None:
        self.query_one("#take-error").display = False
        self.query_one("#take-passphrase").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "take-ok":
            self.action_take()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_take(self) -> None:
        from regie_tui.base.errors import RegieError
        from regie_tui.data import cipher

        path = self.query_one("#take-path", Input).value.strip()
        passphrase = self.query_one("#take-passphrase", Input).value
        try:
            if not path:
                raise ValueError(_("Name the file for the copy."))
            cipher.check_new_passphrase(passphrase, self.query_one("#take-repeat", Input).value)
        except (RegieError, ValueError) as exc:
            error = self.query_one("#take-error", Static)
            error.update(plain(getattr(exc, "message", None) or str(exc)))
            error.display = True
            return
        self.dismiss((path, passphrase))

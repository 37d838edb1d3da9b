"""An unexpected error: a calm message and an error code, never the details."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from regie_tui.base.i18n import _


class ErrorScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("enter,escape", "dismiss", _("Go on"), id="error.close",
                tooltip=_("Close this message and go on working")),
    ]

    def __init__(self, error_id: str, log_path: str):
        super().__init__()
        self.error_id = error_id
        self.log_path = log_path

    def compose(self) -> ComposeResult:
        with Vertical(id="error-body"):
            yield Label(_("Something unexpected went wrong"), classes="title")
            yield Static(_("Regie could not finish what it was doing. Everything saved before "
                           "is safe; what you were typing may not have been saved."))
            yield Static(_("Error code: {id}. If it happens again, pass this code on to your "
                           "application manager. The details, without any case content, are "
                           "in {path}.").format(id=self.error_id, path=self.log_path),
                         id="error-code")
            yield Static(_("Press Enter to go on, or Ctrl+Q to close Regie."))

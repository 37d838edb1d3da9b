"""The store failed its check on opening: say so, and which backup to restore."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from regie_tui.base.i18n import _
from regie_tui.base.safe_text import plain


class StoreBlockedScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("enter,escape", "dismiss", _("Look only"), id="blocked.close",
                tooltip=_("Close this message and look at the cases without saving")),
    ]

    def __init__(self, message: str):
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="blocked-body"):
            yield Label(_("The case store is damaged"), classes="title")
            yield Static(plain(self.message), id="blocked-message")
            yield Static(_("Press Enter to look at the cases without saving, or Ctrl+Q to "
                           "close Regie and restore the backup."))

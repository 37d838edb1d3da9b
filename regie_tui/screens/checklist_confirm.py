"""A confirmation before something that cannot be undone (completing, leaving unsaved).

With ``ask_date`` the dialog also asks a date (dd-mm-jjjj) and dismisses with
it; otherwise it dismisses with ``True``. Escape dismisses with ``None``.
"""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from regie_tui.base.i18n import _
from regie_tui.base.safe_text import plain


def parse_date(text: str) -> dt.date | None:
    """A date typed as dd-mm-jjjj (or ISO yyyy-mm-dd); ``None`` when it is not one."""
    text = text.strip()
    for fmt in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


class ChecklistConfirm(ModalScreen[object]):
    DEFAULT_CSS = """
    ChecklistConfirm { align: center middle; }
    #confirm-body {
        width: 72; height: auto; border: round $warning; background: $surface; padding: 1 2;
    }
    #confirm-date { width: 20; margin-top: 1; }
    #confirm-error { color: $error; }
    #confirm-keys { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [
        Binding("escape", "cancel", _("Cancel"), id="checklist_confirm.cancel",
                tooltip=_("Go back without doing this")),
        Binding("enter", "confirm", _("Confirm"), id="checklist_confirm.confirm",
                tooltip=_("Do it")),
    ]

    def __init__(self, title: str, message: str, *, ask_date: dt.date | None = None):
        super().__init__()
        self._title = title
        self._message = message
        self._ask_date = ask_date

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-body"):
            yield Label(plain(self._title), classes="title")
            yield Static(plain(self._message), id="confirm-message")
            if self._ask_date is not None:
                yield Input(self._ask_date.strftime("%d-%m-%Y"), id="confirm-date",
                            placeholder=_("dd-mm-yyyy"), max_length=10)
                yield Static("", id="confirm-error")
            yield Static(_("Enter: confirm · Escape: cancel"), id="confirm-keys")

    def on_mount(self) -> None:
        if self._ask_date is not None:
            self.query_one("#confirm-date", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_confirm()

    def action_confirm(self) -> None:
        if self._ask_date is None:
            self.dismiss(True)
            return
        day = parse_date(self.query_one("#confirm-date", Input).value)
        if day is None:
            self.query_one("#confirm-error", Static).update(
                _("Type the date as dd-mm-yyyy, for example 16-11-2026."))
            return
        self.dismiss(day)

    def action_cancel(self) -> None:
        self.dismiss(None)

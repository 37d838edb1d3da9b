"""First start: who is working? Pick a consultant or add yourself."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from regie_tui.base.errors import ValidationError
from regie_tui.base.i18n import _
from regie_tui.base.safe_text import plain
from regie_tui.session.context import AppContext


class IdentityScreen(ModalScreen[str | None]):
    BINDINGS = [
        Binding("escape", "cancel", _("Quit"), id="identity.cancel",
                tooltip=_("Close Regie without choosing")),
    ]

    def __init__(self, context: AppContext):
        super().__init__()
        self.context = context

    def compose(self) -> ComposeResult:
        consultants = self.context.store.consultants()
        with Vertical(id="identity-body"):
            yield Label(_("Who are you?"), classes="title")
            yield Static(_("Regie remembers your choice on this computer."))
            if consultants:
                yield OptionList(*[Option(plain(name), id=name)
                                   for _id, name, _role in consultants])
                yield Static(_("Not in the list? Type your name and press Enter."))
            else:
                yield Static(_("This store has no consultants yet. Type your name and press "
                               "Enter to add yourself."))
            yield Input(placeholder=_("Your name"), id="new-name")
            yield Static("", id="identity-error", classes="error")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        from regie_tui.data import commands

        name = event.value.strip()
        try:
            if self.context.store.consultant_id(name) is None:
                self.context.store.actor = name or "system"
                commands.create_consultant(self.context.store, name)
        except ValidationError as exc:
            self.query_one("#identity-error", Static).update(plain(exc.message))
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)

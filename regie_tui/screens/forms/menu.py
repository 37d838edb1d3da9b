"""The record menu (r): every form of the case screen with its key."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from regie_tui.base.i18n import _
from regie_tui.screens.forms.registry import ACTIONS


class RecordMenu(ModalScreen[str | None]):
    @staticmethod
    def bindings() -> list[Binding]:
        return [Binding("escape", "dismiss(None)", _("Close"), id="record.close",
                        tooltip=_("Close the menu without choosing"))]

    BINDINGS = bindings()
    DEFAULT_CSS = """
    RecordMenu { align: center middle; }
    #record-body { width: 70; height: auto; max-height: 90%; border: round $primary;
                   background: $surface; padding: 1 2; }
    #record-body OptionList { height: auto; max-height: 30; }
    """

    def __init__(self):
        super().__init__()
        self.chosen = False  # dismissed once already (keys typed fast come after)

    def compose(self) -> ComposeResult:
        with Vertical(id="record-body"):
            yield Label(_("Record what happened"), classes="title")
            yield OptionList(*[Option(f"{a.key}   {_(a.tooltip)}", id=a.name)
                               for a in ACTIONS], id="record-options")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option.id)

    def on_key(self, event) -> None:
        # The keys work here too: "r" then "m" is the same as "m".
        for action in ACTIONS:
            if event.key == action.key:
                event.stop()
                self._choose(action.name)
                return

    def _choose(self, name: str | None) -> None:
        # A second key before the menu has closed would dismiss it twice: Textual
        # then finds no screen to pop and the app stopped (ScreenStackError).
        if self.chosen:
            return
        self.chosen = True
        self.dismiss(name)

"""Choose the checklist template for a new run (and see which team files were refused)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from regie_tui.base.i18n import _
from regie_tui.base.safe_text import plain
from regie_tui.rules import checklists as CL


class ChecklistPick(ModalScreen[str | None]):
    DEFAULT_CSS = """
    ChecklistPick { align: center middle; }
    #pick-body { width: 90; height: auto; max-height: 90%; border: round $primary;
                 background: $surface; padding: 1 2; }
    #pick-body OptionList { height: auto; max-height: 12; }
    #pick-errors { color: $error; margin-top: 1; }
    """
    BINDINGS = [
        Binding("escape", "cancel", _("Cancel"), id="checklist_pick.cancel",
                tooltip=_("Close without starting a checklist")),
    ]

    def __init__(self, templates: CL.TemplateSet):
        super().__init__()
        self.templates = templates

    def compose(self) -> ComposeResult:
        with Vertical(id="pick-body"):
            yield Label(_("Which checklist?"), classes="title")
            yield OptionList(*[
                Option(plain(_("{title} (version {version})").format(
                    title=t.label(), version=t.version)), id=t.key)
                for t in self.templates.ordered()], id="pick-list")
            if self.templates.errors:
                lines = [_("Not loaded (fix the file and open this list again):")]
                lines += [f"• {e}" for e in self.templates.errors]
                yield Static(plain("\n".join(lines)), id="pick-errors")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)

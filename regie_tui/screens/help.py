"""F1 / ?: every key that works here, with what it does."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from regie_tui.i18n import _


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,f1,question_mark", "dismiss", _("Close"), id="help.close",
                tooltip=_("Close the help")),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Label(_("Keys"), classes="title")
            yield Static(self._keys(), id="help-keys")
            yield Static(_("Domain terms: MDO = multidisciplinary meeting; OVV = Overleg "
                           "Veilig Verder, the safety table; PR / VPR = (versterkte) "
                           "procesregie; casusregisseur = the case director at a care provider."))

    def _keys(self) -> str:
        # This help screen is already on the stack when it composes: list the one below.
        below = next((s for s in reversed(self.app.screen_stack) if s is not self),
                     self.app.screen)
        lines = []
        seen = set()
        for binding in [*getattr(below, "BINDINGS", []), *self.app.BINDINGS]:
            if not isinstance(binding, Binding) or binding.id in seen:
                continue
            seen.add(binding.id)
            keys = binding.key_display or binding.key
            lines.append(f"{keys:<18} {binding.description}")
        return "\n".join(lines)

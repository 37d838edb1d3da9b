"""F1 / ?: every key that works here, with what it does."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from regie_tui.base.i18n import _


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
        # This screen is already on the stack when it composes: list the one below it.
        stack = self.app.screen_stack
        below = stack[-2] if len(stack) > 1 and stack[-1] is self else stack[-1]
        lines = []
        seen = set()
        for binding in [*below.BINDINGS, *self.app.BINDINGS]:
            if not isinstance(binding, Binding) or binding.id in seen:
                continue
            seen.add(binding.id)
            lines.append(f"{self.app.get_key_display(binding):<14} {_(binding.description)}")
        return "\n".join(lines)

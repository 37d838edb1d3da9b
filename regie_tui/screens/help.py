"""F1 / ?: every key that works here, with what it does.

The screen's own keys, then the keys that work everywhere, then (on a case)
the letters of the record menu. One key map holds for all screens
(screens/keymap.py): a letter means the same wherever it works.
"""

from __future__ import annotations

from rich.text import Text
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

    def _keys(self) -> Text:
        # This screen is already on the stack when it composes: list the one below it.
        stack = self.app.screen_stack
        below = stack[-2] if len(stack) > 1 and stack[-1] is self else stack[-1]
        here = [b for b in below.BINDINGS if isinstance(b, Binding)]
        out = Text()
        seen: set[str] = set()
        self._section(out, _("On this screen"), here, seen)
        # The conflicts key works only on a copy of the team store (issue 18).
        context = getattr(self.app, "context", None)
        copy = context is not None and context.store.is_copy
        everywhere = [b for b in self.app.BINDINGS
                      if copy or getattr(b, "action", None) != "sync_conflicts"]
        self._section(out, _("Everywhere"), everywhere, seen)
        if any(b.id == "case.record" for b in here):
            from regie_tui.screens.forms.registry import ACTIONS

            out.append("\n" + _("Record (r, then the letter)") + "\n", style="bold")
            for action in ACTIONS:
                out.append(f"  r {action.key:<11} {_(action.tooltip)}\n")
        out.append("\n" + _("Esc goes back or closes, Enter opens or confirms, a digit picks "
                            "the n-th tab, view or answer; a letter means the same on every "
                            "screen where it works."), style="italic")
        return out

    def _section(self, out: Text, title: str, bindings: list, seen: set[str]) -> None:
        lines = []
        for binding in bindings:
            if not isinstance(binding, Binding) or binding.id in seen:
                continue
            seen.add(binding.id)
            description = _(binding.description)
            if not binding.show and description in seen:
                continue  # one line for a row of keys (1…9 answer by number)
            seen.add(description)
            lines.append(f"  {self.app.get_key_display(binding):<13} {description}\n")
        if lines:
            out.append(title + "\n", style="bold")
            for line in lines:
                out.append(line)
            out.append("\n")

"""Case detail (placeholder until the case-detail screen lands): code, alias, signals."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from regie_tui.context import AppContext
from regie_tui.i18n import _


class CaseDetailScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", _("Back"), id="case.back",
                tooltip=_("Back to the caseload")),
    ]

    def __init__(self, context: AppContext, case_id: int):
        super().__init__()
        self.context = context
        self.case_id = case_id

    def compose(self) -> ComposeResult:
        from regie_tui.rules.engine import evaluate_case

        case = self.context.store.load_case(self.case_id)
        signals = evaluate_case(case, self.context.today, self.context.intervals)
        yield Header()
        lines = [f"{case.code} · {case.alias}", ""]
        lines += [f"• {s.title()}: {s.explanation()}" for s in signals]
        yield Static("\n".join(lines), id="case-summary")
        yield Footer()

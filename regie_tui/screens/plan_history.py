"""All versions of a plan (date, reason, who) and the "plan still fits" decisions.

Space marks up to two versions; v compares the marked ones (or the selected
version with the one before it); x exports the selected version.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Label, Static

from regie_tui.base.i18n import N_, _, format_date
from regie_tui.base.safe_text import plain
from regie_tui.data.plan_view import PlanHistory
from regie_tui.rules import vocab
from regie_tui.screens.plan_forms import translate_bindings
from regie_tui.views.plan_text import event_text
from regie_tui.widgets import fixed_columns
from regie_tui.widgets.key_footer import KeyFooter


def _short(text: str, width: int = 45) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"

# (key, label) of the versions table; labels translated at display time.
COLUMNS = (("marked", " "), ("version", N_("Version")), ("status", N_("Status")),
           ("agreed_on", N_("Agreed on")), ("agreed_by", N_("Agreed by")),
           ("recorded_by", N_("Recorded by")), ("reason", N_("Reason")),
           ("answers", N_("Answers")))


class PlanHistoryScreen(Screen):
    CSS_PATH = "plan.tcss"

    BINDINGS = [
        Binding("escape", "app.pop_screen", _("Back"), id="plan_history.back",
                tooltip=_("Back to the plan")),
        Binding("space", "mark", _("Mark"), id="plan_history.mark",
                tooltip=_("Mark or unmark this version for the comparison (at most two)")),
        Binding("v", "compare", _("Compare"), id="plan_history.compare",
                tooltip=_("Compare the two marked versions, or this one with the one before")),
        Binding("x", "export", _("Export"), id="plan_history.export",
                tooltip=_("Write the selected version as Markdown for the MDO")),
    ]

    def __init__(self, context, history: PlanHistory):
        super().__init__()
        translate_bindings(self)
        self.context = context
        self.history = history
        self.marked: list[int] = []  # version numbers, in the order marked

    def compose(self) -> ComposeResult:
        h = self.history
        yield Header()
        with VerticalScroll(id="plan-history-body"):
            yield Static(plain(_("{code} · {alias} — History of the plan").format(
                code=h.case_code, alias=h.case_alias)), classes="title")
            yield Static(_("Space marks two versions, v compares them; without marks v "
                           "compares the selected version with the one before it."),
                         classes="muted")
            yield DataTable(id="history-versions", cursor_type="row")
            yield Label(_("Decisions that the plan still fits"), classes="title")
            yield Static(self._decisions(), id="history-decisions")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#history-versions", DataTable)
        self._fill()
        table.move_cursor(row=len(self.history.versions) - 1)
        table.focus()

    def _fill(self) -> None:
        table = self.query_one("#history-versions", DataTable)
        row = table.cursor_row
        cells = []
        for v in self.history.versions:
            answers = v.decision.answers if v.decision else ()
            cells.append((
                "✓" if v.number in self.marked else "",
                str(v.number), _(vocab.PLAN_STATUSES.get(v.status, v.status)),
                format_date(v.agreed_on, "short") if v.agreed_on else "—",
                ", ".join(v.agreed_by()) or "—",
                f"{v.created_by or '—'} ({format_date(v.created_on, 'short')})",
                _short(v.reason) if v.reason else (_("first plan") if v.number == 1 else "—"),
                str(len(answers)) if answers else "—"))
        fixed_columns.fill(table, fixed_columns.translated(COLUMNS), cells,
                           keys=[str(v.number) for v in self.history.versions])
        table.move_cursor(row=row)

    def _decisions(self) -> Text:
        fits = [d for d in self.history.decisions if d.kind == vocab.STILL_FITS]
        text = Text()
        if not fits:
            text.append(_("None recorded.") + "\n", style="dim")
        for d in fits:
            who = f" ({d.decided_by})" if d.decided_by else ""
            text.append(f"{format_date(d.decided_on)}{who}: ", style="bold")
            text.append(f"{d.reason}\n")
            for e in d.answers:
                text.append("   " + _("answers: {event}").format(event=event_text(e)) + "\n", style="dim")
        return text

    def _selected(self) -> int:
        table = self.query_one("#history-versions", DataTable)
        return self.history.versions[table.cursor_row].number

    def action_mark(self) -> None:
        number = self._selected()
        if number in self.marked:
            self.marked.remove(number)
        else:
            self.marked = [*self.marked, number][-2:]
        self._fill()

    def action_compare(self) -> None:
        from regie_tui.screens.plan_compare import PlanCompareScreen

        if len(self.marked) == 2:
            old, new = sorted(self.marked)
        else:
            new = self._selected()
            old = new - 1
            if old < 1:
                self.notify(_("Version 1 has no version before it: mark two versions with "
                              "space, or select a later version."), severity="warning")
                return
        self.app.push_screen(PlanCompareScreen(self.history, old, new))

    def action_export(self) -> None:
        from regie_tui.screens.plan_export import export_version

        export_version(self, self.context, self.history.case_id, self._selected())

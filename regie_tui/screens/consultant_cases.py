"""The active cases of one consultant, worst signal first (from the team overview).

A stand-in until the caseload screen can show another consultant's cases:
``RegieApp.show_caseload_of`` is the one place to switch over.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label

from regie_tui.context import AppContext
from regie_tui.i18n import _
from regie_tui.rules import signals as S
from regie_tui.screens.review_text import SEVERITY_STYLES


class ConsultantCasesScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", _("Back"), id="consultant_cases.back",
                tooltip=_("Back to the team overview")),
    ]

    def __init__(self, context: AppContext, consultant_id: int):
        super().__init__()
        self.context = context
        self.consultant_id = consultant_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="consultant-title", classes="title")
        yield DataTable(id="consultant-cases", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(_("Case"), _("Family"), _("Regime"),
                                              _("Signals"), _("Most pressing"))
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        from regie_tui.data import facts_loader
        from regie_tui.rules.engine import evaluate_cases

        ctx = self.context
        with ctx.store.read() as conn:
            name = conn.execute("SELECT name FROM consultant WHERE id = ?",
                                (self.consultant_id,)).fetchone()
            ids = [r[0] for r in conn.execute(
                "SELECT id FROM care_case WHERE process_director_id = ? AND status = 'active'",
                (self.consultant_id,))]
            cases = facts_loader.load(conn, ids, as_of=ctx.today).cases if ids else []
        signals = evaluate_cases(cases, ctx.today, ctx.intervals)
        rows = []
        for case in cases:
            open_signals = [s for s in signals[case.id] if not s.muted]
            rows.append((case, len(open_signals), S.worst(open_signals)))
        rows.sort(key=lambda r: (r[2].sort_key if r[2] else (1,), r[0].code))
        self.app.call_from_thread(self._show, name[0] if name else "", rows)

    def _show(self, name: str, rows) -> None:
        self.query_one("#consultant-title", Label).update(
            _("Active cases of {name}").format(name=name))
        table = self.query_one(DataTable)
        table.clear()
        for case, count, worst in rows:
            pressing = Text(worst.title(), style=SEVERITY_STYLES[worst.severity]) if worst \
                else Text("")
            table.add_row(case.code, case.alias, case.regime or "", str(count), pressing,
                          key=str(case.id))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.app.open_case(int(event.row_key.value))

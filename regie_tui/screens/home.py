"""Home: the cases of the current user (the full caseload screen builds on this)."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from regie_tui.context import AppContext
from regie_tui.i18n import _


class HomeScreen(Screen):
    BINDINGS = [
        Binding("r", "reload", _("Reload"), id="home.reload", tooltip=_("Read the store again")),
    ]

    def __init__(self, context: AppContext):
        super().__init__()
        self.context = context

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Loading cases…"), id="empty")
        yield DataTable(id="cases", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(_("Code"), _("Family"), _("Regime"), _("Status"))
        self.load()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.app.open_case(int(event.row_key.value))

    def action_reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        caseload = self.context.store.load_caseload()
        self.app.call_from_thread(self._show, caseload)

    def _show(self, caseload) -> None:
        me = self.context.user_id()
        mine = [c for c in caseload.cases if c.process_director_id == me and c.is_active]
        table = self.query_one(DataTable)
        table.clear()
        for case in mine:
            table.add_row(case.code, case.alias, case.regime or "", _(case.status), key=str(case.id))
        empty = self.query_one("#empty", Static)
        empty.display = not mine
        empty.update(_("You have no active cases. Start Regie with --demo to explore a "
                       "fictional caseload."))

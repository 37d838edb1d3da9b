"""All checklist runs of a case: open one, start a new one, compare with the previous run."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from regie_tui.base.errors import RegieError
from regie_tui.base.i18n import N_, _, format_date
from regie_tui.base.safe_text import plain
from regie_tui.session.context import AppContext
from regie_tui.widgets import fixed_columns
from regie_tui.widgets.key_footer import KeyFooter

# (key, label) of the table's columns; labels translated at display time.
COLUMNS = (("checklist", N_("Checklist")), ("version", N_("Version")),
           ("started", N_("Started")), ("completed", N_("Completed")),
           ("signed", N_("Signed by")), ("progress", N_("Progress")))


class ChecklistHistoryScreen(Screen):
    DEFAULT_CSS = """
    ChecklistHistoryScreen #history-title { text-style: bold; padding: 0 1; }
    ChecklistHistoryScreen #history-empty { padding: 1 2; color: $text-muted; }
    ChecklistHistoryScreen DataTable { height: 1fr; }
    """
    BINDINGS = [
        Binding("enter", "open", _("Open"), id="checklists.open",
                tooltip=_("Open the checklist: resume it, or read it when completed")),
        Binding("n", "new", _("New checklist"), id="checklists.new",
                tooltip=_("Start a new checklist run on this case")),
        Binding("v", "compare", _("Compare"), id="checklists.compare",
                tooltip=_("Compare with the previous run of the same checklist")),
        Binding("escape", "app.pop_screen", _("Back"), id="checklists.back",
                tooltip=_("Back to the case")),
    ]

    def __init__(self, context: AppContext, case_id: int):
        super().__init__()
        self.context = context
        self.case_id = case_id
        self.runs = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Checklists"), id="history-title")
        yield Static(_("Loading checklists…"), id="history-empty")
        yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        from regie_tui.data import checklist_queries as CQ

        try:
            header = CQ.case_header(self.context.store, self.case_id)
            runs = CQ.runs_of_case(self.context.store, self.case_id)
        except RegieError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._show, header, runs)

    def _show(self, header, runs) -> None:
        self.runs = list(reversed(runs))  # newest first
        self.query_one("#history-title", Static).update(
            plain(_("Checklists · {case}").format(case=f"{header.code} · {header.alias}")))
        table = self.query_one(DataTable)
        cells = []
        for run in self.runs:
            done, total = run.progress()
            cells.append((
                run.template.label(), str(run.template.version), format_date(run.started_on),
                format_date(run.completed_on) if run.completed else _("not completed"),
                (run.consultant or "—") if run.completed else "",
                f"{done}/{total}"))
        fixed_columns.fill(table, fixed_columns.translated(COLUMNS), cells,
                           keys=[str(run.id) for run in self.runs])
        empty = self.query_one("#history-empty", Static)
        empty.display = not self.runs
        empty.update(_("No checklists on this case yet. Press n to start one."))
        table.focus()

    def _selected(self):
        table = self.query_one(DataTable)
        if not self.runs or table.cursor_row is None:
            return None
        return self.runs[table.cursor_row]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        from regie_tui.screens.checklist_run import ChecklistRunScreen

        run = self._selected()
        if run is not None:
            self.app.push_screen(ChecklistRunScreen(self.context, self.case_id, run_id=run.id))

    def action_compare(self) -> None:
        from regie_tui.screens.checklist_compare import ChecklistCompareScreen

        run = self._selected()
        if run is None:
            self.notify(_("There is no checklist to compare yet."), severity="warning")
            return
        self.app.push_screen(ChecklistCompareScreen(self.context, run.id))

    def action_new(self) -> None:
        self._pick()

    @work(thread=True, exclusive=True, group="checklists-pick")
    def _pick(self) -> None:
        from regie_tui.data import checklist_queries as CQ

        templates = CQ.available_templates()
        self.app.call_from_thread(self._show_pick, templates)

    def _show_pick(self, templates) -> None:
        from regie_tui.screens.checklist_pick import ChecklistPick

        if not templates.templates:
            self.notify(_("No checklist templates could be loaded."), severity="error")
            return
        self.app.push_screen(ChecklistPick(templates), self._picked)

    def _picked(self, key: str | None) -> None:
        from regie_tui.screens.checklist_run import ChecklistRunScreen

        if key:
            # Resumes the open run of this template when there is one.
            self.app.push_screen(ChecklistRunScreen(self.context, self.case_id,
                                                    template_key=key))

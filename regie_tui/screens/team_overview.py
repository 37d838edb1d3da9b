"""Team overview: per consultant their cases, signals, duo reviews owed and caseload review.

For the behavioural scientist and the manager, open to everyone. The table
appears as soon as today's signals are known; the chart of open signals per
week needs the engine twelve times and follows when it is ready. Both are
computed in a worker thread.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Label, Static

from regie_tui.base.i18n import N_, _, format_date
from regie_tui.base.safe_text import plain
from regie_tui.rules import signals as S
from regie_tui.screens.review_text import SEVERITY_STYLES
from regie_tui.session.context import AppContext
from regie_tui.widgets import fixed_columns
from regie_tui.widgets.key_footer import KeyFooter
from regie_tui.widgets.trend_chart import TrendChart

WEEKS = 12


def _number(n: int, style: str = "") -> Text:
    return Text(str(n), style=style, justify="right")


NAME_WIDTH = 24  # at least: fits "Voornaam Achternaam" of most consultants

# (key, label) of the table's columns; labels translated at display time. The
# severity columns carry their symbol (▲ ● ○ ◇), the same as every other screen.
COLUMNS = (
    ("name", N_("Consultant")), ("pr", N_("PR")), ("vpr", N_("VPR")),
    ("overdue", N_("Overdue")), ("due_soon", N_("Due soon")), ("attention", N_("Attention")),
    ("acknowledged", N_("Acknowledged")),
    ("duo", N_("Duo reviews owed")), ("last_review", N_("Last caseload review")),
    ("review", N_("Caseload review")),
)
_SYMBOLED = {"overdue": S.OVERDUE, "due_soon": S.DUE_SOON, "attention": S.ATTENTION,
             "acknowledged": S.ACKNOWLEDGED}
ACK_COLUMNS = (
    ("case", N_("Case")), ("director", N_("Process director")), ("signal", N_("Signal")),
    ("until", N_("Until")), ("by", N_("Acknowledged by")), ("reason", N_("Reason")),
)


REASON_WIDTH = 50  # the rest is in the case's timeline and the duo review


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def _columns() -> list[tuple[str, str]]:
    return [(key, f"{S.SYMBOLS[_SYMBOLED[key]]} {label}" if key in _SYMBOLED else label)
            for key, label in fixed_columns.translated(COLUMNS)]


class TeamOverviewScreen(Screen):
    DEFAULT_CSS = """
    TeamOverviewScreen #team-acks { height: auto; max-height: 8; }
    """
    BINDINGS = [
        Binding("enter", "open", _("Caseload"), id="team.open",
                tooltip=_("Open the caseload of the selected consultant")),
        Binding("n", "caseload_review", _("Caseload review"), id="team.caseload_review",
                tooltip=_("Record a caseload review with the selected consultant")),
        Binding("f5", "reload", _("Reload"), id="team.reload", tooltip=_("Read the store again")),
        Binding("escape", "app.pop_screen", _("Back"), id="team.back",
                tooltip=_("Back to the previous screen")),
    ]

    def __init__(self, context: AppContext):
        super().__init__()
        self.context = context
        self.rows = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(_("Team overview"), classes="title")
        yield DataTable(id="team", cursor_type="row", zebra_stripes=True)
        yield Static(_("Loading the team…"), id="team-status", classes="muted-note")
        yield Label(_("Acknowledged signals in force (whole team)"), classes="section")
        yield DataTable(id="team-acks", cursor_type="row", zebra_stripes=True)
        yield Label(_("Open signals per week, last {n} weeks (whole team)").format(n=WEEKS),
                    classes="section")
        yield Static(_("Calculating the chart…"), id="trend-status", classes="muted-note")
        yield TrendChart(id="trend")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._fill([])
        self.load()

    def _fill(self, rows) -> None:
        cells = [self._cells(row) for row in rows]
        fixed_columns.fill(self.query_one("#team", DataTable), _columns(), cells,
                           keys=[str(row.consultant_id) for row in rows],
                           minimum={0: NAME_WIDTH})

    def action_reload(self) -> None:
        self.query_one("#trend-status").display = True
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        from regie_tui.data.team_view import load_trend_caseload, team_rows
        from regie_tui.rules.trend import open_signals_per_week

        ctx = self.context
        caseload = load_trend_caseload(ctx.store, ctx.today, WEEKS)
        rows = team_rows(caseload, ctx.today, ctx.intervals)
        self.app.call_from_thread(self._show_rows, rows)
        self.app.call_from_thread(self._show_acks, self._read_acks())
        weeks = open_signals_per_week(caseload, ctx.today, ctx.intervals, WEEKS)
        self.app.call_from_thread(self._show_trend, weeks)

    def _read_acks(self) -> list:
        from regie_tui.data import acknowledgements

        ctx = self.context
        with ctx.store.read() as conn:
            return acknowledgements.in_force(conn, ctx.today, ctx.intervals.acknowledge_max)

    def _show_acks(self, acks) -> None:
        table = self.query_one("#team-acks", DataTable)
        # Reasons are the consultants' own words: plain Text, never markup.
        cells = [(plain(a.case_code), plain(a.process_director or "—"),
                  f"{S.SYMBOLS[S.ACKNOWLEDGED]} {a.title()}", format_date(a.until),
                  plain(a.by or "—"), plain(_fit(" ".join(a.reason.split()), REASON_WIDTH)))
                 for a in acks]
        fixed_columns.fill(table, fixed_columns.translated(ACK_COLUMNS), cells,
                           keys=[str(a.id) for a in acks])
        table.display = bool(acks)

    def _cells(self, row) -> tuple:
        signal = row.caseload_signal
        if signal is None:
            status = Text(f"{S.SYMBOLS[S.NO_SIGNALS]} " + _("on time"), style="green")
        else:
            status = Text(f"{signal.symbol} {signal.severity_label()} · "
                          f"{signal.timing(self.context.today)}".rstrip(" ·"),
                          style=SEVERITY_STYLES[signal.severity])
        return (
            row.name, _number(row.pr), _number(row.vpr),
            _number(row.overdue, SEVERITY_STYLES["overdue"] if row.overdue else ""),
            _number(row.due_soon), _number(row.attention), _number(row.acknowledged),
            _number(row.duo_owed, "bold" if row.duo_owed else ""),
            format_date(row.last_caseload_review) if row.last_caseload_review else _("never"),
            status)

    def _show_rows(self, rows) -> None:
        self.rows = rows
        table = self.query_one("#team", DataTable)
        keep = table.cursor_row
        self._fill(rows)
        if rows:
            table.move_cursor(row=min(max(keep, 0), len(rows) - 1))
        self.query_one("#team-status", Static).update(
            _("No consultants in this store yet.") if not rows else
            _("Enter: open the caseload · n: record a caseload review"))

    def _show_trend(self, weeks) -> None:
        self.query_one("#trend-status").display = False
        self.query_one(TrendChart).show_weeks(weeks)

    def _selected(self):
        table = self.query_one("#team", DataTable)
        if not self.rows or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((r for r in self.rows if str(r.consultant_id) == key), None)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        row = self._selected()
        if row is not None:
            self.app.show_caseload_of(row.consultant_id)

    def action_caseload_review(self) -> None:
        row = self._selected()
        if row is None:
            self.notify(_("Select a consultant first."), severity="warning")
            return
        from regie_tui.screens.caseload_review_form import CaseloadReviewForm

        def done(meeting_id: int | None) -> None:
            if meeting_id is not None:
                self.action_reload()

        self.app.push_screen(CaseloadReviewForm(self.context, row.consultant_id, row.name), done)

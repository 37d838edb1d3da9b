"""Duo queue: the cases I review as duo partner, and new reviews on my own cases."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Label, Static

from regie_tui.base.i18n import N_, _, format_date
from regie_tui.rules import vocab
from regie_tui.screens.review_text import SEVERITY_STYLES
from regie_tui.session.context import AppContext
from regie_tui.widgets import fixed_columns
from regie_tui.widgets.key_footer import KeyFooter

# (key, label) of the two tables' columns; labels translated at display time.
QUEUE_COLUMNS = (("case", N_("Case")), ("family", N_("Family")),
                 ("director", N_("Process director")), ("regime", N_("Regime")),
                 ("last", N_("My last review")), ("due", N_("Review due")),
                 ("signal", N_("Signal")))
UNREAD_COLUMNS = (("case", N_("Case")), ("family", N_("Family")), ("reviewer", N_("Reviewer")),
                  ("date", N_("Date")), ("verdict", N_("Verdict")))


class DuoQueueScreen(Screen):
    BINDINGS = [
        Binding("enter", "open", _("Review"), id="duo_queue.open",
                tooltip=_("Open the selected case for review")),
        Binding("f5", "reload", _("Reload"), id="duo_queue.reload",
                tooltip=_("Read the store again")),
        Binding("escape", "app.pop_screen", _("Back"), id="duo_queue.back",
                tooltip=_("Back to the previous screen")),
    ]

    def __init__(self, context: AppContext):
        super().__init__()
        self.context = context

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(_("Cases I review as duo partner"), classes="title")
        yield Static(_("Loading cases…"), id="queue-empty", classes="muted-note")
        yield DataTable(id="queue", cursor_type="row", zebra_stripes=True)
        yield Label(_("New duo reviews on my cases"), classes="title")
        yield Static("", id="unread-empty", classes="muted-note")
        yield DataTable(id="unread", cursor_type="row")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load()

    def on_screen_resume(self) -> None:
        self.load()  # back from a review: the queue and the markers have changed

    def action_reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        from regie_tui.data.review_view import duo_queue, unread_reviews

        me = self.context.user_id()
        if me is None:
            self.app.call_from_thread(self._show, [], [])
            return
        queue = duo_queue(self.context.store, me, self.context.today, self.context.intervals)
        unread = unread_reviews(self.context.store, me)
        self.app.call_from_thread(self._show, queue, unread)

    def _show(self, queue, unread) -> None:
        today = self.context.today
        table = self.query_one("#queue", DataTable)
        keep = table.cursor_row
        cells = []
        for row in queue:
            signal = row.signal
            if signal is None:
                status = Text("")
            else:
                # The column is always about the duo review: its timing says enough.
                status = Text(signal.timing(today), style="dim" if signal.muted else
                              SEVERITY_STYLES[signal.severity])
            cells.append((row.code, row.alias, row.process_director,
                          row.regime or "", format_date(row.my_last_review, "short"),
                          format_date(row.due, "short") if row.due else
                          _("not needed in {regime}").format(regime=row.regime or vocab.PR),
                          status))
        fixed_columns.fill(table, fixed_columns.translated(QUEUE_COLUMNS), cells,
                           keys=[str(row.case_id) for row in queue])
        if queue:
            table.move_cursor(row=min(keep, len(queue) - 1))
        table.display = bool(queue)
        empty = self.query_one("#queue-empty", Static)
        empty.display = not queue
        empty.update(_("You are not the duo partner of any active case."))

        table = self.query_one("#unread", DataTable)
        fixed_columns.fill(
            table, fixed_columns.translated(UNREAD_COLUMNS),
            [(item.code, item.alias, item.review.reviewer,
              format_date(item.review.reviewed_on, "short"), item.review.verdict_label())
             for item in unread],
            keys=[str(item.case_id) for item in unread])
        table.display = bool(unread)
        note = self.query_one("#unread-empty", Static)
        note.display = not unread
        note.update(_("No unread duo reviews on your cases."))

    def action_open(self) -> None:
        focused = self.focused
        table = focused if isinstance(focused, DataTable) else self.query_one("#queue", DataTable)
        self._open(table)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._open(event.data_table)

    def _open(self, table: DataTable) -> None:
        if table.row_count == 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        from regie_tui.screens.duo_review import DuoReviewScreen

        self.app.push_screen(DuoReviewScreen(self.context, int(key)))

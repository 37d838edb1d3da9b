"""Caseload (home): the consultant's day at a glance.

Four views (mine, duo, team, closed), a summary bar of signal families that
filters the table, an incremental text filter, sorting by any column, and
Enter to open a case.

Speed (10,000 cases): facts, signals and rows are built in a worker; the
table holds only a window of the matching rows (``PAGE`` at a time, more as
the cursor nears the end), because DataTable measures every cell it holds.
Refreshing keeps the table in place: when the same cases are shown in the
same order only changed cells are rewritten.
"""

from __future__ import annotations

import gc
import operator
import os
import time

from rich.cells import cell_len
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Static, Tab, Tabs
from textual.worker import Worker, WorkerState

from regie_tui.base.i18n import _
from regie_tui.base.safe_text import plain, visible
from regie_tui.rules import signals as S
from regie_tui.screens.case_jump import CaseJumpProvider
from regie_tui.session.context import AppContext
from regie_tui.views import caseload as V
from regie_tui.views import first_rows
from regie_tui.widgets.filter_input import FilterInput
from regie_tui.widgets.key_footer import KeyFooter
from regie_tui.widgets.summary_bar import FAMILY_KEYS, FamilySelected, SummaryBar

# Rows put into the DataTable at a time; more are appended near the end.
PAGE = 100
# How close to the last loaded row the cursor may come before the next page is added.
PREFETCH = 10
# What a consultant needs of a case, kept in view on a narrow terminal (issue 15):
# which case, how bad, how many signals and why, when the youth was seen, the duo.
PRIORITY_COLUMNS = (V.COL_SEVERITY, V.COL_CODE, V.COL_ALIAS, V.COL_SIGNALS,
                    V.COL_YOUTH_CONTACT, V.COL_DUO)
# How narrow a column may become before the layout puts the priority columns first.
MINIMUM_WIDTHS = {V.COL_ALIAS: 10, V.COL_SIGNALS: 16, V.COL_DUO: 8, V.COL_PHASE: 10,
                  V.COL_CASE_DIRECTOR: 10, V.COL_NEXT_MDO: 10, V.COL_YOUTH_CONTACT: 10}
_VIEWS = Binding.Group(_("View"), compact=True)
_FAMILIES = Binding.Group(_("Signal filter"), compact=True)
_FAMILY_HELP = {
    S.FAMILY_MDO: _("Show only cases with an MDO overdue or due soon"),
    S.FAMILY_CASE_DIRECTOR: _("Show only cases missing a case director or role agreement"),
    S.FAMILY_ESCALATION: _("Show only cases with an open escalation or waiting without one"),
    S.FAMILY_YOUTH_CONTACT: _("Show only cases without recent contact with the youth"),
    S.FAMILY_PLAN: _("Show only cases whose plan needs attention"),
    S.FAMILY_DUO: _("Show only cases with a duo review or duo partner missing"),
    S.FAMILY_OTHER: _("Show only cases with other signals"),
}


def settle_memory() -> None:
    """Run Python's full garbage collection now, while the user only looks.

    A caseload of 10,000 cases is a few hundred thousand long-lived objects,
    and each refresh replaces them. Python then owes a full collection that
    walks them all (~140 ms), and it used to come at an arbitrary later moment
    -- often while the next case was opening. Collected here, right after the
    refresh, the debt is paid and the next case opens without it.
    """
    gc.collect()


def _bench_log(event: str) -> None:
    """Timing hook for bench/bench_caseload.py; off unless REGIE_BENCH_LOG names a file."""
    path = os.environ.get("REGIE_BENCH_LOG")
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            # Wall clock (to compare with the bench's clock) and CPU time of the
            # process (all threads), which a busy machine inflates much less.
            fh.write(f"{event} {time.time():.6f} {time.process_time():.6f}\n")


class CaseloadScreen(Screen):
    COMMANDS = {CaseJumpProvider}
    DEFAULT_CSS = """
    CaseloadScreen #filter {
        margin: 0 1;
    }
    CaseloadScreen #table-area {
        height: 1fr;
    }
    CaseloadScreen #cases {
        height: 1fr;
    }
    CaseloadScreen #status {
        /* Two lines on a narrow terminal: the legend of the symbols stays whole. */
        height: auto;
        max-height: 2;
        padding: 0 1;
        color: $text-muted;
    }
    """
    BINDINGS = [
        Binding("1", "view('mine')", _("My cases"), id="caseload.view_mine", group=_VIEWS,
                tooltip=_("Cases where you are process director")),
        Binding("2", "view('duo')", _("Duo"), id="caseload.view_duo", group=_VIEWS,
                tooltip=_("Cases where you are the duo partner")),
        Binding("3", "view('team')", _("Team"), id="caseload.view_team", group=_VIEWS,
                tooltip=_("All active cases of the team")),
        Binding("4", "view('closed')", _("Closed"), id="caseload.view_closed", group=_VIEWS,
                tooltip=_("Closed cases")),
        *[
            Binding(key, f"family('{family}')", _(S.FAMILIES[family]),
                    id=f"caseload.family_{family}", group=_FAMILIES,
                    tooltip=_FAMILY_HELP[family])
            for family, key in FAMILY_KEYS.items()
        ],
        Binding("slash", "filter", _("Filter"), id="caseload.filter", key_display="/",
                tooltip=_("Type to show only cases whose code, family or names match")),
        Binding("escape", "clear_filter", _("Clear filter"), id="caseload.clear_filter",
                show=False, tooltip=_("Clear the text filter and the signal filter")),
        Binding("s", "sort_next", _("Sort"), id="caseload.sort",
                tooltip=_("Sort by the next column (the first is most urgent first)")),
        Binding("S", "sort_reverse", _("Reverse"), id="caseload.sort_reverse",
                tooltip=_("Reverse the order")),
        Binding("enter", "open_case", _("Open"), id="caseload.open",
                tooltip=_("Open the case under the cursor")),
    ]

    def __init__(self, context: AppContext, consultant_id: int | None = None,
                 consultant_name: str | None = None):
        """The caseload of the user, or (from the team overview) of another consultant."""
        super().__init__()
        self.context = context
        self.consultant_id = consultant_id
        self.consultant_name = consultant_name
        self._logged_search = ""
        self.rows: list[V.CaseRow] | None = None
        self.selection: V.Selection | None = None
        self.view = V.VIEW_MINE
        self._limit = PAGE
        self._keys: list[str] = []  # row keys in the table, top to bottom
        self._cells: dict[str, tuple] = {}  # what each shown row displays
        self._window: list[V.CaseRow] = []  # the row objects last shown, top to bottom
        self._unread = False  # any row with a duo review the user has not opened
        self._status_text: str | None = None  # what the status line shows
        self._shown: list[V.CaseRow] = []
        self.partial = True  # only the user's own and duo cases are loaded so far
        self._first_rows_logged = False

    # -- layout ---------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        yield Tabs(*[Tab(_(label), id=f"view-{view}") for view, label in V.VIEWS.items()],
                   id="views")
        yield SummaryBar(id="summary")
        yield FilterInput(placeholder=_("Filter on code, family, case director or consultant"),
                          id="filter")
        with Vertical(id="table-area"):
            yield DataTable(id="cases", cursor_type="row", zebra_stripes=True)
            yield Static(_("Loading cases…"), id="empty")
        yield Static("", id="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        if self.consultant_name:
            # Whose caseload this is, and still who is looking and on what day.
            self.sub_title = _("Caseload of {name}").format(
                name=visible(self.consultant_name)) + f" · {self.app.sub_title}"
        self._fit_columns(self.app.size.width)
        self.query_one(DataTable).display = False
        self.query_one("#filter", Input).display = False
        self.watch(self.app, "theme", self._theme_changed, init=False)
        ready = self._ready_first_rows()
        if ready is not None:
            # Read since start-up: in the screen's first paint, with no worker round trip.
            _bench_log("load-mine")
            self._loaded(ready[1], ready[0], True)
        self.load(first=ready is None)

    # -- loading ----------------------------------------------------------------
    @work(thread=True, exclusive=True, group="caseload-load")
    def load(self, first: bool = False) -> None:
        """Facts -> signals -> rows, off the UI thread.

        On the first load the cases the user is involved in (their own and
        their duo cases: the default views) are read and shown first, then
        the whole team's caseload.
        """
        from regie_tui.rules.engine import evaluate

        ctx = self.context
        today = ctx.today
        me = self.consultant_id if self.consultant_id is not None else ctx.user_id()
        _bench_log("load-start")
        if first and me is not None:
            rows = self._involved_rows(me)
            _bench_log("load-mine")
            self.app.call_from_thread(self._loaded, rows, me, True)
        caseload = ctx.store.load_caseload()
        _bench_log("load-facts")
        signals = evaluate(caseload, today, ctx.intervals)
        rows = V.build_rows(caseload, signals, today, ctx.intervals)
        first_rows.mark_unread(self.context, rows)
        _bench_log("load-rows")
        self.app.call_from_thread(self._loaded, rows, me, False)

    def _start_up_rows(self, *, wait: bool) -> tuple[int | None, list | None] | None:
        """(user id, rows) the CLI started reading at start-up, claimed once (every later
        load reads the store again); None when there is no such read, or, without
        ``wait``, when it is not done (then the worker waits for it)."""
        pending = self.context.first_rows if self.consultant_id is None else None
        if pending is None or not (wait or pending.ready()):
            return None
        self.context.first_rows = None
        return pending.take()

    def _ready_first_rows(self) -> tuple[int, list[V.CaseRow]] | None:
        """(user id, rows) read since start-up, if the read is done; else None (the worker waits)."""
        me, rows = self._start_up_rows(wait=False) or (None, None)  # done: no waiting on the UI thread
        return (me, rows) if me is not None and rows is not None else None

    def _involved_rows(self, me: int) -> list[V.CaseRow]:
        """The user's own and duo rows: those the CLI started reading at start-up, else now."""
        who, rows = self._start_up_rows(wait=True) or (None, None)
        if who == me and rows is not None:
            return rows
        return first_rows.involved_rows(self.context, me)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "caseload-load" or event.state != WorkerState.ERROR:
            return
        from regie_tui.base.errorlog import log_unexpected

        error_id = log_unexpected(event.worker.error)
        self.notify(_("The cases could not be read (error {id}). Nothing was changed; "
                      "the details are in the error log.").format(id=error_id),
                    severity="error", timeout=15)

    def _loaded(self, rows: list[V.CaseRow], me: int | None, partial: bool = False) -> None:
        old = self.selection
        self.partial = partial
        self.rows = rows
        self._unread = any(r.unread_reviews for r in rows)
        self.selection = V.Selection(rows, me, self.view)
        if old is not None:
            self.selection.family = old.family
            self.selection.text = old.text
            self.selection.sort = old.sort
            self.selection.reverse = old.reverse
        self._refresh_all(keep_cursor=True)
        if old is None:
            self.query_one(DataTable).focus()
        if not partial:
            # The previous caseload is garbage now: collect once the new one shows.
            self.call_after_refresh(settle_memory)

    def on_screen_resume(self) -> None:
        # Back from a case (or any screen on top): read the store again so the
        # caseload shows what changed there. The first resume comes with the mount.
        if self.rows is not None:
            self.load()

    # -- showing ------------------------------------------------------------------
    def _refresh_all(self, keep_cursor: bool = False) -> None:
        if self.selection is None:
            return
        sel = self.selection
        tabs = self.query_one(Tabs)
        counts = sel.view_counts()
        for number, (view, label) in enumerate(V.VIEWS.items(), 1):
            tab = tabs.query_one(f"#view-{view}", Tab)
            count = "…" if self._incomplete(view) else counts[view]
            if view == V.VIEW_MINE and self.consultant_name:
                # A colleague's caseload (from the team overview): not "my" cases.
                label = _("Cases of {name}").format(name=self.consultant_name)
            else:
                label = _(label)
            tab.label = plain(f"{number} {label} ({count})")  # it may hold a name
        if tabs.active != f"view-{self.view}":
            tabs.active = f"view-{self.view}"
        self.query_one(SummaryBar).show(sel.counts(), sel.family)
        self._refresh_table(keep_cursor)

    def _refresh_table(self, keep_cursor: bool = True) -> None:
        sel = self.selection
        if sel is None:
            return
        self._shown = sel.shown()
        if not keep_cursor:
            self._limit = PAGE
        self._sync_table(keep_cursor)
        self._update_status()
        self._update_empty()
        if not self._first_rows_logged and self._keys:
            self._first_rows_logged = True
            self.call_after_refresh(_bench_log, "rows")

    def _row_cells(self, row: V.CaseRow) -> tuple:
        return (row.worst, *V.cells(row))

    def _styled(self, cells: tuple) -> list:
        worst, *texts = cells
        style = self._severity_styles().get(worst, "")
        # Codes, aliases and names as typed: no markup, controls as visible escapes.
        out: list = [plain(t) for t in texts]
        out[0] = plain(texts[0], style=style)
        out[1] = plain(texts[1], style=f"bold {style}" if style else "bold")
        out[8] = plain(texts[8], style=style)
        # In the order and widths of the columns shown (narrow terminals: _fit_columns).
        shown = [out[V.COLUMN_KEYS.index(key)] for key, _label, _width in self._columns]
        for text, (_key, _label, width) in zip(shown, self._columns, strict=True):
            if text.cell_len > width:
                text.truncate(width, overflow="ellipsis")
        return shown

    # -- columns for the terminal's width -------------------------------------------
    def on_resize(self, event) -> None:
        self._fit_columns(event.size.width)

    def _fit_columns(self, width: int) -> None:
        """Lay the table's columns out for ``width`` (widgets/column_fit): on a narrow
        terminal the columns a consultant needs come first, the rest scroll."""
        from regie_tui.widgets.column_fit import fit_columns

        designed = [(key, _(label) if label.strip() else label, w) for key, label, w in V.COLUMNS]
        # The vertical scrollbar takes two cells.
        columns = fit_columns(designed, width - 2, PRIORITY_COLUMNS, MINIMUM_WIDTHS)
        if columns == getattr(self, "_columns", None):
            return
        self._columns = columns
        table = self.query_one(DataTable)
        cursor = self._cursor_key()
        table.clear(columns=True)
        for key, label, w in columns:
            table.add_column(label, width=w, key=key)
        self._keys, self._cells = [], {}
        if self.selection is not None:
            self._sync_table(keep_cursor=False)
            if cursor in self._cells:  # the same case stays under the cursor
                table.move_cursor(row=table.get_row_index(cursor), animate=False)

    def _severity_styles(self) -> dict[str, str]:
        theme = self.app.current_theme
        return {
            S.OVERDUE: theme.error or "red",
            S.DUE_SOON: theme.warning or "yellow",
            S.ATTENTION: theme.accent or "blue",
            S.ACKNOWLEDGED: "dim",
            V.NONE: theme.success or "green",
        }

    def _sync_table(self, keep_cursor: bool) -> None:
        """Show ``_shown[:_limit]``: update cells in place when the same rows are shown."""
        table = self.query_one(DataTable)
        window = self._shown[:self._limit]
        keys = [str(r.case_id) for r in window]
        current_key = self._cursor_key() if keep_cursor else None
        if keys == self._keys and all(map(operator.is_, window, self._window)):
            return  # the very rows shown already (a filter key that keeps the page)
        self._window = window
        with self.app.batch_update():
            if keys == self._keys:
                for row in window:
                    key = str(row.case_id)
                    cells = self._row_cells(row)
                    if cells != self._cells.get(key):
                        for (col, _label, _w), value in zip(self._columns, self._styled(cells),
                                                            strict=True):
                            table.update_cell(key, col, value)
                        self._cells[key] = cells
            else:
                table.clear()
                self._cells = {}
                self._add_rows(table, window)
                self._keys = keys
                if current_key in self._cells:
                    table.move_cursor(row=table.get_row_index(current_key), animate=False)

    def _add_rows(self, table: DataTable, rows: list[V.CaseRow]) -> None:
        for row in rows:
            key = str(row.case_id)
            cells = self._row_cells(row)
            self._cells[key] = cells
            table.add_row(*self._styled(cells), key=key)

    def _cursor_key(self) -> str | None:
        table = self.query_one(DataTable)
        if not self._keys or not 0 <= table.cursor_row < len(self._keys):
            return None
        return self._keys[table.cursor_row]

    def _load_more(self) -> None:
        if len(self._keys) >= len(self._shown):
            return
        table = self.query_one(DataTable)
        start = len(self._keys)
        self._limit = start + PAGE
        more = self._shown[start:self._limit]
        self._add_rows(table, more)
        self._keys.extend(str(r.case_id) for r in more)
        self._window = self._window + more
        self._update_status()

    def _update_status(self) -> None:
        sel = self.selection
        if self._incomplete():
            self._show_status(_("Loading cases…"))
            return
        total = len(self._shown)
        parts = [_("{shown} of {total} cases").format(shown=len(self._keys), total=total)]
        if len(self._keys) < total:
            parts.append(_("more below"))
        if sel.view_total != total:
            parts.append(_("filtered from {n}").format(n=sel.view_total))
        label = next(label for key, label, _w in V.COLUMNS if key == sel.sort)
        order = _("most urgent first") if sel.sort == V.SORT_URGENCY else _(label)
        arrow = " ↓" if sel.reverse else ""
        parts.append(_("order: {order}").format(order=order + arrow))
        legend = S.legend()  # the one legend of every screen: symbol and word per state
        if self._unread:
            legend += f"  {V.UNREAD} " + _("new duo review")
        self._show_status(" · ".join(parts) + "   " + legend)

    def _show_status(self, text: str) -> None:
        """The status line; a layout only when its height may change (every filter
        key changes the counts, and a layout re-arranges and paints the whole screen)."""
        status = self.query_one("#status", Static)
        old, self._status_text = self._status_text, text
        if text == old:
            return
        # Height auto, at most 2 lines: 1 line exactly when the text fits the width.
        width = status.content_size.width
        layout = old is None or width <= 0 or (cell_len(old) <= width) != (cell_len(text) <= width)
        status.update(plain(text), layout=layout)

    def _update_empty(self) -> None:
        table = self.query_one(DataTable)
        empty = self.query_one("#empty", Static)
        message = self._empty_message()
        table.display = message is None
        empty.display = message is not None
        if message is not None:
            empty.update(plain(message))  # it may quote the filter typed

    def _incomplete(self, view: str | None = None) -> bool:
        """True while the rows of this view are still being read."""
        return self.partial and (view or self.view) in (V.VIEW_TEAM, V.VIEW_CLOSED)

    def _empty_message(self) -> str | None:
        sel = self.selection
        if self._incomplete():
            return _("Loading cases…")
        if self._shown:
            return None
        if not self.rows:
            return _("There are no cases in this store yet. Cases you add appear here.\n"
                     "To look around first, start Regie with the fictional demo: "
                     "regie-tui --demo")
        if sel.text or sel.family:
            parts = []
            if sel.text:
                parts.append(_("No case in this view matches \u201c{text}\u201d.").format(
                    text=sel.text))
            if sel.family:
                parts.append(_("Showing only: {family}.").format(
                    family=_(S.FAMILIES[sel.family])))
            parts.append(_("Press Escape to clear the filter."))
            return "\n".join(parts)
        return {
            V.VIEW_MINE: _("You are not process director of any active case.\n"
                           "Press 3 to see all active cases of the team."),
            V.VIEW_DUO: _("You are not the duo partner of any active case.\n"
                          "Press 3 to see all active cases of the team."),
            V.VIEW_TEAM: _("The team has no active cases.\nPress 4 to see the closed cases."),
            V.VIEW_CLOSED: _("There are no closed cases."),
        }[self.view]

    def _theme_changed(self) -> None:
        self._cells = {}
        self._keys = []
        self._refresh_table(keep_cursor=True)

    # -- events -------------------------------------------------------------------
    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        event.stop()
        view = (event.tab.id or "").removeprefix("view-")
        if view in V.VIEWS and view != self.view:
            self.action_view(view)

    def on_family_selected(self, event: FamilySelected) -> None:
        self.action_family(event.family)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= len(self._keys) - PREFETCH:
            self._load_more()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.app.open_case(int(event.row_key.value), self._family())

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        if self.selection is None:
            return
        column = event.column_key.value
        if column == self.selection.sort:
            self.selection.reverse = not self.selection.reverse
        else:
            self.selection.sort, self.selection.reverse = column, False
        self._refresh_table(keep_cursor=False)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "filter" or self.selection is None:
            return
        _bench_log("filter-key")
        self.selection.text = event.value
        self._refresh_table(keep_cursor=False)
        self.call_after_refresh(_bench_log, "filter-shown")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            self._log_team_search()
            self.query_one(DataTable).focus()

    def _log_team_search(self) -> None:
        """NEN 7513: a search of the team's cases is logged, once per search text.

        Only that a search happened and how many cases it found: the text
        itself may be a child's name.
        """
        text = self.selection.text if self.selection is not None else ""
        if self.view != V.VIEW_TEAM or not text or text == self._logged_search:
            return
        self._logged_search = text
        self._record_search(len(self.selection.shown()))

    @work(thread=True, group="caseload-audit")
    def _record_search(self, results: int) -> None:
        from regie_tui.data.audit_log import audit_search

        audit_search(self.context.store, results, view="team")

    # -- actions ------------------------------------------------------------------
    def action_view(self, view: str) -> None:
        self.view = view
        if self.selection is None:
            self.query_one(Tabs).active = f"view-{view}"
            return
        self.selection.view = view
        self._refresh_all(keep_cursor=False)

    def action_family(self, family: str) -> None:
        if self.selection is None:
            return
        self.selection.family = None if self.selection.family == family else family
        self.query_one(SummaryBar).show(self.selection.counts(), self.selection.family)
        self._refresh_table(keep_cursor=False)

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        # Focus now, not after the next refresh (what focus() does): keys typed
        # right after "/" must land in the box, not on the screen's bindings.
        self.set_focus(box)

    def action_clear_filter(self) -> None:
        self._log_team_search()
        box = self.query_one("#filter", Input)
        changed = bool(box.value) or (self.selection is not None and self.selection.family)
        with self.prevent(Input.Changed):
            box.value = ""
        box.display = False
        if self.selection is not None:
            self.selection.text = ""
            self.selection.family = None
            self.query_one(SummaryBar).show(self.selection.counts(), None)
            if changed:
                self._refresh_table(keep_cursor=True)
        self.query_one(DataTable).focus()

    def action_sort_next(self) -> None:
        if self.selection is None:
            return
        keys = V.COLUMN_KEYS
        self.selection.sort = keys[(keys.index(self.selection.sort) + 1) % len(keys)]
        self.selection.reverse = False
        self._refresh_table(keep_cursor=False)

    def action_sort_reverse(self) -> None:
        if self.selection is None:
            return
        self.selection.reverse = not self.selection.reverse
        self._refresh_table(keep_cursor=False)

    def action_open_case(self) -> None:
        key = self._cursor_key()
        if key is not None:
            self.app.open_case(int(key), self._family())

    def _family(self) -> str | None:
        # The signal filter in force: the case opens on that family's signal.
        return self.selection.family if self.selection is not None else None

"""The Tijdlijn tab: everything that happened, newest first, filterable by kind.

A row shows the start of a note; Enter (or a click) on a row opens the whole
entry in a window of its own. Every cell is plain ``Text``: a note may hold
anything a person typed, brackets included, and DataTable would read a plain
string as markup (a remark like "zie [/]" crashed the screen).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Select, Static

from regie_tui.base.i18n import _, format_date
from regie_tui.base.safe_text import plain
from regie_tui.data import case_view as CV
from regie_tui.widgets.case_text import TIMELINE_KIND_LABELS, describe, who

ALL = "all"
NOTE_WIDTH = 40


class Timeline(Vertical):
    DEFAULT_CSS = """
    Timeline { height: 1fr; }
    Timeline Select { width: 40; margin: 0 0 1 0; }
    Timeline DataTable { height: 1fr; }
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.entries: tuple[CV.TimelineEntry, ...] = ()
        self.shown: list[CV.TimelineEntry] = []  # the rows, in table order

    def compose(self) -> ComposeResult:
        options = [(_("Everything"), ALL)]
        options += [(_(TIMELINE_KIND_LABELS[k]), k) for k in CV.TIMELINE_KINDS]
        yield Select(options, value=ALL, allow_blank=False, id="timeline-filter")
        table = DataTable(id="timeline-table", cursor_type="row", zebra_stripes=True)
        table.tooltip = _("Enter shows the whole entry")
        yield table

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(_("Date"), width=18)
        table.add_column(_("What"), width=66)
        table.add_column(_("By"), width=16)
        table.add_column(_("Note"), width=NOTE_WIDTH)

    def show(self, entries: tuple[CV.TimelineEntry, ...]) -> None:
        self.entries = entries
        self._fill()

    @property
    def kind(self) -> str:
        return self.query_one(Select).value

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._fill()

    def _fill(self) -> None:
        kind = self.kind
        table = self.query_one(DataTable)
        table.clear()
        self.shown = [e for e in self.entries if kind == ALL or e.kind == kind]
        for entry in self.shown:
            note = " ".join((entry.detail or "").split())
            if len(note) > NOTE_WIDTH:
                note = note[:NOTE_WIDTH - 1] + "…"
            table.add_row(Text(format_date(entry.on)), plain(describe(entry)),
                          plain(who(entry)), plain(note))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        # Enter on a row is about that row: show it whole, go nowhere else.
        event.stop()
        if 0 <= event.cursor_row < len(self.shown):
            self.app.push_screen(EntryScreen(self.shown[event.cursor_row]))


class EntryScreen(ModalScreen[None]):
    """One timeline entry whole: date, what, by whom, and the full note."""

    DEFAULT_CSS = """
    EntryScreen { align: center middle; }
    #entry-body { width: 90; max-width: 100%; height: auto; max-height: 90%;
                  border: round $primary; background: $surface; padding: 0 2; }
    #entry-body .entry-meta { color: $text-muted; }
    #entry-note { margin: 1 0; }
    #entry-body .entry-keys { color: $text-muted; }
    """

    @staticmethod
    def bindings() -> list[Binding]:
        return [Binding("escape,enter", "dismiss", _("Close"), id="timeline.entry.close",
                        tooltip=_("Back to the timeline"))]

    BINDINGS = bindings()

    def __init__(self, entry: CV.TimelineEntry):
        super().__init__()
        self.entry = entry

    def compose(self) -> ComposeResult:
        entry = self.entry
        by = who(entry)
        meta = format_date(entry.on) + (" · " + _("by {who}").format(who=by) if by else "")
        # The body scrolls (arrow keys, page keys) when a note is longer than the screen.
        with VerticalScroll(id="entry-body"):
            yield Label(plain(describe(entry)), classes="title")
            yield Static(plain(meta), classes="entry-meta")
            yield Static(plain(entry.detail or _("No note.")), id="entry-note")
            yield Static(Text(_("Enter or Esc closes.")), classes="entry-keys")

    def on_mount(self) -> None:
        self.query_one("#entry-body").focus()

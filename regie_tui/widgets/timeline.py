"""The Tijdlijn tab: everything that happened, newest first, filterable by kind."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Select

from regie_tui.base.i18n import _, format_date
from regie_tui.data import case_view as CV
from regie_tui.widgets.case_text import TIMELINE_KIND_LABELS, describe, who

ALL = "all"


class Timeline(Vertical):
    DEFAULT_CSS = """
    Timeline { height: 1fr; }
    Timeline Select { width: 40; margin: 0 0 1 0; }
    Timeline DataTable { height: 1fr; }
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.entries: tuple[CV.TimelineEntry, ...] = ()

    def compose(self) -> ComposeResult:
        options = [(_("Everything"), ALL)]
        options += [(_(TIMELINE_KIND_LABELS[k]), k) for k in CV.TIMELINE_KINDS]
        yield Select(options, value=ALL, allow_blank=False, id="timeline-filter")
        yield DataTable(id="timeline-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(_("Date"), width=18)
        table.add_column(_("What"), width=66)
        table.add_column(_("By"), width=16)
        table.add_column(_("Note"), width=40)

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
        for entry in self.entries:
            if kind != ALL and entry.kind != kind:
                continue
            note = " ".join((entry.detail or "").split())
            table.add_row(format_date(entry.on), describe(entry), who(entry),
                          note if len(note) <= 40 else note[:39] + "…")

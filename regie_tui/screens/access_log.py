"""Who has viewed this case: every audit entry on one case, newest first (NEN 7513).

Pushed from case detail as ``AccessLogScreen(context, case_id)``. It shows who,
when, what kind of action and on which device; never case content.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Label, Static

from regie_tui.base.errors import RegieError
from regie_tui.base.i18n import _, ngettext
from regie_tui.base.safe_text import plain
from regie_tui.session.context import AppContext
from regie_tui.widgets import fixed_columns
from regie_tui.widgets.key_footer import KeyFooter


class AccessLogScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", _("Back"), id="access_log.back",
                tooltip=_("Back to the case")),
    ]

    def __init__(self, context: AppContext, case_id: int):
        super().__init__()
        self.context = context
        self.case_id = case_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(_("Who has viewed this case"), classes="title", id="access-title")
        yield Static("", id="access-summary")
        yield DataTable(id="access-table", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self._fill([])
        self.load()

    def _fill(self, entries) -> None:
        fixed_columns.fill(self.query_one(DataTable), [
            ("when", _("When")), ("who", _("Who")), ("what", _("What")), ("device", _("Device"))],
            [(e.when, e.actor, e.label, e.device) for e in entries])

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        from regie_tui.data import audit_log

        try:
            code = audit_log.case_code(self.context.store, self.case_id)
            entries = audit_log.case_entries(self.context.store, self.case_id)
        except RegieError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self._show, code, entries)

    def _failed(self, message: str) -> None:
        self.query_one("#access-summary", Static).update(plain(message))
        self.notify(message, severity="error")

    def _show(self, code: str, entries) -> None:
        opened = [e for e in entries if e.action == "open_case"]
        people = len({e.actor for e in opened})
        summary = ngettext("Case {code}: {n} entry in the audit log, newest first.",
                           "Case {code}: {n} entries in the audit log, newest first.",
                           len(entries)).format(code=code, n=len(entries))
        summary += " " + ngettext("Opened {n} time", "Opened {n} times", len(opened)).format(
            n=len(opened))
        summary += " " + ngettext("by {n} person.", "by {n} people.", people).format(n=people)
        self.query_one("#access-summary", Static).update(plain(summary))
        self._fill(entries)

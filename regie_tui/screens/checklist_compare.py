"""One checklist run next to the previous run of the same template: what changed."""

from __future__ import annotations

from rich import box
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from regie_tui.base.errors import RegieError
from regie_tui.base.i18n import _, format_date
from regie_tui.base.safe_text import plain
from regie_tui.rules import checklists as CL
from regie_tui.session.context import AppContext
from regie_tui.widgets.key_footer import KeyFooter


def _cell(item: CL.Item | None, answer: CL.Answer | None) -> Text:
    # A rich Table reads a str cell as markup; notes and template texts are shown as typed.
    if answer is None or answer.answer is None or item is None:
        return plain("—")
    text = item.answer_label(answer.answer)
    if answer.value_date:
        text += f" ({format_date(answer.value_date, 'short')})"
    if answer.note:
        text += f": {answer.note}"
    return plain(text)


class ChecklistCompareScreen(Screen):
    DEFAULT_CSS = """
    ChecklistCompareScreen #compare-title { text-style: bold; padding: 0 1; }
    ChecklistCompareScreen #compare-summary { padding: 0 1; color: $text-muted; }
    ChecklistCompareScreen #compare-scroll { height: 1fr; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape", "app.pop_screen", _("Back"), id="checklist_compare.back",
                tooltip=_("Back to the checklists of the case")),
    ]

    def __init__(self, context: AppContext, run_id: int):
        super().__init__()
        self.context = context
        self.run_id = run_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Loading checklists…"), id="compare-title")
        yield Static("", id="compare-summary")
        with VerticalScroll(id="compare-scroll"):
            yield Static("", id="compare-table")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        from regie_tui.data import checklist_queries as CQ

        store = self.context.store
        try:
            run = CQ.load_run(store, self.run_id)
            previous = CQ.previous_run(store, run)
            header = CQ.case_header(store, run.case_id)
        except RegieError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._show, header, run, previous)

    @staticmethod
    def _when(run) -> str:
        if run.completed:
            return _("completed {date}").format(date=format_date(run.completed_on, "short"))
        return _("not completed")

    def _show(self, header, run, previous) -> None:
        self.query_one("#compare-title", Static).update(plain(_("{checklist} · {case}").format(
            checklist=run.template.label(), case=f"{header.code} · {header.alias}")))
        table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False, pad_edge=False)
        this_column = _("This run ({when})").format(when=self._when(run))
        table.add_column("#", justify="right", width=3, no_wrap=True)
        if previous is None:
            self.query_one("#compare-summary", Static).update(_(
                "There is no earlier completed run of this checklist on the case: "
                "nothing to compare with."))
            table.add_column(_("Item"), ratio=3)
            table.add_column(this_column, ratio=2)
            for n, item in enumerate(run.template.items, 1):
                table.add_row(str(n), plain(item.label()), _cell(item, run.answers.get(item.key)))
        else:
            rows = CL.changes(run.template, run.answers, previous.template, previous.answers)
            changed = sum(1 for row in rows if row[4])
            self.query_one("#compare-summary", Static).update(
                _("Answers changed since the previous run: {n}.").format(n=changed))
            table.add_column(_("Changed"), width=9, no_wrap=True)
            table.add_column(_("Item"), ratio=3)
            table.add_column(_("Previous run ({when})").format(when=self._when(previous)),
                             ratio=2)
            table.add_column(this_column, ratio=2)
            for n, (key, item, before, now, differs) in enumerate(rows, 1):
                old_item = previous.template.item(key) or item
                table.add_row(
                    # "≠", not "●": that symbol means "due soon" on every screen.
                    str(n), "≠" if differs else "", plain(item.label() if item else key),
                    _cell(old_item, before), _cell(run.template.item(key), now),
                    style="bold yellow" if differs else None)
        self.query_one("#compare-table", Static).update(table)
        self.query_one("#compare-scroll").focus()

"""Case detail: the case whole (header, signals, timeline, people, escalations), and the
keys that record what happened.

Reading and writing happen in workers: the screen loads the case view and its
signals off the UI thread, every form runs its one store command in its own
worker, and after each form closes the case is read again so signals update
at once. Opening the screen writes one audit entry (who looked at which case).
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.lazy import Lazy
from textual.screen import Screen
from textual.widgets import Footer, Header, TabbedContent, TabPane

from regie_tui.context import AppContext
from regie_tui.errors import RegieError
from regie_tui.i18n import _
from regie_tui.screens.forms.base import use_translated_bindings
from regie_tui.screens.forms.registry import ACTIONS, ELSEWHERE, action_for_signal, form_class
from regie_tui.widgets.case_header import CaseHeader
from regie_tui.widgets.escalation_ladder import EscalationLadder
from regie_tui.widgets.people_panel import PeoplePanel
from regie_tui.widgets.signal_list import SignalList
from regie_tui.widgets.timeline import Timeline

TABS = ("signals", "timeline", "people", "escalations")


def _bindings() -> list[Binding]:
    keys = [
        Binding("escape", "app.pop_screen", _("To the caseload"), id="case.back",
                tooltip=_("Close this case and go back")),
        Binding("enter", "resolve", _("Resolve"), id="case.resolve", show=False,
                tooltip=_("Open the form that clears the selected signal")),
        Binding("a", "acknowledge", _("Acknowledge"), id="case.acknowledge",
                tooltip=_("Acknowledge the selected signal with a reason and an end date")),
        Binding("r", "record_menu", _("Record…"), id="case.record",
                tooltip=_("Choose what to record from a list")),
        Binding("f", "filter", _("Filter"), id="case.filter", show=False,
                tooltip=_("Filter the timeline by kind")),
        Binding("f5", "reload", _("Reload"), id="case.reload", show=False,
                tooltip=_("Read the case again")),
    ]
    keys += [Binding(str(i), f"tab('{tab}')", _("Tab {n}").format(n=i), show=False,
                     id=f"case.tab{i}", tooltip=_("Show tab {n}").format(n=i))
             for i, tab in enumerate(TABS, 1)]
    keys += [Binding(a.key, f"record('{a.name}')", _(a.label), show=a.show,
                     id=f"case.{a.name}", tooltip=_(a.tooltip)) for a in ACTIONS]
    return keys


class CaseDetailScreen(Screen):
    BINDINGS = _bindings()
    DEFAULT_CSS = """
    #case-tabs { height: 1fr; }
    #case-tabs ContentSwitcher { height: 1fr; }
    #case-tabs TabPane { height: 1fr; padding: 0 1; }
    """

    def __init__(self, context: AppContext, case_id: int):
        super().__init__()
        # Translated now rather than at import, so the footer and help follow the
        # language even when this module was imported before it was chosen.
        use_translated_bindings(self, _bindings())
        self.context = context
        self.case_id = case_id
        self.view = None
        self.signals: list = []
        self.loaded = False
        self._stale: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Header()
        yield CaseHeader(_("Loading the case…"), id="case-header")
        with TabbedContent(id="case-tabs", initial="signals"):
            with TabPane(_("Signals"), id="signals"):
                yield SignalList(id="signal-list")
            # Hidden tabs mount after the first paint (Lazy): opening a case
            # shows its header and signals first.
            with TabPane(_("Timeline"), id="timeline"):
                yield Lazy(Timeline(id="case-timeline"))
            with TabPane(_("People involved"), id="people"):
                yield Lazy(PeoplePanel(id="case-people"))
            with TabPane(_("Escalations"), id="escalations"):
                yield Lazy(EscalationLadder(id="case-escalations"))
        yield Footer()

    def on_mount(self) -> None:
        self.load(opened=True)

    # -- reading -------------------------------------------------------------
    @work(thread=True, exclusive=True, group="case-load")
    def load(self, opened: bool = False) -> None:
        from regie_tui.data import case_view, commands
        from regie_tui.rules.engine import evaluate_case

        store = self.context.store
        try:
            view = case_view.load(store, self.case_id)
            signals = evaluate_case(view.facts, self.context.today, self.context.intervals)
            self.app.call_from_thread(self._show, view, signals)
            # Audited after showing (it waits for a synced write), still once per opening.
            if opened:
                commands.record_case_opened(store, self.case_id)
        except RegieError as exc:
            self.app.call_from_thread(self._failed, str(exc))

    def _failed(self, message: str) -> None:
        self.notify(message, severity="error")
        self.query_one(CaseHeader).update(message)

    def _show(self, view, signals) -> None:
        self.view, self.signals = view, signals
        self.query_one(CaseHeader).show(view)
        # Only the visible tab is filled now; the others when first shown. A case
        # with hundreds of timeline entries then opens as fast as a small one.
        self._stale = set(TABS)
        active = self.query_one(TabbedContent).active
        self._fill(active)
        self.loaded = True
        signal_list = self.query_one(SignalList)
        if active == "signals" and not signal_list.has_focus:
            signal_list.focus()

    _TAB_WIDGETS = {"signals": SignalList, "timeline": Timeline, "people": PeoplePanel,
                    "escalations": EscalationLadder}

    def _fill(self, tab: str) -> None:
        if self.view is None or tab not in self._stale:
            return
        widgets = self.query(self._TAB_WIDGETS[tab])
        if not widgets:  # still waiting for its lazy mount: try after the next refresh
            self.call_after_refresh(self._fill, tab)
            return
        self._stale.discard(tab)
        widget, today = widgets.first(), self.context.today
        if tab == "signals":
            widget.show(self.signals, today)
        elif tab == "timeline":
            widget.show(self.view.timeline)
        elif tab == "people":
            widget.show(self.view)
        else:
            widget.show(self.view, today)

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self._fill(event.pane.id)

    def action_reload(self) -> None:
        self.load()

    # -- navigation ------------------------------------------------------------
    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self._fill(tab)
        target = {"signals": SignalList, "timeline": Timeline}.get(tab)
        if target is SignalList:
            self.query_one(SignalList).focus()
        elif target is Timeline:
            self.query_one("#timeline-table").focus()

    def action_filter(self) -> None:
        self.action_tab("timeline")
        self.query_one("#timeline-filter").focus()

    # -- recording -------------------------------------------------------------
    def action_record(self, name: str, **kwargs) -> None:
        if self.view is None:
            self.notify(_("The case is still loading."), severity="warning")
            return
        form = form_class(name)(self.context, self.case_id, self.view.version, self.view,
                                **kwargs)
        self.app.push_screen(form, self._form_closed)

    def _form_closed(self, message: str | None) -> None:
        if message:
            self.notify(message, title=_("Saved"))
        # Also after a cancelled form: it may have reloaded after a conflict.
        self.load()

    def action_record_menu(self) -> None:
        from regie_tui.screens.forms.menu import RecordMenu

        def chosen(name: str | None) -> None:
            if name:
                self.action_record(name)

        self.app.push_screen(RecordMenu(), chosen)

    def on_option_list_option_selected(self, event: SignalList.OptionSelected) -> None:
        if isinstance(event.option_list, SignalList):
            event.stop()
            self.action_resolve()

    def action_resolve(self) -> None:
        signal = self._selected_signal()
        if signal is None:
            return
        name, kwargs = action_for_signal(signal.form)
        if name is None:
            self.notify(_(ELSEWHERE.get(signal.form, signal.action())), title=signal.title())
            return
        self.action_record(name, **kwargs)

    def action_acknowledge(self) -> None:
        signal = self._selected_signal()
        if signal is None or self.view is None:
            return
        from regie_tui.screens.forms.acknowledge import AcknowledgeForm

        self.app.push_screen(AcknowledgeForm(self.context, self.case_id, self.view.version,
                                             self.view, code=signal.code), self._form_closed)

    def _selected_signal(self):
        if self.query_one(TabbedContent).active != "signals":
            self.action_tab("signals")
            self.notify(_("Choose a signal first (arrow keys), then press the key again."))
            return None
        signal = self.query_one(SignalList).highlighted_signal
        if signal is None:
            self.notify(_("This case has no signals."))
        return signal

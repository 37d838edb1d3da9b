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
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, TabbedContent, TabPane

from regie_tui.base.errors import RegieError
from regie_tui.base.i18n import _
from regie_tui.base.safe_text import plain
from regie_tui.screens.forms.registry import ACTIONS, ELSEWHERE, action_for_signal, form_class
from regie_tui.session.context import AppContext
from regie_tui.widgets.case_header import CaseHeader
from regie_tui.widgets.escalation_ladder import EscalationLadder
from regie_tui.widgets.key_footer import KeyFooter
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
                tooltip=_("Acknowledge the selected signal with a reason and an end date; "
                          "on an acknowledged signal: withdraw the acknowledgement")),
        Binding("r", "record_menu", _("Record…"), id="case.record",
                tooltip=_("Choose what to record from a list")),
        Binding("f", "filter", _("Filter"), id="case.filter", show=False,
                tooltip=_("Filter the timeline by kind")),
        Binding("f5", "reload", _("Reload"), id="case.reload", show=False,
                tooltip=_("Read the case again")),
        Binding("P", "plan", _("Plan"), id="case.plan",
                tooltip=_("The plan of approach: goals, factors, safety, versions")),
        Binding("c", "checklists", _("Checklists"), id="case.checklists",
                tooltip=_("Evaluation checklists of this case: run, resume, compare")),
        Binding("z", "access_log", _("Who viewed"), id="case.access_log", show=False,
                tooltip=_("Who has viewed or changed this file, and when")),
    ]
    keys += [Binding(str(i), f"tab('{tab}')", _("Tab {n}").format(n=i), show=False,
                     id=f"case.tab{i}", tooltip=_("Show tab {n}").format(n=i))
             for i, tab in enumerate(TABS, 1)]
    # Only the meeting has a key of its own here; every form is "r, then its
    # letter" (the record menu), so the letters stay free to mean one thing on
    # every screen (screens/keymap.py).
    keys += [Binding(a.key, f"record('{a.name}')", _(a.label), show=a.show,
                     id=f"case.{a.name}", tooltip=_(a.tooltip)) for a in ACTIONS if a.show]
    return keys


class CaseDetailScreen(Screen):
    BINDINGS = _bindings()
    # The signal list has the focus from the start (it got it once filled):
    # moving it there after the first paint restyled and laid out the screen again.
    AUTO_FOCUS = "#signal-list"
    DEFAULT_CSS = """
    #case-tabs { height: 1fr; }
    #case-tabs ContentSwitcher { height: 1fr; }
    #case-tabs TabPane { height: 1fr; padding: 0 1; }
    """

    def __init__(self, context: AppContext, case_id: int, family: str | None = None):
        super().__init__()
        self.context = context
        self.case_id = case_id
        # Opened from a caseload filtered on a signal family: the cursor starts on
        # that family's signal, so Enter goes straight to the form that clears it.
        self.family = family
        self.view = None
        self.signals: list = []
        self.loaded = False
        self._stale: set[str] = set()
        self._mounted: set[str] = {"signals"}  # tabs whose widget exists
        self._mounting: dict[str, AwaitComplete] = {}
        self._ready = False  # mounted: the worker's results can be shown
        self._arrived: list = []  # results that came before that
        self._covered = False  # another screen was on top of this one

    def compose(self) -> ComposeResult:
        # Read the case while the screen is built: the SQL runs beside the UI
        # thread, and a case read in time is in the screen's first paint.
        self.load(opened=True)
        yield Header()
        yield CaseHeader(_("Loading the case…"), id="case-header")
        with TabbedContent(id="case-tabs", initial="signals"):
            with TabPane(_("Signals"), id="signals"):
                yield SignalList(id="signal-list")
            # The other tabs get their widget when first shown (_fill): opening a
            # case composes, styles and lays out only the header and the signals.
            yield TabPane(_("Timeline"), id="timeline")
            yield TabPane(_("People involved"), id="people")
            yield TabPane(_("Escalations"), id="escalations")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._ready = True
        for callback, args in self._arrived:
            callback(*args)
        self._arrived.clear()

    def _arrive(self, callback, *args) -> None:
        """Run ``callback`` (from the load worker) now, or once the screen is mounted."""
        if self._ready:
            callback(*args)
        else:
            self._arrived.append((callback, args))

    # -- reading -------------------------------------------------------------
    @work(thread=True, exclusive=True, group="case-load")
    def load(self, opened: bool = False) -> None:
        from regie_tui.data import case_view, commands
        from regie_tui.rules.engine import evaluate_case

        store = self.context.store
        try:
            view = case_view.load(store, self.case_id)
            signals = evaluate_case(view.facts, self.context.today, self.context.intervals)
            self.app.call_from_thread(self._arrive, self._show, view, signals)
            # Audited as soon as the screen has the case (a synced write, off the
            # UI thread; long before a form could save anything), once per opening.
            if opened:
                commands.record_case_opened(store, self.case_id)
                # The process director has now seen the new duo reviews in the timeline.
                from regie_tui.data.review_commands import mark_reviews_read

                mark_reviews_read(store, self.case_id, self.context.user_id())
        except RegieError as exc:
            self.app.call_from_thread(self._arrive, self._failed, str(exc))

    def _failed(self, message: str) -> None:
        self.notify(message, severity="error")
        self.query_one(CaseHeader).update(plain(message))

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
        if self.family is not None and active == "signals":
            signal_list.highlight_family(self.family)
            self.family = None  # only on opening; later reloads keep the user's choice
        if active == "signals" and not signal_list.has_focus:
            signal_list.focus()

    _TAB_WIDGETS = {"signals": SignalList, "timeline": Timeline, "people": PeoplePanel,
                    "escalations": EscalationLadder}
    _TAB_WIDGET_IDS = {"timeline": "case-timeline", "people": "case-people",
                       "escalations": "case-escalations"}

    def _fill(self, tab: str) -> AwaitComplete | None:
        """Show the case in ``tab`` if it is stale. A tab shown for the first time
        gets its widget first: then this returns what to await for it to be filled
        (the key or tab handler that shows the tab awaits it, so a failed mount
        surfaces there)."""
        if tab not in self._mounted:
            if tab not in self._mounting:
                self._mounting[tab] = AwaitComplete(self._mount_tab(tab))
            return self._mounting[tab]
        if self.view is None or tab not in self._stale:
            return None
        self._stale.discard(tab)
        widget, today = self.query_one(self._TAB_WIDGETS[tab]), self.context.today
        if tab == "signals":
            widget.show(self.signals, today)
        elif tab == "timeline":
            widget.show(self.view.timeline)
        elif tab == "people":
            widget.show(self.view)
        else:
            widget.show(self.view, today)
        return None

    async def _mount_tab(self, tab: str) -> None:
        widget = self._TAB_WIDGETS[tab](id=self._TAB_WIDGET_IDS[tab])
        await self.query_one(f"#{tab}", TabPane).mount(widget)
        self._mounted.add(tab)
        self._fill(tab)

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated):
        return self._fill(event.pane.id)

    def action_reload(self) -> None:
        self.load()

    # -- navigation ------------------------------------------------------------
    def action_tab(self, tab: str) -> AwaitComplete | None:
        self.query_one(TabbedContent).active = tab
        mounting = self._fill(tab)
        if mounting is None:
            self._focus_tab(tab)
            return None

        async def focus_when_mounted() -> None:
            await mounting
            self._focus_tab(tab)

        return AwaitComplete(focus_when_mounted())

    def _focus_tab(self, tab: str) -> None:
        if tab == "signals":
            self.query_one(SignalList).focus()
        elif tab == "timeline":
            self.query_one("#timeline-table").focus()

    def action_filter(self) -> AwaitComplete | None:
        showing = self.action_tab("timeline")
        if showing is None:
            self.query_one("#timeline-filter").focus()
            return None

        async def focus_when_shown() -> None:
            await showing
            self.query_one("#timeline-filter").focus()

        return AwaitComplete(focus_when_shown())

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
            # The message may quote what was typed (a name): not markup.
            self.notify(message, title=_("Saved"), markup=False)
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
        if signal.form == "sync_conflicts":  # chosen on the conflicts screen (issue 18)
            self.app.action_sync_conflicts()
            return
        if signal.form in ("plan", "goal"):
            self.action_plan()
            return
        if name is None:
            self.notify(_(ELSEWHERE.get(signal.form, signal.action())), title=signal.title())
            return
        if name == "meeting":  # the form then says why the signal stays, if it does
            kwargs["signal"] = signal.code
        self.action_record(name, **kwargs)

    def action_plan(self) -> None:
        from regie_tui.screens.plan import PlanScreen

        self.app.push_screen(PlanScreen(self.context, self.case_id))

    def action_checklists(self) -> None:
        from regie_tui.screens.checklist_history import ChecklistHistoryScreen

        self.app.push_screen(ChecklistHistoryScreen(self.context, self.case_id))

    def action_access_log(self) -> None:
        from regie_tui.screens.access_log import AccessLogScreen

        self.app.push_screen(AccessLogScreen(self.context, self.case_id))

    def on_screen_suspend(self) -> None:
        self._covered = True

    def on_screen_resume(self) -> None:
        # Back from the plan, a checklist or a form: show what changed there. (Not
        # on the resume that comes with the first showing: the case may be shown
        # already, it is read while the screen is built.)
        if self.loaded and self._covered:
            self.load()
        self._covered = False

    def action_acknowledge(self) -> None:
        signal = self._selected_signal()
        if signal is None or self.view is None:
            return
        if signal.form == "sync_conflicts":
            # Never put off: what happens to a change made offline is chosen, not muted.
            self.notify(_("A synchronisation conflict cannot be acknowledged: choose on the "
                          "conflicts screen (Enter) what happens to your change."),
                        title=signal.title())
            return
        if signal.muted:  # the same key undoes it: one key per signal, not two to learn
            from regie_tui.screens.forms.withdraw_acknowledgement import (
                WithdrawAcknowledgementForm,
            )

            self.app.push_screen(WithdrawAcknowledgementForm(
                self.context, self.case_id, self.view.version, self.view, signal=signal),
                self._form_closed)
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

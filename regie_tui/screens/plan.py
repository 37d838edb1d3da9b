"""The plan of approach of one case: the current version, its signals, and the actions.

Shows the goals (all fields), protective and threatening factors, the view on
safety, where the plan came from, when it was agreed and by whom, and the
significant events no plan decision has answered yet. Editing happens in
``plan_editor`` and the small forms of ``plan_forms``; the history and the
comparison of versions in ``plan_history``.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from regie_tui.base.errors import NotFoundError
from regie_tui.base.i18n import _, format_date
from regie_tui.base.safe_text import plain
from regie_tui.data import plan_view
from regie_tui.rules import signals as S
from regie_tui.screens.plan_forms import translate_bindings
from regie_tui.session.context import AppContext
from regie_tui.views.plan_text import agreed_text, event_text, field_label, value_text
from regie_tui.widgets import fixed_columns
from regie_tui.widgets.key_footer import KeyFooter

PLAN_CODES = (S.PLAN_MISSING, S.PLAN_REVIEW_DUE, S.GOAL_OVERDUE)
GOAL_FIELDS = ("description", "intended_result", "deadline", "owner", "status", "note")


def factor_lines(title: str, items) -> Text:
    text = Text(title + "\n", style="bold")
    for item in items or ():
        text.append(f"• {item}\n")
    if not items:
        text.append(_("none recorded") + "\n", style="dim")
    return text


class PlanScreen(Screen):
    CSS_PATH = "plan.tcss"

    BINDINGS = [
        Binding("escape", "app.pop_screen", _("Back"), id="plan.back",
                tooltip=_("Back to the case")),
        Binding("e", "edit", _("New / edit draft"), id="plan.edit",
                tooltip=_("Write a new plan, or edit the draft that is not agreed yet")),
        Binding("b", "adjust", _("Adjust"), id="plan.adjust",
                tooltip=_("Bijstellen: make the next version, with a reason")),
        Binding("p", "still_fits", _("Plan still fits"), id="plan.still_fits",
                tooltip=_("Record that the plan needs no change, with a reason")),
        Binding("g", "goal_status", _("Goal status"), id="plan.goal_status",
                tooltip=_("Record the status of the selected goal")),
        Binding("h", "history", _("History"), id="plan.history",
                tooltip=_("All versions; compare two of them")),
        Binding("x", "export", _("Export"), id="plan.export",
                tooltip=_("Write this version as Markdown for the MDO")),
    ]

    def __init__(self, context: AppContext, case_id: int):
        super().__init__()
        translate_bindings(self)
        self.context = context
        self.case_id = case_id
        self.history: plan_view.PlanHistory | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="plan-body"):
            yield Static(_("Loading the plan…"), id="plan-title", classes="title")
            yield Static("", id="plan-meta")
            yield Static("", id="plan-signals")
            yield Static("", id="plan-events")
            yield DataTable(id="plan-goals", cursor_type="row")
            with Horizontal(id="plan-factors"):
                yield Static("", id="plan-protective", classes="plan-box")
                yield Static("", id="plan-threatening", classes="plan-box")
                yield Static("", id="plan-safety", classes="plan-box")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        from regie_tui.rules.engine import evaluate_case

        store = self.context.store
        try:
            history = plan_view.load_plan(store, self.case_id)
            signals = [s for s in evaluate_case(store.load_case(self.case_id),
                                                self.context.today, self.context.intervals)
                       if s.code in PLAN_CODES]
        except NotFoundError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._show, history, signals)

    # -- showing ------------------------------------------------------------
    def _show(self, history: plan_view.PlanHistory, signals) -> None:
        self.history = history
        shown = history.current or history.draft
        heading = _("{code} · {alias} — Plan of approach").format(
            code=history.case_code, alias=history.case_alias)
        title = self.query_one("#plan-title", Static)
        meta = self.query_one("#plan-meta", Static)
        if shown is None:
            title.update(plain(heading))
            meta.update(_("This case has no plan of approach yet. Press e to write one."))
        else:
            title.update(plain(_("{heading}, version {n}").format(heading=heading,
                                                               n=shown.number)))
            meta.update(self._meta(shown))
        self._show_signals(signals)
        self._show_events(history)
        table = self.query_one("#plan-goals", DataTable)
        goals = shown.goals if shown else ()
        cells = []
        for i, g in enumerate(goals, 1):
            overdue = (g.deadline is not None and g.status == "open"
                       and g.deadline < self.context.today)
            cells.append((str(i), g.description, value_text("intended_result", g.intended_result),
                          Text(value_text("deadline", g.deadline),
                               style="bold red" if overdue else ""),
                          value_text("owner", g.owner), value_text("status", g.status),
                          value_text("note", g.note)))
        # New columns each time, as wide as the new rows.
        fixed_columns.fill(table, [("#", "#")] + [(f, field_label(f)) for f in GOAL_FIELDS],
                           cells, keys=[str(g.id) for g in goals])
        table.display = bool(shown and shown.goals)
        self.query_one("#plan-factors").display = shown is not None
        if shown is not None:
            self.query_one("#plan-protective", Static).update(
                factor_lines(_("Protective factors"), shown.protective))
            self.query_one("#plan-threatening", Static).update(
                factor_lines(_("Threatening factors"), shown.threatening))
            safety = Text(field_label("safety") + "\n", style="bold")
            safety.append(value_text("safety", shown.safety) + "\n")
            if shown.safety_note:
                safety.append(shown.safety_note + "\n")
            self.query_one("#plan-safety", Static).update(safety)

    def _meta(self, version) -> Text:
        text = Text()
        if not version.is_agreed:
            text.append(_("Draft — not agreed yet. Press e to edit it and agree it.") + "\n",
                        style="bold yellow")
        else:
            agreed = agreed_text(version)  # not capitalize(): it lowercases "December"
            text.append(agreed[:1].upper() + agreed[1:] + "\n")
        text.append(f"{field_label('origin')}: {value_text('origin', version.origin)}")
        recorded = _("recorded on {date}").format(date=format_date(version.created_on))
        if version.created_by:
            recorded += " " + _("by {name}").format(name=version.created_by)
        text.append(f" · {recorded}\n")
        if version.reason:
            text.append(_("Reason for this version: {reason}").format(reason=version.reason)
                        + "\n")
        if not version.goals:
            text.append(_("No goals recorded.") + "\n", style="dim")
        return text

    def _show_signals(self, signals) -> None:
        text = Text()
        for s in signals:
            style = "dim" if s.muted else ("bold red" if s.severity == S.OVERDUE else "yellow")
            text.append(f"{s.symbol} {s.title()}: ", style=style)  # ▲ ● ○ ◇: one per state
            text.append(f"{s.explanation()}\n")
            text.append(f"  {s.action()}\n", style="dim")
        text.rstrip()
        widget = self.query_one("#plan-signals", Static)
        widget.update(text)
        widget.display = bool(signals)

    def _show_events(self, history) -> None:
        events = history.unanswered_events()
        text = Text(_("Significant events not answered by the plan yet:") + "\n", style="bold")
        for e in events:
            text.append(f"• {event_text(e)}\n")
        text.append(_("Answer them with b (adjust) or p (plan still fits)."), style="dim")
        widget = self.query_one("#plan-events", Static)
        widget.update(text)
        widget.display = bool(events)

    # -- actions ------------------------------------------------------------
    def _ready(self) -> bool:
        if self.history is None:
            self.notify(_("The plan is still loading."))
            return False
        return True

    def _after_save(self, saved: bool | None) -> None:
        # Also after a cancel: a form closed after a refused stale save should
        # show what changed elsewhere.
        self.load()

    def action_edit(self) -> None:
        from regie_tui.screens.plan_editor import DRAFT, NEW, PlanEditor

        if not self._ready():
            return
        if self.history.current is not None:
            self.notify(_("The plan is agreed: change it by adjusting it (b), with a reason."),
                        severity="warning")
            return
        mode = DRAFT if self.history.draft is not None else NEW
        self.app.push_screen(PlanEditor(self.context, self.history, mode), self._after_save)

    def action_adjust(self) -> None:
        from regie_tui.screens.plan_editor import ADJUST, PlanEditor

        if not self._ready():
            return
        if self.history.current is None:
            self.notify(_("There is no agreed plan to adjust yet: write one and agree it (e)."),
                        severity="warning")
            return
        self.app.push_screen(PlanEditor(self.context, self.history, ADJUST), self._after_save)

    def action_still_fits(self) -> None:
        from regie_tui.screens.plan_forms import StillFitsForm

        if not self._ready():
            return
        if self.history.current is None:
            self.notify(_("There is no agreed plan yet."), severity="warning")
            return
        h = self.history
        self.app.push_screen(StillFitsForm(self.context, h.case_id, h.case_version,
                                           h.unanswered_events()), self._after_save)

    def action_goal_status(self) -> None:
        from regie_tui.screens.plan_forms import GoalStatusForm

        if not self._ready():
            return
        current = self.history.current
        if current is None or not current.goals:
            self.notify(_("The current plan has no goals to evaluate. A draft's goals are "
                          "changed in the editor (e)."), severity="warning")
            return
        row = self.query_one("#plan-goals", DataTable).cursor_row
        goal = current.goals[max(0, min(row, len(current.goals) - 1))]
        self.app.push_screen(GoalStatusForm(self.context, self.history.case_id,
                                            self.history.case_version, goal), self._after_save)

    def action_history(self) -> None:
        from regie_tui.screens.plan_history import PlanHistoryScreen

        if not self._ready():
            return
        if not self.history.versions:
            self.notify(_("This case has no plan of approach yet."), severity="warning")
            return
        self.app.push_screen(PlanHistoryScreen(self.context, self.history))

    def action_export(self) -> None:
        if not self._ready():
            return
        shown = self.history.current or self.history.draft
        if shown is None:
            self.notify(_("This case has no plan of approach yet."), severity="warning")
            return
        from regie_tui.screens.plan_export import export_version

        export_version(self, self.context, self.case_id, shown.number)

"""The plan editor (modal): a new plan or a draft, or an adjustment (bijstelling).

* new / draft: saved as a draft while the agreement date is empty; with a date
  and who agreed, it is saved and agreed in one step and becomes the current plan.
* adjust: the next version, starting from the current one; needs a reason and
  the agreement, and can answer the significant events not answered yet.

The editor keeps everything typed when the store refuses a save (a clear
message names what to fix; a stale case says to reload).
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    DataTable,
    Input,
    Label,
    Select,
    SelectionList,
    Static,
    TextArea,
)

from regie_tui.base.dates import format_input, parse_date
from regie_tui.base.errors import ConflictError, NotFoundError, StoreError, ValidationError
from regie_tui.base.i18n import _
from regie_tui.base.safe_text import plain
from regie_tui.data.commands import Agreement, GoalInput, PlanInput
from regie_tui.data.plan_view import PlanHistory, VersionView
from regie_tui.rules import vocab
from regie_tui.screens.plan_forms import (
    CompactInput,
    CompactSelect,
    ConfirmDiscard,
    DialogBody,
    GoalForm,
    options,
    translate_bindings,
)
from regie_tui.views.plan_text import event_text, value_text
from regie_tui.widgets import fixed_columns
from regie_tui.widgets.tick import TickBox, TickSelectionList

NEW, DRAFT, ADJUST = "new", "draft", "adjust"


class GoalsTable(DataTable):
    """The goals being edited; its keys work while it has the focus."""

    BINDINGS = [
        Binding("n,insert", "screen.add_goal", _("New goal"), id="plan.editor.goal_add",
                tooltip=_("Add a goal")),
        Binding("enter", "screen.edit_goal", _("Edit goal"), id="plan.editor.goal_edit",
                tooltip=_("Change the selected goal")),
        Binding("delete", "screen.remove_goal", _("Remove goal"), id="plan.editor.goal_remove",
                tooltip=_("Take the selected goal out of this version")),
    ]


def goal_input(goal) -> GoalInput:
    return GoalInput(goal.description, goal.intended_result, goal.deadline, goal.owner,
                     goal.status, goal.note)


class PlanEditor(ModalScreen[bool]):
    AUTO_FOCUS = "#editor-goals"
    CSS_PATH = "plan.tcss"

    BINDINGS = [
        Binding("ctrl+s", "save", _("Save"), id="plan.editor.save",
                tooltip=_("Save the plan (agreed when the agreement date is filled in)")),
        Binding("ctrl+n", "add_goal", _("New goal"), id="plan.editor.add_goal",
                tooltip=_("Add a goal")),
        Binding("escape", "cancel", _("Cancel"), id="plan.editor.cancel",
                tooltip=_("Close the editor; asks first when something was typed")),
    ]

    def __init__(self, context, history: PlanHistory, mode: str):
        super().__init__()
        translate_bindings(self)
        self.context = context
        self.history = history
        self.mode = mode
        base: VersionView | None = history.draft if mode == DRAFT else (
            history.current if mode == ADJUST else None)
        self.base = base
        self.goals: list[GoalInput] = [goal_input(g) for g in base.goals] if base else []
        self.events = history.unanswered_events() if mode == ADJUST else []
        self._dirty = False

    # -- layout -----------------------------------------------------------
    def _title(self) -> str:
        if self.mode == ADJUST:
            return _("Adjust the plan: version {n} (from version {m})").format(
                n=self.base.number + 1, m=self.base.number)
        if self.mode == DRAFT:
            return _("Edit the draft plan (version {n})").format(n=self.base.number)
        return _("New plan of approach")

    def compose(self) -> ComposeResult:
        b = self.base
        with DialogBody(classes="plan-dialog plan-editor"):
            yield Label(self._title(), classes="title")
            yield Label(_("Goals — n: new goal, Enter: edit, Delete: remove"))
            yield GoalsTable(id="editor-goals", cursor_type="row")
            with Horizontal(classes="plan-row"):
                with Vertical(classes="plan-cell"):
                    yield Label(_("Protective factors (one per line)"))
                    yield TextArea("\n".join(b.protective) if b else "", id="editor-protective",
                                   classes="plan-text")
                with Vertical(classes="plan-cell"):
                    yield Label(_("Threatening factors (one per line)"))
                    yield TextArea("\n".join(b.threatening) if b else "",
                                   id="editor-threatening", classes="plan-text")
            with Horizontal(classes="plan-row"):
                with Vertical(classes="plan-cell"):
                    yield Label(_("View on safety"))
                    yield CompactSelect(options(vocab.SAFETY_VIEWS), value=b.safety if b and b.safety
                                 else Select.NULL, prompt=_("not assessed yet"),
                                 id="editor-safety")
                with Vertical(classes="plan-cell"):
                    yield Label(_("Note on safety"))
                    yield CompactInput(b.safety_note or "" if b else "", id="editor-safety-note")
                with Vertical(classes="plan-cell"):
                    yield Label(_("Where the plan came from"))
                    yield CompactSelect(options(vocab.PLAN_ORIGINS), value=b.origin if b else "own",
                                 allow_blank=False, id="editor-origin")
            if self.mode == ADJUST:
                yield Label(_("Reason for the adjustment (required)"))
                yield TextArea(id="editor-reason", classes="plan-text")
                yield Label(_("Answers these significant events (space to tick or untick)"))
                if self.events:
                    yield TickSelectionList(*[(plain(event_text(e)), e.id, True) for e in self.events],
                                        id="editor-answers")
                else:
                    yield Static(_("No unanswered significant events."), classes="muted")
            yield Label(_("Agreed on (day-month-year)") if self.mode == ADJUST else
                        _("Agreed on (day-month-year; leave empty to keep it as a draft)"))
            with Horizontal(classes="plan-row plan-agreement"):
                yield CompactInput(format_input(self.context.today) if self.mode == ADJUST else "",
                            id="editor-agreed-on", placeholder=_("dd-mm-yyyy"))
                yield TickBox(_("parents"), id="editor-by-parents")
                yield TickBox(_("youth"), id="editor-by-youth")
                yield TickBox(_("case director"), id="editor-by-case-director")
            yield Static("", id="editor-error", classes="error")
            with Horizontal(classes="plan-buttons"):
                yield Button(_("Save (ctrl+s)"), variant="primary", id="editor-save")
                yield Button(_("Cancel (Esc)"), id="editor-cancel")

    def on_mount(self) -> None:
        self._fill_goals()
        self.query_one(GoalsTable).focus()

    def _fill_goals(self, row: int = 0) -> None:
        table = self.query_one(GoalsTable)
        # New columns each time, as wide as the new rows.
        fixed_columns.fill(
            table, [("#", "#"), ("description", _("Goal")),
                    ("intended_result", _("Intended result")), ("deadline", _("Deadline")),
                    ("owner", _("Owner")), ("status", _("Status"))],
            [(str(i), g.description, value_text("intended_result", g.intended_result),
              value_text("deadline", g.deadline), value_text("owner", g.owner),
              value_text("status", g.status)) for i, g in enumerate(self.goals, 1)])
        if self.goals:
            table.move_cursor(row=min(row, len(self.goals) - 1))

    def on_input_changed(self) -> None:
        self._dirty = True

    def on_text_area_changed(self) -> None:
        self._dirty = True

    def on_checkbox_changed(self) -> None:
        self._dirty = True

    # -- goals ------------------------------------------------------------
    def action_add_goal(self) -> None:
        self.app.push_screen(GoalForm(), self._goal_added)

    def _goal_added(self, goal: GoalInput | None) -> None:
        if goal is not None:
            self.goals.append(goal)
            self._dirty = True
            self._fill_goals(len(self.goals) - 1)

    def _cursor(self) -> int | None:
        table = self.query_one(GoalsTable)
        return table.cursor_row if self.goals and 0 <= table.cursor_row < len(self.goals) else None

    def action_edit_goal(self) -> None:
        row = self._cursor()
        if row is None:
            self.action_add_goal()
            return

        def done(goal: GoalInput | None) -> None:
            if goal is not None:
                self.goals[row] = goal
                self._dirty = True
                self._fill_goals(row)

        self.app.push_screen(GoalForm(self.goals[row]), done)

    def action_remove_goal(self) -> None:
        row = self._cursor()
        if row is None:
            return
        removed = self.goals.pop(row)
        self._dirty = True
        self._fill_goals(row)
        # Nothing is stored yet: Esc (discard) or adding it again undoes this.
        self.notify(_("Goal taken out of this version: {goal}").format(goal=removed.description))

    # -- saving -----------------------------------------------------------
    def _error(self, message: str) -> None:
        # The message may quote what was typed: never markup.
        self.query_one("#editor-error", Static).update(Text(message))

    def _plan(self) -> PlanInput:
        def lines(selector: str) -> list[str]:
            return [t.strip() for t in self.query_one(selector, TextArea).text.splitlines()
                    if t.strip()]

        safety = self.query_one("#editor-safety", Select).value
        return PlanInput(
            goals=list(self.goals), protective=lines("#editor-protective"),
            threatening=lines("#editor-threatening"),
            safety=None if safety is Select.NULL else safety,
            safety_note=self.query_one("#editor-safety-note", Input).value,
            origin=self.query_one("#editor-origin", Select).value)

    def _agreement(self) -> Agreement | None:
        agreed_on = parse_date(self.query_one("#editor-agreed-on", Input).value, self.app.context.today)
        if agreed_on is None and self.mode != ADJUST:
            return None
        return Agreement(
            agreed_on, by_parents=self.query_one("#editor-by-parents", TickBox).value,
            by_youth=self.query_one("#editor-by-youth", TickBox).value,
            by_case_director=self.query_one("#editor-by-case-director", TickBox).value)

    def action_save(self) -> None:
        try:
            agreement = self._agreement()
        except ValueError as exc:
            self._error(str(exc))
            self.query_one("#editor-agreed-on").focus()
            return
        plan = self._plan()
        reason = answers = None
        if self.mode == ADJUST:
            reason = self.query_one("#editor-reason", TextArea).text
            answers = (list(self.query_one("#editor-answers", SelectionList).selected)
                       if self.events else [])
        self._error("")
        self._save(plan, agreement, reason, answers)

    @work(thread=True, exclusive=True)
    def _save(self, plan, agreement, reason, answers) -> None:
        from regie_tui.data import commands, plan_commands

        store, h = self.context.store, self.history
        try:
            if self.mode == ADJUST:
                commands.adjust_plan(store, h.case_id, h.case_version, plan, reason=reason,
                                     agreement=agreement, answers=answers)
                message = _("Plan adjusted: version {n} is now the current plan.").format(
                    n=self.base.number + 1)
            elif self.mode == DRAFT:
                plan_commands.edit_draft(store, h.case_id, h.case_version, self.base.id, plan,
                                         agreement)
                message = (_("Plan agreed: version {n} is now the current plan.") if agreement
                           else _("Draft plan saved (version {n}).")).format(n=self.base.number)
            else:
                commands.adopt_plan(store, h.case_id, h.case_version, plan, agreement)
                message = (_("Plan agreed: version {n} is now the current plan.") if agreement
                           else _("Draft plan saved (version {n}).")).format(n=1)
        except ValidationError as exc:
            self.app.call_from_thread(self._refused, exc.message, exc.field)
            return
        except (ConflictError, NotFoundError, StoreError) as exc:  # StoreError: refused, busy
            self.app.call_from_thread(self._refused, str(exc), None)
            return
        self.app.call_from_thread(self._saved, message)

    _FOCUS = {"reason": "#editor-reason", "agreed_on": "#editor-agreed-on",
              "agreed_by": "#editor-by-parents", "safety_note": "#editor-safety-note"}

    def _refused(self, message: str, field: str | None) -> None:
        if field and field.startswith("goals["):
            row = int(field[6:field.index("]")])
            message = _("Goal {n}: {message}").format(n=row + 1, message=message)
            self.query_one(GoalsTable).move_cursor(row=row)
            self.query_one(GoalsTable).focus()
        elif field in self._FOCUS:
            self.query_one(self._FOCUS[field]).focus()
        self._error(message)
        self.app.bell()

    def _saved(self, message: str) -> None:
        self.app.notify(message)
        self.dismiss(True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_save() if event.button.id == "editor-save" else self.action_cancel()

    def action_cancel(self) -> None:
        if not self._dirty:
            self.dismiss(False)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(False)

        self.app.push_screen(ConfirmDiscard(), answered)

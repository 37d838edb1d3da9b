"""Small modal forms of the plan screen: one goal, a goal's status, "plan still fits",
and the question before unsaved input is thrown away."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, SelectionList, Static, TextArea

from regie_tui.base.dates import format_input, parse_date
from regie_tui.base.errors import ConflictError, NotFoundError, StoreError, ValidationError
from regie_tui.base.i18n import _, format_date
from regie_tui.base.safe_text import plain
from regie_tui.data.commands import GoalInput
from regie_tui.rules import vocab
from regie_tui.views.plan_text import event_text
from regie_tui.widgets.tick import TickSelectionList


class DialogBody(VerticalScroll, can_focus=False):
    """A form's scrolling body: Tab moves between the fields, not onto the body."""


class CompactInput(Input):
    """An input without a border: forms stay on one screen."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, compact=True, **kwargs)


class CompactSelect(Select):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, compact=True, **kwargs)


def translate_bindings(node) -> None:
    """Descriptions and tooltips in the language in force now, not at import time.

    BINDINGS are built when the module is imported (before the language is
    chosen); the footer and the help show what is in the node's bindings map.
    """
    from dataclasses import replace

    for key, bindings in node._bindings.key_to_bindings.items():
        node._bindings.key_to_bindings[key] = [
            replace(b, description=_(b.description) if b.description else b.description,
                    tooltip=_(b.tooltip) if b.tooltip else b.tooltip)
            for b in bindings]


def options(labels: dict) -> list[tuple[str, str]]:
    return [(_(label), code) for code, label in labels.items()]


class ConfirmDiscard(ModalScreen[bool]):
    """"Throw away what you typed?" — j discards; Escape, Enter and n go back to the form.

    Enter used to discard: after a validation message a consultant pressed Esc
    (to close the message) and Enter, and the typed reason was gone. Only the
    explicit j throws input away, as in the case forms' question.
    """

    CSS_PATH = "plan.tcss"
    BINDINGS = [
        Binding("j,y", "answer(True)", _("Discard"), id="plan.discard.yes",
                tooltip=_("Close the form without saving")),
        Binding("n,escape,enter", "answer(False)", _("Keep editing"), id="plan.discard.no",
                tooltip=_("Go back to the form")),
    ]

    def __init__(self):
        super().__init__()
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with DialogBody(classes="plan-dialog plan-small"):
            yield Label(_("Discard your changes?"), classes="title")
            yield Static(_("What you typed in this form has not been saved. Press j to "
                           "discard it, or n to keep editing."))

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class GoalForm(ModalScreen[GoalInput | None]):
    """One goal: description, intended result, deadline, owner, status, note."""

    AUTO_FOCUS = "#goal-description"
    CSS_PATH = "plan.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", _("Save"), id="plan.goal.save",
                tooltip=_("Keep this goal in the plan you are editing")),
        Binding("escape", "cancel", _("Cancel"), id="plan.goal.cancel",
                tooltip=_("Close without keeping the changes")),
    ]

    def __init__(self, goal: GoalInput | None = None):
        super().__init__()
        translate_bindings(self)
        self.goal = goal or GoalInput("")

    def compose(self) -> ComposeResult:
        g = self.goal
        with DialogBody(classes="plan-dialog"):
            yield Label(_("Goal"), classes="title")
            # Full inputs with their border: borderless ones did not look like fields.
            yield Label(_("Goal (what should change)"))
            yield Input(g.description, id="goal-description")
            yield Label(_("Intended result (how you will know)"))
            yield Input(g.intended_result or "", id="goal-result")
            yield Label(_("Deadline (day-month-year, may be empty)"))
            yield Input(format_input(g.deadline), id="goal-deadline", placeholder=_("dd-mm-yyyy"))
            with Horizontal(classes="plan-row"):
                with Vertical(classes="plan-cell"):
                    yield Label(_("Owner"))
                    yield Select(options(vocab.GOAL_OWNERS), value=g.owner, allow_blank=False,
                                 id="goal-owner")
                with Vertical(classes="plan-cell"):
                    yield Label(_("Status"))
                    yield Select(options(vocab.GOAL_STATUSES), value=g.status,
                                 allow_blank=False, id="goal-status")
            yield Label(_("Note"))
            yield Input(g.note or "", id="goal-note")
            yield Static("", id="goal-error", classes="error")
            with Horizontal(classes="plan-buttons"):
                yield Button(_("Keep goal (ctrl+s)"), variant="primary", id="goal-save")
                yield Button(_("Cancel (Esc)"), id="goal-cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_save() if event.button.id == "goal-save" else self.action_cancel()

    def _value(self, selector: str) -> str:
        return self.query_one(selector, Input).value.strip()

    def action_save(self) -> None:
        error = self.query_one("#goal-error", Static)
        description = self._value("#goal-description")
        if not description:
            error.update(_("Describe the goal."))
            self.query_one("#goal-description").focus()
            return
        try:
            deadline = parse_date(self._value("#goal-deadline"), self.app.context.today)
        except ValueError as exc:
            error.update(Text(str(exc)))  # it quotes what was typed: never markup
            self.query_one("#goal-deadline").focus()
            return
        self.dismiss(GoalInput(
            description=description, intended_result=self._value("#goal-result") or None,
            deadline=deadline, owner=self.query_one("#goal-owner", Select).value,
            status=self.query_one("#goal-status", Select).value,
            note=self._value("#goal-note") or None))

    def action_cancel(self) -> None:
        self.dismiss(None)


class _CommandForm(ModalScreen[bool]):
    """A form that saves one store command in a worker and closes when it is saved."""

    CSS_PATH = "plan.tcss"

    def _error(self, message: str) -> None:
        self.query_one(".error", Static).update(plain(message))

    @work(thread=True, exclusive=True)
    def _run(self, command, success: str) -> None:
        try:
            command()
        except ValidationError as exc:
            self.app.call_from_thread(self._error, exc.message)
            return
        except (ConflictError, NotFoundError, StoreError) as exc:  # StoreError: refused, busy
            self.app.call_from_thread(self._error, str(exc))
            return
        self.app.call_from_thread(self._saved, success)

    def _saved(self, message: str) -> None:
        self.app.notify(message)
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


class GoalStatusForm(_CommandForm):
    """The evaluated status of one goal of the current plan, with a note."""

    AUTO_FOCUS = "#status-value"
    BINDINGS = [
        Binding("ctrl+s", "save", _("Save"), id="plan.status.save",
                tooltip=_("Record the status of this goal")),
        Binding("escape", "cancel", _("Cancel"), id="plan.status.cancel",
                tooltip=_("Close without saving")),
    ]

    def __init__(self, context, case_id: int, case_version: int, goal):
        super().__init__()
        translate_bindings(self)
        self.context, self.case_id, self.case_version, self.goal = (
            context, case_id, case_version, goal)

    def compose(self) -> ComposeResult:
        with DialogBody(classes="plan-dialog plan-small"):
            yield Label(_("Status of a goal"), classes="title")
            yield Static(plain(self.goal.description), id="status-goal")
            yield Label(_("Status"))
            yield CompactSelect(options(vocab.GOAL_STATUSES), value=self.goal.status,
                         allow_blank=False, id="status-value")
            yield Label(_("Note (needed for not achieved or dropped)"))
            yield CompactInput(self.goal.note or "", id="status-note")
            yield Static("", classes="error")
            with Horizontal(classes="plan-buttons"):
                yield Button(_("Save (ctrl+s)"), variant="primary", id="status-save")
                yield Button(_("Cancel (Esc)"), id="status-cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_save() if event.button.id == "status-save" else self.action_cancel()

    def action_save(self) -> None:
        from regie_tui.data.plan_commands import set_goal_status

        status = self.query_one("#status-value", Select).value
        note = self.query_one("#status-note", Input).value
        store = self.context.store
        self._run(lambda: set_goal_status(store, self.case_id, self.case_version, self.goal.id,
                                          status=status, note=note),
                  _("Status of the goal saved."))


class StillFitsForm(_CommandForm):
    """Plan past nog: the decision that no change is needed, with reason and events."""

    AUTO_FOCUS = "#fits-reason"
    BINDINGS = [
        Binding("ctrl+s", "save", _("Save"), id="plan.fits.save",
                tooltip=_("Record that the plan still fits")),
        Binding("escape", "cancel", _("Cancel"), id="plan.fits.cancel",
                tooltip=_("Close without saving")),
    ]

    def __init__(self, context, case_id: int, case_version: int, events):
        super().__init__()
        translate_bindings(self)
        self.context, self.case_id, self.case_version, self.events = (
            context, case_id, case_version, events)

    def compose(self) -> ComposeResult:
        with DialogBody(classes="plan-dialog"):
            yield Label(_("Plan still fits"), classes="title")
            yield Static(_("Record that the plan was looked at again and needs no change, "
                           "and why."))
            yield Label(_("Date decided (day-month-year)"))
            yield CompactInput(format_input(self.context.today), id="fits-date")
            yield Label(_("Reason (required)"))
            yield TextArea(id="fits-reason", classes="plan-text")
            yield Label(_("Answers these events (space to tick or untick)"))
            if self.events:
                yield TickSelectionList(*[(plain(event_text(e)), e.id, True) for e in self.events],
                                    id="fits-events")
            else:
                yield Static(_("No unanswered events: the decision covers everything up to "
                               "its date."), classes="muted")
            yield Static("", classes="error")
            with Horizontal(classes="plan-buttons"):
                yield Button(_("Save (ctrl+s)"), variant="primary", id="fits-save")
                yield Button(_("Cancel (Esc)"), id="fits-cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_save() if event.button.id == "fits-save" else self.action_cancel()

    def action_save(self) -> None:
        from regie_tui.data.commands import plan_still_fits

        try:
            decided_on = parse_date(self.query_one("#fits-date", Input).value, self.app.context.today)
        except ValueError as exc:
            self._error(str(exc))
            return
        reason = self.query_one("#fits-reason", TextArea).text
        answers = (list(self.query_one("#fits-events", SelectionList).selected)
                   if self.events else [])
        store = self.context.store
        self._run(lambda: plan_still_fits(store, self.case_id, self.case_version,
                                          decided_on=decided_on, reason=reason,
                                          answers=answers),
                  _("Recorded that the plan still fits ({date}).").format(
                      date=format_date(decided_on)) if decided_on else "")

"""Modal form: record a caseload review (caseloadbespreking) with one consultant."""

from __future__ import annotations

import datetime as dt

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from regie_tui.base.errors import ValidationError
from regie_tui.base.i18n import _
from regie_tui.base.safe_text import plain
from regie_tui.session.context import AppContext


def parse_day(text: str, label: str, field: str) -> dt.date:
    """A date typed as dd-mm-yyyy (or ISO yyyy-mm-dd); ValidationError otherwise."""
    text = text.strip()
    for fmt in ("%d-%m-%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValidationError(field, _("{label}: type a date as dd-mm-yyyy, for example "
                                   "16-11-2026.").format(label=label))


class CaseloadReviewForm(ModalScreen[int | None]):
    """Dismisses with the new meeting's id, or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "save", _("Save"), id="caseload_review.save",
                tooltip=_("Record the caseload review")),
        Binding("escape", "cancel", _("Cancel"), id="caseload_review.cancel",
                tooltip=_("Close without recording")),
    ]

    def __init__(self, context: AppContext, consultant_id: int, name: str):
        super().__init__()
        self.context = context
        self.consultant_id = consultant_id
        self.consultant_name = name

    def compose(self) -> ComposeResult:
        with Vertical(id="caseload-review-body"):
            yield Label(plain(_("Caseload review with {name}").format(
                name=self.consultant_name)), classes="title")
            yield Label(_("Date held (dd-mm-yyyy)"))
            yield Input(self.context.today.strftime("%d-%m-%Y"), id="held-on")
            yield Label(_("Note (optional)"))
            yield Input(placeholder=_("What was discussed, agreements"), id="note")
            yield Static("", id="caseload-review-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(_("Save"), id="save", variant="primary")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#held-on", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "held-on":
            self.query_one("#note", Input).focus()
        else:
            self.action_save()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        try:
            held_on = parse_day(self.query_one("#held-on", Input).value, _("Date held"),
                                "held_on")
        except ValidationError as exc:
            self._refused(exc.field, exc.message)
            return
        self._save(held_on, self.query_one("#note", Input).value)

    @work(thread=True, exclusive=True)
    def _save(self, held_on: dt.date, note: str) -> None:
        from regie_tui.data import commands

        try:
            meeting_id = commands.record_caseload_review(self.context.store, self.consultant_id,
                                                         held_on, note)
        except ValidationError as exc:
            self.app.call_from_thread(self._refused, exc.field, exc.message)
        else:
            self.app.call_from_thread(self._saved, meeting_id)

    def _refused(self, field: str, message: str) -> None:
        self.query_one("#caseload-review-error", Static).update(plain(message))
        self.query_one("#note" if field == "note" else "#held-on", Input).focus()

    def _saved(self, meeting_id: int) -> None:
        self.notify(_("Caseload review with {name} recorded.").format(
            name=self.consultant_name))
        self.dismiss(meeting_id)

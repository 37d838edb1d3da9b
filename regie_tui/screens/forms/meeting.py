"""Record a meeting or contact (start meeting, MDO, OVV, evaluation, youth or parent
contact, home visit) with who took part."""

from __future__ import annotations

from textual.widgets import Checkbox, Select

from regie_tui.base.errors import ValidationError
from regie_tui.base.i18n import N_, _, format_date
from regie_tui.data import commands
from regie_tui.rules import vocab
from regie_tui.screens.forms._options import vocabulary
from regie_tui.screens.forms.base import CHECK, DATE, NOTE, SELECT, Field, FormScreen
from regie_tui.widgets.case_text import label


def _kinds(form) -> list[tuple[str, str]]:
    return [o for o in vocabulary(vocab.MEETING_KINDS) if o[1] in vocab.CASE_MEETING_KINDS]


class MeetingForm(FormScreen):
    TITLE = N_("Record a meeting or contact")
    INTRO = N_("Who took part matters: contact with the youth counts only when the youth "
               "was there.")
    FIELDS = (
        Field("kind", N_("Kind"), SELECT, required=True, options=_kinds,
              initial=lambda form: form.kind),
        # Most meetings are recorded the day they are held: start there.
        Field("held_on", N_("Date held"), DATE, initial=lambda form: form.context.today),
        Field("planned_on", N_("Planned date"), DATE,
              hint=N_("Only for a meeting that has not been held yet: then leave the date "
                      "held empty.")),
        # A contact with the youth is one where the youth took part.
        Field("youth_present", N_("The youth took part"), CHECK,
              initial=lambda form: form.kind == vocab.YOUTH_CONTACT),
        Field("parents_present", N_("The parents took part"), CHECK),
        Field("note", N_("Note"), NOTE),
    )

    def __init__(self, *args, kind: str | None = None, signal: str | None = None, **kwargs):
        self.kind = kind
        # The code of the signal this form was opened from (Enter on a signal):
        # after saving, the form says why it is still open, if it is.
        self.signal = signal
        self._kind_seen = kind
        super().__init__(*args, **kwargs)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id != "f-kind" or event.value == self._kind_seen:
            return
        self._kind_seen = event.value
        if event.value == vocab.YOUTH_CONTACT:
            self.query_one("#f-youth_present", Checkbox).value = True

    def submit(self, values: dict) -> str:
        if values["held_on"] is not None and values["planned_on"] is not None:
            # Both used to be stored, but only the date held was ever shown: the
            # planned date vanished without a word.
            raise ValidationError("planned_on", _(
                "A meeting is either held or planned, not both. Clear the planned date, or "
                "clear the date held to plan this meeting (record the next meeting "
                "separately)."))
        commands.record_meeting(self.context.store, self.case_id, self.version, **values)
        what = label(vocab.MEETING_KINDS, values["kind"])
        if values["held_on"] is None:
            saved = _("Saved: {meeting} planned for {date}.").format(
                meeting=what, date=format_date(values["planned_on"]))
        else:
            saved = _("Saved: {meeting} held on {date}.").format(
                meeting=what, date=format_date(values["held_on"]))
        reason = self._still_open(values)
        if reason is not None:
            # A toast of its own, as a warning and longer than the usual five
            # seconds: it asks for something to be done.
            self.app.call_from_thread(self.app.notify, reason, title=_("Signal still open"),
                                      severity="warning", timeout=20, markup=False)
        return saved

    def _still_open(self, values: dict) -> str | None:
        """Why the signal the form came from is still there; None when it cleared."""
        if self.signal is None:
            return None
        from regie_tui.data import case_view
        from regie_tui.rules.engine import evaluate_case
        from regie_tui.screens.forms.still_open import why_still_open

        view = case_view.load(self.context.store, self.case_id)
        after = [s for s in evaluate_case(view.facts, self.context.today,
                                          self.context.intervals) if s.code == self.signal]
        return why_still_open(values, after[0]) if after else None

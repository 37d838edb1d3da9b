"""Record a significant event: something that changes the ground under the plan."""

from __future__ import annotations

from regie_tui.base.i18n import N_, _, format_date
from regie_tui.data import commands
from regie_tui.rules import vocab
from regie_tui.screens.forms._options import vocabulary
from regie_tui.screens.forms.base import DATE, NOTE, SELECT, Field, FormScreen


class EventForm(FormScreen):
    TITLE = N_("Record a significant event")
    INTRO = N_("Every significant event asks for a plan review: adjust the plan, or record "
               "that it still fits.")
    FIELDS = (
        Field("kind", N_("Kind"), SELECT, required=True,
              options=lambda form: vocabulary(vocab.EVENT_KINDS)),
        Field("occurred_on", N_("Date"), DATE, required=True),
        Field("description", N_("Description"), NOTE,
              hint=N_("Required for \"other significant event\".")),
    )

    def submit(self, values: dict) -> str:
        commands.record_event(self.context.store, self.case_id, self.version, **values)
        return _("Saved: significant event of {date}.").format(
            date=format_date(values["occurred_on"]))

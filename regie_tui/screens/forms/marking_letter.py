"""Record the date the marking letter was sent (the move to VPR, improvement action 5b)."""

from __future__ import annotations

from regie_tui.base.i18n import N_, _, format_date
from regie_tui.data import commands
from regie_tui.screens.forms._options import today
from regie_tui.screens.forms.base import DATE, Field, FormScreen


class MarkingLetterForm(FormScreen):
    TITLE = N_("Marking letter sent")
    INTRO = N_("The markeringsbrief tells parents and youth that the case moved to VPR.")
    FIELDS = (Field("sent_on", N_("Date sent"), DATE, required=True, initial=today),)

    def submit(self, values: dict) -> str:
        commands.record_marking_letter(self.context.store, self.case_id, self.version,
                                       **values)
        return _("Saved: marking letter sent on {date}.").format(
            date=format_date(values["sent_on"]))

"""Record the warm hand-over of a case closed without one (clears HANDOVER_INCOMPLETE)."""

from __future__ import annotations

from regie_tui.base.i18n import N_, _
from regie_tui.data import commands
from regie_tui.screens.forms.base import DATE, NOTE, TEXT, Field, FormScreen

# The hand-over part of closing a case, also asked by the close-case form.
HANDOVER_FIELDS = (
    Field("handover_to", N_("Handed over to"), TEXT),
    Field("handover_on", N_("Date of hand-over"), DATE),
    Field("aftercare", N_("Aftercare"), NOTE),
    Field("no_handover_reason", N_("Why no hand-over is needed"), NOTE),
)


class HandoverForm(FormScreen):
    TITLE = N_("Warm hand-over")
    INTRO = N_("This case was closed without a recorded hand-over. Record who took over and "
               "the aftercare, or say why none is needed.")
    FIELDS = HANDOVER_FIELDS

    def submit(self, values: dict) -> str:
        commands.record_handover(self.context.store, self.case_id, self.version, **values)
        return _("Saved: the hand-over of this case.")

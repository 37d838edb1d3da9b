"""Close the case: with a warm hand-over and aftercare, or a reason why none is needed."""

from __future__ import annotations

from regie_tui.base.i18n import N_, _, format_date
from regie_tui.data import commands
from regie_tui.rules import vocab
from regie_tui.screens.forms._options import vocabulary
from regie_tui.screens.forms.base import DATE, SELECT, Field, FormScreen
from regie_tui.screens.forms.handover import HANDOVER_FIELDS


class CloseCaseForm(FormScreen):
    TITLE = N_("Close the case")
    INTRO = N_("Record the warm hand-over and aftercare, or say why none is needed.")
    FIELDS = (
        Field("closed_on", N_("Date closed"), DATE, required=True),
        Field("reason", N_("Closing reason"), SELECT, required=True,
              options=lambda form: vocabulary(vocab.CLOSING_REASONS)),
        *HANDOVER_FIELDS,
    )

    def submit(self, values: dict) -> str:
        commands.close_case(self.context.store, self.case_id, self.version, **values)
        return _("Saved: case closed on {date}.").format(date=format_date(values["closed_on"]))

"""Record the role agreement between process director and case director (finding 5)."""

from __future__ import annotations

from regie_tui.base.i18n import N_, _, format_date
from regie_tui.data import commands
from regie_tui.screens.forms._options import today
from regie_tui.screens.forms.base import DATE, NOTE, Field, FormScreen


class RoleAgreementForm(FormScreen):
    TITLE = N_("Record the role agreement")
    INTRO = N_("Who does what: the agreements between you as process director and the "
               "case director.")
    FIELDS = (
        Field("agreed_on", N_("Date agreed"), DATE, required=True, initial=today),
        Field("note", N_("Agreements"), NOTE, required=True,
              hint=N_("For example: who talks with the youth, who calls the MDO, who "
                      "escalates.")),
    )

    def submit(self, values: dict) -> str:
        commands.record_role_agreement(self.context.store, self.case_id, self.version,
                                       **values)
        return _("Saved: role agreement of {date}.").format(
            date=format_date(values["agreed_on"]))

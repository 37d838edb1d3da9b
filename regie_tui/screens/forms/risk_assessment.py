"""Record a risk assessment (risicotaxatie) of the child's safety."""

from __future__ import annotations

from regie_tui.base.i18n import N_, _, format_date
from regie_tui.data import commands
from regie_tui.screens.forms._options import today
from regie_tui.screens.forms.base import DATE, NOTE, TEXT, Field, FormScreen


class RiskAssessmentForm(FormScreen):
    TITLE = N_("Record a risk assessment")
    FIELDS = (
        Field("assessed_on", N_("Date assessed"), DATE, required=True, initial=today),
        Field("instrument", N_("Instrument"), TEXT, hint=N_("For example LIRIK.")),
        Field("outcome", N_("Outcome"), NOTE, required=True),
    )

    def submit(self, values: dict) -> str:
        commands.record_risk_assessment(self.context.store, self.case_id, self.version,
                                        **values)
        return _("Saved: risk assessment of {date}.").format(
            date=format_date(values["assessed_on"]))

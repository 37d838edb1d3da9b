"""Record the explicit decision that the plan still fits after significant events."""

from __future__ import annotations

from regie_tui.base.i18n import N_, _, format_date
from regie_tui.data import commands
from regie_tui.screens.forms._options import today
from regie_tui.screens.forms.base import DATE, NOTE, Field, FormScreen


class PlanStillFitsForm(FormScreen):
    TITLE = N_("Decide: the plan still fits")
    INTRO = N_("This answers every significant event recorded so far. To change the plan, "
               "adjust it on the plan screen instead.")
    FIELDS = (
        Field("decided_on", N_("Date decided"), DATE, required=True, initial=today),
        Field("reason", N_("Reason"), NOTE, required=True,
              hint=N_("Why the plan still fits, given what happened.")),
    )

    def submit(self, values: dict) -> str:
        commands.plan_still_fits(self.context.store, self.case_id, self.version, **values)
        return _("Saved: the plan still fits (decided {date}).").format(
            date=format_date(values["decided_on"]))

"""Cross-region cases: record which organisation is in the lead (seed 004)."""

from __future__ import annotations

from regie_tui.base.i18n import N_, _
from regie_tui.data import commands
from regie_tui.screens.forms.base import CHECK, TEXT, Field, FormScreen


class LeadOrganisationForm(FormScreen):
    TITLE = N_("Cross-region case and lead organisation")
    FIELDS = (
        Field("cross_region", N_("More than one region or police unit is involved"), CHECK,
              initial=lambda form: form.view.facts.cross_region if form.view else False),
        Field("lead_organisation", N_("Lead organisation"), TEXT,
              initial=lambda form: form.view.facts.lead_organisation if form.view else None),
    )

    def submit(self, values: dict) -> str:
        commands.set_cross_region(self.context.store, self.case_id, self.version, **values)
        if not values["cross_region"]:
            return _("Saved: not a cross-region case.")
        if values["lead_organisation"]:
            return _("Saved: {organisation} is in the lead.").format(
                organisation=values["lead_organisation"])
        return _("Saved: cross-region case, lead organisation still to be agreed.")

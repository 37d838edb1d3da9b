"""Name the case director (casusregisseur): the professional who owns the help."""

from __future__ import annotations

from regie_tui.base.i18n import N_, _
from regie_tui.data import commands
from regie_tui.screens.forms.base import DATE, TEXT, Field, FormScreen


class CaseDirectorForm(FormScreen):
    TITLE = N_("Name the case director")
    FIELDS = (
        Field("name", N_("Case director"), TEXT, required=True,
              initial=lambda form: form.view.facts.case_director_name if form.view else None),
        Field("organisation", N_("Organisation"), TEXT, required=True,
              initial=lambda form: form.view.facts.case_director_org if form.view else None),
        Field("named_on", N_("Date named"), DATE, required=True),
    )

    def submit(self, values: dict) -> str:
        commands.name_case_director(self.context.store, self.case_id, self.version, **values)
        return _("Saved: {name} is case director.").format(name=values["name"])

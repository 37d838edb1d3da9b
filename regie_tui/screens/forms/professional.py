"""Add a professional involved in the case."""

from __future__ import annotations

from regie_tui.base.i18n import N_, _
from regie_tui.data import commands
from regie_tui.screens.forms.base import TEXT, Field, FormScreen


class ProfessionalForm(FormScreen):
    TITLE = N_("Add a professional")
    FIELDS = (
        Field("name", N_("Name"), TEXT, required=True, also=("professionals[0].name",)),
        Field("organisation", N_("Organisation"), TEXT, required=True,
              also=("professionals[0].organisation",)),
        Field("role", N_("Role"), TEXT, required=True, also=("professionals[0].role",),
              hint=N_("For example: ambulant hulpverlener, behandelaar.")),
    )

    def submit(self, values: dict) -> str:
        professional = commands.ProfessionalInput(
            name=values["name"] or "", organisation=values["organisation"] or "",
            role=values["role"] or "")
        commands.add_professional(self.context.store, self.case_id, self.version, professional)
        return _("Saved: {name} added.").format(name=values["name"])

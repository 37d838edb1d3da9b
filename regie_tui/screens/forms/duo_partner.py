"""Assign the duo partner: a second consultant who reviews the case (action 5c)."""

from __future__ import annotations

from regie_tui.base.i18n import N_, _
from regie_tui.data import commands
from regie_tui.screens.forms._options import consultants
from regie_tui.screens.forms.base import SELECT, Field, FormScreen


def _others(form) -> list[tuple[str, int]]:
    pd = form.view.facts.process_director_id if form.view else None
    return consultants(form, exclude=pd)


class DuoPartnerForm(FormScreen):
    TITLE = N_("Assign a duo partner")
    FIELDS = (
        Field("consultant_id", N_("Duo partner"), SELECT, required=True, options=_others,
              initial=lambda form: form.view.facts.duo_partner_id if form.view else None,
              also=("duo_partner",)),
    )

    def submit(self, values: dict) -> str:
        commands.set_duo_partner(self.context.store, self.case_id, self.version, **values)
        name = dict((cid, n) for n, cid in _others(self)).get(values["consultant_id"], "")
        return _("Saved: {name} is duo partner.").format(name=name)

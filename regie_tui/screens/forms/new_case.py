"""Register a new case: code, family alias, start, regime, and the youth and a parent."""

from __future__ import annotations

from regie_tui.base.i18n import N_, _
from regie_tui.data import commands
from regie_tui.rules import vocab
from regie_tui.screens.forms._options import consultants, vocabulary
from regie_tui.screens.forms.base import DATE, SELECT, TEXT, Field, FormScreen
from regie_tui.screens.forms.person import birth_year


class NewCaseForm(FormScreen):
    TITLE = N_("New case")
    INTRO = N_("You become the process director. Add professionals and the case director "
               "on the case screen afterwards.")
    FIELDS = (
        Field("code", N_("Case code"), TEXT, required=True),
        Field("alias", N_("Family alias"), TEXT, required=True),
        Field("opened_on", N_("Start date"), DATE, required=True),
        Field("regime", N_("Regime"), SELECT, required=True,
              options=lambda form: vocabulary(vocab.REGIMES), initial=lambda form: vocab.PR),
        Field("ovv_decision_on", N_("OVV decision date"), DATE,
              hint=N_("Required for VPR: the date of the core decision at the OVV.")),
        Field("duo_partner_id", N_("Duo partner"), SELECT,
              options=lambda form: consultants(form, exclude=form.context.user_id()),
              also=("duo_partner",)),
        Field("youth_name", N_("Name of the youth"), TEXT, also=("people[0].name",)),
        Field("youth_birth_year", N_("Birth year of the youth"), TEXT,
              also=("people[0].birth_year",)),
        Field("parent_name", N_("Name of a parent"), TEXT, also=("people[1].name",)),
    )
    saved_case_id: int | None = None

    def submit(self, values: dict) -> str:
        people = []
        if values["youth_name"] or values["youth_birth_year"]:
            people.append(commands.PersonInput(
                name=values["youth_name"] or "", role="youth",
                birth_year=birth_year(values["youth_birth_year"], "youth_birth_year")))
        if values["parent_name"]:
            people.append(commands.PersonInput(name=values["parent_name"], role="parent"))
        saved = commands.create_case(
            self.context.store, code=values["code"] or "", alias=values["alias"] or "",
            opened_on=values["opened_on"], process_director_id=self.context.user_id(),
            regime=values["regime"], ovv_decision_on=values["ovv_decision_on"],
            duo_partner_id=values["duo_partner_id"], people=people)
        self.saved_case_id = saved.case_id
        return _("Saved: new case {code}.").format(code=values["code"])

"""Add the youth, a parent or a carer to the case."""

from __future__ import annotations

from regie_tui.base.errors import ValidationError
from regie_tui.base.i18n import N_, _
from regie_tui.data import commands
from regie_tui.rules import vocab
from regie_tui.screens.forms._options import vocabulary
from regie_tui.screens.forms.base import SELECT, TEXT, Field, FormScreen


def birth_year(value: str | None, field: str = "birth_year") -> int | None:
    if value is None:
        return None
    if not value.isdigit():
        raise ValidationError(field, _("Birth year: type four digits, for example 2011."))
    return int(value)


class PersonForm(FormScreen):
    TITLE = N_("Add a youth or parent")
    FIELDS = (
        Field("name", N_("Name"), TEXT, required=True, also=("people[0].name",)),
        Field("role", N_("Role"), SELECT, required=True,
              options=lambda form: vocabulary(vocab.PERSON_ROLES), also=("people[0].role",)),
        Field("birth_year", N_("Birth year"), TEXT, also=("people[0].birth_year",)),
    )

    def submit(self, values: dict) -> str:
        person = commands.PersonInput(name=values["name"] or "", role=values["role"],
                                      birth_year=birth_year(values["birth_year"]))
        commands.add_person(self.context.store, self.case_id, self.version, person)
        return _("Saved: {name} added.").format(name=values["name"])

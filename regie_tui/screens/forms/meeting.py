"""Record a meeting or contact (start meeting, MDO, OVV, evaluation, youth or parent
contact, home visit) with who took part."""

from __future__ import annotations

from regie_tui.base.i18n import N_, _, format_date
from regie_tui.data import commands
from regie_tui.rules import vocab
from regie_tui.screens.forms._options import vocabulary
from regie_tui.screens.forms.base import CHECK, DATE, NOTE, SELECT, Field, FormScreen
from regie_tui.widgets.case_text import label


def _kinds(form) -> list[tuple[str, str]]:
    return [o for o in vocabulary(vocab.MEETING_KINDS) if o[1] in vocab.CASE_MEETING_KINDS]


class MeetingForm(FormScreen):
    TITLE = N_("Record a meeting or contact")
    INTRO = N_("Who took part matters: contact with the youth counts only when the youth "
               "was there.")
    FIELDS = (
        Field("kind", N_("Kind"), SELECT, required=True, options=_kinds,
              initial=lambda form: form.kind),
        Field("held_on", N_("Date held"), DATE),
        Field("planned_on", N_("Planned date"), DATE,
              hint=N_("Only for a meeting that has not been held yet.")),
        Field("youth_present", N_("The youth took part"), CHECK),
        Field("parents_present", N_("The parents took part"), CHECK),
        Field("note", N_("Note"), NOTE),
    )

    def __init__(self, *args, kind: str | None = None, **kwargs):
        self.kind = kind
        super().__init__(*args, **kwargs)

    def submit(self, values: dict) -> str:
        commands.record_meeting(self.context.store, self.case_id, self.version, **values)
        what = label(vocab.MEETING_KINDS, values["kind"])
        if values["held_on"] is None:
            return _("Saved: {meeting} planned for {date}.").format(
                meeting=what, date=format_date(values["planned_on"]))
        return _("Saved: {meeting} held on {date}.").format(
            meeting=what, date=format_date(values["held_on"]))

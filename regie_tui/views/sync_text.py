"""What a person reads about a copy of the team store (issue 18). Pure: no Textual, no SQL.

The header line of an app opened on a copy, and the words of the conflicts
screen: what an operation changed, and a conflict's values (yours, the team
store's) as people write them. Values come from the outbox and the server as
JSON: dates as ISO text, consultants as ids.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from regie_tui.base.i18n import N_, _, format_date, ngettext
from regie_tui.rules import vocab

# care_case columns a change may set (data.commands, @recorded fields), as the forms
# name them.
FIELD_LABELS = {
    "case_director_name": N_("Case director"),
    "case_director_org": N_("Organisation"),
    "case_director_named_on": N_("Date named"),
    "role_agreement_on": N_("Date agreed"),
    "role_agreement_note": N_("Agreements"),
    "marking_letter_on": N_("Date sent"),
    "duo_partner_id": N_("Duo partner"),
    "process_director_id": N_("Process director"),
    "cross_region": N_("More than one region or police unit is involved"),
    "lead_organisation": N_("Lead organisation"),
    "waiting_since": N_("Waiting since"),
    "waiting_for": N_("Waiting for"),
    "status": N_("Status"),
    "closed_on": N_("Date closed"),
    "closing_reason": N_("Closing reason"),
    "handover_to": N_("Handed over to"),
    "handover_on": N_("Date of hand-over"),
    "aftercare": N_("Aftercare"),
    "no_handover_reason": N_("Why no hand-over is needed"),
    # Content of several rows (data.outbox Spec.read): a draft plan, checklist answers.
    "goals": N_("Goals"),
    "factors": N_("Factors"),
    "answers": N_("Answers given"),
}
_CONSULTANT_FIELDS = frozenset({"duo_partner_id", "process_director_id"})
_VALUE_LABELS = {"status": vocab.CASE_STATUSES, "closing_reason": vocab.CLOSING_REASONS}


def moment(at: dt.datetime | str | None, style: str = "long") -> str:
    """"4 December 2026 14:05" (short: "2026-12-04 14:05", Dutch "04-12-2026 14:05") in
    this laptop's time zone; "—" when unknown. ``at`` may be ISO text, as stored."""
    if isinstance(at, str):
        try:
            at = dt.datetime.fromisoformat(at)
        except ValueError:
            return at
    if at is None:
        return "—"
    if at.tzinfo is not None:
        at = at.astimezone()
    return f"{format_date(at.date(), style)} {at:%H:%M}"


def copy_header(last_sync_at: dt.datetime | None, waiting: int, conflicts: int) -> str:
    """The header of an app opened on a copy: that it is one, since when, what is pending.
    Short (the date in digits): it shares one line with the user and the day."""
    if last_sync_at is None:
        text = _("Copy of the team store — never synchronised")
    else:
        text = _("Copy of the team store — last synchronised {when}").format(
            when=moment(last_sync_at, "short"))
    if waiting:
        text += " · " + ngettext("{n} waiting", "{n} waiting", waiting).format(n=waiting)
    if conflicts:
        text += " · " + ngettext("{n} conflict", "{n} conflicts", conflicts).format(n=conflicts)
    return text


def what(command: str) -> str:
    """What an operation changed, in a few words ("the case director")."""
    label = vocab.SYNC_COMMANDS.get(command)
    return _(label) if label else command


def field_label(name: str) -> str:
    label = FIELD_LABELS.get(name)
    return _(label) if label else name


def value_text(name: str, value: object, names: Mapping[int, str] | None = None) -> str:
    """One stored value as people write it: a date in words, a consultant by name."""
    if isinstance(value, Mapping) and "$date" in value:  # as the outbox encodes a date
        value = value["$date"]
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, (list, tuple)):  # rows (goals, answers), each a list of columns
        return " | ".join(
            " · ".join(value_text("", v, names) for v in row if v not in (None, ""))
            if isinstance(row, (list, tuple)) else value_text(name, row, names)
            for row in value)
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if name in _CONSULTANT_FIELDS and isinstance(value, int):
        return (names or {}).get(value, str(value))
    labels = _VALUE_LABELS.get(name)
    if labels is not None and value in labels:
        return _(labels[value])
    if isinstance(value, str) and len(value) == 10:
        try:
            return format_date(dt.date.fromisoformat(value))
        except ValueError:
            pass
    return str(value)


def values_text(fields: Mapping[str, Mapping[str, object]] | None, which: str,
                names: Mapping[int, str] | None = None) -> str:
    """"Case director: P. Jansen; Organisation: Lindenhout" for ``which`` ("mine" or
    "server") of a conflict's fields; "—" for a refused operation (no fields)."""
    if not fields:
        return "—"
    return "; ".join(f"{field_label(name)}: {value_text(name, values.get(which), names)}"
                     for name, values in fields.items())

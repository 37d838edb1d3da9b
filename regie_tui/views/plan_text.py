"""How plan fields and values read in the interface and in exports (translated)."""

from __future__ import annotations

import datetime as dt

from regie_tui.base.i18n import N_, _, format_date
from regie_tui.rules import vocab

FIELD_LABELS = {
    "description": N_("Goal"),
    "intended_result": N_("Intended result"),
    "deadline": N_("Deadline"),
    "owner": N_("Owner"),
    "status": N_("Status"),
    "note": N_("Note"),
    "safety": N_("View on safety"),
    "safety_note": N_("Note on safety"),
    "origin": N_("Origin"),
}

_VOCAB = {
    "owner": vocab.GOAL_OWNERS,
    "status": vocab.GOAL_STATUSES,
    "safety": vocab.SAFETY_VIEWS,
    "origin": vocab.PLAN_ORIGINS,
}


def field_label(name: str) -> str:
    return _(FIELD_LABELS[name])


def value_text(name: str, value) -> str:
    """A stored value as a person reads it; an empty value is a dash."""
    if value is None or value == "":
        return "—"
    if isinstance(value, dt.date):
        return format_date(value)
    labels = _VOCAB.get(name)
    if labels is not None:
        return _(labels.get(value, value))
    return str(value)


def event_text(event) -> str:
    """"12 oktober 2026: crisis — description"."""
    kind = _(vocab.EVENT_KINDS.get(event.kind, event.kind))
    text = f"{format_date(event.occurred_on)}: {kind}"
    return f"{text} — {event.description}" if event.description else text


def agreed_text(version) -> str:
    """"agreed on 3 November 2026 by parents, youth" or "draft, not agreed yet"."""
    if not version.is_agreed:
        return _("draft, not agreed yet")
    who = ", ".join(version.agreed_by()) or _("nobody recorded")
    return _("agreed on {date} by {who}").format(date=format_date(version.agreed_on), who=who)

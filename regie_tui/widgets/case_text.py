"""Words for what the case view holds: timeline entries, kinds, participants.

Translated at call time, so the screen can render in the active language.
"""

from __future__ import annotations

from regie_tui.base.i18n import N_, _, format_date
from regie_tui.data import case_view as CV
from regie_tui.rules import signals as S
from regie_tui.rules import vocab

TIMELINE_KIND_LABELS = {
    CV.MEETING: N_("Meetings and contacts"),
    CV.EVENT: N_("Significant events"),
    CV.REGIME: N_("Regime changes"),
    CV.ESCALATION: N_("Escalations"),
    CV.PLAN: N_("Plan of approach"),
    CV.CHECKLIST: N_("Checklists"),
    CV.DUO: N_("Duo reviews"),
    CV.ACKNOWLEDGEMENT: N_("Acknowledged signals"),
    CV.RISK: N_("Risk assessments"),
    CV.CASE: N_("Case"),
}

_CASE_WHAT = {
    "opened": N_("Case opened"),
    "marking_letter": N_("Marking letter sent"),
    "case_director": N_("Case director named"),
    "role_agreement": N_("Role agreement recorded"),
    "waiting": N_("Waiting for a placement or treatment"),
    "handover": N_("Warm hand-over"),
    "closed": N_("Case closed"),
}
_PLAN_WHAT = {
    vocab.DRAFT: N_("Plan version {number} drafted"),
    vocab.AGREED: N_("Plan version {number} agreed"),
    vocab.STILL_FITS: N_("Decided: the plan still fits"),
}


def label(mapping: dict, code: str | None) -> str:
    """The translated label of a stored code; the code itself when unknown."""
    if code is None:
        return "—"
    text = mapping.get(code)
    return _(text) if text else code


def participants(entry: CV.TimelineEntry) -> str:
    who = []
    if entry.param("youth"):
        who.append(_("youth"))
    if entry.param("parents"):
        who.append(_("parents"))
    return ", ".join(who)


def describe(entry: CV.TimelineEntry) -> str:
    """One line: what happened, in words."""
    kind, what = entry.kind, entry.what
    if kind == CV.MEETING:
        text = label(vocab.MEETING_KINDS, what)
        text = text[:1].upper() + text[1:]
        if entry.param("planned"):
            return _("{meeting} (planned)").format(meeting=text)
        who = participants(entry)
        return _("{meeting} · present: {who}").format(meeting=text, who=who) if who else text
    if kind == CV.EVENT:
        text = label(vocab.EVENT_KINDS, what)
        return text[:1].upper() + text[1:]
    if kind == CV.REGIME:
        ovv = entry.param("ovv")
        text = _("Regime: {regime}").format(regime=label(vocab.REGIMES, what))
        if ovv:
            text += " · " + _("OVV decision {date}").format(date=format_date(ovv))
        return text
    if kind == CV.ESCALATION:
        level = label(vocab.ESCALATION_LEVELS, entry.param("level"))
        if what == "requested":
            return _("Escalation requested {level}").format(level=level)
        return _("Escalation {level}: {decision}").format(
            level=level, decision=label(vocab.ESCALATION_DECISIONS, what))
    if kind == CV.PLAN:
        return _(_PLAN_WHAT.get(what, N_("Plan decision"))).format(
            number=entry.param("number"))
    if kind == CV.CHECKLIST:
        from regie_tui.data.checklist_queries import template_label

        title = template_label(entry.param("template"))  # the template's words, not its key
        if what == "completed":
            return _("Checklist completed ({template})").format(template=title)
        return _("Checklist started ({template})").format(template=title)
    if kind == CV.DUO:
        text = _("Duo review: {verdict}").format(verdict=label(vocab.DUO_VERDICTS, what))
        if dict(entry.params).get("unread"):
            text = "✉ " + text + " · " + _("new")
        return text
    if kind == CV.ACKNOWLEDGEMENT:
        title = S.CATALOGUE[what].title if what in S.CATALOGUE else what
        if entry.param("withdrawn"):
            return _("Acknowledgement withdrawn: {signal}").format(signal=_(title))
        return _("Signal acknowledged until {until}: {signal}").format(
            until=format_date(entry.param("until")), signal=_(title))
    if kind == CV.RISK:
        instrument = entry.param("instrument")
        return (_("Risk assessment ({instrument})").format(instrument=instrument)
                if instrument else _("Risk assessment"))
    if kind == CV.CASE:
        text = label(_CASE_WHAT, what)
        if what == "case_director":
            text += f": {entry.param('name')} ({entry.param('organisation')})"
        if what == "closed" and entry.param("reason"):
            text += ": " + label(vocab.CLOSING_REASONS, entry.param("reason"))
        return text
    return what


def who(entry: CV.TimelineEntry) -> str:
    by = entry.param("by")
    return str(by) if by else ""

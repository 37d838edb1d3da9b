"""Why a saved meeting did not clear the signal its form was opened from.

A consultant who records "contact with the youth" from the signal "no recent
contact with the youth" expects the signal to go. When it stays (the youth
did not take part, the date lies before the last contact, the kind does not
count ...) a silent "Saved" left them guessing; this names the reason in one
sentence. Pure: the values the form sent and the signal as it stands after
the save; no Textual, no store.
"""

from __future__ import annotations

from regie_tui.base.i18n import _, format_date
from regie_tui.rules import signals as S
from regie_tui.rules import vocab
from regie_tui.rules.signals import Signal
from regie_tui.widgets.case_text import label


def why_still_open(values: dict, after: Signal) -> str:
    """One sentence: the signal ``after`` is still there, and why (given ``values``)."""
    return _("The signal \"{title}\" is still open: {reason}").format(
        title=after.title(), reason=_reason(values, after))


def _reason(values: dict, after: Signal) -> str:
    held, kind = values.get("held_on"), values.get("kind")
    what = label(vocab.MEETING_KINDS, kind) if kind else ""
    if held is None:
        return _("the meeting is planned, not held yet.")
    day = format_date(held)
    code = after.code
    if code == S.YOUTH_CONTACT_OVERDUE:
        if not values.get("youth_present"):
            return _("the youth did not take part (tick \"The youth took part\" when they "
                     "did).")
        last = after.param("last")
        if last is not None and last > held:
            return _("{date} is before the last contact with the youth ({last}).").format(
                date=day, last=format_date(last))
    elif code in (S.MDO_OVERDUE, S.FIRST_MDO_OVERDUE):
        if kind not in vocab.EVALUATION_KINDS:
            return _("a {kind} does not count as an MDO or evaluation.").format(kind=what)
        last, start = after.param("last"), after.param("start")
        if last is not None and last > held:
            return _("{date} is before the last MDO or evaluation ({last}).").format(
                date=day, last=format_date(last))
        if start is not None and held < start:
            return _("{date} is before the start meeting ({start}).").format(
                date=day, start=format_date(start))
    elif code == S.START_MEETING_MISSING:
        if kind != vocab.START_MEETING:
            return _("a {kind} is not a start meeting.").format(kind=what)
        decided = after.param("decided")
        if decided is not None and held < decided:
            return _("{date} is before the VPR decision ({decided}).").format(
                date=day, decided=format_date(decided))
    if after.due is not None:
        return _("counted from {date}, the next one is due by {due} already.").format(
            date=day, due=format_date(after.due))
    return after.action()

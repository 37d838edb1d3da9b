"""Deadlines as an iCalendar file (RFC 5545), via the ``icalendar`` library.

Events: planned MDOs, and the due dates the rules compute (MDO, duo review,
escalation decision) plus open goal deadlines, from today up to a horizon.
The due dates come from the rules engine itself, run with a "due soon"
window as long as the horizon, so the calendar never disagrees with the
signals. Event texts name the case code and the kind of deadline only: no
family alias, no personal names (calendars get synced to phones and mail
servers).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from regie_tui.base.i18n import N_, _
from regie_tui.rules import signals as S
from regie_tui.rules import vocab

HORIZON_DAYS = 365
PLANNED_KINDS = (vocab.MDO, vocab.EVALUATION, vocab.START_MEETING)
# Signal code -> (event kind, summary template).
FROM_SIGNALS = {
    S.FIRST_MDO_OVERDUE: ("mdo-due", N_("First MDO due: {code}")),
    S.MDO_OVERDUE: ("mdo-due", N_("MDO due: {code}")),
    S.DUO_REVIEW_OVERDUE: ("duo-review", N_("Duo review due: {code}")),
    S.ESCALATION_PENDING: ("escalation", N_("Escalation decision due: {code}")),
}


@dataclasses.dataclass(frozen=True)
class Deadline:
    kind: str
    day: dt.date
    case_code: str
    summary: str
    description: str


def deadlines(caseload, today: dt.date, intervals, *, user_id: int | None) -> list[Deadline]:
    """Upcoming deadlines of the user's cases (every active case when ``user_id`` is None).

    Duo reviews are listed for the duo partner; everything else for the
    process director.
    """
    from regie_tui.rules.engine import evaluate_cases

    wide = dataclasses.replace(intervals, due_soon=HORIZON_DAYS)
    end = today + dt.timedelta(days=HORIZON_DAYS)
    active = [c for c in caseload.cases if c.is_active]
    mine = [c for c in active if user_id is None or user_id in (c.process_director_id,
                                                                  c.duo_partner_id)]
    by_case = evaluate_cases(mine, today, wide)
    out: list[Deadline] = []
    for case in mine:
        directs = user_id is None or case.process_director_id == user_id
        reviews = user_id is None or case.duo_partner_id == user_id
        for signal in by_case[case.id]:
            if signal.code not in FROM_SIGNALS or signal.muted or signal.due is None:
                continue
            if not today <= signal.due <= end:
                continue
            kind, template = FROM_SIGNALS[signal.code]
            if (kind == "duo-review" and not reviews) or (kind != "duo-review" and not directs):
                continue
            out.append(Deadline(kind, signal.due, case.code, _(template).format(code=case.code),
                                signal.action()))
        if not directs:
            continue
        for meeting in case.meetings:
            if (meeting.kind in PLANNED_KINDS and meeting.held_on is None
                    and meeting.planned_on and today <= meeting.planned_on <= end):
                out.append(Deadline("planned-" + meeting.kind, meeting.planned_on, case.code,
                                    _("{kind} planned: {code}").format(
                                        kind=_(vocab.MEETING_KINDS[meeting.kind]),
                                        code=case.code), _("Planned in Regie.")))
        current = [p for p in case.plans if p.status == vocab.AGREED]
        for n, goal in enumerate(current[-1].goals if current else (), start=1):
            if goal.status == vocab.GOAL_OPEN and goal.deadline and today <= goal.deadline <= end:
                out.append(Deadline(f"goal-{n}", goal.deadline, case.code,
                                    _("Goal {n} deadline: {code}").format(n=n, code=case.code),
                                    _("Evaluate the goal with the family and providers.")))
    out.sort(key=lambda d: (d.day, d.case_code, d.kind))
    return out


def render(items: list[Deadline], now: dt.datetime) -> bytes:
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//Regie//regie-tui//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Regie")
    seen: dict[str, int] = {}
    for item in items:
        # Stable ids: re-importing an updated file updates events instead of doubling them.
        uid = f"{item.kind}.{item.case_code}.{item.day:%Y%m%d}"
        seen[uid] = seen.get(uid, 0) + 1
        if seen[uid] > 1:
            uid += f".{seen[uid]}"
        event = Event()
        event.add("uid", f"{uid}@regie-tui")
        event.add("dtstamp", now)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + dt.timedelta(days=1))
        event.add("summary", item.summary)
        event.add("description", item.description)
        event.add("transp", "TRANSPARENT")
        event.add("categories", ["Regie"])
        cal.add_component(event)
    return cal.to_ical()

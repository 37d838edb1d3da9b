"""Reads of acknowledgements for people who check them: the duo review and the team overview.

An acknowledgement mutes one signal of a case for a while; the duo partner
and the behavioural scientist see every one, with its reason, who made it and
until when, so an acknowledgement is a decision others can question rather
than a way to make a signal disappear. The end date shown is the one in
force: capped at the team's ``acknowledge_max`` days from the day it was made
and ended by a withdrawal, exactly as the rules engine counts it.

Plain SQL on a DB-API connection, safe in a worker thread.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from regie_tui.base.i18n import N_, _, format_date
from regie_tui.rules import signals as S
from regie_tui.rules import vocab

IN_FORCE = "in_force"
ENDED = "ended"
WITHDRAWN = "withdrawn"
STATUSES = {IN_FORCE: N_("in force"), ENDED: N_("ended"), WITHDRAWN: N_("withdrawn")}


def _d(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@dataclass(frozen=True)
class AcknowledgementRow:
    id: int
    case_id: int
    case_code: str
    process_director: str
    code: str
    reason: str
    acknowledged_on: dt.date
    until: dt.date  # the last day it mutes (capped, and ended by a withdrawal)
    by: str
    withdrawn_on: dt.date | None
    withdrawn_by: str
    status: str  # IN_FORCE / ENDED / WITHDRAWN (on the day it was read for)

    def title(self) -> str:
        definition = S.CATALOGUE.get(self.code)
        return _(definition.title) if definition else self.code

    def status_text(self) -> str:
        if self.status == WITHDRAWN:
            text = _("withdrawn on {date}").format(date=format_date(self.withdrawn_on))
            return text + (f" ({self.withdrawn_by})" if self.withdrawn_by else "")
        if self.status == ENDED:
            return _("ended {date}").format(date=format_date(self.until))
        return _("until {date}").format(date=format_date(self.until))


_SELECT = (
    "SELECT a.id, a.case_id, k.code, COALESCE(pd.name, ''), a.code, a.reason, "
    "a.acknowledged_on, a.until, COALESCE(b.name, ''), a.withdrawn_on, COALESCE(w.name, '') "
    "FROM acknowledgement a JOIN care_case k ON k.id = a.case_id "
    "LEFT JOIN consultant pd ON pd.id = k.process_director_id "
    "LEFT JOIN consultant b ON b.id = a.acknowledged_by_id "
    "LEFT JOIN consultant w ON w.id = a.withdrawn_by_id "
)


def _row(r, today: dt.date, max_days: int) -> AcknowledgementRow:
    acknowledged, until, withdrawn = _d(r[6]), _d(r[7]), _d(r[9])
    until = min(until, acknowledged + dt.timedelta(days=max_days))
    if withdrawn is not None and withdrawn <= until:
        until = withdrawn - dt.timedelta(days=1)
        status = WITHDRAWN
    else:
        status = IN_FORCE if until >= today else ENDED
    return AcknowledgementRow(r[0], r[1], r[2], r[3], r[4], r[5], acknowledged, until, r[8],
                              withdrawn, r[10], status)


def for_case(conn, case_id: int, today: dt.date, max_days: int) -> list[AcknowledgementRow]:
    """Every acknowledgement of the case up to ``today``, newest first."""
    rows = conn.execute(_SELECT + "WHERE a.case_id = ? AND a.acknowledged_on <= ? "
                        "ORDER BY a.acknowledged_on DESC, a.id DESC",
                        (case_id, today.isoformat()))
    return [_row(r, today, max_days) for r in rows]


def in_force(conn, today: dt.date, max_days: int) -> list[AcknowledgementRow]:
    """The acknowledgements muting a signal of an active case today, ending soonest first."""
    rows = conn.execute(_SELECT + "WHERE k.status = ? AND a.acknowledged_on <= ? "
                        "AND a.until >= ? AND (a.withdrawn_on IS NULL OR a.withdrawn_on > ?)",
                        (vocab.ACTIVE, today.isoformat(), today.isoformat(), today.isoformat()))
    found = [row for row in (_row(r, today, max_days) for r in rows) if row.status == IN_FORCE]
    found.sort(key=lambda a: (a.until, a.case_code, a.code))
    return found

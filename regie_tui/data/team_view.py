"""Reads for the team overview: one row per consultant, and the facts for the trend.

One load serves both: the facts loader's caseload as of the start of the
trend window, plus every evaluation and youth contact held inside the window
(the loader keeps only the latest one, which would hide the state of the
weeks before it). Evaluated at today this gives exactly today's signals.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import defaultdict
from dataclasses import dataclass

from regie_tui.data import facts_loader
from regie_tui.rules import signals as S
from regie_tui.rules import vocab
from regie_tui.rules.engine import evaluate
from regie_tui.rules.facts import Caseload, Meeting
from regie_tui.rules.intervals import Intervals
from regie_tui.rules.trend import week_ends

_WINDOW_MEETINGS = (
    "SELECT case_id, id, kind, planned_on, held_on, youth_present, parents_present "
    "FROM meeting WHERE case_id IS NOT NULL AND held_on > ? AND held_on <= ? "
    "AND (kind IN ('mdo', 'evaluation') OR youth_present = TRUE)"
)  # TRUE, not 1: a boolean on a team store (SQLite reads it as 1)


def load_trend_caseload(store, today: dt.date, weeks: int = 12) -> Caseload:
    """The caseload with what :func:`rules.trend.open_signals_per_week` needs."""
    start = week_ends(today, weeks)[0]
    collecting = gc.isenabled()
    gc.disable()  # tens of thousands of small acyclic objects, as in the facts loader
    try:
        with store.snapshot() as conn:
            # The stored facts: the trend undoes what came later, week by week.
            caseload = facts_loader.load(conn, as_of=start, as_it_was=False)
            extra: dict[int, list[Meeting]] = defaultdict(list)
            dates: dict[str, dt.date] = {}

            def day(value: str | None) -> dt.date | None:
                if not value:
                    return None
                found = dates.get(value)
                if found is None:
                    found = dates[value] = dt.date.fromisoformat(value)
                return found

            for r in conn.execute(_WINDOW_MEETINGS, (start.isoformat(), today.isoformat())):
                extra[r[0]].append(Meeting(r[1], r[2], day(r[3]), day(r[4]), r[5] == 1,
                                           r[6] == 1))
        for case in caseload.cases:
            more = extra.get(case.id)
            if more:
                known = {m.id for m in case.meetings}
                # These facts were built just now and nobody else holds them yet, so
                # setting the field is safe, and ten times cheaper than replace().
                case.meetings = case.meetings + tuple(m for m in more if m.id not in known)
    finally:
        if collecting:
            gc.enable()
    return caseload


@dataclass(frozen=True)
class TeamRow:
    consultant_id: int
    name: str
    role: str
    pr: int
    vpr: int
    overdue: int
    due_soon: int
    attention: int
    duo_owed: int  # DUO_REVIEW_OVERDUE (not acknowledged) on cases where they are duo partner
    last_caseload_review: dt.date | None
    caseload_signal: S.Signal | None  # CASELOAD_REVIEW_OVERDUE, when open
    acknowledged: int = 0  # signals on their cases muted by an acknowledgement in force


def team_rows(caseload: Caseload, today: dt.date, intervals: Intervals) -> list[TeamRow]:
    """Per consultant with the consultant role (and anyone else who holds cases), by name."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    partner_of: dict[int, int | None] = {}
    for case in caseload.cases:
        partner_of[case.id] = case.duo_partner_id
        if case.is_active and case.process_director_id is not None:
            counts[case.process_director_id][case.regime or vocab.PR] += 1
    caseload_signal: dict[int, S.Signal] = {}
    for signal in evaluate(caseload, today, intervals):
        if signal.muted:
            if signal.case_id is not None and signal.consultant_id is not None:
                counts[signal.consultant_id][S.ACKNOWLEDGED] += 1
            continue
        if signal.case_id is None:
            if signal.code == S.CASELOAD_REVIEW_OVERDUE:
                caseload_signal[signal.consultant_id] = signal
            continue
        if signal.consultant_id is not None:
            counts[signal.consultant_id][signal.severity] += 1
        if signal.code == S.DUO_REVIEW_OVERDUE:
            partner = partner_of.get(signal.case_id)
            if partner is not None:
                counts[partner]["duo"] += 1
    rows = []
    for consultant in caseload.consultants.values():
        mine = counts.get(consultant.id, {})
        if consultant.role != vocab.CONSULTANT and not (mine.get(vocab.PR) or mine.get(vocab.VPR)):
            continue
        reviews = [d for d in consultant.caseload_reviews if d <= today]
        rows.append(TeamRow(
            consultant.id, consultant.name, consultant.role, mine.get(vocab.PR, 0),
            mine.get(vocab.VPR, 0), mine.get(S.OVERDUE, 0), mine.get(S.DUE_SOON, 0),
            mine.get(S.ATTENTION, 0), mine.get("duo", 0), max(reviews) if reviews else None,
            caseload_signal.get(consultant.id), mine.get(S.ACKNOWLEDGED, 0)))
    rows.sort(key=lambda r: r.name)
    return rows

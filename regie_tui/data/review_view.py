"""Reads for duo review: my queue, one case's review summary, unread reviews.

Plain SQL on :meth:`Store.read` (safe in a worker thread). Signals come from
the engine on the facts loader's facts; everything else is read directly
from the tables, so this module does not depend on the plan and checklist
screens being built alongside it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from regie_tui.base.errors import NotFoundError
from regie_tui.base.i18n import _, current_language, format_date
from regie_tui.data import facts_loader
from regie_tui.rules import checklists as CL
from regie_tui.rules import signals as S
from regie_tui.rules import vocab
from regie_tui.rules.engine import evaluate_case, evaluate_cases
from regie_tui.rules.facts import CaseFacts
from regie_tui.rules.intervals import MAX_DAYS, Intervals


def _d(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _names(conn) -> dict[int, str]:
    return dict(conn.execute("SELECT id, name FROM consultant"))


def review_due(case: CaseFacts, today: dt.date, intervals: Intervals) -> dt.date | None:
    """When the duo partner's next review is due (None outside VPR or without a partner).

    Asks the engine rather than repeating its rule: with ``due_soon`` as long
    as it can be, DUO_REVIEW_OVERDUE is reported whatever its due date.
    """
    if case.duo_partner_id is None or case.regime != vocab.VPR or not case.is_active:
        return None
    wide = replace(intervals, due_soon=MAX_DAYS)
    for signal in evaluate_case(case, today, wide):
        if signal.code == S.DUO_REVIEW_OVERDUE:
            return signal.due
    return None


# -- my duo queue ------------------------------------------------------------------

@dataclass(frozen=True)
class QueueRow:
    case_id: int
    code: str
    alias: str
    regime: str | None
    process_director: str
    my_last_review: dt.date | None
    due: dt.date | None  # when my next review is due (VPR only)
    signal: S.Signal | None  # DUO_REVIEW_OVERDUE (overdue or due soon), muted or not

    @property
    def sort_key(self) -> tuple:
        open_signal = self.signal is not None and not self.signal.muted
        return (-self.signal.rank if open_signal else 0, self.due or dt.date.max, self.code)


def duo_queue(store, consultant_id: int, today: dt.date, intervals: Intervals) -> list[QueueRow]:
    """The active cases where ``consultant_id`` is duo partner; DUO_REVIEW_OVERDUE first, then by due date."""
    with store.snapshot() as conn:
        ids = [r[0] for r in conn.execute(
            "SELECT id FROM care_case WHERE duo_partner_id = ? AND status = ?",
            (consultant_id, vocab.ACTIVE))]
        if not ids:
            return []
        cases = facts_loader.load(conn, ids, as_of=today).cases
        names = _names(conn)
    signals = evaluate_cases(cases, today, intervals)
    rows = []
    for case in cases:
        signal = next((s for s in signals[case.id] if s.code == S.DUO_REVIEW_OVERDUE), None)
        mine = [r.reviewed_on for r in case.duo_reviews
                if r.reviewer_id == consultant_id and r.reviewed_on <= today]
        rows.append(QueueRow(case.id, case.code, case.alias, case.regime,
                             names.get(case.process_director_id, ""),
                             max(mine) if mine else None,
                             signal.due if signal else review_due(case, today, intervals), signal))
    rows.sort(key=lambda r: r.sort_key)
    return rows


# -- reviews and read markers ---------------------------------------------------------

@dataclass(frozen=True)
class ReviewRow:
    id: int
    case_id: int
    reviewer: str
    reviewer_id: int
    reviewed_on: dt.date
    verdict: str
    remarks: str | None
    read_on: dt.date | None

    @property
    def unread(self) -> bool:
        return self.read_on is None

    def verdict_label(self) -> str:
        label = vocab.DUO_VERDICTS.get(self.verdict)
        return _(label) if label else self.verdict


_REVIEW_COLS = ("SELECT r.id, r.case_id, c.name, r.reviewer_id, r.reviewed_on, r.verdict, "
                "r.remarks, r.read_on FROM duoreview r JOIN consultant c ON c.id = r.reviewer_id ")


def _review(r) -> ReviewRow:
    return ReviewRow(r[0], r[1], r[2], r[3], _d(r[4]), r[5], r[6], _d(r[7]))


def case_reviews(store, case_id: int) -> list[ReviewRow]:
    """Every duo review of the case, newest first."""
    with store.read() as conn:
        return [_review(r) for r in conn.execute(
            _REVIEW_COLS + "WHERE r.case_id = ? ORDER BY r.reviewed_on DESC, r.id DESC",
            (case_id,))]


def unread_review_counts(store, process_director_id: int) -> dict[int, int]:
    """case id -> unread duo reviews, for the cases ``process_director_id`` directs.

    For the caseload screen's "unread" marker.
    """
    with store.read() as conn:
        return dict(conn.execute(
            "SELECT r.case_id, COUNT(*) FROM duoreview r JOIN care_case c ON c.id = r.case_id "
            "WHERE c.process_director_id = ? AND r.read_on IS NULL GROUP BY r.case_id",
            (process_director_id,)))


@dataclass(frozen=True)
class UnreadRow:
    case_id: int
    code: str
    alias: str
    review: ReviewRow


def unread_reviews(store, process_director_id: int) -> list[UnreadRow]:
    """The unread duo reviews on the cases ``process_director_id`` directs, newest first."""
    with store.read() as conn:
        rows = conn.execute(
            "SELECT r.id, r.case_id, c.name, r.reviewer_id, r.reviewed_on, r.verdict, "
            "r.remarks, r.read_on, k.code, k.alias FROM duoreview r "
            "JOIN consultant c ON c.id = r.reviewer_id JOIN care_case k ON k.id = r.case_id "
            "WHERE k.process_director_id = ? AND r.read_on IS NULL "
            "ORDER BY r.reviewed_on DESC, r.id DESC", (process_director_id,)).fetchall()
    return [UnreadRow(r[1], r[8], r[9], _review(r[:8])) for r in rows]


# -- one case's review summary ----------------------------------------------------------

@dataclass(frozen=True)
class PlanSummary:
    number: int
    status: str
    agreed_on: dt.date | None
    safety: str | None
    safety_note: str | None
    goals: tuple[tuple[str, str | None, dt.date | None, str], ...]  # description, result, deadline, status
    protective: tuple[str, ...]
    threatening: tuple[str, ...]


@dataclass(frozen=True)
class ChecklistSummary:
    template: str
    started_on: dt.date
    completed_on: dt.date | None
    by: str
    answers: tuple[tuple[str, str | None, str | None], ...]  # item text, answer, note


@dataclass(frozen=True)
class HistoryItem:
    """Something that happened on the case, for "changed since my last review"."""

    on: dt.date
    kind: str  # meeting / event / plan / decision / escalation / decided / regime / checklist / risk / review
    code: str | None  # the stored code of the kind (meeting kind, event kind, ...)
    note: str | None
    new: bool

    def label(self) -> str:
        vocabularies = {
            "meeting": vocab.MEETING_KINDS, "event": vocab.EVENT_KINDS,
            "decision": vocab.PLAN_DECISIONS, "escalation": vocab.ESCALATION_LEVELS,
            "decided": vocab.ESCALATION_DECISIONS, "regime": vocab.REGIMES,
            "review": vocab.DUO_VERDICTS,
        }
        what = {
            "meeting": _("Meeting"), "event": _("Significant event"),
            "plan": _("Plan version"), "decision": _("Plan decision"),
            "escalation": _("Escalation requested"), "decided": _("Escalation decided"),
            "regime": _("Regime"), "checklist": _("Checklist completed"),
            "risk": _("Risk assessment"), "review": _("Duo review"),
        }[self.kind]
        labels = vocabularies.get(self.kind, {})
        if self.code in labels:
            return f"{what}: {_(labels[self.code])}"
        return f"{what}: {self.code}" if self.code else what


@dataclass(frozen=True)
class ReviewSummary:
    facts: CaseFacts
    process_director: str
    duo_partner: str | None
    signals: list[S.Signal]
    plan: PlanSummary | None
    checklist: ChecklistSummary | None
    reviews: list[ReviewRow]
    my_last_review: dt.date | None
    history: list[HistoryItem]  # newest first

    @property
    def new_items(self) -> int:
        return sum(1 for h in self.history if h.new)


def review_summary(store, case_id: int, reviewer_id: int | None, today: dt.date,
                   intervals: Intervals) -> ReviewSummary:
    with store.snapshot() as conn:
        cases = facts_loader.load(conn, [case_id], as_of=today).cases
        if not cases:
            raise NotFoundError(_("This case no longer exists."))
        case = cases[0]
        names = _names(conn)
        plan = _plan(conn, case_id)
        checklist = _checklist(conn, case_id, names)
        reviews = [_review(r) for r in conn.execute(
            _REVIEW_COLS + "WHERE r.case_id = ? ORDER BY r.reviewed_on DESC, r.id DESC",
            (case_id,))]
        mine = [r.reviewed_on for r in reviews if r.reviewer_id == reviewer_id]
        last = max(mine) if mine else None
        history = _history(conn, case_id, last)
    signals = S.sort_signals(evaluate_case(case, today, intervals))
    return ReviewSummary(case, names.get(case.process_director_id, ""),
                         names.get(case.duo_partner_id), signals, plan, checklist, reviews,
                         last, history)


def _plan(conn, case_id: int) -> PlanSummary | None:
    """The current plan: the latest agreed version, else the latest draft."""
    row = conn.execute(
        "SELECT id, number, status, agreed_on, safety, safety_note FROM planversion "
        "WHERE case_id = ? ORDER BY CASE WHEN status = ? THEN 0 ELSE 1 END, number DESC LIMIT 1",
        (case_id, vocab.AGREED)).fetchone()
    if row is None:
        return None
    goals = tuple((r[0], r[1], _d(r[2]), r[3]) for r in conn.execute(
        "SELECT description, intended_result, deadline, status FROM goal "
        "WHERE plan_version_id = ? ORDER BY position, id", (row[0],)))
    factors = list(conn.execute(
        "SELECT kind, text FROM planfactor WHERE plan_version_id = ? ORDER BY position, id",
        (row[0],)))
    return PlanSummary(row[1], row[2], _d(row[3]), row[4], row[5], goals,
                       tuple(t for k, t in factors if k == "protective"),
                       tuple(t for k, t in factors if k == "threatening"))


def _localized(value) -> str:
    """A template text: a plain string, or a table of languages ({"nl": ..., "en": ...})."""
    if isinstance(value, dict):
        for language in (current_language(), "en"):
            if value.get(language):
                return str(value[language])
        return str(next(iter(value.values()), ""))
    return "" if value is None else str(value)


def _checklist(conn, case_id: int, names: dict[int, str]) -> ChecklistSummary | None:
    row = conn.execute(
        "SELECT id, template_key, template_snapshot, consultant_id, started_on, completed_on "
        "FROM checklistrun WHERE case_id = ? "
        "ORDER BY COALESCE(completed_on, started_on) DESC, id DESC LIMIT 1",
        (case_id,)).fetchone()
    if row is None:
        return None
    # The run keeps the template it was made with: show its questions and answer labels.
    try:
        template = CL.from_snapshot(row[2])
    except CL.TemplateError:
        template = None

    def shown(item_key: str, answer: str | None) -> tuple[str, str]:
        item = template.item(item_key) if template else None
        if item is None:
            return item_key, answer or ""
        return item.label(), item.answer_label(answer)

    answers = tuple((*shown(r[0], r[1]), _note(r[2], _d(r[3]))) for r in conn.execute(
        "SELECT item_key, answer, note, value_date FROM checklistanswer WHERE run_id = ? "
        "ORDER BY id", (row[0],)))
    title = template.label() if template else row[1]
    return ChecklistSummary(title, _d(row[4]), _d(row[5]), names.get(row[3], ""), answers)


def _note(note: str | None, day: dt.date | None) -> str | None:
    """An answer's note, with the date a date item asked for (e.g. the next MDO)."""
    if day is None:
        return note
    shown = format_date(day, "short")
    return f"{shown} — {note}" if note else shown


_HISTORY = (
    ("meeting", "SELECT held_on, kind, note FROM meeting WHERE case_id = ? AND held_on IS NOT NULL"),
    ("event", "SELECT occurred_on, kind, description FROM significantevent WHERE case_id = ?"),
    ("plan", "SELECT created_on, NULL, reason FROM planversion WHERE case_id = ?"),
    ("decision", "SELECT decided_on, kind, reason FROM plandecision WHERE case_id = ?"),
    ("escalation", "SELECT requested_on, level, reason FROM escalation WHERE case_id = ?"),
    ("decided", "SELECT decided_on, decision, outcome FROM escalation "
                "WHERE case_id = ? AND decided_on IS NOT NULL"),
    ("regime", "SELECT start_on, regime, note FROM regimechange WHERE case_id = ?"),
    ("checklist", "SELECT completed_on, template_key, NULL FROM checklistrun "
                  "WHERE case_id = ? AND completed_on IS NOT NULL"),
    ("risk", "SELECT assessed_on, instrument, outcome FROM riskassessment WHERE case_id = ?"),
    ("review", "SELECT reviewed_on, verdict, remarks FROM duoreview WHERE case_id = ?"),
)


def _history(conn, case_id: int, since: dt.date | None) -> list[HistoryItem]:
    """What happened on the case; after ``since`` is new (everything, when never reviewed).

    The store dates what happened by day, so something recorded later on the
    day of my last review counts as seen: the review date is the only mark.
    """
    items = []
    for kind, sql in _HISTORY:
        for on, code, note in conn.execute(sql, (case_id,)):
            day = _d(on)
            items.append(HistoryItem(day, kind, code, note, since is None or day > since))
    items.sort(key=lambda h: h.on, reverse=True)
    return items

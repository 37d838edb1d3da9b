"""The caseload table as data: rows, views, family counts, filtering and sorting.

Pure: facts and signals in, plain rows out. No Textual, no SQL, so it is
unit-tested directly and stays fast on 10,000 cases (the screen re-runs
:func:`select` on every filter keystroke).

What the table shows is derived here from the facts, never stored:
the phase of a case, when the next MDO is due (or planned), and the last
direct contact with the youth.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from regie_tui.base.i18n import N_, _, format_date
from regie_tui.rules import signals as S
from regie_tui.rules import vocab
from regie_tui.rules.facts import CaseFacts, Caseload
from regie_tui.rules.retention import retention_end
from regie_tui.rules.signals import Signal

# -- views -------------------------------------------------------------------
VIEW_MINE = "mine"
VIEW_DUO = "duo"
VIEW_TEAM = "team"
VIEW_CLOSED = "closed"
VIEWS = {
    VIEW_MINE: N_("My cases"),
    VIEW_DUO: N_("Duo"),
    VIEW_TEAM: N_("Team"),
    VIEW_CLOSED: N_("Closed"),
}

# -- states as symbols (defined once in rules.signals): never colour alone ----
NONE = S.NO_SIGNALS
ACKNOWLEDGED = S.ACKNOWLEDGED
SYMBOLS = S.SYMBOLS

# -- phases (derived from the facts) ------------------------------------------
PHASE_CLOSED = "closed"
PHASE_ESCALATION = "escalation"
PHASE_REGISTERED = "registered"
PHASE_START_MEETING = "start_meeting"
PHASE_FIRST_MDO = "first_mdo"
PHASE_PLAN = "plan"
PHASE_RUNNING = "running"
PHASES = {
    PHASE_CLOSED: N_("closed"),
    PHASE_ESCALATION: N_("escalation asked"),
    PHASE_REGISTERED: N_("registered"),
    PHASE_START_MEETING: N_("to start meeting"),
    PHASE_FIRST_MDO: N_("to first MDO"),
    PHASE_PLAN: N_("making the plan"),
    PHASE_RUNNING: N_("plan running"),
}

# -- columns: key, header (msgid), width in cells -----------------------------
COL_SEVERITY = "severity"
COL_CODE = "code"
COL_ALIAS = "alias"
COL_REGIME = "regime"
COL_PHASE = "phase"
COL_CASE_DIRECTOR = "case_director"
COL_NEXT_MDO = "next_mdo"
COL_YOUTH_CONTACT = "youth_contact"
COL_SIGNALS = "signals"
COL_DUO = "duo"
COLUMNS: tuple[tuple[str, str, int], ...] = (
    (COL_SEVERITY, " ", 1),
    (COL_CODE, N_("Code"), 9),
    (COL_ALIAS, N_("Family"), 16),
    (COL_REGIME, "PR/VPR", 6),
    (COL_PHASE, N_("Phase"), 14),
    (COL_CASE_DIRECTOR, N_("Case director"), 15),
    (COL_NEXT_MDO, N_("Next MDO"), 13),
    (COL_YOUTH_CONTACT, N_("Youth seen"), 10),
    (COL_SIGNALS, N_("Signals"), 34),  # count · why the case ranks here (docs/severity.md)
    (COL_DUO, N_("Duo partner"), 12),
)
COLUMN_KEYS = tuple(key for key, _label, _width in COLUMNS)
# Sorting by the severity column means "most urgent first": the default order.
SORT_URGENCY = COL_SEVERITY

_FAR = dt.date.max


@dataclass(slots=True)
class CaseRow:
    """One line of the caseload table, with everything views and sorts look at."""

    case_id: int
    code: str
    alias: str
    active: bool
    regime: str | None
    phase: str
    process_director_id: int | None
    duo_partner_id: int | None
    duo_partner: str
    case_director: str
    next_mdo: dt.date | None  # the due date when late, else the planned date, else the due date
    mdo_late: int  # days the MDO is overdue (0 when not late)
    youth_contact: dt.date | None
    signals: tuple[Signal, ...]  # open (not acknowledged) signals, worst first
    muted: int  # acknowledged signals: counted as acknowledged, never as "no signals"
    families: dict[str, str]  # family -> worst open severity there, else ACKNOWLEDGED
    haystack: str  # lower-case text the incremental filter searches
    version: int
    retention_until: dt.date | None = None  # closed cases: keep the file until (Jeugdwet)
    unread_reviews: int = 0  # duo reviews the process director has not opened yet

    @property
    def worst(self) -> str:
        """The row's state: its worst open severity, else ACKNOWLEDGED, else NONE."""
        if self.signals:
            return self.signals[0].severity
        return ACKNOWLEDGED if self.muted else NONE

    @property
    def urgency(self) -> tuple:
        """Most urgent first (docs/severity.md): the worst open signal's severity, the
        weight of its rule, its days late; then more open signals; then the code.
        Cases whose signals are all acknowledged follow, then cases without signals."""
        if not self.signals:
            return (0 if self.muted else 1, 0, _FAR, 0, self.code)
        severity, weight, due = self.signals[0].sort_key[:3]
        return (severity, weight, due, -len(self.signals), self.code)

    def reason(self) -> str:
        """Why the row ranks where it does, in a few words ("youth not seen for 172 d")."""
        return self.signals[0].reason() if self.signals else ""


# -- building rows -------------------------------------------------------------
def _phase(case: CaseFacts, first_start: dt.date | None, last_eval: dt.date | None) -> str:
    if not case.is_active:
        return PHASE_CLOSED
    if any(e.decided_on is None for e in case.escalations):
        return PHASE_ESCALATION
    regime = case.regime
    if regime is None:
        return PHASE_REGISTERED
    if regime == vocab.VPR:
        if first_start is None:
            return PHASE_START_MEETING
        if last_eval is None or last_eval < first_start:
            return PHASE_FIRST_MDO
    if not any(p.status == vocab.AGREED for p in case.plans):
        return PHASE_PLAN
    return PHASE_RUNNING


def next_mdo_due(case: CaseFacts, first_start: dt.date | None, last_eval: dt.date | None,
                 intervals) -> dt.date | None:
    """When the next MDO (or evaluation) is due by the regime's interval.

    Mirrors the engine's MDO rules: in VPR the first MDO is due a fixed time
    after the start meeting and later ones after the last evaluation; in PR
    the clock runs from the later of the last evaluation and the start of the
    regime (or the opening). A VPR case without a start meeting has no MDO
    due yet: the start meeting comes first.
    """
    if not case.is_active:
        return None
    days = dt.timedelta
    period = case.regimes[-1] if case.regimes else None
    if period is not None and period.regime == vocab.VPR:
        if first_start is None:
            return None
        if last_eval is None or last_eval < first_start:
            return first_start + days(days=intervals.first_mdo)
        return last_eval + days(days=intervals.mdo_vpr)
    since = period.start if period is not None else case.opened_on
    base = last_eval if last_eval is not None and last_eval >= since else since
    return base + days(days=intervals.mdo_pr)


def _meeting_facts(case: CaseFacts, today: dt.date):
    """First VPR start meeting, last evaluation, last youth contact, first planned MDO."""
    period = case.regimes[-1] if case.regimes else None
    decided = None
    if period is not None and period.regime == vocab.VPR:
        decided = period.ovv_decision_on or period.start
    first_start = last_eval = last_youth = planned = None
    for m in case.meetings:
        held = m.held_on
        if held is None:
            if (m.kind in vocab.EVALUATION_KINDS and m.planned_on is not None
                    and m.planned_on >= today and (planned is None or m.planned_on < planned)):
                planned = m.planned_on
            continue
        if held > today:
            continue
        if m.kind in vocab.EVALUATION_KINDS:
            if last_eval is None or held > last_eval:
                last_eval = held
        elif (m.kind == vocab.START_MEETING and decided is not None and held >= decided
              and (first_start is None or held < first_start)):
            first_start = held
        if m.youth_present and (last_youth is None or held > last_youth):
            last_youth = held
    # A completed checklist may count as an evaluation or a contact (as in the engine).
    for c in case.checklists:
        if "evaluation" in c.consequences and (last_eval is None or c.completed_on > last_eval):
            last_eval = c.completed_on
        if "youth_contact" in c.consequences and (last_youth is None
                                                  or c.completed_on > last_youth):
            last_youth = c.completed_on
    return first_start, last_eval, last_youth, planned


def build_rows(caseload: Caseload, signals: Iterable[Signal], today: dt.date,
               intervals) -> list[CaseRow]:
    """One row per case, in urgency order. ``signals`` is the engine's output."""
    # Ten thousand new rows over a heap of facts would trigger the cyclic
    # collector again and again for nothing (nothing here forms cycles).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _build_rows(caseload, signals, today, intervals)
    finally:
        if was_enabled:
            gc.enable()


def _build_rows(caseload: Caseload, signals: Iterable[Signal], today: dt.date,
                intervals) -> list[CaseRow]:
    by_case: dict[int, list[Signal]] = {}
    for signal in signals:
        if signal.case_id is not None:
            by_case.setdefault(signal.case_id, []).append(signal)
    names = {cid: c.name for cid, c in caseload.consultants.items()}
    rows = []
    for case in caseload.cases:
        mine = by_case.get(case.id, ())
        open_signals = S.sort_signals([s for s in mine if not s.muted])
        families: dict[str, str] = {}
        for s in open_signals:  # worst first: the first per family is its worst
            families.setdefault(s.family, s.severity)
        if len(open_signals) < len(mine):
            for s in mine:
                if s.muted:
                    families.setdefault(s.family, ACKNOWLEDGED)
        first_start, last_eval, last_youth, planned = _meeting_facts(case, today)
        due = next_mdo_due(case, first_start, last_eval, intervals)
        late = (today - due).days if due is not None and due < today else 0
        director = case.case_director_name or ""
        duo = names.get(case.duo_partner_id, "") if case.duo_partner_id else ""
        duo_short = short_name(duo)
        lead = names.get(case.process_director_id, "") if case.process_director_id else ""
        haystack = " ".join((case.code, case.alias, director, case.case_director_org or "",
                             duo, lead)).lower()
        rows.append(CaseRow(
            case_id=case.id, code=case.code, alias=case.alias, active=case.is_active,
            regime=case.regime,
            phase=_phase(case, first_start, last_eval),
            process_director_id=case.process_director_id,
            duo_partner_id=case.duo_partner_id, duo_partner=duo_short, case_director=director,
            next_mdo=due if late or planned is None else planned, mdo_late=late,
            youth_contact=last_youth, signals=tuple(open_signals),
            muted=len(mine) - len(open_signals), families=families, haystack=haystack,
            version=case.version,
            retention_until=retention_end(case.closed_on) if case.closed_on else None,
        ))
    rows.sort(key=_urgency)
    return rows


def short_name(name: str) -> str:
    """"Sanne Voorbeeld" -> "Sanne V.": enough to tell colleagues apart in a narrow column."""
    words = name.split()
    if len(words) < 2:
        return name
    return f"{words[0]} {words[-1][0]}."


# -- views, counts, filter, sort ---------------------------------------------------
def in_view(row: CaseRow, view: str, me: int | None) -> bool:
    if view == VIEW_CLOSED:
        return not row.active
    if not row.active:
        return False
    if view == VIEW_MINE:
        return me is not None and row.process_director_id == me
    if view == VIEW_DUO:
        return me is not None and row.duo_partner_id == me
    return True  # team: every active case


def view_rows(rows: Sequence[CaseRow], view: str, me: int | None) -> list[CaseRow]:
    return [r for r in rows if in_view(r, view, me)]


def view_counts(rows: Sequence[CaseRow], me: int | None) -> dict[str, int]:
    counts = dict.fromkeys(VIEWS, 0)
    for row in rows:
        for view in VIEWS:
            if in_view(row, view, me):
                counts[view] += 1
    return counts


@dataclass(frozen=True, slots=True)
class FamilyCount:
    """Cases with a signal in one family, by that family's worst severity; cases whose
    signals there are all acknowledged count apart, as acknowledged."""

    overdue: int = 0
    due_soon: int = 0
    attention: int = 0
    acknowledged: int = 0

    @property
    def open(self) -> int:
        return self.overdue + self.due_soon + self.attention

    @property
    def total(self) -> int:
        return self.open + self.acknowledged


def family_counts(rows: Iterable[CaseRow]) -> dict[str, FamilyCount]:
    tally = {family: [0, 0, 0, 0] for family in S.FAMILIES}
    index = {S.OVERDUE: 0, S.DUE_SOON: 1, S.ATTENTION: 2, ACKNOWLEDGED: 3}
    for row in rows:
        for family, severity in row.families.items():
            tally[family][index[severity]] += 1
    return {family: FamilyCount(*counts) for family, counts in tally.items()}


def filter_rows(rows: Iterable[CaseRow], family: str | None = None,
                text: str = "") -> list[CaseRow]:
    """Rows with a signal in ``family`` (open or acknowledged) whose text holds every
    word of ``text``."""
    if family is not None:
        rows = [r for r in rows if family in r.families]
    for word in text.lower().split():
        rows = [r for r in rows if word in r.haystack]
    return rows if isinstance(rows, list) else list(rows)


def _urgency(row: CaseRow) -> tuple:
    return row.urgency


def _nullable(value) -> tuple:
    # Empty values sort after everything else, whichever the direction.
    return (value is None or value == "", value if value is not None else "")


_SORT_KEYS = {
    COL_SEVERITY: _urgency,
    COL_CODE: lambda r: r.code,
    COL_ALIAS: lambda r: (r.alias.lower(), r.code),
    COL_REGIME: lambda r: (_nullable(r.regime), r.code),
    COL_PHASE: lambda r: (r.phase, r.code),
    COL_CASE_DIRECTOR: lambda r: (_nullable(r.case_director.lower()), r.code),
    COL_NEXT_MDO: lambda r: (_nullable(r.next_mdo), r.code),
    COL_YOUTH_CONTACT: lambda r: (_nullable(r.youth_contact), r.code),
    COL_SIGNALS: lambda r: (-len(r.signals), r.urgency),
    COL_DUO: lambda r: (_nullable(r.duo_partner.lower()), r.code),
}


def sort_rows(rows: Iterable[CaseRow], column: str = SORT_URGENCY,
              reverse: bool = False) -> list[CaseRow]:
    if column not in _SORT_KEYS:
        raise ValueError(f"unknown column {column!r}")
    return sorted(rows, key=_SORT_KEYS[column], reverse=reverse)


class Selection:
    """The rows a screen shows: one view, an optional family, a text filter and a sort.

    Keeps what does not change between keystrokes: the view's rows and family
    counts are computed once per view, and a filter text that extends the
    previous one narrows the previous result instead of scanning every row.
    """

    def __init__(self, rows: Sequence[CaseRow], me: int | None, view: str = VIEW_MINE):
        self.all = rows
        self.me = me
        self.view = view
        self.family: str | None = None
        self.text = ""
        self.sort = SORT_URGENCY
        self.reverse = False
        self._views: dict[str, list[CaseRow]] = {}
        self._counts: dict[str, dict[str, FamilyCount]] = {}
        self._shown: list[CaseRow] | None = None
        self._shown_key: tuple | None = None

    def rows_in_view(self, view: str | None = None) -> list[CaseRow]:
        view = view or self.view
        if view not in self._views:
            self._views[view] = view_rows(self.all, view, self.me)
        return self._views[view]

    @property
    def view_total(self) -> int:
        return len(self.rows_in_view())

    def view_counts(self) -> dict[str, int]:
        return {view: len(self.rows_in_view(view)) for view in VIEWS}

    def counts(self) -> dict[str, FamilyCount]:
        if self.view not in self._counts:
            self._counts[self.view] = family_counts(self.rows_in_view())
        return self._counts[self.view]

    def shown(self) -> list[CaseRow]:
        """The view's rows after the family and text filters, in the chosen order."""
        key = (self.view, self.family, self.sort, self.reverse)
        text = self.text.lower()
        if self._shown is not None and self._shown_key is not None:
            last_key, last_text = self._shown_key
            if last_key == key and last_text == text:
                return self._shown
            if last_key == key and _narrows(last_text, text):
                self._shown = filter_rows(self._shown, None, text)
                self._shown_key = (key, text)
                return self._shown
        shown = filter_rows(self.rows_in_view(), self.family, text)
        # The rows are kept in urgency order and filtering keeps order: skip that sort.
        if self.sort != SORT_URGENCY or self.reverse:
            shown = sort_rows(shown, self.sort, self.reverse)
        self._shown, self._shown_key = shown, (key, text)
        return shown


def _narrows(old: str, new: str) -> bool:
    """True when every row matching ``new`` also matches ``old`` (so we may filter the old result)."""
    old_words, new_words = old.split(), new.split()
    if len(new_words) < len(old_words):
        return False
    # Each old word must be contained in the new word at its position.
    return all(o in n for o, n in zip(old_words, new_words, strict=False))


# -- cell text ---------------------------------------------------------------------
def days_late_text(days: int) -> str:
    return _("{n} d late").format(n=days)


def next_mdo_text(row: CaseRow) -> str:
    if row.mdo_late:
        return days_late_text(row.mdo_late)
    return format_date(row.next_mdo, "short") if row.next_mdo else "—"



UNREAD = "✉"


def signals_text(row: CaseRow) -> str:
    """The open signals' count and the reason the case ranks here: "5 · youth not seen
    for 172 d"; a case with only acknowledged signals says so (it is not a ✓)."""
    if not row.signals:
        if row.muted:
            return _("{n} acknowledged").format(n=row.muted)
        if row.retention_until is not None:
            return _("keep until {date}").format(date=format_date(row.retention_until, "short"))
        return "—"
    return f"{len(row.signals)} · {row.reason()}"


def regime_text(row: CaseRow) -> str:
    return row.regime or "—"


_WIDTHS = tuple(width for _key, _label, width in COLUMNS)


def fit(text: str, width: int) -> str:
    """Cut ``text`` to ``width`` cells with an ellipsis, so a cut never looks like the end."""
    return text if len(text) <= width else text[:width - 1] + "…"


def cells(row: CaseRow) -> tuple[str, ...]:
    """The plain text of every column, in :data:`COLUMNS` order, fitted to its width."""
    texts = (
        SYMBOLS[row.worst],
        row.code,
        row.alias,
        regime_text(row),
        _(PHASES[row.phase]),
        row.case_director or "—",
        next_mdo_text(row),
        format_date(row.youth_contact, "short") if row.youth_contact else "—",
        signals_text(row),
        f"{UNREAD} {row.duo_partner}" if row.unread_reviews else row.duo_partner or "—",
    )
    return tuple(fit(t, w) for t, w in zip(texts, _WIDTHS, strict=True))

"""The caseload table as data: rows from facts, views, counts, filter, sort."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from regie_tui.rules import signals as S
from regie_tui.rules import vocab
from regie_tui.rules.engine import evaluate
from regie_tui.rules.facts import (
    Acknowledgement,
    CaseFacts,
    Caseload,
    ConsultantFacts,
    DuoReview,
    Escalation,
    Meeting,
    PlanVersion,
    RegimePeriod,
)
from regie_tui.rules.intervals import Intervals
from regie_tui.views import caseload as V
from tests.conftest import TODAY

IV = Intervals()
ME, PARTNER = 1, 2


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def case(cid: int, **kw) -> CaseFacts:
    base = dict(
        id=cid, code=f"C-{cid:03d}", alias=f"Gezin {cid}", status=vocab.ACTIVE,
        opened_on=ago(200), process_director_id=ME, duo_partner_id=None,
        case_director_name="K. Casus", case_director_named_on=ago(190),
        role_agreement_on=ago(185), professionals=1,
        regimes=(RegimePeriod(vocab.PR, ago(200)),),
        meetings=(Meeting(cid * 10, vocab.EVALUATION, held_on=ago(30)),
                  Meeting(cid * 10 + 1, vocab.YOUTH_CONTACT, held_on=ago(20), youth_present=True)),
        plans=(PlanVersion(cid, 1, vocab.AGREED, ago(190), ago(190)),),
    )
    base.update(kw)
    return CaseFacts(**base)


def rows_for(*cases: CaseFacts) -> list[V.CaseRow]:
    caseload = Caseload(list(cases), {
        ME: ConsultantFacts(ME, "Sanne Voorbeeld", vocab.CONSULTANT),
        PARTNER: ConsultantFacts(PARTNER, "Joris Fictief", vocab.CONSULTANT),
    })
    return V.build_rows(caseload, evaluate(caseload, TODAY, IV), TODAY, IV)


def test_a_healthy_pr_case_has_no_signals_and_its_next_mdo_from_the_last_evaluation():
    (row,) = rows_for(case(1))
    assert row.signals == () and row.worst == V.NONE
    assert row.next_mdo == ago(30) + dt.timedelta(days=IV.mdo_pr)
    assert row.mdo_late == 0
    assert row.youth_contact == ago(20)
    assert row.phase == V.PHASE_RUNNING
    assert V.cells(row)[0] == "✓"


def test_next_mdo_late_reads_as_days_late():
    (row,) = rows_for(case(1, meetings=(Meeting(1, vocab.MDO, held_on=ago(IV.mdo_pr + 12)),)))
    assert row.mdo_late == 12
    assert V.next_mdo_text(row) == "12 d late"
    assert row.families[S.FAMILY_MDO] == S.OVERDUE


def test_a_planned_mdo_is_shown_when_not_late():
    planned = TODAY + dt.timedelta(days=9)
    (row,) = rows_for(case(1, meetings=(
        Meeting(1, vocab.MDO, held_on=ago(30)),
        Meeting(2, vocab.MDO, planned_on=planned),
    )))
    assert row.next_mdo == planned and row.mdo_late == 0


def test_vpr_next_mdo_follows_the_start_meeting_then_the_vpr_interval():
    vpr = (RegimePeriod(vocab.PR, ago(200)), RegimePeriod(vocab.VPR, ago(40), ago(40)))
    (fresh,) = rows_for(case(1, regimes=vpr, meetings=(
        Meeting(1, vocab.START_MEETING, held_on=ago(30)),)))
    assert fresh.next_mdo == ago(30) + dt.timedelta(days=IV.first_mdo)
    assert fresh.phase == V.PHASE_FIRST_MDO
    (waiting,) = rows_for(case(1, regimes=vpr, meetings=()))
    assert waiting.next_mdo is None and waiting.phase == V.PHASE_START_MEETING
    (later,) = rows_for(case(1, regimes=vpr, meetings=(
        Meeting(1, vocab.START_MEETING, held_on=ago(30)), Meeting(2, vocab.MDO, held_on=ago(5)))))
    assert later.next_mdo == ago(5) + dt.timedelta(days=IV.mdo_vpr)


def test_last_youth_contact_ignores_meetings_without_the_youth_and_future_ones():
    (row,) = rows_for(case(1, meetings=(
        Meeting(1, vocab.HOME_VISIT, held_on=ago(3), youth_present=False),
        Meeting(2, vocab.YOUTH_CONTACT, held_on=ago(40), youth_present=True),
        Meeting(3, vocab.YOUTH_CONTACT, held_on=TODAY + dt.timedelta(days=2), youth_present=True),
    )))
    assert row.youth_contact == ago(40)


def test_acknowledged_signals_are_not_open():
    late = case(1, role_agreement_on=None)
    acked = case(2, role_agreement_on=None, acknowledgements=(
        Acknowledgement(S.ROLE_AGREEMENT_MISSING, TODAY + dt.timedelta(days=5), "afgesproken",
                        ago(1)),))
    by_id = {r.case_id: r for r in rows_for(late, acked)}
    assert [s.code for s in by_id[1].signals] == [S.ROLE_AGREEMENT_MISSING]
    assert by_id[2].signals == () and by_id[2].muted == 1
    # Not open, but not gone either: counted as acknowledged in its family.
    assert by_id[2].families == {S.FAMILY_CASE_DIRECTOR: S.ACKNOWLEDGED}
    assert V.signals_text(by_id[2]) == "1 acknowledged"
    counts = V.family_counts([by_id[1], by_id[2]])
    assert counts[S.FAMILY_CASE_DIRECTOR] == V.FamilyCount(overdue=1, acknowledged=1)
    assert counts[S.FAMILY_CASE_DIRECTOR].open == 1
    assert [r.case_id for r in V.filter_rows([by_id[1], by_id[2]],
                                             S.FAMILY_CASE_DIRECTOR)] == [1, 2]


def test_a_case_whose_signals_are_all_acknowledged_is_never_shown_as_without_signals():
    """Issue 15.2: "until 2030" on a role agreement 240 days late put the case among ✓."""
    acked = case(1, role_agreement_on=None, case_director_named_on=ago(254),
                 acknowledgements=(Acknowledgement(S.ROLE_AGREEMENT_MISSING,
                                                   dt.date(2030, 1, 1), "later", ago(1)),))
    healthy = case(2)
    attention = case(3, lead_organisation=None, cross_region=True)
    rows = rows_for(healthy, acked, attention)
    assert [r.case_id for r in rows] == [3, 1, 2]  # after attention, before no signals
    row = rows[1]
    assert row.worst == V.ACKNOWLEDGED != V.NONE
    assert V.cells(row)[0] == S.SYMBOLS[S.ACKNOWLEDGED] == "◇"
    assert V.cells(rows[2])[0] == "✓"


def test_most_urgent_first_is_worst_first_the_example_of_the_issue():
    """Issue 15.3: five overdue signals and no youth contact for 172 days ranked below
    three missing marking letters, because the letters' due dates were older."""
    worst = case(1, role_agreement_on=None, plans=(),
                 meetings=(Meeting(10, vocab.EVALUATION, held_on=ago(120)),
                           Meeting(11, vocab.YOUTH_CONTACT, held_on=ago(172),
                                   youth_present=True)),
                 escalations=(Escalation(1, vocab.ESC_MANAGER, ago(60)),))

    def letter_missing(cid: int, decided: int) -> CaseFacts:
        return case(cid, duo_partner_id=PARTNER, duo_reviews=(DuoReview(PARTNER, ago(5)),),
                    regimes=(RegimePeriod(vocab.VPR, ago(decided), ago(decided)),),
                    meetings=(Meeting(cid * 10, vocab.START_MEETING, held_on=ago(decided - 5)),
                              Meeting(cid * 10 + 1, vocab.MDO, held_on=ago(10)),
                              Meeting(cid * 10 + 2, vocab.YOUTH_CONTACT, held_on=ago(5),
                                      youth_present=True)))

    letters = [letter_missing(cid, 300 + cid) for cid in (2, 3, 4)]
    rows = rows_for(*letters, worst)
    assert [s.severity for s in rows[-1].signals] == [S.OVERDUE]
    assert [s.code for s in letters_signals(rows)] == [S.MARKING_LETTER_MISSING] * 3
    # Every marking letter was due before any of the first case's signals...
    assert max(r.signals[0].due for r in rows if r.case_id != 1) < min(
        s.due for s in next(r for r in rows if r.case_id == 1).signals)
    # ...and still the youth nobody saw for 172 days comes first.
    assert [r.case_id for r in rows] == [1, 4, 3, 2]  # letters: the most days late first
    first = rows[0]
    assert len(first.signals) == 5 and {s.severity for s in first.signals} == {S.OVERDUE}
    assert first.signals[0].code == S.YOUTH_CONTACT_OVERDUE
    assert V.signals_text(first) == "5 · youth not seen for 172 d"
    # Ties within the marking letters: most days late first.
    assert [r.signals[0].days_late(TODAY) for r in rows[1:]] == sorted(
        (r.signals[0].days_late(TODAY) for r in rows[1:]), reverse=True)


def letters_signals(rows):
    return [r.signals[0] for r in rows if r.case_id != 1]


def test_the_rank_reason_is_dutch_in_the_dutch_interface():
    from regie_tui.base import i18n

    row = rows_for(case(1, meetings=(Meeting(10, vocab.EVALUATION, held_on=ago(30)),
                                     Meeting(11, vocab.YOUTH_CONTACT, held_on=ago(172),
                                             youth_present=True))))[0]
    i18n.set_language("nl")
    assert V.signals_text(row) == "1 · jongere 172 d niet gezien"
    mdo = rows_for(case(2, meetings=(Meeting(20, vocab.EVALUATION, held_on=ago(IV.mdo_pr + 12)),
                                     Meeting(21, vocab.YOUTH_CONTACT, held_on=ago(2),
                                             youth_present=True))))[0]
    assert mdo.reason() == "MDO 12 d te laat"
    soon = rows_for(case(3, meetings=(Meeting(30, vocab.EVALUATION, held_on=ago(IV.mdo_pr - 3)),
                                      Meeting(31, vocab.YOUTH_CONTACT, held_on=ago(2),
                                              youth_present=True))))[0]
    assert soon.reason() == "MDO over 3 d"


def test_within_a_severity_the_heavier_rule_goes_first():
    # Both overdue; the role agreement is far later than the MDO, yet the MDO weighs more.
    mdo = case(1, meetings=(Meeting(10, vocab.EVALUATION, held_on=ago(IV.mdo_pr + 1)),
                            Meeting(11, vocab.YOUTH_CONTACT, held_on=ago(2), youth_present=True)))
    paperwork = case(2, role_agreement_on=None)
    rows = rows_for(paperwork, mdo)
    assert [r.case_id for r in rows] == [1, 2]
    assert rows[1].signals[0].days_late(TODAY) > rows[0].signals[0].days_late(TODAY)


def test_rows_come_most_urgent_first():
    rows = rows_for(
        case(1),
        case(2, role_agreement_on=None),  # overdue since long
        case(3, meetings=(Meeting(1, vocab.MDO, held_on=ago(IV.mdo_pr - 3)),
                          Meeting(2, vocab.YOUTH_CONTACT, held_on=ago(2), youth_present=True))),
        case(4, lead_organisation=None, cross_region=True),  # attention only
    )
    assert [r.code for r in rows] == ["C-002", "C-003", "C-004", "C-001"]
    assert [r.worst for r in rows] == [S.OVERDUE, S.DUE_SOON, S.ATTENTION, V.NONE]
    assert V.signals_text(rows[0]).startswith("1 · ")


def test_phases():
    esc = case(1, escalations=(Escalation(1, vocab.ESC_MANAGER, ago(3)),))
    no_plan = case(2, plans=())
    closed = case(3, status=vocab.CLOSED, closed_on=ago(4), handover_on=ago(4))
    unregistered = case(4, regimes=())
    phases = {r.case_id: r.phase for r in rows_for(esc, no_plan, closed, unregistered)}
    assert phases == {1: V.PHASE_ESCALATION, 2: V.PHASE_PLAN, 3: V.PHASE_CLOSED,
                      4: V.PHASE_REGISTERED}


def test_views():
    rows = rows_for(
        case(1),
        case(2, process_director_id=PARTNER, duo_partner_id=ME),
        case(3, process_director_id=PARTNER),
        case(4, status=vocab.CLOSED, closed_on=ago(4), handover_on=ago(4)),
    )
    ids = {view: sorted(r.case_id for r in V.view_rows(rows, view, ME)) for view in V.VIEWS}
    assert ids == {V.VIEW_MINE: [1], V.VIEW_DUO: [2], V.VIEW_TEAM: [1, 2, 3],
                   V.VIEW_CLOSED: [4]}
    assert V.view_rows(rows, V.VIEW_MINE, None) == []


def test_text_filter_matches_every_word_in_code_alias_and_names():
    rows = rows_for(case(1, alias="Gezin Appel"), case(2, alias="Gezin Berk",
                                                        duo_partner_id=PARTNER))
    assert [r.case_id for r in V.filter_rows(rows, text="appel")] == [1]
    assert [r.case_id for r in V.filter_rows(rows, text="JORIS berk")] == [2]
    assert [r.case_id for r in V.filter_rows(rows, text="c-00")] == [1, 2]
    assert V.filter_rows(rows, text="appel berk") == []
    assert rows[0].duo_partner in ("", "Joris F.")


def test_sort_by_every_column_and_back():
    rows = rows_for(case(1, alias="B"), case(2, alias="a", duo_partner_id=PARTNER),
                    case(3, alias="C", case_director_name=None))
    for column in V.COLUMN_KEYS:
        forward = V.sort_rows(rows, column)
        assert sorted(r.case_id for r in forward) == [1, 2, 3]
    assert [r.alias for r in V.sort_rows(rows, V.COL_ALIAS)] == ["a", "B", "C"]
    assert [r.alias for r in V.sort_rows(rows, V.COL_ALIAS, reverse=True)] == ["C", "B", "a"]
    # Empty values last.
    assert V.sort_rows(rows, V.COL_DUO)[0].case_id == 2
    assert V.sort_rows(rows, V.COL_CASE_DIRECTOR)[-1].case_id == 3


def test_selection_caches_views_and_applies_family_then_text():
    rows = rows_for(case(1, alias="Gezin Appel", role_agreement_on=None),
                    case(2, alias="Gezin Appelboom"), case(3, alias="Gezin Berk",
                                                          role_agreement_on=None))
    sel = V.Selection(rows, ME, V.VIEW_MINE)
    assert sel.view_total == 3
    sel.family = S.FAMILY_CASE_DIRECTOR
    assert [r.case_id for r in sel.shown()] == [1, 3]
    sel.text = "appel"
    assert [r.case_id for r in sel.shown()] == [1]
    sel.family = None
    assert sorted(r.case_id for r in sel.shown()) == [1, 2]
    sel.text = "appelb"
    assert [r.case_id for r in sel.shown()] == [2]
    sel.text = ""
    assert len(sel.shown()) == 3


WORDS = st.text(alphabet="aeiklmnoprs0- ", max_size=6)


@given(st.lists(WORDS, min_size=1, max_size=6))
def test_narrowing_a_filter_gives_the_same_rows_as_filtering_from_scratch(texts):
    rows = rows_for(*[case(i, alias=alias) for i, alias in enumerate(
        ["Gezin Appel", "Gezin Kers", "Peer en Mispel", "Linde", "Roos-Eik", "Spar 0"], 1)])
    sel = V.Selection(rows, ME, V.VIEW_MINE)
    for text in texts:
        sel.text = text
        assert sel.shown() == V.filter_rows(V.view_rows(rows, V.VIEW_MINE, ME), text=text)


def test_short_name():
    assert V.short_name("Sanne Voorbeeld") == "Sanne V."
    assert V.short_name("Jan de Vries") == "Jan V."
    assert V.short_name("Mirjam") == "Mirjam"


def test_cells_fit_their_columns_with_an_ellipsis():
    (row,) = rows_for(case(1, alias="Gezin Zonnebloem-Hazelaar (1234)"))
    texts = V.cells(row)
    assert all(len(t) <= w for t, (_k, _l, w) in zip(texts, V.COLUMNS, strict=True))
    assert texts[V.COLUMN_KEYS.index(V.COL_ALIAS)].endswith("…")
    assert V.fit("abc", 3) == "abc" and V.fit("abcd", 3) == "ab…"

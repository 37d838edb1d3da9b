"""Every store command: a valid save, each validation rule, a stale save, one audit row."""

from __future__ import annotations

import datetime as dt

import pytest

from regie_tui.base.errors import ConflictError, NotFoundError, ValidationError
from regie_tui.data import commands as C
from regie_tui.rules import vocab
from tests.conftest import TODAY, add_consultant, admin_read, audited_as, case_row, table_counts

pytestmark = pytest.mark.both_engines

D = dt.timedelta
TOMORROW = TODAY + D(days=1)
PLAN = C.PlanInput(goals=[C.GoalInput("Naar school", "Dagelijks naar school",
                                      TODAY + D(days=60))],
                   protective=["Opa betrokken"], threatening=["Schulden"], safety=vocab.CONCERNS)
AGREED = C.Agreement(TODAY - D(days=1), by_parents=True, by_youth=True)


def _case_commands(store, case_id):
    """(name, valid kwargs builder, [(bad kwargs override, field)]) for each case command."""
    partner = store.consultant_id("Partner")
    return {
        "record_meeting": (
            C.record_meeting,
            dict(kind=vocab.MDO, held_on=TODAY, youth_present=True, parents_present=True,
                 note="MDO gehouden"),
            [(dict(kind="party"), "kind"), (dict(held_on=TOMORROW), "held_on"),
             (dict(held_on=None, planned_on=None), "held_on"),
             (dict(held_on=None, planned_on=TOMORROW), "youth_present"),
             (dict(note="x" * 4001), "note"), (dict(note="bad\x00"), "note"),
             (dict(held_on=TODAY - D(days=500)), "held_on")],
        ),
        "record_event": (
            C.record_event,
            dict(kind=vocab.PLACEMENT_FELL_THROUGH, occurred_on=TODAY),
            [(dict(kind="?"), "kind"), (dict(occurred_on=TOMORROW), "occurred_on"),
             (dict(kind=vocab.OTHER_EVENT), "description")],
        ),
        "change_regime": (
            C.change_regime,
            dict(regime=vocab.VPR, start_on=TODAY, ovv_decision_on=TODAY - D(days=2)),
            [(dict(ovv_decision_on=None), "ovv_decision_on"), (dict(regime="XL"), "regime"),
             (dict(start_on=TODAY - D(days=5)), "start_on"),
             (dict(regime=vocab.PR, ovv_decision_on=None), "regime")],
        ),
        "record_marking_letter": (
            C.record_marking_letter, dict(sent_on=TODAY), [(dict(sent_on=TOMORROW), "sent_on"),
                                                           (dict(sent_on="1-1-2026"), "sent_on")],
        ),
        "name_case_director": (
            C.name_case_director,
            dict(name="K. Casus", organisation="Jeugdzorg", named_on=TODAY),
            [(dict(name=" "), "name"), (dict(organisation=""), "organisation"),
             (dict(named_on=TOMORROW), "named_on")],
        ),
        "set_duo_partner": (
            C.set_duo_partner, dict(consultant_id=partner),
            [(dict(consultant_id=9999), "duo_partner"),
             (dict(consultant_id=store.consultant_id("Tester")), "duo_partner")],
        ),
        "set_cross_region": (
            C.set_cross_region, dict(cross_region=True, lead_organisation="GI Noord"),
            [(dict(lead_organisation="y" * 121), "lead_organisation")],
        ),
        "set_waiting": (
            C.set_waiting, dict(since=TODAY, waiting_for="Behandelplek"),
            [(dict(waiting_for=""), "waiting_for"), (dict(since=TOMORROW), "since")],
        ),
        "request_escalation": (
            C.request_escalation, dict(level=vocab.ESC_RET, requested_on=TODAY, reason="Wachtlijst"),
            [(dict(level="king"), "level"), (dict(reason=""), "reason"),
             (dict(requested_on=TOMORROW), "requested_on")],
        ),
        "record_risk_assessment": (
            C.record_risk_assessment, dict(assessed_on=TODAY, instrument="LIRIK", outcome="Zorgen"),
            [(dict(outcome=""), "outcome"), (dict(assessed_on=TOMORROW), "assessed_on")],
        ),
        "record_duo_review": (
            C.record_duo_review,
            dict(reviewer_id=partner, reviewed_on=TODAY, verdict="agreed"),
            [(dict(verdict="meh"), "verdict"), (dict(verdict="concerns"), "remarks"),
             (dict(reviewer_id=store.consultant_id("Tester")), "reviewer"),
             (dict(reviewed_on=TOMORROW), "reviewed_on")],
        ),
        "acknowledge_signal": (
            lambda store, case_id, version, **kw: C.acknowledge_signal(
                store, case_id=case_id, expected_version=version, **kw),
            dict(code="MDO_OVERDUE", reason="Uitgesteld met manager", until=TODAY + D(days=10)),
            [(dict(reason=""), "reason"), (dict(until=TODAY - D(days=1)), "until"),
             (dict(until=TODAY + D(days=43)), "until")],
        ),
        "adopt_plan": (
            lambda store, case_id, version, **kw: C.adopt_plan(store, case_id, version, **kw),
            dict(plan=PLAN, agreement=AGREED),
            [(dict(plan=C.PlanInput(goals=[C.GoalInput("")])), "goals[0].description"),
             (dict(plan=C.PlanInput(safety="meh")), "safety"),
             (dict(plan=C.PlanInput(goals=[C.GoalInput("a", owner="king")])), "goals[0].owner")],
        ),
        "close_case": (
            C.close_case,
            dict(closed_on=TODAY, reason="goals_reached", handover_to="Buurtteam",
                 handover_on=TODAY, aftercare="Nazorg na 3 maanden"),
            [(dict(handover_to=None, handover_on=None), "handover_to"),
             (dict(handover_on=None), "handover_on"), (dict(reason="bored"), "reason"),
             (dict(closed_on=TOMORROW), "closed_on")],
        ),
    }


COMMAND_NAMES = ["record_meeting", "record_event", "change_regime", "record_marking_letter",
                 "name_case_director", "set_duo_partner", "set_cross_region", "set_waiting",
                 "request_escalation", "record_risk_assessment", "record_duo_review",
                 "acknowledge_signal", "adopt_plan", "close_case"]


ADDITIONS_BY_OTHERS = {"record_duo_review"}


def _audit_count(store) -> int:
    return table_counts(store)["audit_log"]


@pytest.mark.parametrize("name", COMMAND_NAMES)
def test_valid_save_bumps_version_and_writes_one_audit_row(store, make_case, name):
    case_id, version = make_case()
    command, valid, _bad = _case_commands(store, case_id)[name]
    before = _audit_count(store)
    saved = command(store, case_id, version, **valid)
    # The duo partner's review is added to the case without changing its row:
    # the process director's open edits stay valid (data.commands._adding_to_case).
    after = version if name in ADDITIONS_BY_OTHERS else version + 1
    assert saved.version == after
    assert case_row(store, case_id)["version"] == after
    assert _audit_count(store) == before + 1
    with admin_read(store) as conn:
        actor, action, case_code = conn.execute(
            "SELECT actor, action, case_code FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert actor == audited_as(store, "Tester") and case_code == "T-001"
    assert action == name or name == "acknowledge_signal" and action == "acknowledge_signal"


@pytest.mark.parametrize("name", COMMAND_NAMES)
def test_each_validation_rule_names_the_field_and_writes_nothing(store, make_case, name):
    case_id, version = make_case()
    command, valid, bad_cases = _case_commands(store, case_id)[name]
    for override, field in bad_cases:
        before = table_counts(store)
        with pytest.raises(ValidationError) as info:
            command(store, case_id, version, **{**valid, **override})
        assert info.value.field == field, override
        assert info.value.message
        assert table_counts(store) == before, override
        assert case_row(store, case_id)["version"] == version


@pytest.mark.parametrize("name", COMMAND_NAMES)
def test_stale_save_is_refused_and_writes_nothing(store, make_case, name):
    case_id, version = make_case()
    # Someone else changes the case first.
    C.record_marking_letter(store, case_id, version, sent_on=TODAY)
    command, valid, _bad = _case_commands(store, case_id)[name]
    before = table_counts(store)
    with pytest.raises(ConflictError):
        command(store, case_id, version, **valid)
    assert table_counts(store) == before


def test_unknown_case_is_reported(store):
    with pytest.raises(NotFoundError):
        C.record_marking_letter(store, 999, 1, sent_on=TODAY)


def test_create_case_validates_and_audits(store):
    pd = store.consultant_id("Tester")
    base = dict(code="A-1", alias="Gezin Appel", opened_on=TODAY, process_director_id=pd,
                people=[C.PersonInput("Noor Appel", "youth", 2012)],
                professionals=[C.ProfessionalInput("P. Hulp", "Jeugdzorg", "ambulant")])
    for override, field in [
        (dict(code=""), "code"), (dict(alias="\x07"), "alias"),
        (dict(opened_on=TOMORROW), "opened_on"), (dict(process_director_id=None), "process_director"),
        (dict(regime=vocab.VPR), "ovv_decision_on"),
        (dict(people=[C.PersonInput("X", "youth", 1800)]), "people[0].birth_year"),
        (dict(people=[C.PersonInput("X", "uncle")]), "people[0].role"),
        (dict(professionals=[C.ProfessionalInput("X", "", "r")]), "professionals[0].organisation"),
    ]:
        before = table_counts(store)
        with pytest.raises(ValidationError) as info:
            C.create_case(store, **{**base, **override})
        assert info.value.field == field
        assert table_counts(store) == before
    saved = C.create_case(store, **base)
    assert saved.version == 1
    with pytest.raises(ValidationError) as info:
        C.create_case(store, **base)
    assert info.value.field == "code"
    counts = table_counts(store)
    assert counts["care_case"] == 1 and counts["person"] == 1 and counts["professional"] == 1
    assert counts["regimechange"] == 1


def test_role_agreement_needs_a_named_case_director(store, make_case):
    case_id, version = make_case()
    with pytest.raises(ValidationError) as info:
        C.record_role_agreement(store, case_id, version, agreed_on=TODAY, note="Afspraken")
    assert info.value.field == "agreed_on"
    saved = C.name_case_director(store, case_id, version, name="K. Casus", organisation="Org",
                                 named_on=TODAY - D(days=3))
    with pytest.raises(ValidationError):
        C.record_role_agreement(store, case_id, saved.version, agreed_on=TODAY - D(days=4),
                                note="Afspraken")
    with pytest.raises(ValidationError):
        C.record_role_agreement(store, case_id, saved.version, agreed_on=TODAY, note="")
    saved = C.record_role_agreement(store, case_id, saved.version, agreed_on=TODAY,
                                    note="Casusregisseur doet hulp; wij regie")
    assert case_row(store, case_id)["role_agreement_on"] == TODAY.isoformat()


def test_escalation_decision(store, make_case):
    case_id, version = make_case()
    saved = C.request_escalation(store, case_id, version, level=vocab.ESC_MANAGER,
                                 requested_on=TODAY - D(days=5), reason="Stagnatie")
    esc = saved.object_id
    with pytest.raises(ValidationError):
        C.decide_escalation(store, case_id, saved.version, escalation_id=esc,
                            decision=vocab.GRANTED, decided_on=TODAY - D(days=6))
    done = C.decide_escalation(store, case_id, saved.version, escalation_id=esc,
                               decision=vocab.GRANTED, decided_on=TODAY, outcome="Extra inzet")
    with pytest.raises(ValidationError):
        C.decide_escalation(store, case_id, done.version, escalation_id=esc,
                            decision=vocab.REFUSED, decided_on=TODAY)
    with pytest.raises(ConflictError):
        C.decide_escalation(store, case_id, saved.version, escalation_id=esc,
                            decision=vocab.REFUSED, decided_on=TODAY)


def test_plan_versions_reasons_and_answers(store, make_case):
    case_id, version = make_case()
    draft = C.adopt_plan(store, case_id, version, PLAN)
    with pytest.raises(ValidationError):
        C.adopt_plan(store, case_id, draft.version, PLAN)  # already a draft
    with pytest.raises(ValidationError):
        C.adjust_plan(store, case_id, draft.version, PLAN, reason="x", agreement=AGREED)
    agreed = C.agree_plan(store, case_id, draft.version, draft.object_id, AGREED)
    event = C.record_event(store, case_id, agreed.version, kind=vocab.STAY_INDEFINITE,
                           occurred_on=TODAY)
    with pytest.raises(ValidationError) as info:
        C.adjust_plan(store, case_id, event.version, PLAN, reason="", agreement=AGREED)
    assert info.value.field == "reason"
    adjusted = C.adjust_plan(store, case_id, event.version, PLAN, reason="Verblijf onbepaald",
                             agreement=C.Agreement(TODAY, by_parents=True),
                             answers=[event.object_id])
    fits = C.plan_still_fits(store, case_id, adjusted.version, decided_on=TODAY,
                             reason="Past nog")
    facts = store.load_case(case_id)
    assert [p.number for p in facts.plans] == [1, 2]
    assert [d.kind for d in facts.decisions] == [vocab.ADJUSTED, vocab.STILL_FITS]
    assert facts.decisions[0].answers == (event.object_id,)
    assert fits.version == adjusted.version + 1


def test_caseload_review_and_consultant_acknowledgement(store, open_as):
    tester = store.consultant_id("Tester")
    # The behavioural scientist records the review (on a team store only they may).
    add_consultant(store, "Gedragswetenschapper", vocab.BEHAVIOURAL_SCIENTIST)
    scientist = open_as(store, "Gedragswetenschapper")
    with pytest.raises(ValidationError):
        C.record_caseload_review(scientist, tester, TOMORROW)
    C.record_caseload_review(scientist, tester, TODAY, "Besproken")
    C.acknowledge_signal(store, code="CASELOAD_REVIEW_OVERDUE", reason="Vakantie",
                         until=TODAY + D(days=7), consultant_id=tester)
    consultant = store.load_caseload().consultants[tester]
    assert consultant.caseload_reviews == (TODAY,)
    assert consultant.acknowledgements[0].code == "CASELOAD_REVIEW_OVERDUE"


def test_closing_twice_is_refused(store, make_case):
    case_id, version = make_case()
    saved = C.close_case(store, case_id, version, closed_on=TODAY, reason="other",
                         no_handover_reason="Gezin verhuisd naar buitenland")
    with pytest.raises(ValidationError):
        C.close_case(store, case_id, saved.version, closed_on=TODAY, reason="other",
                     no_handover_reason="nogmaals")


def test_opening_a_case_is_audited(store, make_case):
    case_id, _version = make_case()
    C.record_case_opened(store, case_id)
    with admin_read(store) as conn:
        assert conn.execute("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1"
                            ).fetchone() == ("open_case",)


def test_validation_messages_are_translated(store, make_case):
    from regie_tui.base import i18n

    case_id, version = make_case()
    i18n.set_language("nl")
    with pytest.raises(ValidationError) as info:
        C.record_meeting(store, case_id, version, kind=vocab.MDO, held_on=TOMORROW)
    assert "toekomst" in info.value.message


def test_a_hand_over_after_closing_clears_the_signal_and_is_audited(store, make_case):
    from regie_tui.rules import engine
    from regie_tui.rules.intervals import Intervals

    case_id, version = make_case()
    with store.session() as session:  # closed without a hand-over, as an import may bring in
        from regie_tui.data import tables as T

        case = session.get(T.Case, case_id)
        case.status, case.closed_on, case.closing_reason = "closed", TODAY, "goals_reached"
        case.version += 1
    version += 1

    def codes():
        return {s.code for s in engine.evaluate(store.load_caseload(), TODAY, Intervals())}

    assert "HANDOVER_INCOMPLETE" in codes()
    with pytest.raises(ValidationError) as refused:
        C.record_handover(store, case_id, version, handover_to="Buurtteam")
    assert refused.value.field == "handover_on"
    saved = C.record_handover(store, case_id, version, handover_to="Buurtteam",
                              handover_on=TODAY, aftercare="Nazorg na drie maanden.")
    assert "HANDOVER_INCOMPLETE" not in codes()
    assert case_row(store, case_id)["handover_to"] == "Buurtteam"
    with admin_read(store) as conn:
        assert conn.execute("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1"
                            ).fetchone() == ("record_handover",)
    with pytest.raises(ConflictError):
        C.record_handover(store, case_id, version, no_handover_reason="Toch niet nodig.")
    assert saved.version == version + 1


def test_a_hand_over_on_an_open_case_is_refused_and_writes_nothing(store, make_case):
    case_id, version = make_case()
    before = table_counts(store)
    with pytest.raises(ValidationError, match="still open"):
        C.record_handover(store, case_id, version, no_handover_reason="Niet nodig.")
    assert table_counts(store) == before

"""Every recorded command, run once on one case, with realistic arguments.

Used to round-trip every command's arguments through the outbox and to replay
a whole offline session on the team store.
"""

from __future__ import annotations

import datetime as dt

from regie_tui.data import checklist_commands as CC
from regie_tui.data import checklist_queries as CQ
from regie_tui.data import commands as C
from regie_tui.data import plan_commands as P
from regie_tui.rules import checklists as CL

OPENED = dt.date(2026, 10, 1)
DAY = dt.date(2026, 11, 10)


def all_good(template) -> dict[str, CL.Answer]:
    answers = {}
    for item in template.items:
        if item.type == CL.CHOICE:
            answers[item.key] = CL.Answer(item.options[0].key)
        elif item.type == CL.DATE:
            answers[item.key] = CL.Answer("yes", None, DAY + dt.timedelta(days=42))
        else:
            answers[item.key] = CL.Answer("yes", "gedaan")
    return answers


def _goal_ids(store, plan_version_id: int) -> list[int]:
    with store.read() as conn:
        return [r[0] for r in conn.execute(
            "SELECT id FROM goal WHERE plan_version_id = ? ORDER BY position, id",
            (plan_version_id,))]


def every_command(store, case_id: int, version: int, *, other_id: int, today: dt.date,
                  duo_review_by: int | None = None, owners: bool = True) -> list[str]:
    """Run every recorded command once on the case; returns their names in order.

    ``duo_review_by``: a consultant (not the process director) who records a duo
    review; ``owners``: include set_process_director/set_duo_partner (a team
    store's rules let nobody change the owner columns through a command)."""
    ran: list[str] = []
    state = {"version": version}

    def run(fn, *args, **kwargs):
        saved = fn(store, case_id, state["version"], *args, **kwargs)
        state["version"] = saved.version
        ran.append(fn.__name__)
        return saved

    mdo = CQ.available_templates().templates["mdo_evaluatie_vpr"]
    run(C.add_person, C.PersonInput("Jesse", "youth", 2012))
    run(C.add_professional, C.ProfessionalInput("Dr. Pieters", "GGZ Oost", "therapeut"))
    run(C.record_meeting, kind="home_visit", held_on=DAY, youth_present=True,
        note="Thuis bezocht.")
    event = run(C.record_event, kind="crisis", occurred_on=DAY, description="Crisis thuis.")
    run(C.change_regime, regime="VPR", start_on=DAY, ovv_decision_on=DAY - dt.timedelta(days=2),
        note="OVV besloten.")
    run(C.record_marking_letter, sent_on=DAY)
    run(C.name_case_director, name="R. de Wit", organisation="Jeugdbescherming",
        named_on=DAY)
    run(C.record_role_agreement, agreed_on=DAY, note="Rollen besproken.")
    run(C.set_cross_region, cross_region=True, lead_organisation="Regio Noord")
    run(C.set_waiting, since=DAY, waiting_for="gezinshuis")
    esc = run(C.request_escalation, level="manager", requested_on=DAY, reason="Wachtlijst.")
    run(C.decide_escalation, escalation_id=esc.object_id, decision="granted", decided_on=DAY,
        outcome="Voorrang.")
    run(C.record_risk_assessment, assessed_on=DAY, instrument="LIRIK", outcome="Verhoogd.")
    if duo_review_by is not None:
        run(C.record_duo_review, reviewer_id=duo_review_by, reviewed_on=DAY,
            verdict="concerns", remarks="Let op veiligheid.")
    saved = C.acknowledge_signal(store, code="MDO_OVERDUE", reason="MDO is gepland.",
                                 until=today + dt.timedelta(days=10), case_id=case_id,
                                 expected_version=state["version"])
    state["version"] = saved.version
    ran.append("acknowledge_signal")
    run(C.withdraw_acknowledgement, code="MDO_OVERDUE")
    plan = C.PlanInput(goals=(C.GoalInput("Naar school", "Elke dag", today + dt.timedelta(30)),),
                       protective=("Oma helpt",), threatening=("Schulden",), safety="concerns",
                       safety_note="Zorgen om vader.")
    draft = run(C.adopt_plan, plan)
    plan2 = C.PlanInput(goals=(C.GoalInput("Naar school", "Vier dagen", None, "family"),
                               C.GoalInput("Schuldhulp", None, None, "provider")),
                        protective=("Oma helpt",), safety="concerns")
    run(P.edit_draft, draft.object_id, plan2)
    run(C.agree_plan, draft.object_id, C.Agreement(DAY, by_parents=True))
    run(P.set_goal_status, _goal_ids(store, draft.object_id)[0], status="achieved")
    run(C.adjust_plan, plan2, reason="Crisis vraagt bijstelling.",
        agreement=C.Agreement(today, by_youth=True), answers=(event.object_id,))
    run(C.plan_still_fits, decided_on=today, reason="Past nog.")
    started = run(CC.start_run, mdo)
    first = mdo.items[0].key
    run(CC.save_answers, started.object_id, {first: CL.Answer("yes", "eerste")})
    run(CC.complete_run, started.object_id, all_good(mdo), today)
    if owners:
        run(C.set_duo_partner, consultant_id=other_id)
    run(C.close_case, closed_on=today, reason="other", no_handover_reason="Niet nodig.")
    run(C.record_handover, handover_to="Wijkteam", handover_on=today, aftercare="Bellen.")
    return ran

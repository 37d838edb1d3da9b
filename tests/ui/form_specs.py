"""Every form of the case screen: valid input, what it must write, and each refusal.

Each spec runs on a private copy of the demo store at TODAY. ``valid`` fills the
form; ``written`` checks the store afterwards; ``refusals`` are (changes to the
valid input, field the message must appear under, expected message) — the
expected message is built with ``_()`` when the test runs, in Dutch.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from regie_tui.base.i18n import _


def _acknowledge_limit() -> str:
    import datetime as dt

    from regie_tui.base.i18n import format_date
    from tests.conftest import TODAY

    return _("A signal can be acknowledged for at most {n} days (your team's setting): "
             "until {date} at the latest.").format(
                 n=42, date=format_date(TODAY + dt.timedelta(days=42)))


def _one(store, sql: str, *args):
    with store.read() as conn:
        return conn.execute(sql, args).fetchone()


def required(label: str):
    return lambda: _("{label} is required.").format(label=_(label))


def future(label: str):
    return lambda: _("{label} cannot be in the future.").format(label=_(label))


def choose(label: str):
    return lambda: _("{label}: choose one of the listed options.").format(label=_(label))


def not_before(label: str, other: str):
    return lambda: _("{label} cannot be before {other}.").format(label=_(label), other=_(other))


def text(msgid: str, **kw):
    return lambda: _(msgid).format(**kw)


@dataclass
class Spec:
    name: str
    valid: dict
    written: object  # (store, case_id) -> bool
    refusals: list = field(default_factory=list)
    code: str = "DEMO-0001"
    kwargs: dict = field(default_factory=dict)


SPECS = [
    Spec("meeting",
         {"kind": "mdo", "held_on": "vandaag", "youth_present": True, "parents_present": True,
          "note": "Besproken: school en thuis."},
         lambda s, c: _one(s, "SELECT COUNT(*) FROM meeting WHERE case_id=? AND kind='mdo' "
                              "AND held_on='2026-11-16' AND youth_present=1", c)[0] == 1,
         [({"held_on": "31-02-2026"}, "held_on", text("{text} does not exist.",
                                                      text="31-02-2026")),
          ({"held_on": ""}, "held_on", text("Give the date it was held, or the planned date.")),
          ({"held_on": "01-01-2027"}, "held_on", future("Date held")),
          ({"held_on": "01-01-2020"}, "held_on", not_before("Date held", "the start date")),
          ({"kind": None}, "kind", choose("Kind")),
          ({"held_on": "", "planned_on": "01-12-2026"}, "youth_present", text(
              "Who took part can only be recorded for a meeting that was held."))]),
    Spec("event",
         {"kind": "crisis", "occurred_on": "gisteren", "description": "Crisisopname."},
         lambda s, c: _one(s, "SELECT COUNT(*) FROM significantevent WHERE case_id=? "
                              "AND kind='crisis' AND occurred_on='2026-11-15'", c)[0] == 1,
         [({"kind": None}, "kind", choose("Kind")),
          ({"occurred_on": ""}, "occurred_on", required("Date")),
          ({"occurred_on": "morgen"}, "occurred_on", text(
              "\"{text}\" is not a date: type it as dd-mm-yyyy (for example {example}), or "
              "\"today\" or \"yesterday\".", text="morgen", example="16-11-2026")),
          ({"kind": "other", "description": ""}, "description", required("Description"))]),
    Spec("regime",
         {"regime": "PR", "start_on": "vandaag", "note": "Afgeschaald na OVV."},
         lambda s, c: _one(s, "SELECT regime FROM regimechange WHERE case_id=? "
                              "ORDER BY start_on DESC, id DESC", c)[0] == "PR",
         [({"start_on": ""}, "start_on", required("Start date")),
          ({"regime": "VPR"}, "ovv_decision_on", required("OVV decision date")),
          ({"regime": "VPR", "ovv_decision_on": "01-11-2026"}, "regime", text(
              "The case is already in this regime.")),
          ({"start_on": "01-01-2026"}, "start_on", not_before(
              "Start date", "the start of the current regime"))]),
    Spec("marking_letter", {"sent_on": "vandaag"},
         lambda s, c: _one(s, "SELECT marking_letter_on FROM care_case WHERE id=?", c)[0]
         == "2026-11-16",
         [({"sent_on": ""}, "sent_on", required("Date sent")),
          ({"sent_on": "2027-01-01"}, "sent_on", future("Date sent"))]),
    Spec("case_director",
         {"name": "A. Nieuw", "organisation": "GGZ Proefregio", "named_on": "vandaag"},
         lambda s, c: _one(s, "SELECT case_director_name FROM care_case WHERE id=?", c)[0]
         == "A. Nieuw",
         [({"name": ""}, "name", required("Case director")),
          ({"organisation": ""}, "organisation", required("Organisation")),
          ({"named_on": ""}, "named_on", required("Date named"))]),
    Spec("role_agreement",
         {"agreed_on": "vandaag", "note": "PR bewaakt, CR voert uit en roept MDO bijeen."},
         lambda s, c: _one(s, "SELECT role_agreement_on FROM care_case WHERE id=?", c)[0]
         == "2026-11-16",
         [({"agreed_on": ""}, "agreed_on", required("Date agreed")),
          ({"note": ""}, "note", required("Agreements")),
          ({"agreed_on": "01-05-2026"}, "agreed_on", not_before(
              "Date agreed", "the date the case director was named"))]),
    Spec("escalation_request",
         {"level": "manager", "requested_on": "vandaag", "reason": "Geen plek in zicht."},
         lambda s, c: _one(s, "SELECT COUNT(*) FROM escalation WHERE case_id=? "
                              "AND level='manager'", c)[0] == 1,
         [({"level": None}, "level", choose("Level")),
          ({"reason": ""}, "reason", required("Reason")),
          ({"requested_on": "17-11-2026"}, "requested_on", future("Date requested"))]),
    Spec("escalation_decision",
         {"decision": "granted", "decided_on": "vandaag", "outcome": "RET zoekt een plek."},
         lambda s, c: _one(s, "SELECT decision FROM escalation WHERE case_id=?", c)[0]
         == "granted",
         [({"decision": None}, "decision", choose("Decision")),
          ({"decided_on": ""}, "decided_on", required("Date decided")),
          ({"decided_on": "01-10-2026"}, "decided_on", not_before(
              "Date decided", "the date requested")),
          ({"escalation_id": None}, "escalation_id", text(
              "Choose the escalation that was decided."))]),
    Spec("risk_assessment",
         {"assessed_on": "vandaag", "instrument": "LIRIK", "outcome": "Risico's in beeld."},
         lambda s, c: _one(s, "SELECT COUNT(*) FROM riskassessment WHERE case_id=?", c)[0]
         == 1,
         [({"assessed_on": ""}, "assessed_on", required("Date assessed")),
          ({"outcome": ""}, "outcome", required("Outcome"))]),
    Spec("acknowledge",
         {"reason": "MDO uitgesteld in overleg met de manager.", "until": "01-12-2026"},
         lambda s, c: _one(s, "SELECT until FROM acknowledgement WHERE case_id=? "
                              "AND code='MDO_OVERDUE'", c) == ("2026-12-01",),
         [({"reason": ""}, "reason", required("Reason")),
          ({"until": ""}, "until", required("Until")),
          ({"until": "gisteren"}, "until", text("Until cannot be in the past.")),
          # Issue 15.2: no hiding a signal for years; the message names the team's limit.
          ({"until": "01-01-2030"}, "until", _acknowledge_limit)],
         kwargs={"code": "MDO_OVERDUE"}),
    Spec("close_case",
         {"closed_on": "vandaag", "reason": "goals_reached", "handover_to": "Buurtteam",
          "handover_on": "vandaag", "aftercare": "Nazorggesprek over 3 maanden."},
         lambda s, c: _one(s, "SELECT status, handover_to FROM care_case WHERE id=?", c)
         == ("closed", "Buurtteam"),
         [({"reason": None}, "reason", choose("Closing reason")),
          ({"handover_to": "", "handover_on": ""}, "handover_to", text(
              "Record the warm hand-over and aftercare, or say why none is needed.")),
          ({"handover_on": ""}, "handover_on", text(
              "A warm hand-over needs both who it was to and the date.")),
          ({"closed_on": ""}, "closed_on", required("Date closed"))]),
    Spec("handover",
         {"handover_to": "Buurtteam Noord", "handover_on": "10-11-2026",
          "aftercare": "Nazorggesprek in januari."},
         lambda s, c: _one(s, "SELECT status, handover_to, handover_on FROM care_case "
                              "WHERE id=?", c) == ("closed", "Buurtteam Noord", "2026-11-10"),
         [({"handover_to": "", "handover_on": ""}, "handover_to", text(
             "Record the warm hand-over and aftercare, or say why none is needed.")),
          ({"handover_on": ""}, "handover_on", text(
              "A warm hand-over needs both who it was to and the date.")),
          ({"handover_on": "01-01-2027"}, "handover_on", future("Date of hand-over"))],
         code="DEMO-0013"),
    Spec("duo_partner", {"consultant_id": 4},
         lambda s, c: _one(s, "SELECT duo_partner_id FROM care_case WHERE id=?", c)[0] == 4,
         [({"consultant_id": None}, "consultant_id", required("Duo partner"))]),
    Spec("duo_review",
         {"reviewer_id": 3, "reviewed_on": "vandaag", "verdict": "agreed"},
         lambda s, c: _one(s, "SELECT COUNT(*) FROM duoreview WHERE case_id=? "
                              "AND reviewed_on='2026-11-16'", c)[0] == 1,
         [({"verdict": "concerns"}, "remarks", required("Remarks")),
          ({"reviewer_id": None}, "reviewer_id", required("Reviewer")),
          ({"reviewer_id": 2}, "reviewer_id", text(
              "The process director cannot review their own case as duo partner.")),
          ({"verdict": None}, "verdict", choose("Verdict"))]),
    Spec("plan_still_fits",
         {"decided_on": "vandaag", "reason": "Plan blijft passend; RET is ingeschakeld."},
         lambda s, c: _one(s, "SELECT COUNT(*) FROM plandecision WHERE case_id=? "
                              "AND kind='still_fits'", c)[0] == 1,
         [({"reason": ""}, "reason", required("Reason")),
          ({"decided_on": "01-01-2027"}, "decided_on", future("Date decided"))]),
    Spec("lead_organisation",
         {"cross_region": True, "lead_organisation": "Jeugdzorg Voorbeeldstad"},
         lambda s, c: _one(s, "SELECT cross_region, lead_organisation FROM care_case "
                              "WHERE id=?", c) == (1, "Jeugdzorg Voorbeeldstad"),
         [({"lead_organisation": "x" * 121}, "lead_organisation",
           lambda: _("{label} is too long: at most {n} characters.").format(
               label=_("Lead organisation"), n=120))]),
    Spec("waiting", {"since": "01-11-2026", "waiting_for": "Behandelplek klinisch"},
         lambda s, c: _one(s, "SELECT waiting_since FROM care_case WHERE id=?", c)[0]
         == "2026-11-01",
         [({"waiting_for": ""}, "waiting_for", required("Waiting for")),
          ({"since": "99-99-2026"}, "since", text("{text} does not exist.",
                                                  text="99-99-2026"))]),
    Spec("person", {"name": "Noor Berk", "role": "youth", "birth_year": "2012"},
         lambda s, c: _one(s, "SELECT birth_year FROM person WHERE case_id=? "
                              "AND name='Noor Berk'", c) == (2012,),
         [({"name": ""}, "name", required("Name")),
          ({"role": None}, "role", choose("Role")),
          ({"birth_year": "twaalf"}, "birth_year", text(
              "Birth year: type four digits, for example 2011.")),
          ({"birth_year": "1800"}, "birth_year",
           lambda: _("{label} must be a year between 1900 and {year}.").format(
               label=_("Birth year"), year=2026))]),
    Spec("professional",
         {"name": "J. Hulp", "organisation": "GGZ Proefregio", "role": "behandelaar"},
         lambda s, c: _one(s, "SELECT COUNT(*) FROM professional WHERE case_id=? "
                              "AND name='J. Hulp'", c)[0] == 1,
         [({"name": ""}, "name", required("Name")),
          ({"organisation": ""}, "organisation", required("Organisation")),
          ({"role": ""}, "role", required("Role"))]),
]

NEW_CASE = Spec(
    "new_case",
    {"code": "NIEUW-1", "alias": "Gezin Nieuw", "opened_on": "vandaag", "regime": "PR",
     "youth_name": "Sem Nieuw", "youth_birth_year": "2014", "parent_name": "Ilse Nieuw"},
    lambda s, c: _one(s, "SELECT COUNT(*) FROM person p JOIN care_case c ON c.id=p.case_id "
                         "WHERE c.code='NIEUW-1'")[0] == 2,
    [({"code": ""}, "code", required("Case code")),
     ({"alias": ""}, "alias", required("Family alias")),
     ({"code": "DEMO-0001"}, "code", text("There is already a case with code {code}.",
                                          code="DEMO-0001")),
     ({"regime": "VPR"}, "ovv_decision_on", required("OVV decision date")),
     ({"opened_on": "31-04-2026"}, "opened_on", text("{text} does not exist.",
                                                     text="31-04-2026"))])

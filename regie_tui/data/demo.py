"""A deterministic, clearly fictional caseload of any size.

The first cases are crafted so that every signal code occurs on the anchor
date (case DEMO-0001 shows the inspection's findings all at once); the rest
are varied but plausible. Case ``i`` depends only on (seed, anchor, i), so a
10,000-case store starts with the same cases as the 150-case demo.

Rows go in through executemany on one DB-API connection, in one
transaction, so 100,000 cases take seconds rather than minutes.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from pathlib import Path

from regie_tui.data.bulk import COLUMNS, insert_all
from regie_tui.rules import vocab

DEMO_SIZE = 150
SEED = 2026
# Bump when the generator changes, so stores made by an older one are rebuilt.
GENERATOR_VERSION = "2"
TEAM = [
    ("Sanne Voorbeeld", vocab.CONSULTANT),
    ("Joris Fictief", vocab.CONSULTANT),
    ("Leila Proef", vocab.CONSULTANT),
    ("Bram Oefen", vocab.CONSULTANT),
    ("Mirjam Model", vocab.BEHAVIOURAL_SCIENTIST),
]
FAMILIES = ["Appel", "Berk", "Citroen", "Den", "Eik", "Framboos", "Gagel", "Hazelaar", "Iep",
            "Jasmijn", "Kers", "Linde", "Mispel", "Noot", "Olijf", "Peer", "Kweepeer", "Roos",
            "Spar", "Tulp", "Ui", "Vlier", "Wilg", "Yucca", "Zonnebloem"]
YOUTH = ["Noor", "Daan", "Mila", "Sem", "Lotte", "Finn", "Yara", "Luuk", "Sara", "Milan",
         "Evi", "Jesse", "Lina", "Thijs", "Fenna", "Ravi", "Iris", "Amir", "Roos", "Levi"]
PARENTS = ["Petra", "Marco", "Ilse", "Ahmed", "Karin", "Dennis", "Fatima", "Erik", "Ayse", "Rob"]
ORGS = ["Jeugdzorg Voorbeeldstad", "GGZ Proefregio", "Begeleid Wonen Fictief", "Levvel-demo",
        "Veilig Thuis Demo"]
CASE_DIRECTORS = ["K. Casus", "M. Regie", "T. Hulpverlener", "A. Behandelaar"]

# Crafted cases: the signal each one is built to show (index = case number - 1).
CRAFTED = [
    "INSPECTION", "FIRST_MDO_OVERDUE", "START_MEETING_MISSING", "MARKING_LETTER_MISSING",
    "CASE_DIRECTOR_MISSING", "DUO_PARTNER_MISSING", "DUO_REVIEW_OVERDUE", "PLAN_MISSING",
    "GOAL_OVERDUE", "STAGNATION", "RISK_ASSESSMENT_MISSING", "LEAD_AGREEMENT_MISSING",
    "HANDOVER_INCOMPLETE", "MDO_OVERDUE_PR", "DUE_SOON", "HEALTHY_VPR", "HEALTHY_PR",
]



class _Rows:
    """Row buffers per table, with the id counters rows link by."""

    def __init__(self):
        self.rows: dict[str, list[tuple]] = defaultdict(list)
        self.ids: dict[str, int] = defaultdict(int)

    def add(self, table: str, **values) -> int | None:
        if "id" in COLUMNS[table] and "id" not in values:
            self.ids[table] += 1
            values["id"] = self.ids[table]
        self.rows[table].append(tuple(values.get(c) for c in COLUMNS[table]))
        return values.get("id")


class _CaseBuilder:
    def __init__(self, rows: _Rows, case_id: int, today: dt.date, rng: random.Random,
                 team_ids: list[int]):
        self.r, self.id, self.today, self.rng = rows, case_id, today, rng
        self.team = team_ids
        family = FAMILIES[case_id % len(FAMILIES)]
        self.case = dict(
            id=case_id, code=f"DEMO-{case_id:04d}" if case_id < 10_000 else f"DEMO-{case_id}",
            alias=f"Gezin {family} ({case_id})", status=vocab.ACTIVE,
            process_director_id=team_ids[case_id % len(team_ids)], version=1, cross_region=0,
        )
        self.family = family
        self.plans = 0

    def ago(self, days: int) -> dt.date:
        return self.today - dt.timedelta(days=days)

    def people(self):
        rng = self.rng
        youth = rng.choice(YOUTH)
        self.r.add("person", case_id=self.id, name=f"{youth} {self.family}",
                   birth_year=self.today.year - rng.randint(4, 17), role="youth")
        for _ in range(rng.randint(1, 2)):
            self.r.add("person", case_id=self.id, name=f"{rng.choice(PARENTS)} {self.family}",
                       birth_year=self.today.year - rng.randint(28, 50), role="parent")

    def professionals(self, n: int):
        for i in range(n):
            self.r.add("professional", case_id=self.id, name=f"Professional {i + 1}",
                       organisation=self.rng.choice(ORGS), role="hulpverlener")

    def regime(self, regime: str, start: dt.date, ovv: dt.date | None = None):
        self.r.add("regimechange", case_id=self.id, regime=regime, start_on=start,
                   ovv_decision_on=ovv)

    def meeting(self, kind: str, held: dt.date | None, youth=False, parents=False,
                planned: dt.date | None = None):
        self.r.add("meeting", case_id=self.id, kind=kind, held_on=held, planned_on=planned,
                   youth_present=int(youth), parents_present=int(parents))

    def series(self, kind: str, start: dt.date, every: int, youth=False, until=None):
        """Meetings every ``every`` days (with jitter) from ``start`` up to ``until``."""
        day, end = start, until or self.today
        while day <= end:
            self.meeting(kind, day, youth=youth, parents=True)
            day += dt.timedelta(days=max(7, every + self.rng.randint(-6, 4)))

    def director(self, named: dt.date, agreement: dt.date | None):
        self.case.update(case_director_name=self.rng.choice(CASE_DIRECTORS),
                         case_director_org=self.rng.choice(ORGS), case_director_named_on=named,
                         role_agreement_on=agreement,
                         role_agreement_note="Rolverdeling vastgelegd." if agreement else None)

    def plan(self, agreed: dt.date | None, deadlines=(60, 150), safety=vocab.SAFE) -> int:
        """A plan with goals due ``deadlines`` days from today (negative: already past)."""
        self.plans += 1
        plan_id = self.r.add("planversion", case_id=self.id, number=self.plans,
                             status=vocab.AGREED if agreed else vocab.DRAFT,
                             origin=self.rng.choice(list(vocab.PLAN_ORIGINS)),
                             created_on=agreed or self.ago(5), agreed_on=agreed,
                             agreed_by_parents=1, agreed_by_youth=1, agreed_by_case_director=1,
                             safety=safety)
        base = self.today
        for i, days in enumerate(deadlines):
            self.r.add("goal", plan_version_id=plan_id, position=i,
                       description=f"Doel {i + 1}", intended_result="Resultaat afgesproken",
                       deadline=base + dt.timedelta(days=days), owner="family", status="open")
        self.r.add("planfactor", plan_version_id=plan_id, kind="protective", position=0,
                   text="Betrokken netwerk")
        self.r.add("planfactor", plan_version_id=plan_id, kind="threatening", position=1,
                   text="Spanningen thuis")
        return plan_id

    def event(self, kind: str, on: dt.date) -> int:
        return self.r.add("significantevent", case_id=self.id, kind=kind, occurred_on=on,
                          description=None)

    def decision(self, kind: str, on: dt.date, answers=(), plan_id=None):
        decision_id = self.r.add("plandecision", case_id=self.id, kind=kind, decided_on=on,
                                 reason="Besproken in MDO", plan_version_id=plan_id)
        for event_id in answers:
            self.r.add("plandecisionevent", decision_id=decision_id, event_id=event_id)

    def escalation(self, level: str, requested: dt.date, decided: dt.date | None = None):
        self.r.add("escalation", case_id=self.id, level=level, requested_on=requested,
                   reason="Voortgang stagneert", decision=vocab.GRANTED if decided else None,
                   decided_on=decided)

    def duo(self, partner: int | None, reviews: list[dt.date]):
        self.case["duo_partner_id"] = partner
        for day in reviews:
            self.r.add("duoreview", case_id=self.id, reviewer_id=partner, reviewed_on=day,
                       verdict="agreed", remarks=None, read_on=day)

    def partner(self) -> int:
        pd = self.case["process_director_id"]
        return self.team[(self.team.index(pd) + 1) % len(self.team)]

    # -- shapes -------------------------------------------------------------
    def healthy_vpr(self, vpr_days_ago: int = 200):
        decided = self.ago(vpr_days_ago)
        opened = decided - dt.timedelta(days=100)
        self.case["opened_on"] = opened
        self.regime(vocab.PR, opened)
        self.regime(vocab.VPR, decided, decided)
        self.case["marking_letter_on"] = decided + dt.timedelta(days=3)
        start = decided + dt.timedelta(days=8)
        self.meeting(vocab.START_MEETING, start, youth=True, parents=True)
        self.professionals(2)
        self.director(start, start + dt.timedelta(days=5))
        self.plan(opened + dt.timedelta(days=20))
        self.series(vocab.MDO, start + dt.timedelta(days=30), 36, until=self.ago(8))
        self.series(vocab.YOUTH_CONTACT, start + dt.timedelta(days=10), 20, youth=True,
                    until=self.ago(4))
        self.duo(self.partner(), [self.ago(d) for d in (60, 18)])

    def healthy_pr(self):
        opened = self.ago(self.rng.randint(120, 700))
        self.case["opened_on"] = opened
        self.regime(vocab.PR, opened)
        self.professionals(self.rng.randint(1, 3))
        self.director(opened + dt.timedelta(days=14), opened + dt.timedelta(days=20))
        self.plan(opened + dt.timedelta(days=25), deadlines=(self.rng.randint(20, 200), 300))
        self.series(vocab.EVALUATION, opened + dt.timedelta(days=60), 80, until=self.ago(10))
        self.series(vocab.YOUTH_CONTACT, opened + dt.timedelta(days=10), 70, youth=True,
                    until=self.ago(5))

    def crafted(self, shape: str):
        c, ago = self.case, self.ago
        if shape in ("HEALTHY_PR", "MDO_OVERDUE_PR", "HANDOVER_INCOMPLETE",
                     "CASE_DIRECTOR_MISSING", "LEAD_AGREEMENT_MISSING", "PLAN_MISSING"):
            self.healthy_pr() if shape != "PLAN_MISSING" else self._pr_without_plan()
        else:
            self.healthy_vpr()
        if shape == "INSPECTION":
            self._inspection_case()
        elif shape == "FIRST_MDO_OVERDUE":
            self._fresh_vpr(decided=60, start=50, mdo=False)
        elif shape == "START_MEETING_MISSING":
            self._fresh_vpr(decided=25, start=None, mdo=False)
        elif shape == "MARKING_LETTER_MISSING":
            c["marking_letter_on"] = None
        elif shape == "CASE_DIRECTOR_MISSING":
            c.update(case_director_name=None, case_director_org=None,
                     case_director_named_on=None, role_agreement_on=None)
        elif shape == "DUO_PARTNER_MISSING":
            c["duo_partner_id"] = None
        elif shape == "DUO_REVIEW_OVERDUE":
            self.r.rows["duoreview"] = [r for r in self.r.rows["duoreview"] if r[0] != self.id]
            self.duo(self.partner(), [ago(75)])
        elif shape == "GOAL_OVERDUE":
            plan = self.plan(ago(150), deadlines=(-50, 100))
            self.decision(vocab.ADJUSTED, ago(150), plan_id=plan)
        elif shape == "STAGNATION":
            c.update(waiting_since=ago(80), waiting_for="Behandelplek klinisch")
        elif shape == "RISK_ASSESSMENT_MISSING":
            event = self.event(vocab.CARE_AVOIDANCE, ago(30))
            self.decision(vocab.STILL_FITS, ago(25), answers=[event])
        elif shape == "LEAD_AGREEMENT_MISSING":
            c.update(cross_region=1, lead_organisation=None)
        elif shape == "HANDOVER_INCOMPLETE":
            c.update(status=vocab.CLOSED, closed_on=ago(20), closing_reason="goals_reached")
        elif shape == "MDO_OVERDUE_PR":
            self.r.rows["meeting"] = [r for r in self.r.rows["meeting"]
                                      if not (r[0] == self.id and r[2] == vocab.EVALUATION)]
            self.meeting(vocab.EVALUATION, ago(120))
        elif shape == "DUE_SOON":
            self.r.rows["duoreview"] = [r for r in self.r.rows["duoreview"] if r[0] != self.id]
            self.duo(self.partner(), [ago(38)])

    def _pr_without_plan(self):
        opened = self.ago(60)
        self.case["opened_on"] = opened
        self.regime(vocab.PR, opened)
        self.professionals(1)
        self.director(opened + dt.timedelta(days=7), opened + dt.timedelta(days=10))
        self.meeting(vocab.YOUTH_CONTACT, self.ago(12), youth=True)

    def _fresh_vpr(self, decided: int, start: int | None, mdo: bool):
        self.r.rows["regimechange"] = [r for r in self.r.rows["regimechange"] if r[0] != self.id]
        self.r.rows["meeting"] = [r for r in self.r.rows["meeting"] if r[0] != self.id]
        self.r.rows["duoreview"] = [r for r in self.r.rows["duoreview"] if r[0] != self.id]
        when = self.ago(decided)
        self.regime(vocab.PR, self.case["opened_on"])
        self.regime(vocab.VPR, when, when)
        self.case["marking_letter_on"] = when + dt.timedelta(days=2)
        if start is not None:
            self.meeting(vocab.START_MEETING, self.ago(start), youth=True, parents=True)
            self.director(self.ago(start), self.ago(start - 3))
        self.meeting(vocab.YOUTH_CONTACT, self.ago(6), youth=True)
        self.duo(self.partner(), [self.ago(10)])

    def _inspection_case(self):
        """Seed 001 in one case: nobody spoke with the youth, the plan was never adjusted
        after events, no role agreement, MDOs lapsed, escalation left undecided."""
        ago = self.ago
        self.r.rows["meeting"] = [r for r in self.r.rows["meeting"] if r[0] != self.id]
        self.meeting(vocab.START_MEETING, self.case["opened_on"] + dt.timedelta(days=108),
                     parents=True)
        self.meeting(vocab.MDO, ago(70), parents=True)
        self.meeting(vocab.PARENT_CONTACT, ago(20), parents=True)
        self.case.update(role_agreement_on=None, role_agreement_note=None)
        self.event(vocab.PLACEMENT_FELL_THROUGH, ago(40))
        self.event(vocab.STAY_INDEFINITE, ago(30))
        self.event(vocab.LOST_PERSPECTIVE, ago(21))
        self.escalation(vocab.ESC_RET, ago(30))
        self.case.update(waiting_since=ago(45), waiting_for="Behandelplek")

    def random(self):
        rng, ago = self.rng, self.ago
        roll = rng.random()
        if roll < 0.35:
            self.healthy_vpr(rng.randint(60, 400))
            if rng.random() < 0.15:
                self.case["role_agreement_on"] = None
            if rng.random() < 0.1:
                self.case["marking_letter_on"] = None
        else:
            self.healthy_pr()
        if rng.random() < 0.25:
            event = self.event(rng.choice([vocab.PLACEMENT_FELL_THROUGH, vocab.CRISIS,
                                           vocab.LOST_PERSPECTIVE, vocab.MOVED_REGION]),
                               ago(rng.randint(3, 60)))
            if rng.random() < 0.6:
                self.decision(vocab.STILL_FITS, self.today, answers=[event])
        if rng.random() < 0.12:
            requested = ago(rng.randint(3, 60))
            decided = requested + dt.timedelta(days=rng.randint(3, 12))
            self.escalation(rng.choice(list(vocab.ESCALATION_LEVELS)), requested,
                            decided if decided <= self.today and rng.random() < 0.6 else None)
        if rng.random() < 0.08:
            self.case.update(waiting_since=ago(rng.randint(10, 120)), waiting_for="Behandelplek")
        if rng.random() < 0.06:
            self.case.update(cross_region=1,
                             lead_organisation=rng.choice(ORGS) if rng.random() < 0.7 else None)
        if rng.random() < 0.06:
            on = ago(rng.randint(5, 60))
            self.event(vocab.CARE_AVOIDANCE, on)
            if rng.random() < 0.6:
                self.r.add("riskassessment", case_id=self.id,
                           assessed_on=min(self.today, on + dt.timedelta(days=5)),
                           instrument="LIRIK", outcome="Risico's in beeld")
        if rng.random() < 0.15:
            closed = ago(rng.randint(5, 200))
            if closed > self.case["opened_on"]:
                handover = rng.random() < 0.9
                self.case.update(status=vocab.CLOSED, closed_on=closed,
                                 closing_reason="goals_reached",
                                 handover_to="Voorveld: buurtteam" if handover else None,
                                 handover_on=closed if handover else None,
                                 aftercare="Nazorggesprek na 3 maanden" if handover else None)


def build_rows(n_cases: int, today: dt.date, seed: int = SEED) -> _Rows:
    rows = _Rows()
    for name, role in TEAM:
        rows.add("consultant", name=name, role=role)
    consultants = [i + 1 for i, (_, role) in enumerate(TEAM) if role == vocab.CONSULTANT]
    scientist = next(i + 1 for i, (_, role) in enumerate(TEAM)
                     if role == vocab.BEHAVIOURAL_SCIENTIST)
    # Caseload reviews every four weeks; the last consultant's is overdue.
    for index, cid in enumerate(consultants):
        last = 40 if index == len(consultants) - 1 else 5 + 4 * index
        for k in range(4):
            rows.add("meeting", case_id=None, consultant_id=cid, kind=vocab.CASELOAD_REVIEW,
                     held_on=today - dt.timedelta(days=last + 28 * k), youth_present=0,
                     parents_present=0, recorded_by_id=scientist)
    for i in range(1, n_cases + 1):
        rng = random.Random(seed * 1_000_003 + i)
        builder = _CaseBuilder(rows, i, today, rng, consultants)
        builder.people()
        if i <= len(CRAFTED):
            builder.crafted(CRAFTED[i - 1])
        else:
            builder.random()
        rows.add("care_case", **builder.case)
    return rows


def generate(path: Path, n_cases: int = DEMO_SIZE, today: dt.date | None = None,
             seed: int = SEED) -> Path:
    """Create a fresh demo store at ``path`` anchored on ``today``."""
    from regie_tui.base.clock import Clock
    from regie_tui.data.store import Store

    today = today or dt.date.today()
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    store = Store.open(path, Clock(today), actor="demo")
    rows = build_rows(n_cases, today, seed)
    with store.read() as conn:
        conn.execute("BEGIN IMMEDIATE")
        insert_all(conn, rows.rows)
        conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", [
            ("demo_anchor", today.isoformat()), ("demo_cases", str(n_cases)),
            ("demo_seed", str(seed)), ("demo_generator", GENERATOR_VERSION)])
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
    with store.session() as session:
        from regie_tui.data import audit

        audit.append(session, at=store.clock.now().isoformat(timespec="seconds"),
                     actor="demo", action="generate_demo", object=f"cases:{n_cases}",
                     device=store.device)
    store.close()
    return path


def ensure_demo(path: Path, today: dt.date, n_cases: int = DEMO_SIZE) -> Path:
    """The demo store for ``today``: reused when it matches, regenerated otherwise."""
    import sqlite3

    if path.exists():
        try:
            conn = sqlite3.connect(path)
            try:
                meta = dict(conn.execute("SELECT key, value FROM meta"))
                from regie_tui.data.migrate import needs_upgrade

                current = not needs_upgrade(conn)
            finally:
                conn.close()
            if (current and meta.get("demo_anchor") == today.isoformat()
                    and meta.get("demo_cases") == str(n_cases)
                    and meta.get("demo_generator") == GENERATOR_VERSION):
                return path
        except sqlite3.DatabaseError:
            pass
    return generate(path, n_cases, today)

"""Time the rules engine on synthetic caseloads built in memory.

    .venv/bin/python bench/bench_engine.py [sizes ...]   # default: 10000 100000

Each case has about 20 facts (regimes, meetings, events, plan versions with
goals, decisions, escalations, duo reviews, risk assessments). Prints the
median of 5 runs of ``evaluate`` per size (wall clock and process CPU time,
the latter less disturbed by other load on the machine); the target is <= 100 ms for
10,000 cases on a 2-core machine.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from regie_tui.rules import facts as F  # noqa: E402
from regie_tui.rules import vocab  # noqa: E402
from regie_tui.rules.engine import evaluate  # noqa: E402
from regie_tui.rules.intervals import Intervals  # noqa: E402

TODAY = dt.date(2026, 3, 2)
EVENT_KINDS = tuple(vocab.EVENT_KINDS)


def build_case(rng: random.Random, cid: int) -> F.CaseFacts:
    day = dt.timedelta
    opened = TODAY - day(days=rng.randint(30, 400))
    vpr = rng.random() < 0.35
    regimes = [F.RegimePeriod(vocab.PR, opened)]
    decided = None
    if vpr:
        decided = opened + day(days=rng.randint(0, 20))
        regimes.append(F.RegimePeriod(vocab.VPR, decided, decided))
    span = (TODAY - opened).days
    mid = 100 + cid * 10
    meetings = []
    if vpr:
        meetings.append(F.Meeting(mid, vocab.START_MEETING, held_on=decided + day(days=rng.randint(3, 12))))
    # Regular MDOs and contacts, most of them on time, some falling behind.
    for kind, every in ((vocab.MDO, 45 if vpr else 80), (vocab.YOUTH_CONTACT, 25 if vpr else 60),
                        (vocab.HOME_VISIT, 40)):
        on = opened + day(days=rng.randint(5, 20))
        while on <= TODAY and len(meetings) < 12:
            meetings.append(F.Meeting(mid + 1 + len(meetings), kind, held_on=on,
                                      youth_present=kind != vocab.MDO or rng.random() < 0.3))
            on += day(days=rng.randint(every // 2, every + every // 4))
    meetings.sort(key=lambda m: m.held_on)
    meetings.append(F.Meeting(mid + 19, vocab.MDO, planned_on=TODAY + day(days=20)))
    events = sorted(
        (F.Event(mid + 20 + i, rng.choice(EVENT_KINDS), opened + day(days=rng.randint(0, span)))
         for i in range(rng.randint(0, 4))),
        key=lambda e: e.occurred_on,
    )
    plans = []
    if rng.random() < 0.9:
        created = opened + day(days=rng.randint(5, 40))
        goals = tuple(
            F.Goal(mid + 40 + g, created + day(days=rng.randint(30, 200)),
                   rng.choice((vocab.GOAL_OPEN, vocab.GOAL_OPEN, "achieved")))
            for g in range(rng.randint(2, 5))
        )
        plans.append(F.PlanVersion(mid + 30, 1, vocab.AGREED, created, created,
                                   rng.choice((vocab.SAFE, vocab.SAFE, vocab.CONCERNS)), goals))
    decisions = []
    if events and rng.random() < 0.6:
        e = events[0]
        decisions.append(F.PlanDecision(mid + 50, vocab.STILL_FITS, e.occurred_on + day(days=5),
                                        (e.id,)))
    escalations = []
    if rng.random() < 0.2:
        requested = opened + day(days=rng.randint(0, span))
        escalations.append(F.Escalation(mid + 60, vocab.ESC_MANAGER, requested,
                                        None if rng.random() < 0.5 else requested + day(days=3)))
    duo = ()
    if vpr:
        duo = tuple(F.DuoReview(2, decided + day(days=d))
                    for d in sorted(rng.sample(range(5, max(6, (TODAY - decided).days)), 2)))
    risks = (opened + day(days=rng.randint(0, span)),) if rng.random() < 0.3 else ()
    return F.CaseFacts(
        id=cid, code=f"C-{cid:06d}", alias=f"Case {cid}", status=vocab.ACTIVE, opened_on=opened,
        process_director_id=1, duo_partner_id=2 if vpr else None,
        case_director_name="Provider X" if rng.random() < 0.8 else None,
        case_director_named_on=opened + day(days=5),
        role_agreement_on=opened + day(days=10) if rng.random() < 0.7 else None,
        marking_letter_on=decided, cross_region=rng.random() < 0.05,
        waiting_since=opened + day(days=10) if rng.random() < 0.1 else None,
        professionals=rng.randint(0, 3),
        regimes=tuple(regimes), meetings=tuple(meetings), events=tuple(events),
        plans=tuple(plans), decisions=tuple(decisions), escalations=tuple(escalations),
        duo_reviews=duo, risk_assessments=risks,
    )


def build_caseload(n: int, seed: int = 7) -> F.Caseload:
    rng = random.Random(seed)
    consultants = {
        i: F.ConsultantFacts(i, f"Consultant {i}", vocab.CONSULTANT,
                             (TODAY - dt.timedelta(days=rng.randint(5, 40)),))
        for i in range(1, 1 + max(1, n // 40))
    }
    return F.Caseload([build_case(rng, i) for i in range(1, n + 1)], consultants)


def bench(n: int, runs: int = 5) -> tuple[float, float, int, float]:
    caseload = build_caseload(n)
    facts = sum(
        len(c.regimes) + len(c.meetings) + len(c.events) + len(c.plans)
        + sum(len(p.goals) for p in c.plans) + len(c.decisions) + len(c.escalations)
        + len(c.duo_reviews) + len(c.risk_assessments)
        for c in caseload.cases
    ) / n
    iv = Intervals()
    wall, cpu = [], []
    count = 0
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        count = len(evaluate(caseload, TODAY, iv))
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000, count, facts


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv[1:]] or [10_000, 100_000]
    for n in sizes:
        ms, cpu_ms, count, facts = bench(n)
        print(f"evaluate {n:>7} cases (~{facts:.1f} facts each): median of 5 = {ms:7.1f} ms "
              f"wall, {cpu_ms:7.1f} ms CPU ({count} signals)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

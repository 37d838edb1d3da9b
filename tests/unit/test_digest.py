"""The digest: the stable JSON record, CSV and the plain-text table."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from regie_tui.base.i18n import set_language
from regie_tui.rules import signals as S
from regie_tui.rules.facts import Acknowledgement, ConsultantFacts
from regie_tui.rules.signals import ATTENTION, OVERDUE, Signal
from regie_tui.views import digest

T = dt.date(2026, 3, 2)
KEYS = ["code", "severity", "case_code", "consultant", "due", "title", "explanation", "source",
        "action", "acknowledged", "acknowledged_until", "acknowledgement_reason"]
CONSULTANTS = {3: ConsultantFacts(3, "A. de Vries", "consultant")}


def _signals():
    ack = Acknowledgement(S.GOAL_OVERDUE, dt.date(2026, 3, 12), "Uitgesteld tot 12 maart", T)
    return [
        Signal(S.LEAD_AGREEMENT_MISSING, ATTENTION, None, 1, "C-1", 3),
        Signal(S.MDO_OVERDUE, OVERDUE, dt.date(2026, 2, 14), 1, "C-1", 3,
               (("last", dt.date(2026, 1, 3)), ("regime", "VPR"), ("interval", 42),
                ("today", T))),
        Signal(S.GOAL_OVERDUE, OVERDUE, dt.date(2026, 2, 20), 2, "C-2", 3,
               (("overdue", 1), ("deadline", dt.date(2026, 2, 20)), ("today", T)), ack),
        Signal(S.CASELOAD_REVIEW_OVERDUE, OVERDUE, None, None, None, 3,
               (("variant", "none"), ("interval", 28))),
    ]


def test_record_shape_is_exactly_the_documented_one():
    record = digest.signal_record(_signals()[1], CONSULTANTS)
    assert list(record) == KEYS == list(digest.FIELDS)
    assert record["due"] == "2026-02-14"
    assert record["consultant"] == "A. de Vries"
    assert record["acknowledged"] is False and record["acknowledged_until"] is None
    assert record["explanation"] == "Last MDO 3 January 2026; in VPR every 42 days; 16 days late."


def test_json_is_a_list_of_records_worst_first():
    data = json.loads(digest.render_json(_signals(), CONSULTANTS))
    # Worst first as documented in docs/severity.md: overdue before attention, and among
    # the overdue the MDO before the goal before the caseload review (rule weight).
    assert [r["code"] for r in data] == [S.MDO_OVERDUE, S.GOAL_OVERDUE, S.CASELOAD_REVIEW_OVERDUE,
                                         S.LEAD_AGREEMENT_MISSING]
    assert all(list(r) == KEYS for r in data)
    goal = data[1]
    assert goal["acknowledged"] is True
    assert goal["acknowledged_until"] == "2026-03-12"
    assert goal["acknowledgement_reason"] == "Uitgesteld tot 12 maart"
    assert data[2]["case_code"] is None and data[2]["due"] is None


def test_json_can_leave_out_muted_signals():
    data = json.loads(digest.render_json(_signals(), CONSULTANTS, include_muted=False))
    assert S.GOAL_OVERDUE not in [r["code"] for r in data]


def test_csv_header_and_rows():
    rows = list(csv.reader(io.StringIO(digest.render_csv(_signals(), CONSULTANTS))))
    assert rows[0] == KEYS
    assert len(rows) == 5
    assert {r[KEYS.index("acknowledged")] for r in rows[1:]} == {"true", "false"}


def test_table_is_plain_text_and_translated():
    text = digest.render_table(_signals(), CONSULTANTS, today=T)
    assert text.strip()
    assert "4 in total: 3 overdue, 0 due soon, 1 attention" in text
    assert "Acknowledged until 12 March 2026: Uitgesteld tot 12 maart" in text
    set_language("nl")
    try:
        text = digest.render_table(_signals(), CONSULTANTS, today=T)
        assert "Signalen op 2 maart 2026" in text and "MDO te laat" in text
    finally:
        set_language("en")


def test_table_without_signals():
    assert "No signals." in digest.render_table([], today=T)


def test_consultants_may_be_given_as_names():
    record = digest.signal_record(_signals()[0], {3: "B. Bakker"})
    assert record["consultant"] == "B. Bakker"
    assert digest.signal_record(_signals()[0], None)["consultant"] is None

"""--today in the past shows the day as it was, to every rule (issue 14, item 10):
status and closing, escalation decisions, risk assessments, plans -- not only
meetings and events."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from regie_tui import cli
from regie_tui.base.clock import Clock
from regie_tui.base.errors import NotFoundError
from regie_tui.base.i18n import format_date
from regie_tui.data import case_view
from regie_tui.data import commands as C
from regie_tui.data.store import Store
from regie_tui.rules import signals as S
from regie_tui.rules import vocab
from tests.conftest import TODAY

pytestmark = pytest.mark.both_engines

D = dt.timedelta
BEFORE = TODAY - D(days=10)


@pytest.fixture
def history(store, make_case):
    """Three cases whose state changed after BEFORE: decided and assessed, closed, opened."""
    case_id, version = make_case(code="OPEN-1", regime=vocab.VPR, opened_on=TODAY - D(days=100))
    saved = C.request_escalation(store, case_id, version, level="ret",
                                 requested_on=TODAY - D(days=40), reason="Geen plek")
    saved = C.decide_escalation(store, case_id, saved.version, escalation_id=saved.object_id,
                                decision="granted", decided_on=TODAY - D(days=3))
    C.record_risk_assessment(store, case_id, saved.version, assessed_on=TODAY - D(days=3),
                             outcome="In beeld")
    case_id, version = make_case(code="CLOSED-1", opened_on=TODAY - D(days=100))
    C.close_case(store, case_id, version, closed_on=TODAY - D(days=3), reason="goals_reached",
                 no_handover_reason="Geen vervolg nodig")
    make_case(code="LATER-1", opened_on=TODAY - D(days=5))
    store.close()
    return store.path


def _codes(capsys, path, day: dt.date) -> dict[str, set[str]]:
    assert cli.main(["signals", "--all", "--format", "json", "--db", str(path), "--today",
                     day.isoformat(), "--lang", "en"]) == 0
    found: dict[str, set[str]] = {}
    for record in json.loads(capsys.readouterr().out):
        found.setdefault(record["case_code"], set()).add(record["code"])
    return found


def test_signals_today_see_the_decisions_and_the_closing(history, capsys):
    now = _codes(capsys, history, TODAY)
    assert S.ESCALATION_PENDING not in now.get("OPEN-1", set())
    assert "CLOSED-1" not in now


def test_signals_on_an_earlier_day_show_that_day_as_it_was(history, capsys):
    then = _codes(capsys, history, BEFORE)
    assert S.ESCALATION_PENDING in then["OPEN-1"]  # decided only later
    assert then.get("CLOSED-1")  # still open then, with its own signals


def test_the_case_screen_shows_the_case_as_it_was(history):
    store = Store(history, Clock(BEFORE))
    closed = case_view.load(store, store.case_id_for_code("CLOSED-1"))
    assert closed.facts.status == vocab.ACTIVE and closed.facts.closed_on is None
    opened = store.load_case(store.case_id_for_code("OPEN-1"))
    assert [e.decided_on for e in opened.escalations] == [None]
    assert opened.risk_assessments == ()
    caseload = store.load_caseload()
    assert {c.code for c in caseload.cases} == {"OPEN-1", "CLOSED-1"}


def test_a_case_opened_after_the_day_shown_says_so(history):
    store = Store(history, Clock(BEFORE))
    with pytest.raises(NotFoundError) as refused:
        case_view.load(store, store.case_id_for_code("LATER-1"))
    assert str(refused.value) == (f"This case was opened on {format_date(TODAY - D(days=5))}, "
                                  f"after the day shown ({format_date(BEFORE)}).")

"""A withdrawn acknowledgement is on the case timeline as its own entry: who withdrew
it and when, newest first, in English and Dutch (the acknowledgement itself stays)."""

from __future__ import annotations

import datetime as dt

import pytest

from regie_tui.base import i18n
from regie_tui.data import case_view as CV
from regie_tui.data import commands as C
from regie_tui.rules import signals as S
from regie_tui.widgets.case_text import describe, who
from tests.conftest import TODAY

pytestmark = pytest.mark.both_engines

D = dt.timedelta


def _acknowledgements(store, case_id) -> list[CV.TimelineEntry]:
    view = CV.load(store, case_id)
    return [e for e in view.timeline if e.kind == CV.ACKNOWLEDGEMENT]


def test_a_withdrawal_is_an_entry_with_who_and_when_in_both_languages(store, make_case):
    case_id, version = make_case()
    saved = C.acknowledge_signal(store, code=S.PLAN_MISSING, reason="Plan volgt na MDO",
                                 until=TODAY + D(days=10), case_id=case_id,
                                 expected_version=version)
    assert len(_acknowledgements(store, case_id)) == 1  # not withdrawn: no such entry
    C.withdraw_acknowledgement(store, case_id, saved.version, code=S.PLAN_MISSING)

    withdrawal, acknowledged = _acknowledgements(store, case_id)  # newest first
    assert (withdrawal.on, who(withdrawal)) == (TODAY, "Tester")
    assert describe(withdrawal) == "Acknowledgement withdrawn: No agreed plan of approach"
    assert withdrawal.detail is None  # the reason belongs to the acknowledgement
    assert describe(acknowledged).startswith("Signal acknowledged until")
    assert acknowledged.detail == "Plan volgt na MDO"
    i18n.set_language("nl")
    assert describe(withdrawal) == "Acceptatie ingetrokken: Geen vastgesteld plan van aanpak"

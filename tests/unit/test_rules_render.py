"""Signal texts render in English and Dutch; the rules package stays pure."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys

import pytest

from regie_tui.base.i18n import set_language
from regie_tui.rules import signals as S
from regie_tui.rules.facts import Acknowledgement
from regie_tui.rules.signals import ATTENTION, DUE_SOON, OVERDUE, Signal

T = dt.date(2026, 3, 2)
D = dt.date(2026, 1, 3)

# Every param any template may name, with a plausible value.
PARAMS = {
    "today": T, "decided": D, "letter": dt.date(2025, 12, 1), "start": D, "last": D, "since": D,
    "regime": "VPR", "interval": 42, "professionals": 2, "base": D, "agreement": None,
    "opened": D, "event": "crisis", "count": 2, "overdue": 1, "deadline": D,
    "requested": D, "level": "manager", "safety": "unsafe", "closed": D,
    "what": "name_case_director", "who": "pieter", "when": dt.datetime(2026, 2, 27, 14, 5),
    "message": "Access ended",
}
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def _variants(definition):
    return [None, *(key for key, _ in definition.variants)]


def _signal(code, variant, severity=OVERDUE, due=dt.date(2026, 2, 14)):
    if severity == ATTENTION:
        due = None
    params = tuple((k, v) for k, v in PARAMS.items()) + (("variant", variant),)
    return Signal(code, severity, due, 1, "C-1", 3, params)


@pytest.fixture(params=["en", "nl"])
def language(request):
    set_language(request.param)
    yield request.param
    set_language("en")


CASES = [(code, variant) for code, d in sorted(S.CATALOGUE.items()) for variant in _variants(d)]


@pytest.mark.parametrize(("code", "variant"), CASES)
def test_every_text_renders_without_placeholders(language, code, variant):
    for severity in (OVERDUE, DUE_SOON, ATTENTION):
        signal = _signal(code, variant, severity)
        for text in (signal.title(), signal.explanation(), signal.action(), signal.source(),
                     signal.family_label(), signal.severity_label()):
            assert text and not PLACEHOLDER.search(text), text


def test_catalogue_covers_the_nineteen_codes():
    assert len(S.CATALOGUE) == 19
    for code, definition in S.CATALOGUE.items():
        assert definition.code == code
        assert definition.family in S.FAMILIES
        assert definition.form and definition.source and definition.action


def test_dutch_texts_differ_from_english(language):
    signal = _signal(S.MDO_OVERDUE, None)
    text = signal.explanation()
    if language == "nl":
        assert text == "Laatste MDO 3 januari 2026; bij VPR elke 42 dagen; 16 dagen te laat."
        assert signal.title() == "MDO te laat"
    else:
        assert text == "Last MDO 3 January 2026; in VPR every 42 days; 16 days late."


def test_timing_phrases():
    signal = Signal(S.PLAN_MISSING, DUE_SOON, T, 1, "C-1", 3, (("today", T),))
    assert signal.timing() == "due today (2 March 2026)"
    assert signal.timing(dt.date(2026, 3, 1)) == "due 2 March 2026, 1 day left"
    assert signal.timing(dt.date(2026, 2, 27)) == "due 2 March 2026, 3 days left"
    assert signal.timing(dt.date(2026, 3, 3)) == "1 day late"
    assert signal.days_late(dt.date(2026, 3, 5)) == 3
    assert signal.days_left(dt.date(2026, 2, 27)) == 3


def test_family_labels_in_dutch(language):
    labels = {key: S.Signal(code, ATTENTION, None, None, None, None).family_label()
              for code, d in S.CATALOGUE.items() for key in [d.family]}
    if language == "nl":
        assert labels[S.FAMILY_MDO] == "MDO te laat"
        assert labels[S.FAMILY_CASE_DIRECTOR] == "afspraken casusregisseur ontbreken"
        assert labels[S.FAMILY_OTHER] == "overige"
    assert set(labels) == set(S.FAMILIES)


def test_sort_key_orders_worst_first():
    ack = Acknowledgement(S.GOAL_OVERDUE, T, "r", T)
    a = Signal(S.GOAL_OVERDUE, OVERDUE, dt.date(2026, 2, 1), 1, "C-1", 3)
    b = Signal(S.MDO_OVERDUE, OVERDUE, dt.date(2026, 2, 5), 1, "C-1", 3)
    c = Signal(S.MDO_OVERDUE, DUE_SOON, dt.date(2026, 3, 4), 1, "C-1", 3)
    e = Signal(S.LEAD_AGREEMENT_MISSING, ATTENTION, None, 1, "C-1", 3)
    muted = Signal(S.GOAL_OVERDUE, OVERDUE, dt.date(2026, 1, 1), 2, "C-2", 3, (), ack)
    # Within a severity the heavier rule first (MDO before a goal), then the most days late.
    assert S.sort_signals([e, c, b, a]) == [b, a, c, e]
    later_mdo = Signal(S.MDO_OVERDUE, OVERDUE, dt.date(2026, 2, 9), 2, "C-2", 3)
    assert S.sort_signals([a, later_mdo, b]) == [b, later_mdo, a]
    assert S.worst([e, c, muted]) == c
    assert S.worst([muted], include_muted=True) == muted
    assert S.SEVERITY_RANK[OVERDUE] > S.SEVERITY_RANK[DUE_SOON] > S.SEVERITY_RANK[ATTENTION]


def test_rules_import_neither_textual_nor_sql():
    code = (
        "import sys\n"
        "import regie_tui.rules.engine, regie_tui.rules.signals, regie_tui.rules.intervals\n"
        "import regie_tui.views.digest\n"
        "bad = [m for m in ('textual', 'sqlalchemy', 'sqlmodel') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)

"""Rule intervals: defaults, and every way a rules file is refused."""

from __future__ import annotations

import tomllib

import pytest

from regie_tui.base.i18n import set_language
from regie_tui.rules.intervals import Intervals, IntervalsError

DEFAULTS = dict(
    first_mdo=42, mdo_vpr=42, mdo_pr=91, start_meeting=14, marking_letter=7, role_agreement=14,
    duo_review=42, youth_contact_vpr=28, youth_contact_pr=91, plan_missing=42, plan_review=14,
    escalation_decision=14, stagnation=56, risk_assessment=14, caseload_review=28, due_soon=7,
    acknowledge_max=42,
)


def test_defaults():
    iv = Intervals()
    assert {k: getattr(iv, k) for k in Intervals.field_names()} == DEFAULTS


def test_empty_file_gives_defaults():
    assert Intervals.from_mapping({}, "rules.toml") == Intervals()
    assert Intervals.from_mapping({"intervals": {}}, "rules.toml") == Intervals()


def test_values_from_toml():
    raw = tomllib.loads("[intervals]\nmdo_pr = 84\ndue_soon = 0\n")
    iv = Intervals.from_mapping(raw, "rules.toml")
    assert iv.mdo_pr == 84 and iv.due_soon == 0 and iv.mdo_vpr == 42


@pytest.mark.parametrize(
    ("text", "key", "reason"),
    [
        ("[intervals]\nmdo_pr = -1\n", "intervals.mdo_pr", "must not be negative"),
        ("[intervals]\nmdo_pr = 0\n", "intervals.mdo_pr", "must be at least 1 day"),
        ("[intervals]\nmdo_pr = \"91\"\n", "intervals.mdo_pr", "expected a whole number of days"),
        ("[intervals]\nmdo_pr = 9.5\n", "intervals.mdo_pr", "expected a whole number of days"),
        ("[intervals]\nmdo_pr = 91.0\n", "intervals.mdo_pr", "expected a whole number of days"),
        ("[intervals]\nmdo_pr = true\n", "intervals.mdo_pr", "expected a whole number of days"),
        ("[intervals]\nmdo_pr = [91]\n", "intervals.mdo_pr", "expected a whole number of days"),
        ("[intervals]\nmdo_pr = 100000\n", "intervals.mdo_pr", "must be at most 3650 days"),
        ("[intervals]\nmdo_every = 91\n", "intervals.mdo_every", "unknown interval"),
        ("[interval]\nmdo_pr = 91\n", "interval", "unknown table; only [intervals] is allowed"),
        ("mdo_pr = 91\n", "mdo_pr", "unknown table; only [intervals] is allowed"),
        ("intervals = 3\n", "intervals", "expected a table of intervals"),
        ("[intervals]\ndue_soon = -1\n", "intervals.due_soon", "must not be negative"),
    ],
)
def test_bad_values_are_refused_with_key_and_reason(text, key, reason):
    with pytest.raises(IntervalsError) as info:
        Intervals.from_mapping(tomllib.loads(text), "/home/a/rules.toml")
    error = info.value
    assert (error.source, error.key, error.reason) == ("/home/a/rules.toml", key, reason)
    assert str(error) == f"/home/a/rules.toml: key '{key}': {reason}"


def test_error_message_is_translated():
    set_language("nl")
    try:
        with pytest.raises(IntervalsError) as info:
            Intervals.from_mapping({"intervals": {"mdo_pr": -3}}, "rules.toml")
        assert str(info.value) == "rules.toml: sleutel 'intervals.mdo_pr': mag niet negatief zijn"
    finally:
        set_language("en")


def test_describe_lists_every_interval():
    iv = Intervals(mdo_pr=84)
    rows = iv.describe()
    assert [r[0] for r in rows] == list(DEFAULTS)
    assert rows[2][:3] == ("mdo_pr", 84, 91)
    assert all(isinstance(r[3], str) and r[3] for r in rows)

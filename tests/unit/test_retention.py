"""Retention end date: 20 years after care ended (Jeugdwet)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from regie_tui.rules.retention import retention_end, retention_expired


def test_twenty_years_after_care_ended():
    assert retention_end(dt.date(2026, 11, 16)) == dt.date(2046, 11, 16)


def test_open_case_has_no_end():
    assert retention_end(None) is None
    assert not retention_expired(None, dt.date(2100, 1, 1))


def test_leap_day_ends_on_the_first_of_march():
    assert retention_end(dt.date(2024, 2, 29)) == dt.date(2044, 2, 29)  # 2044 is a leap year
    assert retention_end(dt.date(2028, 2, 29)) == dt.date(2048, 2, 29)
    assert retention_end(dt.date(2020, 2, 29), years=1) == dt.date(2021, 3, 1)


def test_expired_from_the_end_date_on():
    closed = dt.date(2006, 5, 1)
    assert not retention_expired(closed, dt.date(2026, 4, 30))
    assert retention_expired(closed, dt.date(2026, 5, 1))


@given(st.dates(dt.date(1990, 1, 1), dt.date(2200, 12, 31)))
def test_never_shorter_than_twenty_years(closed):
    end = retention_end(closed)
    assert (end.year - closed.year == 20) and end >= closed.replace(day=1)
    assert (end - closed).days >= 365 * 20 + 4

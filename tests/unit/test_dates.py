"""Typed dates: dd-mm-jjjj, ISO, and vandaag/gisteren relative to the injected day."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regie_tui.base import i18n
from regie_tui.base.dates import DateInputError, format_input, parse_date
from tests.conftest import TODAY


@pytest.mark.parametrize("text, expected", [
    ("16-11-2026", dt.date(2026, 11, 16)),
    ("1-2-2026", dt.date(2026, 2, 1)),
    ("01/02/2026", dt.date(2026, 2, 1)),
    ("1.2.2026", dt.date(2026, 2, 1)),
    ("2026-02-01", dt.date(2026, 2, 1)),
    ("2026-2-1", dt.date(2026, 2, 1)),
    ("  29-02-2028 ", dt.date(2028, 2, 29)),
    ("vandaag", TODAY),
    ("Vandaag", TODAY),
    ("today", TODAY),
    ("gisteren", TODAY - dt.timedelta(days=1)),
    ("yesterday", TODAY - dt.timedelta(days=1)),
    ("eergisteren", TODAY - dt.timedelta(days=2)),
])
def test_reads_the_usual_ways_of_writing_a_date(text, expected):
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize("text", ["", "   ", None])
def test_empty_is_no_date(text):
    assert parse_date(text, TODAY) is None


def test_relative_words_follow_the_injected_day():
    assert parse_date("gisteren", dt.date(2026, 3, 1)) == dt.date(2026, 2, 28)


def test_an_impossible_day_is_named_in_dutch():
    i18n.set_language("nl")
    with pytest.raises(DateInputError) as err:
        parse_date("31-02-2026", TODAY)
    assert err.value.message == "31-02-2026 bestaat niet."


def test_an_unreadable_date_says_how_to_type_it():
    i18n.set_language("nl")
    with pytest.raises(DateInputError) as err:
        parse_date("morgen", TODAY)
    assert "dd-mm-jjjj" in err.value.message
    assert "16-11-2026" in err.value.message
    assert "vandaag" in err.value.message


@pytest.mark.parametrize("text", ["16-11-26", "2026/11/16", "16 november 2026", "0-1-2026",
                                  "1-13-2026", "12345", "--", "2026-00-10"])
def test_refuses_what_is_not_a_date(text):
    with pytest.raises(DateInputError):
        parse_date(text, TODAY)


@given(st.text(max_size=40))
def test_never_raises_anything_but_a_date_input_error(text):
    try:
        result = parse_date(text, TODAY)
    except DateInputError as exc:
        assert exc.message
    else:
        assert result is None or isinstance(result, dt.date)


@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_what_it_formats_it_reads_back(day):
    assert parse_date(format_input(day), TODAY) == day
    assert parse_date(day.isoformat(), TODAY) == day

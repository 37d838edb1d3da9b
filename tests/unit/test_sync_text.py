"""What a person reads about a copy of the team store: its header line and a
conflict's values (views.sync_text, issue 18)."""

from __future__ import annotations

import datetime as dt

import pytest

from regie_tui.base.i18n import set_language
from regie_tui.views import sync_text

AT = dt.datetime(2026, 12, 3, 16, 45)


@pytest.fixture
def dutch():
    set_language("nl")
    yield
    set_language("en")


def test_the_copy_header_says_when_and_what_is_pending():
    assert sync_text.copy_header(AT, 0, 0) == (
        "Copy of the team store — last synchronised 2026-12-03 16:45")
    assert sync_text.copy_header(AT, 1, 1).endswith(" · 1 waiting · 1 conflict")
    assert sync_text.copy_header(AT, 3, 2).endswith(" · 3 waiting · 2 conflicts")
    assert sync_text.copy_header(None, 0, 0) == "Copy of the team store — never synchronised"


def test_the_copy_header_in_dutch(dutch):
    assert sync_text.copy_header(AT, 2, 1) == (
        "Kopie van de teamopslag — laatst gesynchroniseerd 03-12-2026 16:45"
        " · 2 wachtend · 1 conflict")


def test_a_time_with_a_zone_is_shown_in_the_laptops_zone(monkeypatch):
    import time

    monkeypatch.setenv("TZ", "Europe/Amsterdam")
    time.tzset()
    try:
        utc = dt.datetime(2026, 12, 3, 15, 45, tzinfo=dt.UTC)
        assert sync_text.moment(utc) == "3 December 2026 16:45"
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert sync_text.moment(None) == "—"


def test_conflict_values_as_people_write_them():
    fields = {"case_director_name": {"mine": "P. de Boer", "base": None, "server": "K. Visser"},
              "case_director_named_on": {"mine": "2026-11-14", "base": None,
                                         "server": "2026-11-15"},
              "duo_partner_id": {"mine": 7, "server": 9},
              "cross_region": {"mine": True, "server": False}}
    names = {7: "Bram Jansen"}
    assert sync_text.values_text(fields, "mine", names) == (
        "Case director: P. de Boer; Date named: 14 November 2026; Duo partner: Bram Jansen; "
        "More than one region or police unit is involved: Yes")
    assert sync_text.values_text(fields, "server", names).startswith(
        "Case director: K. Visser; Date named: 15 November 2026; Duo partner: 9;")
    assert sync_text.values_text(None, "mine") == "—"
    # As the outbox encodes a date, or already decoded.
    assert sync_text.value_text("closed_on", {"$date": "2026-11-14"}) == "14 November 2026"
    assert sync_text.value_text("closed_on", dt.date(2026, 11, 14)) == "14 November 2026"
    assert sync_text.moment("2026-11-13T14:05:00") == "13 November 2026 14:05"
    assert sync_text.values_text({"closing_reason": {"mine": "moved_away"}}, "mine") == (
        "Closing reason: family moved to another municipality")


def test_a_drafts_goals_and_checklist_answers_as_people_read_them():
    fields = {"goals": {"mine": [["Naar school", "Vier dagen", "2026-12-01", "family"],
                                 ["Schuldhulp", None, None, "provider"]], "server": []},
              "answers": {"mine": [["q1", "yes", "thuis", None]], "server": [["q1"]]}}
    assert sync_text.values_text(fields, "mine") == (
        "Goals: Naar school · Vier dagen · 1 December 2026 · family | "
        "Schuldhulp · provider; Answers given: q1 · yes · thuis")
    assert sync_text.values_text(fields, "server") == "Goals: —; Answers given: q1"


def test_what_names_the_change_and_an_unknown_command_by_its_name(dutch):
    assert sync_text.what("name_case_director") == "de casusregisseur"
    assert sync_text.what("a_future_command") == "a_future_command"

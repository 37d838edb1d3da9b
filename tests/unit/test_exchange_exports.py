"""Exports out: case summary, calendar (parsed back), caseload table; private and audited."""

from __future__ import annotations

import datetime as dt
import io
import os

import openpyxl
import pytest
from icalendar import Calendar

from regie_tui.base.clock import Clock
from regie_tui.cli import main
from regie_tui.data import demo
from regie_tui.data.store import Store
from regie_tui.exchange import calendar_ics, casefile
from regie_tui.exchange.importer import import_cases
from regie_tui.rules.intervals import Intervals
from tests.conftest import TODAY
from tests.unit.exchange_helpers import RICH_CASE, document, rich, write

# The tests on ``store`` run on a store file and on a team store; those on the demo
# file (``db``) stay on SQLite: the command line's exports on a team store are
# tests/team/test_team_exchange.py's.
pytestmark = pytest.mark.both_engines


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    return demo.generate(tmp_path_factory.mktemp("demo") / "demo.sqlite", 60, TODAY)


@pytest.fixture
def db(demo_db, tmp_path):
    import shutil

    path = tmp_path / "demo.sqlite"
    shutil.copy(demo_db, path)
    return path


def _cli(db, *args, user="Sanne Voorbeeld"):
    who = ["--as", user] if user else []
    return main(["--db", str(db), "--today", TODAY.isoformat(), *who, *args])


def _audit(db) -> list[tuple]:
    store = Store(db, Clock(TODAY))
    with store.read() as conn:
        return list(conn.execute("SELECT action, object, case_code, actor FROM audit_log "
                                 "ORDER BY id"))


def _private(path) -> bool:
    return os.stat(path).st_mode & 0o777 == 0o600


def test_summary_of_the_inspection_case(db, tmp_path, capsys):
    out = tmp_path / "summary.md"
    assert _cli(db, "export", "summary", "DEMO-0001", "--out", str(out)) == 0
    assert "personal data" in capsys.readouterr().out
    text = out.read_text("utf-8")
    assert text.startswith("# Case summary DEMO-0001\n")
    for heading in ("## Facts", "## Current plan of approach", "## Open signals",
                    "## Last evaluation", "## Escalations"):
        assert heading in text
    assert "Role agreement not recorded" in text and "Escalation awaiting decision" in text
    assert "no decision yet" in text
    assert _private(out)
    assert _audit(db)[-1][:3] == ("export_summary", "cases:1", "DEMO-0001")


def test_summary_of_a_closed_case_with_everything(store, tmp_path):
    assert import_cases(store, casefile.parse(write(tmp_path / "f.json",
                                                    document(RICH_CASE)))).ok
    from regie_tui.exchange.summary import summary_text

    text, _id = summary_text(store, "RICH-1", Intervals())
    assert "Closed on" in text and "Buurtteam" in text
    assert "Version 2, agreed on 12 June 2025" in text
    assert "MDO evaluation (VPR) completed on 2 May 2025:" in text
    assert "| Naar school |" not in text  # plan 1's goal; plan 2 is current and has none


def test_summary_in_dutch(db, tmp_path):
    out = tmp_path / "samenvatting.md"
    assert _cli(db, "--lang", "nl", "export", "summary", "DEMO-0001", "--out", str(out)) == 0
    text = out.read_text("utf-8")
    assert "## Feiten" in text and "## Open signalen" in text


def test_summary_of_an_unknown_case(db, tmp_path, capsys):
    assert _cli(db, "export", "summary", "NOPE", "--out", str(tmp_path / "x.md")) == 2
    assert "no case with code NOPE" in capsys.readouterr().err
    assert not (tmp_path / "x.md").exists()


def test_calendar_parses_back_and_names_no_one(db, tmp_path):
    out = tmp_path / "regie.ics"
    assert _cli(db, "export", "calendar", "--out", str(out)) == 0
    assert _private(out)
    cal = Calendar.from_ical(out.read_bytes())
    events = list(cal.walk("VEVENT"))
    assert events
    assert str(cal["prodid"]) == "-//Regie//regie-tui//NL"
    store = Store(db, Clock(TODAY))
    caseload = store.load_caseload()
    sanne = store.consultant_id("Sanne Voorbeeld")
    mine = {c.code for c in caseload.cases
            if sanne in (c.process_director_id, c.duo_partner_id)}
    forbidden = [c.alias for c in caseload.cases] + [c.name for c in
                                                     caseload.consultants.values()]
    with store.read() as conn:
        forbidden += [r[0] for r in conn.execute("SELECT name FROM person")]
    uids = set()
    for event in events:
        summary, description = str(event["summary"]), str(event["description"])
        code = summary.rsplit(" ", 1)[1]
        assert code in mine
        start = event.decoded("dtstart")
        assert isinstance(start, dt.date) and not isinstance(start, dt.datetime)
        assert TODAY <= start <= TODAY + dt.timedelta(days=365)
        assert event.decoded("dtend") == start + dt.timedelta(days=1)
        for name in forbidden:
            assert name not in summary and name not in description
        uids.add(str(event["uid"]))
    assert len(uids) == len(events)
    assert _audit(db)[-1][0] == "export_calendar"


def test_calendar_due_dates_are_the_rules_due_dates(store, tmp_path):
    case = rich(code="CAL-1", status="active", closed_on=None, closing_reason=None,
                handover_to=None, handover_on=None, aftercare=None)
    case["meetings"][1]["held_on"] = "2026-11-01"  # last MDO: VPR every 42 days
    case["acknowledgements"] = []
    case["escalations"] = [{"level": "manager", "requested_on": "2026-11-10",
                            "reason": "Geen voortgang"}]
    case["plans"][1]["goals"] = [{"description": "Doel", "deadline": "2027-02-01",
                                  "owner": "family", "status": "open"}]
    case["duo_reviews"] = [{"reviewer": "Partner", "reviewed_on": "2026-11-02",
                            "verdict": "agreed"}]
    assert import_cases(store, casefile.parse(write(tmp_path / "f.json", document(case)))).ok
    items = calendar_ics.deadlines(store.load_caseload(), TODAY, Intervals(), user_id=None)
    got = {(i.kind, i.day) for i in items}
    assert ("mdo-due", dt.date(2026, 12, 13)) in got
    assert ("escalation", dt.date(2026, 11, 24)) in got
    assert ("duo-review", dt.date(2026, 12, 14)) in got
    assert ("goal-1", dt.date(2027, 2, 1)) in got
    assert ("planned-mdo", dt.date(2027, 1, 10)) in got
    # The duo partner gets the review; the process director the rest.
    partner = calendar_ics.deadlines(store.load_caseload(), TODAY, Intervals(),
                                     user_id=store.consultant_id("Partner"))
    assert {i.kind for i in partner} == {"duo-review"}


def test_calendar_needs_a_person_or_all(db, tmp_path, capsys):
    assert _cli(db, "export", "calendar", "--out", str(tmp_path / "x.ics"), user=None) == 2
    assert "--as NAME" in capsys.readouterr().err
    assert _cli(db, "export", "calendar", "--all", "--out", str(tmp_path / "x.ics"),
                user=None) == 0


def test_caseload_csv_and_xlsx(db, tmp_path):
    csv_path, xlsx_path = tmp_path / "caseload.csv", tmp_path / "caseload.xlsx"
    assert _cli(db, "export", "caseload", "--format", "csv", "--out", str(csv_path)) == 0
    assert _cli(db, "export", "caseload", "--all", "--out", str(xlsx_path), user=None) == 0
    assert _private(csv_path) and _private(xlsx_path)
    lines = csv_path.read_text("utf-8-sig").splitlines()
    assert lines[0].split(";") == ["Code", "Family", "Regime", "Process director",
                                   "Duo partner", "Started on", "Worst signal", "Severity",
                                   "Due", "Open signals", "Signal codes"]
    assert all(line.split(";")[3] == "Sanne Voorbeeld" for line in lines[1:])
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_path.read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    store = Store(db, Clock(TODAY))
    active = [c for c in store.load_caseload().cases if c.is_active]
    assert len(rows) == len(active) + 1
    worst_first = rows[1]
    assert worst_first[7] == "overdue" and isinstance(worst_first[5], dt.datetime)
    assert [a[0] for a in _audit(db)[-2:]] == ["export_caseload", "export_caseload"]


def test_export_to_a_missing_folder_is_a_clear_error(db, tmp_path, capsys):
    before = len(_audit(db))
    out = tmp_path / "no-such-folder" / "caseload.csv"
    assert _cli(db, "export", "caseload", "--out", str(out)) == 2
    assert f"Cannot write {out}" in capsys.readouterr().err
    assert len(_audit(db)) == before


def test_export_without_audit_leaves_no_file(db, tmp_path, monkeypatch):
    from regie_tui.exchange import audit_log

    def locked(*args, **kwargs):
        raise RuntimeError("database is locked")

    monkeypatch.setattr(audit_log, "log_export", locked)
    out = tmp_path / "caseload.csv"
    assert _cli(db, "export", "caseload", "--out", str(out)) == 1
    assert not out.exists()


def test_import_of_a_missing_file(db, tmp_path, capsys):
    assert _cli(db, "import", str(tmp_path / "nope.xlsx")) == 1
    assert "there is no such file" in capsys.readouterr().err

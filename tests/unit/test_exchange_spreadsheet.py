"""Caseload spreadsheets (CSV, XLSX): columns, dates, and every class of bad input."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from regie_tui.exchange import spreadsheet
from regie_tui.exchange.importer import import_cases
from tests.conftest import table_counts

# Every test on a store file and on a team store (as the member Tester).
pytestmark = pytest.mark.both_engines

HEADER = ["code", "alias", "regime", "startdatum", "datum OVV-besluit", "procesregisseur",
          "duopartner", "laatste MDO", "laatste contact jeugdige"]
GOOD = ["S-1", "Gezin Eik", "PR", "01-03-2026", "", "Tester", "Partner", "01-10-2026",
        "05-11-2026"]


def _csv(tmp_path, rows, header=HEADER, delimiter=";", name="caseload.csv"):
    path = tmp_path / name
    lines = [delimiter.join(header)] + [delimiter.join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _row(**changes) -> list[str]:
    row = list(GOOD)
    for column, value in changes.items():
        row[HEADER.index(column.replace("_", " "))] = value
    return row


def _import(store, path, **kwargs):
    return import_cases(store, spreadsheet.parse(path), **kwargs)


def test_a_good_csv_becomes_cases_with_their_facts(store, tmp_path):
    vpr = _row(code="S-2", regime="VPR", startdatum="2026-02-01")
    vpr[HEADER.index("datum OVV-besluit")] = "15/04/2026"
    report = _import(store, _csv(tmp_path, [GOOD, vpr]))
    assert report.ok and report.created == ["S-1", "S-2"]
    pr = store.load_case(store.case_id_for_code("S-1"))
    assert pr.opened_on == dt.date(2026, 3, 1) and pr.regime == "PR"
    assert [(m.kind, m.held_on) for m in pr.meetings] == [
        ("mdo", dt.date(2026, 10, 1)), ("youth_contact", dt.date(2026, 11, 5))]
    assert pr.duo_partner_id == store.consultant_id("Partner")
    enhanced = store.load_case(store.case_id_for_code("S-2"))
    assert [(r.regime, r.start, r.ovv_decision_on) for r in enhanced.regimes] == [
        ("PR", dt.date(2026, 2, 1), None),
        ("VPR", dt.date(2026, 4, 15), dt.date(2026, 4, 15))]


def test_english_headers_and_comma_csv_work_too(store, tmp_path):
    header = ["Code", "Alias", "Regime", "Start date", "Process director"]
    path = _csv(tmp_path, [["E-1", "Gezin Berk", "vpr", "01-03-2026", "Tester"]], header=header,
                delimiter=",")
    report = _import(store, path)
    # VPR without an OVV decision date: the column is missing, so the regime cell is named.
    assert not report.written
    assert "OVV" in report.problems[0].reason or "ovv" in report.problems[0].reason
    path = _csv(tmp_path, [["E-1", "Gezin Berk", "procesregie", "01-03-2026", "Tester"]],
                header=header, delimiter=",")
    assert _import(store, path).created == ["E-1"]


def test_xlsx_with_real_date_cells_and_text_dates(store, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["X-1", "Gezin Peer", "PR", dt.datetime(2026, 3, 1), None, "Tester", None,
                  dt.date(2026, 10, 1), "05-11-2026"])
    sheet.append([1234, "Gezin Noot", "PR", "2026-03-02", None, "Tester", None, None, None])
    sheet.append([None] * len(HEADER))  # trailing empty rows are ignored
    path = tmp_path / "caseload.xlsx"
    book.save(path)
    report = _import(store, path)
    assert report.ok, report.problems
    assert report.created == ["X-1", "1234"]
    case = store.load_case(store.case_id_for_code("X-1"))
    assert case.opened_on == dt.date(2026, 3, 1)


def test_xlsx_problems_name_the_cell(store, tmp_path):
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append(["X-1", "Gezin Peer", "PR", "31-02-2026", None, "Tester"])
    path = tmp_path / "caseload.xlsx"
    book.save(path)
    report = _import(store, path)
    assert [str(p) for p in report.problems] == [
        f"{path}, cell D2 (startdatum): 31-02-2026 is not a date that exists."]


BAD = {
    "wrong date": (dict(startdatum="1 maart"), "startdatum", "is not a date"),
    "impossible date": (dict(startdatum="31-02-2026"), "startdatum", "not a date that exists"),
    "future date": (dict(laatste_MDO="01-01-2027"), "laatste MDO", "cannot be in the future"),
    "unknown regime": (dict(regime="VPR+"), "regime", "not one of the allowed values"),
    "missing code": (dict(code=""), "code", "code is required"),
    "over-long field": (dict(alias="x" * 121), "alias", "too long: at most 120"),
    "control characters": (dict(alias="Gezin\x07Eik"), "alias", "control characters"),
    "unknown consultant": (dict(procesregisseur="Onbekend"), "procesregisseur",
                           "unknown consultant Onbekend"),
    "same consultant twice is fine, bad duo is not": (dict(duopartner="Nobody"), "duopartner",
                                                      "unknown consultant Nobody"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_each_bad_input_is_reported_at_its_cell_and_nothing_is_written(name, store, tmp_path):
    changes, column, reason = BAD[name]
    path = _csv(tmp_path, [_row(code="OK-1"), _row(**changes)])
    before = table_counts(store)
    report = _import(store, path)
    assert not report.written
    assert table_counts(store) == before
    assert len(report.problems) == 1, report.problems
    problem = report.problems[0]
    assert problem.where == f"{path}, line 3, column {column!r}"
    assert reason in problem.reason


def test_duplicate_code_rejects_both_rows(store, tmp_path):
    path = _csv(tmp_path, [GOOD, _row(alias="Ander gezin"), _row(code="S-9")])
    report = _import(store, path, skip_invalid=True)
    assert sorted(p.where for p in report.problems) == [
        f"{path}, line 2, column 'code'", f"{path}, line 3, column 'code'"]
    assert "appears more than once" in report.problems[0].reason
    assert report.created == ["S-9"]
    assert report.skipped == ["line 2 (S-1)", "line 3 (S-1)"]


def test_existing_code_is_refused_unless_update(store, tmp_path):
    path = _csv(tmp_path, [GOOD])
    assert _import(store, path).created == ["S-1"]
    report = _import(store, path)
    assert not report.written and "already a case with code S-1" in report.problems[0].reason
    later = _csv(tmp_path, [_row(laatste_MDO="10-11-2026")], name="later.csv")
    before = table_counts(store)
    assert _import(store, later, update=True).updated == {"S-1": 1}
    assert table_counts(store)["meeting"] == before["meeting"] + 1
    again = _import(store, later, update=True)
    assert again.unchanged == ["S-1"] and table_counts(store)["meeting"] == before["meeting"] + 1


@pytest.mark.parametrize("header, reason", [
    (HEADER + ["telefoon"], "the column 'telefoon' is not one Regie knows"),
    ([h for h in HEADER if h != "procesregisseur"],
     "the required column 'process director' is missing"),
    (HEADER[:3] + ["Code"] + HEADER[3:], "the column 'Code' appears twice"),
])
def test_wrong_column_set_stops_the_whole_file(header, reason, store, tmp_path):
    path = _csv(tmp_path, [GOOD + [""]], header=header)
    before = table_counts(store)
    report = _import(store, path, skip_invalid=True)
    assert not report.written and not report.skipped
    assert len(report.problems) == 1
    assert str(report.problems[0]).startswith(f"{path}, line 1: {reason}")
    assert table_counts(store) == before


def test_skip_invalid_imports_exactly_the_valid_rows(store, tmp_path):
    rows = [_row(code="V-1"), _row(code="B-1", startdatum="31-02-2026"), _row(code="V-2"),
            _row(code="B-2", procesregisseur="Onbekend")]
    report = _import(store, _csv(tmp_path, rows), skip_invalid=True)
    assert report.written
    assert report.created == ["V-1", "V-2"]
    assert report.skipped == ["line 3 (B-1)", "line 5 (B-2)"]
    with store.read() as conn:
        codes = [r[0] for r in conn.execute("SELECT code FROM care_case ORDER BY code")]
    assert codes == ["V-1", "V-2"]


def test_an_empty_file_and_a_broken_xlsx_are_reported(store, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    assert "the file is empty" in str(_import(store, empty).problems[0])
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    assert "not an Excel workbook" in str(_import(store, broken).problems[0])


def test_windows_csv_in_cp1252_is_read(store, tmp_path):
    path = tmp_path / "caseload.csv"
    lines = [";".join(HEADER), ";".join(_row(alias="Gezin Müller-Çelik"))]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    assert _import(store, path).created == ["S-1"]
    case = store.load_case(store.case_id_for_code("S-1"))
    assert case.alias == "Gezin Müller-Çelik"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_template_imports_once_filled_in(suffix, store, tmp_path):
    from regie_tui.cli import main

    path = tmp_path / f"template{suffix}"
    assert main(["--db", str(store.path), "import", "--template", str(path)]) == 0
    if suffix == ".csv":
        text = path.read_text(encoding="utf-8-sig")
        assert text.startswith("code;alias;regime;start date;")
        path.write_text(text + "T-1;Gezin Iep;PR;01-09-2026;;;;;;;;;;;;;;;\n".replace(
            "PR;01-09-2026;;", "PR;01-09-2026;;Tester"), encoding="utf-8")
    else:
        book = openpyxl.load_workbook(path)
        sheet = book.active
        assert sheet["D1"].value == "start date"
        sheet.append(["T-1", "Gezin Iep", "PR", dt.datetime(2026, 9, 1), None, "Tester"])
        book.save(path)
    assert _import(store, path).created == ["T-1"]


def test_shipped_template_is_the_dutch_header():
    from pathlib import Path

    shipped = Path(spreadsheet.__file__).with_name("template.csv").read_bytes()
    assert shipped == spreadsheet.template_csv("nl").encode("utf-8-sig")

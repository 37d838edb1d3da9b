"""The JSON case file: exact round trip, schema, refusal of existing codes, --update."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import jsonschema
import pytest

from regie_tui.base.clock import Clock
from regie_tui.data import commands, demo
from regie_tui.data.store import Store
from regie_tui.exchange import casefile, spec
from regie_tui.exchange.importer import import_cases
from tests.conftest import TODAY, admin_read, audited_as, table_counts
from tests.unit.exchange_helpers import RICH_CASE, document, rich, write

# The tests that use a store run on a store file and on a team store, where Tester
# and Partner are members and the store is opened as Tester's login.
pytestmark = pytest.mark.both_engines


def _empty_store(path: Path) -> Store:
    return Store.open(path, Clock(TODAY), actor="Tester")


def _import(store, path: Path, **kwargs):
    return import_cases(store, casefile.parse(path), **kwargs)


def _audit_actions(store) -> list[str]:
    with admin_read(store) as conn:  # a team store's members may not read the log
        return [r[0] for r in conn.execute("SELECT action FROM audit_log ORDER BY id")]


def _as_tester(store) -> list[str]:
    """The command line's arguments for the store, as Tester (a team store's login)."""
    return ["--db", str(store.path), *([] if store.team else ["--as", "Tester"])]


@pytest.fixture(scope="module")
def demo_export(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("demo40")
    path = demo.generate(folder / "demo.sqlite", 40, TODAY)
    store = Store.open(path, Clock(TODAY))
    text, count = casefile.export_text(store, None)
    store.close()
    assert count == 40
    return text


@pytest.mark.sqlite_only("the demo's consultants are added by the import; on a team store "
                         "its administrator adds members (tests/team/test_team_exchange.py)")
def test_demo_export_import_export_is_identical(demo_export, tmp_path):
    source = tmp_path / "a.json"
    source.write_text(demo_export, encoding="utf-8")
    target = _empty_store(tmp_path / "empty.sqlite")
    report = _import(target, source)
    assert report.written and report.ok and len(report.created) == 40
    again, count = casefile.export_text(target, None)
    assert count == 40
    assert again == demo_export


def test_every_section_survives_the_round_trip(new_store, tmp_path):
    data = document(RICH_CASE)
    target = new_store("empty.sqlite")
    report = _import(target, write(tmp_path / "rich.json", data))
    assert report.ok, report.problems
    text, _n = casefile.export_text(target, ["RICH-1"])
    assert json.loads(text) == data
    # And the store holds it the way the rules read it.
    facts = target.load_case(target.case_id_for_code("RICH-1"))
    assert facts.regime == "VPR" and facts.cross_region
    assert [d.answers for d in facts.decisions] == [tuple(e.id for e in facts.events)]


def test_export_matches_the_shipped_schema(demo_export):
    shipped = json.loads((Path(casefile.__file__).parent / "schema.json").read_text("utf-8"))
    assert shipped == spec.build_schema(), "regenerate schema.json from spec.build_schema()"
    jsonschema.Draft202012Validator.check_schema(shipped)
    validator = jsonschema.Draft202012Validator(shipped)
    assert not list(validator.iter_errors(json.loads(demo_export)))
    assert not list(validator.iter_errors(document(RICH_CASE)))


@pytest.mark.parametrize("change", [
    {"regime_typo": True}, {"status": "open"}, {"opened_on": "01-03-2025"}, {"alias": None},
    {"cross_region": "ja"}, {"code": "X" * 41},
])
def test_schema_and_importer_reject_the_same_documents(change, new_store, tmp_path):
    case = rich(**change)
    schema = json.loads((Path(casefile.__file__).parent / "schema.json").read_text("utf-8"))
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(document(case)))
    report = _import(new_store("s.sqlite"), write(tmp_path / "f.json", document(case)))
    assert not report.written and report.problems


def test_existing_code_is_refused_and_nothing_is_written(store, tmp_path):
    path = write(tmp_path / "one.json", document(RICH_CASE, rich(code="RICH-2")))
    assert _import(store, path).ok
    before = table_counts(store)
    report = _import(store, write(tmp_path / "two.json", document(rich(code="NEW-1"), RICH_CASE)))
    assert not report.written
    assert [p.where for p in report.problems] == [f"{tmp_path / 'two.json'}, case RICH-1 "
                                                  "(cases[1]), code"]
    assert "already a case with code RICH-1" in report.problems[0].reason
    assert "--update" in report.problems[0].reason
    assert table_counts(store) == before


def test_update_twice_changes_nothing(store, tmp_path):
    path = write(tmp_path / "rich.json", document(RICH_CASE))
    assert _import(store, path).ok
    before = table_counts(store)
    for _round in range(2):
        report = _import(store, path, update=True)
        assert report.ok and report.written
        assert report.unchanged == ["RICH-1"] and not report.updated and not report.notes
        assert table_counts(store) == before


def test_update_adds_only_the_new_history(new_store, tmp_path):
    source = new_store("laptop-a.sqlite")
    target = new_store("laptop-b.sqlite")
    first = write(tmp_path / "first.json", document(RICH_CASE))
    assert _import(source, first).ok and _import(target, first).ok
    case_id = source.case_id_for_code("RICH-1")
    version = source.load_case(case_id).version
    saved = commands.record_meeting(source, case_id, version, kind="youth_contact",
                                    held_on=TODAY - dt.timedelta(days=3), youth_present=True)
    commands.record_event(source, case_id, saved.version, kind="crisis",
                          occurred_on=TODAY - dt.timedelta(days=2))
    text, _n = casefile.export_text(source, ["RICH-1"])
    second = tmp_path / "second.json"
    second.write_text(text, encoding="utf-8")
    before = table_counts(target)
    report = _import(target, second, update=True)
    assert report.ok and report.updated == {"RICH-1": 2}
    after = table_counts(target)
    assert after["meeting"] == before["meeting"] + 1
    assert after["significantevent"] == before["significantevent"] + 1
    assert _audit_actions(target)[-1] == "import_update"
    # Both stores now export the same case; a second --update adds nothing.
    assert casefile.export_text(target, ["RICH-1"])[0] == text
    again = _import(target, second, update=True)
    assert again.unchanged == ["RICH-1"] and table_counts(target) == after


def test_update_fills_empty_fields_and_keeps_different_ones(store, tmp_path):
    sparse = rich(marking_letter_on=None, lead_organisation="Eerste organisatie")
    assert _import(store, write(tmp_path / "a.json", document(sparse))).ok
    fuller = rich(lead_organisation="Andere organisatie")
    report = _import(store, write(tmp_path / "b.json", document(fuller)), update=True)
    assert report.updated == {"RICH-1": 1}
    assert [p.where.rsplit(", ", 1)[1] for p in report.notes] == ["lead_organisation"]
    case = store.load_case(store.case_id_for_code("RICH-1"))
    assert case.marking_letter_on == dt.date(2025, 3, 20)
    assert case.lead_organisation == "Eerste organisatie"


def test_one_audit_entry_per_imported_case(new_store, tmp_path):
    target = new_store("s.sqlite")
    path = write(tmp_path / "f.json", document(RICH_CASE, rich(code="RICH-2")))
    assert _import(target, path).ok
    _chain_holds_with_imports(target, 2)


def _chain_holds_with_imports(store, cases: int) -> None:
    from regie_tui.data import audit

    with admin_read(store) as conn:
        rows = list(conn.execute("SELECT id, at, actor, case_id, case_code, action, object, "
                                 "device, prev_hash, hash FROM audit_log ORDER BY id"))
    imports = [r for r in rows if r[5] == "import_case"]
    assert len(imports) == cases
    assert {r[2] for r in imports} == {audited_as(store, "Tester")}
    assert audit.verify(rows).ok


@pytest.mark.sqlite_only("a team store's members are added by its administrator, never by "
                         "an import (tests/team/test_team_exchange.py)")
def test_a_store_file_adds_the_consultants_the_file_declares(tmp_path):
    target = _empty_store(tmp_path / "empty.sqlite")
    path = write(tmp_path / "f.json", document(RICH_CASE, rich(code="RICH-2")))
    report = _import(target, path)
    assert report.ok and report.consultants_created == ["Partner", "Tester"]
    assert _audit_actions(target).count("create_consultant") == 2
    assert [name for _id, name, _role in target.consultants()] == ["Partner", "Tester"]
    _chain_holds_with_imports(target, 2)


def test_export_cases_cli_writes_a_private_file_and_logs_it(store, tmp_path, capsys):
    from regie_tui.cli import main

    assert _import(store, write(tmp_path / "f.json", document(RICH_CASE))).ok
    out = tmp_path / "out.json"
    code = main([*_as_tester(store), "--today", TODAY.isoformat(),
                 "export", "cases", "--case", "RICH-1", "--out", str(out)])
    assert code == 0
    assert os.stat(out).st_mode & 0o777 == 0o600
    assert "personal data" in capsys.readouterr().out
    assert json.loads(out.read_text("utf-8"))["cases"][0]["code"] == "RICH-1"
    assert _audit_actions(store)[-1] == "export_cases"


def test_export_of_an_unknown_code_says_so(store, tmp_path, capsys):
    from regie_tui.cli import main

    code = main(["--db", str(store.path), "--today", TODAY.isoformat(), "export", "cases",
                 "--case", "NOPE", "--out", str(tmp_path / "x.json")])
    assert code == 2
    assert "no case with code NOPE" in capsys.readouterr().err
    assert not (tmp_path / "x.json").exists()


def test_import_cli_refuses_and_writes_nothing(store, tmp_path, capsys):
    from regie_tui.cli import main

    bad = rich(opened_on="2025-02-31")
    path = write(tmp_path / "f.json", document(RICH_CASE | {"code": "OK-1"}, bad))
    before = table_counts(store)
    code = main(["--db", str(store.path), "--today", TODAY.isoformat(), "import", str(path)])
    err = capsys.readouterr().err
    assert code == 1
    assert "case RICH-1 (cases[1]), opened_on" in err and "not a date that exists" in err
    assert "Nothing was imported" in err
    assert table_counts(store) == before


@pytest.mark.parametrize("text, reason", [
    ("{not json", "not valid JSON"),
    ('{"format": "other", "version": 1, "cases": []}', "not a Regie case file"),
    ('{"format": "regie-casefile", "version": 2, "cases": []}', "version 2 is not supported"),
    ('{"format": "regie-casefile", "version": 1, "cases": {}}', "expected a list of cases"),
])
def test_unusable_files_are_reported_as_a_whole(text, reason, new_store, tmp_path):
    path = tmp_path / "f.json"
    path.write_text(text, encoding="utf-8")
    report = _import(new_store("s.sqlite"), path, skip_invalid=True)
    assert not report.written
    assert reason in str(report.problems[0])

"""Export of a plan version as Markdown: content, 0600, audit entry, the CLI."""

from __future__ import annotations

import datetime as dt
import stat

import pytest

from regie_tui import cli
from regie_tui.data import commands as C
from regie_tui.data import plan_view
from regie_tui.exchange.plan_file import export_plan
from regie_tui.exchange.plan_markdown import render
from regie_tui.rules import vocab
from tests.conftest import TODAY

D = dt.timedelta


@pytest.fixture
def planned_case(store, make_case):
    case_id, version = make_case(code="T-PLAN", alias="Gezin Test")
    saved = C.adopt_plan(store, case_id, version, C.PlanInput(
        goals=[C.GoalInput("Naar school | elke dag", "Dagelijks  naar school",
                           TODAY + D(days=30), owner="provider")],
        protective=["Opa betrokken"], threatening=["Schulden"], safety=vocab.CONCERNS,
        safety_note="Spanning thuis", origin="veilig_thuis"),
        C.Agreement(TODAY - D(days=5), by_parents=True, by_case_director=True))
    event = C.record_event(store, case_id, saved.version, kind=vocab.CRISIS,
                           occurred_on=TODAY - D(days=2))
    C.adjust_plan(store, case_id, event.version, C.PlanInput(goals=[C.GoalInput("Rust thuis")]),
                  reason="Crisis thuis", agreement=C.Agreement(TODAY, by_youth=True),
                  answers=[event.object_id])
    return case_id


def _audit_rows(store):
    with store.read() as conn:
        return conn.execute("SELECT action, object, case_code, actor FROM audit_log "
                            "WHERE action = 'export_plan'").fetchall()


def test_markdown_has_every_part_of_the_version(store, planned_case):
    history = plan_view.load_plan(store, planned_case)
    text = render(history, history.version(1), TODAY)
    assert text.startswith("# Plan of approach — T-PLAN (Gezin Test)\n")
    assert "Version 1, agreed on 11 November 2026 by parents, case director." in text
    assert "| 1 | Naar school \\| elke dag | Dagelijks naar school | 16 December 2026 | " \
           "provider | open | — |" in text
    assert "- Opa betrokken" in text and "- Schulden" in text
    assert "concerns" in text and "Spanning thuis" in text and "Veilig Thuis" in text
    assert "personal data" in text
    second = render(history, history.version(2), TODAY)
    assert "Reason for the adjustment: Crisis thuis" in second
    assert "16 November 2026" in second and "crisis" in second  # the answered event


def test_export_writes_a_private_file_and_an_audit_entry(store, planned_case, tmp_path):
    path = export_plan(store, planned_case, out=tmp_path / "plan.md")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "Version 2" in path.read_text(encoding="utf-8")
    version = plan_view.load_plan(store, planned_case).version(2)
    assert _audit_rows(store) == [("export_plan", f"plan_version:{version.id}", "T-PLAN",
                                   "Tester")]
    default = export_plan(store, planned_case, number=1)
    assert default.name == "plan-T-PLAN-v1.md" and default.parent.name == "exports"
    assert stat.S_IMODE(default.stat().st_mode) == 0o600
    assert stat.S_IMODE(default.parent.stat().st_mode) == 0o700


def test_cli_exports_a_version(store, planned_case, tmp_path, capsys):
    out = tmp_path / "mdo.md"
    code = cli.main(["export", "plan", "T-PLAN", "--version", "1", "--out", str(out),
                     "--db", str(store.path), "--as", "Tester",
                     "--today", TODAY.isoformat(), "--lang", "en"])
    assert code == 0
    assert "Version 1," in out.read_text(encoding="utf-8")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert str(out) in capsys.readouterr().out
    assert len(_audit_rows(store)) == 1


@pytest.mark.parametrize("argv, message", [
    (["export", "plan", "NOPE"], "no case with code NOPE"),
    (["export", "plan", "T-PLAN", "--version", "7"], "no plan version 7"),
    (["export", "plan", "T-PLAN", "--version", "0"], "from 1"),
])
def test_cli_refuses_clearly(store, planned_case, capsys, argv, message):
    code = cli.main([*argv, "--db", str(store.path), "--as", "Tester", "--lang", "en"])
    assert code == 2
    assert message in capsys.readouterr().err
    assert _audit_rows(store) == []


def test_a_case_without_a_plan_has_nothing_to_export(store, make_case):
    from regie_tui.base.errors import NotFoundError

    case_id, _version = make_case()
    with pytest.raises(NotFoundError):
        export_plan(store, case_id)

"""One symbol per state on every screen, never colour alone (issue 15.9).

● meant "due soon" in the caseload legend but marked overdue signals on the plan
and duo screens, and the team chart told overdue / due soon / attention apart by
colour only. The symbols now live in ``rules.signals.SYMBOLS``; these tests scan
the source for stray copies and the rendered screens for the right symbol.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from textual.widgets import DataTable, Static

from regie_tui.base.i18n import _
from regie_tui.rules import signals as S
from regie_tui.rules.engine import evaluate_case
from tests.conftest import TODAY
from tests.ui.conftest import SIZE

PACKAGE = Path(__file__).resolve().parents[2] / "regie_tui"
STATE_SYMBOLS = "".join(S.SYMBOLS[s] for s in (S.OVERDUE, S.DUE_SOON, S.ATTENTION,
                                               S.ACKNOWLEDGED))


def test_every_state_has_its_own_symbol_and_word():
    assert len(set(S.SYMBOLS.values())) == len(S.STATES) == len(S.SYMBOLS)
    assert set(S.STATE_LABELS) == set(S.STATES)
    legend = S.legend()
    for state in S.STATES:
        assert f"{S.SYMBOLS[state]} {_(S.STATE_LABELS[state])}" in legend


# Known uses of a state's symbol that are not a signal state, each with its reason.
# Anything else found here is a screen drawing a state symbol of its own.
NOT_STATES = {
    # Radio buttons (issue 15.1): ◉ chosen / ○ not chosen, inside a form, not a signal.
    "widgets/tick.py",
    # The checklist run's "a note is needed" marker: left to the checklist work of
    # issue 15.4 (being rewritten alongside); reported so it gets its own symbol.
    "screens/checklist_run.py",
    # The PDF's font is Latin-1: it maps these characters away (to nothing), it does not
    # draw a state of its own (issue 15.5's work; the word stays next to it).
    "exchange/pdf.py",
}


def _strings(tree: ast.AST):
    """String constants that the program shows: every one except docstrings."""
    docstrings = {id(node.value) for node in ast.walk(tree)
                  if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and id(node) not in docstrings):
            yield node


def test_no_module_spells_a_state_symbol_itself():
    """Every screen takes its symbols from rules.signals: a literal ▲ ● ○ ◇ elsewhere is
    how ● came to mean two things."""
    strays = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        if name == "rules/signals.py" or name in NOT_STATES:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        strays += [f"{name}:{node.lineno}: {node.value!r}" for node in _strings(tree)
                   if any(symbol in node.value for symbol in STATE_SYMBOLS)]
    assert strays == []


async def _settle(app, pilot):
    for _round in range(2):
        await app.workers.wait_for_complete()
        await pilot.pause()


def _signals(store, code):
    return S.sort_signals(evaluate_case(store.load_case(store.case_id_for_code(code)), TODAY,
                                        store_intervals()))


def store_intervals():
    from regie_tui.rules.intervals import Intervals

    return Intervals()


async def test_the_plan_screen_marks_an_overdue_signal_as_overdue(demo_store, make_app):
    from regie_tui.screens.plan import PlanScreen

    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        case_id = demo_store.case_id_for_code("DEMO-0001")
        await app.push_screen(PlanScreen(app.context, case_id))
        await _settle(app, pilot)
        text = str(app.screen.query_one("#plan-signals", Static).render())
    review = next(s for s in _signals(demo_store, "DEMO-0001") if s.code == S.PLAN_REVIEW_DUE)
    assert review.severity == S.OVERDUE
    assert f"▲ {review.title()}" in text
    assert "●" not in text


async def test_the_duo_review_marks_each_signal_with_its_states_symbol(demo_store, make_app):
    from regie_tui.screens.duo_review import DuoReviewScreen

    app = make_app(demo_store, user="Joris Fictief")
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        await app.push_screen(DuoReviewScreen(app.context,
                                              demo_store.case_id_for_code("DEMO-0004")))
        await _settle(app, pilot)
        text = str(app.screen.query_one("#review-signals", Static).render())
    signals = _signals(demo_store, "DEMO-0004")
    assert {s.severity for s in signals} == {S.OVERDUE, S.DUE_SOON}
    for s in signals:
        assert f"{S.SYMBOLS[s.severity]} {s.severity_label()}  {s.title()}" in text
    assert text.count("▲") == 1 and text.count("●") == 1


async def test_the_team_overview_tells_severities_apart_without_colour(demo_store, make_app):
    from regie_tui.widgets.trend_chart import TrendChart

    app = make_app(demo_store, user="Mirjam Model")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await _settle(app, pilot)
        table = app.screen.query_one("#team", DataTable)
        headers = [str(c.label) for c in table.ordered_columns]
        status = str(table.get_row_at(0)[-1])
        chart = app.screen.query_one(TrendChart)
        chart.plt.plotsize(60, 15)
        drawn = re.sub(r"\x1b\[[0-9;]*m", "", chart.plt.build())  # the text, no colours
    for state in (S.OVERDUE, S.DUE_SOON, S.ATTENTION, S.ACKNOWLEDGED):
        assert f"{S.SYMBOLS[state]} {_(S.STATE_LABELS[state]).capitalize()}" in headers
    assert status.startswith("▲ te laat")
    # The chart's bars and legend use the symbols, so they read without colour.
    for state in (S.OVERDUE, S.DUE_SOON, S.ATTENTION):
        assert f"{S.SYMBOLS[state] * 2} {_(S.STATE_LABELS[state])}" in drawn

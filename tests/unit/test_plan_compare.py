"""Comparing two plan versions: goals added, removed, changed field by field; factors; safety."""

from __future__ import annotations

import datetime as dt

from regie_tui.data.plan_view import GoalView, VersionView
from regie_tui.views.plan_changes import compare, pair_goals

DAY = dt.date(2026, 11, 16)


def goal(i, description, **kw):
    values = dict(intended_result=None, deadline=None, owner="family", status="open", note=None)
    values.update(kw)
    return GoalView(i, i, description, **values)


def version(number, goals=(), protective=(), threatening=(), safety="safe", **kw):
    values = dict(id=number, number=number, status="agreed", origin="own", created_on=DAY,
                  created_by="Tester", reason=None, agreed_on=DAY, agreed_by_parents=True,
                  agreed_by_youth=False, agreed_by_case_director=False, safety=safety,
                  safety_note=None, goals=tuple(goals), protective=tuple(protective),
                  threatening=tuple(threatening))
    values.update(kw)
    return VersionView(**values)


def test_identical_versions_have_no_changes():
    v = version(1, [goal(1, "Naar school")], ["Opa"], ["Schulden"])
    result = compare(v, version(2, [goal(9, "Naar school")], ["Opa"], ["Schulden"]))
    assert result.identical and result.goals_unchanged == 1


def test_goals_added_removed_and_changed_field_by_field():
    old = version(1, [goal(1, "Naar school", deadline=DAY), goal(2, "Schulden in beeld"),
                      goal(3, "Vaste slaaptijden")])
    new = version(2, [goal(4, "Naar school", deadline=DAY + dt.timedelta(days=30),
                           status="open", owner="provider"),
                      goal(5, "Schulden in beeld brengen", note="Met budgetcoach"),
                      goal(6, "Behandelplek gevonden")])
    result = compare(old, new)
    assert [g.description for g in result.goals_added] == ["Behandelplek gevonden"]
    assert [g.description for g in result.goals_removed] == ["Vaste slaaptijden"]
    changes = {c.new.description: [(f.field, f.old, f.new) for f in c.changes]
               for c in result.goals_changed}
    assert changes == {
        "Naar school": [("deadline", DAY, DAY + dt.timedelta(days=30)),
                        ("owner", "family", "provider")],
        "Schulden in beeld brengen": [("description", "Schulden in beeld",
                                       "Schulden in beeld brengen"),
                                      ("note", None, "Met budgetcoach")],
    }
    assert not result.identical


def test_exact_matches_win_over_similar_ones_and_unrelated_goals_are_not_paired():
    old = (goal(1, "Naar school gaan"), goal(2, "Naar school"))
    new = (goal(3, "Naar school"), goal(4, "Sporten bij een club"))
    pairs, removed, added = pair_goals(old, new)
    assert [(o.id, n.id) for o, n in pairs] == [(2, 3)]
    assert [g.id for g in removed] == [1] and [g.id for g in added] == [4]


def test_matching_ignores_case_and_spacing():
    pairs, removed, added = pair_goals((goal(1, "Naar  School"),), (goal(2, "naar school"),))
    assert len(pairs) == 1 and not removed and not added


def test_factors_and_safety():
    old = version(1, protective=["Opa betrokken", "School"], threatening=["Schulden"],
                  safety="concerns", safety_note="Spanning")
    new = version(2, protective=["school", "Buurtteam"], threatening=["Schulden"],
                  safety="unsafe", safety_note="Spanning", origin="provider")
    result = compare(old, new)
    assert result.protective.added == ("Buurtteam",)
    assert result.protective.removed == ("Opa betrokken",)
    assert not result.threatening.changed
    assert [(f.field, f.old, f.new) for f in result.header] == [
        ("safety", "concerns", "unsafe"), ("origin", "own", "provider")]

"""The facts loader's meeting query: which meetings, in which order, through which indexes."""

from __future__ import annotations

import datetime as dt

import pytest

from regie_tui.data import commands as C
from regie_tui.data import facts_loader
from regie_tui.data.store import Store
from tests.conftest import TODAY

pytestmark = pytest.mark.both_engines


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def test_each_meeting_once_in_date_then_id_order_with_ties_kept(store, make_case):
    case_id, v = make_case()
    # A start meeting with the youth present is both a start meeting and the
    # latest youth contact: two parts of the query find it, it is listed once.
    start = C.record_meeting(store, case_id, v, kind="start_meeting", held_on=TODAY - days(20),
                             youth_present=True)
    planned = C.record_meeting(store, case_id, start.version, kind="mdo",
                               planned_on=TODAY + days(10))
    # Two evaluations on the latest day: both are "the latest evaluation".
    later_id = C.record_meeting(store, case_id, planned.version, kind="evaluation",
                                held_on=TODAY - days(5))
    earlier_id = C.record_meeting(store, case_id, later_id.version, kind="mdo",
                                  held_on=TODAY - days(5))
    older = C.record_meeting(store, case_id, earlier_id.version, kind="mdo",
                             held_on=TODAY - days(40))
    facts = store.load_case(older.case_id)
    assert [m.id for m in facts.meetings] == [
        start.object_id, later_id.object_id, earlier_id.object_id, planned.object_id]
    assert [m.kind for m in facts.meetings] == ["start_meeting", "evaluation", "mdo", "mdo"]


def test_meeting_query_uses_the_partial_indexes(tmp_path):
    """The partial indexes are used only while the query repeats their conditions."""
    from regie_tui.data import demo

    store = Store(demo.generate(tmp_path / "demo.sqlite", 40, TODAY))
    sql = facts_loader._MEETINGS_SQL.format(where="1 = 1")
    with store.read() as conn:
        plan = " / ".join(row[3] for row in conn.execute(
            f"EXPLAIN QUERY PLAN {sql}", {"as_of": TODAY.isoformat()}))
    assert "ix_meeting_case_held_evaluation" in plan
    assert "ix_meeting_case_start_or_planned" in plan

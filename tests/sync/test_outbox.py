"""Recording on a copy: every command's outbox row, in the command's transaction."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from regie_tui.base.errors import StoreError, ValidationError
from regie_tui.data import commands as C
from regie_tui.data import outbox
from regie_tui.data.store import Store
from tests.conftest import TODAY
from tests.sync.copies import local_copy
from tests.sync.scenario import DAY, OPENED, every_command


def _outbox(store) -> list[dict]:
    with store.read() as conn:
        conn.row_factory = None
        cols = [d[1] for d in conn.execute("PRAGMA table_info(sync_outbox)")]
        return [dict(zip(cols, r, strict=True))
                for r in conn.execute("SELECT * FROM sync_outbox ORDER BY seq")]


def _count(store, table: str) -> int:
    with store.read() as conn:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_a_store_file_is_not_a_copy_and_records_nothing(tmp_path, clock):
    store, case_id, version, _ids = local_copy(tmp_path / "s.sqlite", clock, as_copy=False)
    assert not store.is_copy
    C.record_meeting(store, case_id, version, kind="home_visit", held_on=DAY)
    assert _outbox(store) == []
    store.close()


def test_every_recorded_command_is_run_and_its_arguments_round_trip(tmp_path, clock):
    store, case_id, version, ids = local_copy(tmp_path / "copy.sqlite", clock)
    assert store.is_copy and store.actor == "Anna de Vries"
    ran = every_command(store, case_id, version, other_id=ids["Carla Bos"], today=TODAY,
                        duo_review_by=ids["Bram Jansen"])
    saved = C.set_process_director(store, case_id, _version(store, case_id),
                                   consultant_id=ids["Carla Bos"])
    ran.append("set_process_director")
    # The scenario covers every recorded command: a new one must be added there.
    assert sorted(set(ran)) == sorted(outbox.REGISTRY)
    rows = _outbox(store)
    assert [r["command"] for r in rows] == ran
    assert len({r["op_id"] for r in rows}) == len(rows)
    for row in rows:
        assert row["status"] == "waiting" and row["case_id"] == case_id
        assert row["actor"] == "Anna de Vries" and row["command_version"] == 1
        envelope = json.loads(row["args"])
        args = outbox.decode(envelope["args"])
        # Decoded and encoded again gives the same JSON: nothing is lost in between.
        assert outbox.encode(args) == envelope["args"]
        spec = outbox.REGISTRY[row["command"]]
        assert set(args) <= set(_parameters(spec.func)) - {"store"}
    meeting = next(r for r in rows if r["command"] == "record_meeting")
    args = outbox.decode(json.loads(meeting["args"])["args"])
    assert args["held_on"] == DAY and args["note"] == "Thuis bezocht."
    adjust = next(r for r in rows if r["command"] == "adjust_plan")
    args = outbox.decode(json.loads(adjust["args"])["args"])
    assert isinstance(args["plan"], C.PlanInput)
    assert args["plan"].goals[1] == C.GoalInput("Schuldhulp", None, None, "provider")
    assert isinstance(args["agreement"], C.Agreement) and args["agreement"].by_youth
    assert saved.version == rows[-1]["base_version"] + 1
    store.close()


def _parameters(func) -> list[str]:
    import inspect

    return list(inspect.signature(func).parameters)


def _version(store, case_id: int) -> int:
    with store.read() as conn:
        return conn.execute("SELECT version FROM care_case WHERE id = ?",
                            (case_id,)).fetchone()[0]


def test_a_change_keeps_the_version_and_the_values_it_changed(tmp_path, clock):
    store, case_id, version, _ids = local_copy(tmp_path / "copy.sqlite", clock)
    C.set_waiting(store, case_id, version, since=DAY, waiting_for="gezinshuis")
    C.set_waiting(store, case_id, version + 1, since=None)
    first, second = _outbox(store)
    assert (first["base_version"], second["base_version"]) == (version, version + 1)
    assert json.loads(first["base_fields"]) == {"waiting_since": None, "waiting_for": None}
    assert json.loads(second["base_fields"]) == {
        "waiting_since": {"$date": DAY.isoformat()}, "waiting_for": "gezinshuis"}
    store.close()


def test_an_addition_keeps_no_field_values(tmp_path, clock):
    store, case_id, version, _ids = local_copy(tmp_path / "copy.sqlite", clock)
    C.record_meeting(store, case_id, version, kind="home_visit", held_on=DAY)
    (row,) = _outbox(store)
    assert row["base_fields"] is None and row["base_version"] == version
    assert json.loads(row["args"])["local"].startswith("meeting:")
    store.close()


def test_a_refused_command_leaves_no_outbox_row(tmp_path, clock):
    store, case_id, version, _ids = local_copy(tmp_path / "copy.sqlite", clock)
    with pytest.raises(ValidationError):
        C.record_meeting(store, case_id, version, kind="home_visit")  # no date
    with pytest.raises(Exception):  # noqa: B017 - a stale version: ConflictError
        C.record_meeting(store, case_id, version + 5, kind="home_visit", held_on=DAY)
    assert _outbox(store) == [] and _count(store, "meeting") == 0
    store.close()


def test_the_outbox_row_is_in_the_commands_transaction(tmp_path, clock, monkeypatch):
    """A failure after the outbox row was written (the audit append) leaves neither
    the meeting nor the row: all or nothing."""
    store, case_id, version, _ids = local_copy(tmp_path / "copy.sqlite", clock)
    from regie_tui.data import audit

    written: list = []
    real = outbox._write_outbox

    def spy(*args):
        real(*args)
        written.append(args)

    def broken(*_a, **_k):
        assert written  # the outbox row was added in this transaction, then this fails
        raise RuntimeError("disk gone")

    monkeypatch.setattr(outbox, "_write_outbox", spy)
    monkeypatch.setattr(audit, "append", broken)
    with pytest.raises(RuntimeError):
        C.record_meeting(store, case_id, version, kind="home_visit", held_on=DAY)
    assert written and _outbox(store) == [] and _count(store, "meeting") == 0
    assert _version(store, case_id) == version
    store.close()


def test_rows_made_on_a_copy_get_ids_from_the_reserved_range(tmp_path, clock):
    store, case_id, version, _ids = local_copy(tmp_path / "copy.sqlite", clock)
    first = C.record_meeting(store, case_id, version, kind="home_visit", held_on=DAY)
    second = C.record_meeting(store, case_id, first.version, kind="home_visit", held_on=DAY)
    assert first.object_id == outbox.LOCAL_ID_BASE + 1
    assert second.object_id == outbox.LOCAL_ID_BASE + 2
    store.close()


def test_a_store_file_keeps_its_own_ids(tmp_path, clock):
    store, case_id, version, _ids = local_copy(tmp_path / "s.sqlite", clock, as_copy=False)
    assert C.record_meeting(store, case_id, version, kind="home_visit",
                            held_on=DAY).object_id == 1
    store.close()


@pytest.mark.parametrize("make", [
    lambda s, ids: C.create_case(s, code="K-009", alias="Gezin Nieuw", opened_on=OPENED,
                                 process_director_id=ids["Anna de Vries"]),
    lambda s, ids: C.create_consultant(s, "Dirk Nieuw"),
    lambda s, ids: C.record_caseload_review(s, ids["Anna de Vries"], DAY),
    lambda s, ids: C.acknowledge_signal(s, code="CASELOAD_REVIEW_OVERDUE", reason="Gepland.",
                                        until=TODAY + dt.timedelta(days=3),
                                        consultant_id=ids["Anna de Vries"]),
], ids=["create_case", "create_consultant", "caseload_review", "consultant_signal"])
def test_what_only_the_team_store_does_is_refused_on_a_copy(tmp_path, clock, make):
    store, _case_id, _version, ids = local_copy(tmp_path / "copy.sqlite", clock)
    before = {t: _count(store, t) for t in ("care_case", "consultant", "meeting",
                                             "acknowledgement", "sync_outbox")}
    with pytest.raises(StoreError, match="team store"):
        make(store, ids)
    assert {t: _count(store, t) for t in before} == before
    store.close()


def test_create_case_on_a_copy_says_where_cases_are_made(tmp_path, clock):
    store, _case_id, _version, ids = local_copy(tmp_path / "copy.sqlite", clock)
    with pytest.raises(StoreError, match="New cases are made on the team store"):
        C.create_case(store, code="K-009", alias="Gezin Nieuw", opened_on=OPENED,
                      process_director_id=ids["Anna de Vries"])
    store.close()


def test_the_importer_is_refused_on_a_copy(tmp_path, clock):
    store, _case_id, _version, _ids = local_copy(tmp_path / "copy.sqlite", clock)
    with pytest.raises(StoreError, match="team store"), store.writing():
        pass
    store.close()


def test_reading_a_case_on_a_copy_is_audited_there_and_not_sent(tmp_path, clock):
    store, case_id, _version, _ids = local_copy(tmp_path / "copy.sqlite", clock)
    C.record_case_opened(store, case_id)
    assert _outbox(store) == []
    with store.read() as conn:
        assert conn.execute("SELECT action, actor FROM audit_log ORDER BY id DESC"
                            ).fetchone() == ("open_case", "Anna de Vries")
    store.close()


def test_uuid7_has_version_7_and_the_time_first():
    early = outbox.uuid7(dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    late = outbox.uuid7(dt.datetime(2026, 1, 2, tzinfo=dt.UTC))
    assert early.version == 7 and early.variant == "specified in RFC 4122"
    assert str(early) < str(late)
    assert int(early.hex[:12], 16) == int(dt.datetime(2026, 1, 1, tzinfo=dt.UTC).timestamp()
                                           * 1000)
    assert len({outbox.uuid7(dt.datetime(2026, 1, 1, tzinfo=dt.UTC)) for _ in range(1000)}) \
        == 1000


def test_a_plain_store_opened_again_is_still_not_a_copy(tmp_path, clock):
    store, *_ = local_copy(tmp_path / "s.sqlite", clock, as_copy=False)
    store.close()
    again = Store.open(tmp_path / "s.sqlite", clock, actor="Tester")
    assert not again.is_copy and again.actor == "Tester"
    again.close()

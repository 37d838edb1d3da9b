"""The first start of a day: rows painted while the store's check runs, safely.

The start-up child reads and paints the first rows before ``integrity_check``
and the daily backup (cli._first_rows_before_check). What must hold: its
frame says the store is being checked, it reads on read-only connections,
nothing is written before the check passed, a damaged store still ends on
the read-only screen, and the daily backup exists before the app (the only
way to save) runs.

``regie-tui`` runs in a fresh interpreter (it forks, as test_first_rows
explains), with the terminal a pipe, the check watched and the app replaced
by a stand-in that records what it was given (and, for the damaged store,
runs the real app under Pilot).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from regie_tui.base.clock import Clock
from regie_tui.base.errors import StoreError
from regie_tui.data import backups, commands, health
from regie_tui.views import first_paint, first_rows, first_snapshot, paint_gate
from tests.conftest import TODAY
from tests.trustkit import damage_index

needs_fork = pytest.mark.skipif(not first_rows.supported(), reason="forks on Linux only")
WIDTH, HEIGHT = 160, 45

SCRIPT = textwrap.dedent("""
    import asyncio, hashlib, json, os, select, sys, time
    from pathlib import Path

    import regie_tui.app as app_module
    from regie_tui import cli
    from regie_tui.base.clock import Clock
    from regie_tui.data import backups, health
    from regie_tui.data.store import Store
    from regie_tui.session.context import AppContext
    from regie_tui.views import first_paint, first_rows, first_snapshot, paint_gate

    path, out, user, today, pilot = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
    clock = Clock(__import__("datetime").date.fromisoformat(today))
    read_end, term = os.pipe()
    gate = paint_gate.PaintGate(term, 160, 45)
    paint_gate.for_terminal = lambda: gate
    seen = {"checks": []}

    def digest():
        return hashlib.sha256(path.read_bytes()).hexdigest()

    def frame_so_far(limit=20.0):
        # Waits for the child's frame (or gives up): no timing is asserted.
        data, end = b"", time.monotonic() + limit
        while first_paint._SYNC_OFF.encode() not in data and time.monotonic() < end:
            if select.select([read_end], [], [], 0.05)[0]:
                data += os.read(read_end, 1 << 16)
        return data.decode("utf-8", "replace")

    real_check = health.check
    def check(p, *, full=False):
        seen["checks"].append(full)
        if full:
            seen["frame_at_check"] = frame_so_far()
            seen["backup_at_check"] = backups.daily_path(path, clock.today()).exists()
            seen["digest_at_check"] = digest()
            seen["remembered_at_check"] = first_snapshot._file().exists()
        return real_check(p, full=full)
    health.check = check

    real_create = app_module.create_app
    class StandIn:
        def __init__(self, context):
            self.context = context
        def run(self):
            c = self.context
            os.set_blocking(read_end, False)
            try:
                seen["written_before_app"] = os.read(read_end, 1 << 20).decode("utf-8", "replace")
            except BlockingIOError:
                seen["written_before_app"] = ""
            seen["blocked"] = c.store.blocked is not None
            seen["backup_at_run"] = backups.daily_path(path, clock.today()).exists()
            seen["first_rows_checking"] = getattr(c.first_rows, "checking", None)
            if c.first_rows is not None:
                me, rows = c.first_rows.take()
                seen["rows"] = [r.code for r in rows or []]
            if pilot == "pilot":
                asyncio.run(self.pilot(c))
        async def pilot(self, c):
            app = real_create(c)
            async with app.run_test(size=(160, 45)) as pilot:
                for _ in range(50):
                    await pilot.pause(0.05)
                    if type(app.screen).__name__ == "StoreBlockedScreen":
                        break
                seen["screen"] = type(app.screen).__name__
    app_module.create_app = lambda context, **kw: StandIn(context)

    seen["digest_before"] = digest()
    seen["code"] = cli.main(["--db", str(path), "--today", today, "--as", user, "--lang", "en"])
    seen["digest_after"] = digest()
    reader = Store(path, clock)
    reader.blocked = "reading only"
    ctx = AppContext(store=reader, clock=clock, user=user)
    seen["expected"] = [r.code for r in first_rows.involved_rows(ctx, ctx.user_id())]
    Path(out).write_text(json.dumps(seen))
""")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    from regie_tui.data import demo

    return demo.generate(tmp_path_factory.mktemp("firststart") / "demo.sqlite", 60, TODAY)


@pytest.fixture
def store_path(template, tmp_path):
    path = tmp_path / "store" / "demo.sqlite"
    path.parent.mkdir()
    shutil.copy(template, path)
    return path


def _start(path, tmp_path, pilot: bool = False) -> dict:
    from regie_tui.data import demo

    out = tmp_path / "seen.json"
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(path), str(out), demo.TEAM[0][0], TODAY.isoformat(),
         "pilot" if pilot else "-"],
        env=dict(os.environ), capture_output=True, text=True, timeout=120, check=False)
    assert out.exists(), done.stderr[-3000:]
    return json.loads(out.read_text())


def _checking_status() -> str:
    return first_paint.checking([("x" * WIDTH, "")] * 4)[-first_paint.BELOW][0].strip()


@needs_fork
def test_the_first_start_of_a_day_paints_rows_marked_as_being_checked_before_the_check(
        store_path, tmp_path):
    seen = _start(store_path, tmp_path)
    assert seen["checks"] == [True]  # the first start of the day: the full check
    frame = seen["frame_at_check"]
    # Painted while the check had not even started, and saying so.
    assert "DEMO-" in frame and _checking_status() in frame
    assert "Loading cases…" not in frame
    # The status line is written before any row (first_paint.frame).
    assert frame.index(_checking_status()) < frame.index("DEMO-")
    # Nothing written before the check: no backup yet, the file unchanged.
    assert not seen["backup_at_check"]
    assert seen["digest_at_check"] == seen["digest_before"]
    # A frame read before the check is not remembered for a later start until the
    # check has passed; then it is (first_snapshot.confirm).
    assert not seen["remembered_at_check"]
    assert first_snapshot.recall(_key(store_path)) is not None
    assert not list(first_snapshot._file().parent.glob("*.unchecked.json*"))


@needs_fork
def test_the_daily_backup_is_made_before_the_app_can_save_and_the_rows_are_kept(
        store_path, tmp_path):
    seen = _start(store_path, tmp_path)
    assert seen["code"] == 0 and not seen["blocked"]
    assert seen["backup_at_run"]  # the app (the only way to save) runs after the backup
    assert seen["first_rows_checking"] is True  # the rows read during the check are used
    assert seen["rows"] and seen["rows"] == seen["expected"]
    # Once the check and the backup passed, before the app: the mark goes.
    assert "Loading cases…" in seen["written_before_app"]


@needs_fork
def test_a_damaged_store_ends_on_the_read_only_screen_and_nothing_was_written(
        store_path, tmp_path):
    damage_index(store_path)
    seen = _start(store_path, tmp_path, pilot=True)
    assert seen["checks"] == [True]
    assert _checking_status() in seen["frame_at_check"]  # never shown as confirmed
    assert seen["blocked"] and seen["screen"] == "StoreBlockedScreen"
    assert seen["first_rows_checking"] is None  # the unchecked rows are not handed on
    assert "Loading cases…" not in seen["written_before_app"]  # the mark stays
    assert not seen["backup_at_run"]
    assert not backups.daily_path(store_path, TODAY).exists()
    assert seen["digest_after"] == seen["digest_before"]
    # Rows read from a store that failed its check are never remembered.
    assert not first_snapshot._file().exists()
    assert not list(first_snapshot._file().parent.glob("*.unchecked.json*"))


def _key(path):
    from regie_tui.data import demo

    return first_snapshot.key(path, demo.TEAM[0][0], TODAY, "en", WIDTH, HEIGHT)


def test_the_store_read_before_the_check_refuses_every_write(store_path):
    from regie_tui.data import demo

    store = health.reader_before_check(store_path, Clock(TODAY), "Tester")
    with store.read() as conn:
        before = conn.execute("SELECT COUNT(*) FROM consultant").fetchone()[0]
        # Its connections are read-only too: a path that forgot to ask cannot write.
        with pytest.raises(Exception, match="readonly"):
            conn.execute("INSERT INTO meta (key, value) VALUES ('x', 'y')")
    with pytest.raises(StoreError, match="being checked"):
        commands.create_consultant(store, "Nieuw")
    assert store.consultant_id(demo.TEAM[0][0]) is not None  # reading works
    with store.read() as conn:
        assert conn.execute("SELECT COUNT(*) FROM consultant").fetchone()[0] == before


def test_rows_are_read_before_the_check_only_for_a_plain_local_file(store_path, tmp_path):
    assert health.may_read_before_check(store_path)  # the first start of a day
    backups.daily_backup(store_path, TODAY)  # a later start of the day: the quick check
    assert health.may_read_before_check(store_path)
    assert not health.may_read_before_check(tmp_path / "missing.sqlite")
    assert not health.may_read_before_check(tmp_path)  # a folder
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    assert not health.may_read_before_check(empty)  # a new store: made after the check


def test_a_frame_read_before_the_check_is_marked_and_not_remembered(store_path):
    from regie_tui.data import demo
    from regie_tui.session.context import AppContext

    store = health.reader_before_check(store_path, Clock(TODAY), "Tester")
    context = AppContext(store=store, clock=store.clock, user=demo.TEAM[0][0])
    me = context.user_id()
    rows = [r for r in first_rows.involved_rows(context, me) if r.process_director_id == me]
    read_end, term = os.pipe()
    gate = paint_gate.PaintGate(term, WIDTH, HEIGHT)
    assert gate.paint(context, me, rows, checking=True)
    frame = os.read(read_end, 1 << 20).decode()
    assert _checking_status() in frame and rows[0].code in frame
    assert not first_snapshot._file().exists()
    gate.release()


def test_the_mark_goes_only_from_a_finished_frame_and_never_after_the_app(store_path):
    read_end, term = os.pipe()
    os.set_blocking(read_end, False)
    gate = paint_gate.PaintGate(term, WIDTH, HEIGHT)
    assert gate._write_first("frame")  # the child's frame, marked: painted before the pass
    os.read(read_end, 1 << 20)
    assert gate.checked()
    assert f"\x1b[{HEIGHT - 1};1H" in os.read(read_end, 1 << 20).decode()
    gate.claim()  # the app
    assert not gate.checked()


def _rows_read_before_the_check(store_path):
    from regie_tui.data import demo
    from regie_tui.session.context import AppContext

    store = health.reader_before_check(store_path, Clock(TODAY), "Tester")
    context = AppContext(store=store, clock=store.clock, user=demo.TEAM[0][0])
    me = context.user_id()
    return context, me, [r for r in first_rows.involved_rows(context, me)
                         if r.process_director_id == me]


def test_a_child_that_paints_after_the_check_passed_paints_unmarked_and_remembers(store_path):
    context, me, rows = _rows_read_before_the_check(store_path)
    read_end, term = os.pipe()
    os.set_blocking(read_end, False)
    gate = paint_gate.PaintGate(term, WIDTH, HEIGHT)
    assert not gate.checked()  # the check passed before the child began: nothing to rewrite
    assert gate.paint(context, me, rows, checking=True)
    frame = os.read(read_end, 1 << 20).decode()
    assert rows[0].code in frame and "Loading cases…" in frame
    assert _checking_status() not in frame
    assert first_snapshot._file().exists()  # rows of a checked store: remembered
    gate.release()


def test_a_child_that_paints_before_the_check_passed_stays_marked_until_it_has(store_path):
    context, me, rows = _rows_read_before_the_check(store_path)
    read_end, term = os.pipe()
    os.set_blocking(read_end, False)
    gate = paint_gate.PaintGate(term, WIDTH, HEIGHT)
    assert gate.paint(context, me, rows, checking=True)  # the check still runs
    assert _checking_status() in os.read(read_end, 1 << 20).decode()
    assert not first_snapshot._file().exists()  # kept aside only
    assert gate.checked()  # passed: only then the status line is rewritten
    assert "Loading cases…" in os.read(read_end, 1 << 20).decode()
    assert first_snapshot.recall(_key(store_path)) is not None  # and the frame remembered
    gate.release()


def test_a_frame_kept_aside_is_dropped_when_the_check_does_not_pass(store_path):
    context, me, rows = _rows_read_before_the_check(store_path)
    read_end, term = os.pipe()
    gate = paint_gate.PaintGate(term, WIDTH, HEIGHT)
    assert gate.paint(context, me, rows, checking=True)
    assert list(first_snapshot._file().parent.glob("*.unchecked.json"))
    gate.release()  # the check failed: checked() was never called
    assert not first_snapshot._file().exists()
    assert not list(first_snapshot._file().parent.glob("*.unchecked.json*"))


def test_the_unchecked_rows_are_dropped_when_the_check_fails(store_path):
    from regie_tui.session.context import AppContext

    store = health.reader_before_check(store_path, Clock(TODAY), "Tester")
    early = object.__new__(first_rows.FirstRows)
    context = AppContext(store=store, clock=store.clock, user="x")
    assert first_rows.confirmed(early, context) is None  # still blocked: not handed on
    store.blocked = None
    assert first_rows.confirmed(early, context) is early


def test_digest_helper_sanity(store_path):
    # The digest compared above changes when the file does (so "unchanged" can fail).
    before = hashlib.sha256(store_path.read_bytes()).hexdigest()
    damage_index(store_path)
    assert hashlib.sha256(store_path.read_bytes()).hexdigest() != before


@needs_fork
def test_a_later_start_of_the_day_reads_the_rows_during_the_quick_check_too(
        store_path, tmp_path):
    backups.daily_backup(store_path, TODAY)  # today's backup exists: the quick check
    seen = _start(store_path, tmp_path)
    assert seen["checks"] == [False]
    assert seen["code"] == 0 and not seen["blocked"]
    assert seen["first_rows_checking"] is True  # read by the child forked before the check
    assert seen["rows"] and seen["rows"] == seen["expected"]
    # Whether the child painted before or after the check passed, the frame is
    # remembered once it has (and only then), and nothing is left kept aside.
    assert first_snapshot.recall(_key(store_path)) is not None
    assert not list(first_snapshot._file().parent.glob("*.unchecked.json*"))


def test_the_check_runs_at_a_lower_priority_and_hands_back_its_result_or_error():
    import threading

    from regie_tui import cli

    def nice_here():
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    mine = nice_here()
    assert cli._yielding(nice_here)() == min(19, mine + cli.YIELD_NICE)
    assert nice_here() == mine  # the caller's thread keeps its priority

    def fails():
        raise StoreError("damaged")

    with pytest.raises(StoreError, match="damaged"):
        cli._yielding(fails)()


def test_textual_waits_for_the_childs_frame_only_without_two_free_cores(monkeypatch):
    from regie_tui import cli

    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.1, 0.1, 0.1))
    assert not cli._cores_to_spare()  # two cores: one is the child's, one the terminal's
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    assert cli._cores_to_spare()
    monkeypatch.setattr(os, "getloadavg", lambda: (6.5, 6.0, 5.0))
    assert not cli._cores_to_spare()

"""The light first frame the start-up child paints before the app (views.first_paint,
paint_gate.PaintGate, app.gated_driver).

The gate is exercised in one process with a pipe standing for the terminal:
its rules do not depend on which process holds which end.
"""

from __future__ import annotations

import os

import pytest

from regie_tui.base.clock import Clock
from regie_tui.data.store import Store
from regie_tui.session.context import AppContext
from regie_tui.views import caseload as V
from regie_tui.views import first_paint, first_rows, first_snapshot, paint_gate
from tests.conftest import TODAY

WIDTH, HEIGHT = 160, 45


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    from regie_tui.data import demo

    return demo.generate(tmp_path_factory.mktemp("paint") / "demo.sqlite", 80, TODAY)


@pytest.fixture
def context(demo_path):
    from regie_tui.data import demo

    store = Store(demo_path, Clock(TODAY))
    yield AppContext(store=store, clock=store.clock, user=demo.TEAM[0][0])
    store.close()


def test_directed_cases_first_then_the_same_rows_as_one_read(context):
    me = context.user_id()
    painted = []
    rows = first_rows.involved_rows(context, me, paint=painted.append)
    assert rows == first_rows.involved_rows(context, me)  # same rows, same order
    (directed,) = painted
    assert directed == [r for r in rows if r.process_director_id == me and r.active]
    assert directed and len(rows) > len(directed)  # the others came after the paint


def test_the_frame_shows_the_most_urgent_directed_cases_and_says_the_rest_is_loading(context):
    me = context.user_id()
    painted = []
    first_rows.involved_rows(context, me, paint=painted.append)
    lines = first_paint.lines(painted[0], me, "Regie — test", WIDTH, HEIGHT)
    texts = [text for text, _style in lines]
    assert len(texts) == HEIGHT and all(len(t) <= WIDTH for t in texts)
    expected = V.Selection(painted[0], me, V.VIEW_MINE).shown()
    shown = texts[first_paint.TABLE_TOP + 1:HEIGHT - first_paint.BELOW]
    assert [t.split()[1] for t in shown if t.strip()] == [r.code for r in expected][:len(shown)]
    # Only "my cases" is counted; views not read yet say so, as the screen does.
    assert f"({len(expected)})" in texts[1] and texts[1].count("(…)") == 3
    assert texts[HEIGHT - 2].strip() == "Loading cases…"


def test_no_cases_no_rows_but_still_the_layout(context):
    texts = [t for t, _s in first_paint.lines([], context.user_id(), "Regie", 80, 20)]
    assert len(texts) == 20 and "(0)" in texts[1]
    assert not any(t.strip() for t in texts[first_paint.TABLE_TOP + 1:18])


def _terminal():
    read_end, write_end = os.pipe()
    os.set_blocking(read_end, False)
    return read_end, write_end


def _written(fd: int) -> bytes:
    try:
        return os.read(fd, 1 << 20)
    except BlockingIOError:
        return b""


def test_the_child_paints_when_the_app_has_not(context):
    out, term = _terminal()
    gate = paint_gate.PaintGate(term, WIDTH, HEIGHT)
    rows = [r for r in first_rows.involved_rows(context, context.user_id())
            if r.process_director_id == context.user_id()]
    assert gate.paint(context, context.user_id(), rows)
    frame = _written(out).decode()
    assert frame.startswith(first_paint.ENTER) and rows[0].code in frame
    gate.claim()  # the app, before its first frame
    assert gate.painted
    gate.release()  # the app ran and left the alternate screen itself: nothing more
    assert _written(out) == b""


def _child_copy(gate):
    """The gate as the forked child holds it: the same pipes through its own descriptors."""
    child = paint_gate.PaintGate.__new__(paint_gate.PaintGate)
    child.__dict__.update(gate.__dict__)
    child._token, child._done_r, child._done_w = (
        os.dup(gate._token), os.dup(gate._done_r), os.dup(gate._done_w))
    return child


def test_after_the_app_claimed_the_terminal_the_child_paints_nothing(context):
    out, term = _terminal()
    gate = paint_gate.PaintGate(term, WIDTH, HEIGHT)
    child = _child_copy(gate)
    gate.claim()
    assert not gate.painted
    assert not child.paint(context, context.user_id(), [])
    assert _written(out) == b""
    gate.release()  # nothing was painted: nothing to leave
    assert _written(out) == b""


def test_a_frame_the_app_never_replaced_is_left_on_release(context):
    out, term = _terminal()
    gate = paint_gate.PaintGate(term, WIDTH, HEIGHT)
    assert gate.paint(context, context.user_id(), [])
    _written(out)
    gate.release()  # the app failed before it painted: back to the user's screen
    assert _written(out) == first_paint.LEAVE.encode()


async def test_the_app_driver_claims_the_terminal_at_its_first_frame_not_before(context):
    from regie_tui.app import create_app, gated_driver

    out, term = _terminal()
    gate = paint_gate.PaintGate(term, WIDTH, HEIGHT)
    child = _child_copy(gate)
    driver = gated_driver(gate)(create_app(context))

    class Sink:
        def __init__(self):
            self.data = []

        def write(self, data):
            self.data.append(data)

    driver._writer_thread = sink = Sink()
    driver.write("\x1b[?1049h")  # while starting: modes, not a frame
    assert not gate.claimed
    driver._started = True
    driver.write("\x1b]22;default\x07")  # the pointer's shape: not a frame
    assert not gate.claimed
    driver.write("\x1b[1;1Hframe")
    assert gate.claimed and not gate.painted
    assert sink.data[-1] == "\x1b[1;1Hframe"
    assert not child.paint(context, context.user_id(), [])  # too late for the child
    assert _written(out) == b""


# -- the frame remembered for the next start of the day ---------------------------
def _remembered(context, out, term):
    """The child paints (and remembers) the first frame; returns the key it was kept for."""
    from regie_tui.base import i18n

    gate = paint_gate.PaintGate(term, WIDTH, HEIGHT)
    me = context.user_id()
    rows = [r for r in first_rows.involved_rows(context, me)
            if r.process_director_id == me and r.active]
    assert gate.paint(context, me, rows)
    _written(out)
    return first_snapshot.key(context.store.path, context.user, context.today,
                              i18n.current_language(), WIDTH, HEIGHT), rows


def test_the_remembered_frame_is_private_and_painted_marked_as_being_refreshed(context):
    out, term = _terminal()
    match, rows = _remembered(context, out, term)
    path = first_snapshot._file()
    assert path.stat().st_mode & 0o777 == 0o600
    later = paint_gate.PaintGate(term, WIDTH, HEIGHT)  # the next start, same day
    assert later.paint_remembered(match) and later.early
    frame = _written(out).decode()
    assert rows[0].code in frame
    assert "being refreshed" in frame
    # Every row is dimmed (SGR 2): no signal in it looks current.
    row_lines = [line for line in frame.split("\x1b[") if rows[0].code in line]
    assert row_lines and all(line.startswith(("2;", "2m")) for line in row_lines)
    later.release()  # the app never took over: leave the alternate screen
    assert _written(out) == first_paint.LEAVE.encode()


def test_fresh_rows_replace_the_remembered_frame(context):
    out, term = _terminal()
    match, rows = _remembered(context, out, term)
    gate = paint_gate.PaintGate(term, WIDTH, HEIGHT)
    assert gate.paint_remembered(match)
    _written(out)
    assert gate.paint(context, context.user_id(), rows)  # the child, with rows read now
    fresh = _written(out).decode()
    assert rows[0].code in fresh and "being refreshed" not in fresh
    assert "Loading cases…" in fresh


@pytest.mark.parametrize("change", ["day", "user", "store", "language", "size"])
def test_never_shown_for_another_day_consultant_store_language_or_size(context, change):
    import datetime as dt

    out, term = _terminal()
    match, _rows = _remembered(context, out, term)
    changed = {
        "day": (context.today - dt.timedelta(days=1)).isoformat(),  # yesterday's rows
        "user": "Someone Else",
        "store": "/elsewhere/regie.sqlite",
        "language": "nl" if match["language"] != "nl" else "en",
        "size": [WIDTH, HEIGHT - 1],
    }
    other = {**match, change: changed[change]}
    assert first_snapshot.recall(match) is not None
    assert first_snapshot.recall(other) is None
    gate = paint_gate.PaintGate(term, WIDTH, HEIGHT)
    assert not gate.paint_remembered(other) and not gate.early
    assert _written(out) == b""


def test_an_encrypted_store_gets_no_remembered_frame_and_loses_an_old_one(context):
    out, term = _terminal()
    match, rows = _remembered(context, out, term)
    path = first_snapshot._file()
    assert path.exists()
    # The store is encrypted since (its header is no longer SQLite's).
    store_file = context.store.path
    header = store_file.read_bytes()[:16]
    context.store.close()
    with open(store_file, "r+b") as fh:
        fh.write(os.urandom(16))
    try:
        gate = paint_gate.PaintGate(term, WIDTH, HEIGHT)
        first_snapshot.remember(match, [("x", "")])
        assert not path.exists()  # nothing of it in plain text on the disk
        assert first_snapshot.recall(match) is None and not gate.paint_remembered(match)
    finally:
        with open(store_file, "r+b") as fh:
            fh.write(header)


def test_the_refreshing_status_comes_before_any_remembered_row(context):
    out, term = _terminal()
    match, rows = _remembered(context, out, term)
    text = first_paint.frame(first_paint.refreshing(first_snapshot.recall(match)))
    assert text.index("being refreshed") < text.index(rows[0].code)


def test_encrypt_removes_the_first_screen_kept_of_the_plain_store(new_store_path, monkeypatch):
    import io
    import sys

    from regie_tui import cli
    from regie_tui.data import cipher

    path = new_store_path()
    match = first_snapshot.key(path, "Tester", TODAY, "en", WIDTH, HEIGHT)
    frame = [("Regie", "1"), ("DEMO-0001 Gezin Test", "31")] + [("", "")] * (HEIGHT - 2)
    first_snapshot.remember(match, frame)
    assert first_snapshot.recall(match) is not None
    passphrase = "lange wachtzin 42"
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{passphrase}\n{passphrase}\n"))
    try:
        assert cli.main(["--db", str(path), "--today", TODAY.isoformat(), "encrypt"]) == 0
    finally:
        cipher.forget_passphrase()
    assert not first_snapshot._file().exists()


def test_a_remembered_file_that_is_not_a_whole_frame_is_not_shown(context):
    out, term = _terminal()
    match, _rows = _remembered(context, out, term)
    first_snapshot.remember(match, [("DEMO-0001 half a frame", "")])
    assert first_snapshot.recall(match) is None
    first_snapshot._file().write_text("not json")
    assert first_snapshot.recall(match) is None


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_title_date_is_the_apps_without_importing_babel(language):
    import datetime as dt

    from regie_tui.base import i18n

    before = i18n.current_language()
    i18n.set_language(language)
    try:
        for month in range(1, 13):
            day = dt.date(2026, month, 3 + month)
            assert first_paint.long_date(day) == i18n.format_date(day)
    finally:
        i18n.set_language(before)


def test_the_title_of_the_first_frame_imports_no_babel():
    import subprocess
    import sys

    script = ("import datetime, sys\n"
              "from regie_tui.base import i18n\n"
              "i18n.set_language('nl')\n"
              "from regie_tui.views import first_paint\n"
              "first_paint.title('Sanne', datetime.date(2026, 11, 16), False)\n"
              "print('babel' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"

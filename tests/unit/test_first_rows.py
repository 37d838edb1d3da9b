"""First rows computed in a child process at start-up: the same rows, or a clean fallback.

The fork runs in a fresh interpreter (as in the CLI, where no thread exists
yet), never in the pytest process, which may hold threads of earlier tests.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from regie_tui.base.clock import Clock
from regie_tui.data.store import Store
from regie_tui.session.context import AppContext
from regie_tui.views import first_rows
from tests.conftest import TODAY

needs_fork = pytest.mark.skipif(not first_rows.supported(), reason="forks on Linux only")

_SCRIPT = """
import datetime as dt, pickle, sys
from pathlib import Path
from regie_tui.views import first_rows
from regie_tui.base.clock import Clock
from regie_tui.session.context import AppContext
from regie_tui.data.store import Store

store = Store(Path(sys.argv[1]), Clock(dt.date.fromisoformat(sys.argv[2])))
context = AppContext(store=store, clock=store.clock, user=sys.argv[3])
{setup}
pending = first_rows.start(context)
taken = pending.take()
sys.stdout.buffer.write(pickle.dumps(taken))
"""


def _run(path, user: str, setup: str = "") -> tuple:
    import pickle

    script = _SCRIPT.format(setup=textwrap.dedent(setup))
    out = subprocess.run([sys.executable, "-c", script, str(path), TODAY.isoformat(), user],
                         capture_output=True, check=True)
    return pickle.loads(out.stdout)


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    from regie_tui.data import demo

    return demo.generate(tmp_path_factory.mktemp("first") / "demo.sqlite", 60, TODAY)


@needs_fork
def test_child_rows_equal_the_rows_the_screen_would_read(demo_path):
    from regie_tui.data import demo

    user = demo.TEAM[0][0]
    me, rows = _run(demo_path, user)
    store = Store(demo_path, Clock(TODAY))
    context = AppContext(store=store, clock=store.clock, user=user)
    assert me == context.user_id()
    expected = first_rows.involved_rows(context, me)
    assert rows and rows == expected


@needs_fork
def test_a_failing_child_gives_nothing_and_the_screen_reads_itself(demo_path):
    from regie_tui.data import demo

    # The child's read fails: the parent gets (None, None), not an error or half a list.
    setup = """
    def broken(*args):
        raise RuntimeError("store unreadable")
    first_rows.involved_rows = broken
    """
    assert _run(demo_path, demo.TEAM[0][0], setup) == (None, None)


@needs_fork
def test_an_unknown_user_gives_no_rows(demo_path):
    assert _run(demo_path, "Nobody Known") == (None, None)


def test_nothing_started_before_the_identity_screen_or_on_a_blocked_store(demo_path):
    store = Store(demo_path, Clock(TODAY))
    assert first_rows.start(AppContext(store=store, clock=store.clock, user=None)) is None
    store.blocked = "damaged"
    assert first_rows.start(AppContext(store=store, clock=store.clock, user="x")) is None

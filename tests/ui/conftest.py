"""UI tests run in Dutch, at a fixed day and size, on the seeded demo store."""

from __future__ import annotations

import pytest

from regie_tui.base import i18n
from regie_tui.base.clock import Clock
from regie_tui.data.store import Store
from regie_tui.session.context import AppContext
from tests.conftest import TODAY

SIZE = (140, 42)


@pytest.fixture(autouse=True)
def dutch():
    i18n.set_language("nl")
    yield
    i18n.set_language("en")


@pytest.fixture(autouse=True)
def wait_through_replaced_workers(monkeypatch):
    """``workers.wait_for_complete`` that treats a replaced worker as settled.

    Screens load in exclusive workers: a reload started while the previous one
    still runs cancels it, which is what the app wants. Textual's wait then
    raises WorkerCancelled, depending on timing (seen in CI). Tests wait until
    no worker is pending or running; a worker that failed still fails the test.
    """
    import asyncio

    from textual.worker import WorkerCancelled, WorkerState
    from textual.worker_manager import WorkerManager

    async def wait_for_complete(self, workers=None):
        for _ in range(50):
            # As Textual's own: all workers when none are named; a failed one raises.
            busy = [w for w in (workers or list(self)) if w.state in (
                WorkerState.PENDING, WorkerState.RUNNING, WorkerState.ERROR)]
            if not busy:
                return
            for outcome in await asyncio.gather(*(w.wait() for w in busy),
                                                return_exceptions=True):
                if isinstance(outcome, BaseException) and not isinstance(
                        outcome, WorkerCancelled | asyncio.CancelledError):
                    raise outcome
        raise AssertionError("workers kept starting one another")

    monkeypatch.setattr(WorkerManager, "wait_for_complete", wait_for_complete)


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch):
    """A blinking cursor makes a snapshot depend on when it was taken (seen in CI
    on a loaded machine: the new-case form once had the cursor off). Inputs and
    text areas keep a steady cursor in tests."""
    from textual.widgets import Input, TextArea

    for widget in (Input, TextArea):
        original = widget._on_mount

        def _on_mount(self, event, _original=original):
            _original(self, event)
            self.cursor_blink = False

        monkeypatch.setattr(widget, "_on_mount", _on_mount)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    from regie_tui.data import demo

    return demo.generate(tmp_path_factory.mktemp("demo") / "demo.sqlite", demo.DEMO_SIZE, TODAY)


@pytest.fixture
def demo_store(demo_template, tmp_path):
    """A private copy of the demo store, so tests may write to it."""
    import shutil

    path = tmp_path / "demo.sqlite"
    shutil.copy(demo_template, path)
    store = Store.open(path, Clock(TODAY), actor="Sanne Voorbeeld")
    yield store
    store.close()


@pytest.fixture
def make_app():
    from regie_tui.app import create_app

    def _make(store, user="Sanne Voorbeeld", demo=True):
        context = AppContext(store=store, clock=store.clock, user=user, demo=demo,
                             language="nl")
        if user:
            store.actor = user
        return create_app(context)

    return _make

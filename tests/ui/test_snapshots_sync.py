"""Snapshots of a copy of the team store (issue 18) at a fixed day and size, in Dutch:
the header that says it is a copy, and the conflicts screen."""

from __future__ import annotations

import pytest

from tests.ui.case_helpers import settle
from tests.ui.conftest import SIZE
from tests.ui.copy_helpers import make_copy


@pytest.fixture
def copy_store(demo_store):
    store = make_copy(demo_store)
    yield store
    store.close()


def test_copy_header_snapshot(snap_compare, copy_store, make_app):
    assert snap_compare(make_app(copy_store, demo=False), terminal_size=SIZE, run_before=settle)


def test_conflicts_screen_snapshot(snap_compare, copy_store, make_app):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("C")
        await settle(pilot)

    assert snap_compare(make_app(copy_store, demo=False), terminal_size=SIZE, run_before=run_before)

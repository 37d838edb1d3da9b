"""Snapshots of the shell at a fixed day and size, in Dutch."""

from __future__ import annotations

from tests.ui.conftest import SIZE


def test_identity_snapshot(snap_compare, demo_store, make_app):
    app = make_app(demo_store, user=None, demo=False)
    assert snap_compare(app, terminal_size=SIZE)

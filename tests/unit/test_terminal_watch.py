"""An orphaned Regie notices that its terminal is gone."""

from __future__ import annotations

import os
import pty

from regie_tui.session.terminal_watch import terminal_gone


def test_a_live_terminal_is_not_gone_and_a_hung_up_one_is():
    master, slave = pty.openpty()
    try:
        assert not terminal_gone(slave)
        os.close(master)  # the terminal window closes
        assert terminal_gone(slave)
    finally:
        os.close(slave)


def test_a_closed_descriptor_counts_as_gone():
    master, slave = pty.openpty()
    os.close(master)
    os.close(slave)
    assert terminal_gone(slave)


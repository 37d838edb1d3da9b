"""Regie beside other Regie processes on one store (issue 14.1).

Closing any descriptor of a SQLite file drops every POSIX lock the process
holds on it. Reading the file header with open()/close() while a connection
was open let a short-lived `regie-tui` delete the -wal/-shm under the app:
acknowledged writes lost, "wrong # of entries in index".
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from regie_tui.data import backups, cipher, commands, db
from regie_tui.rules import vocab
from tests import crashkit
from tests.conftest import TODAY


def _close_from_another_process(path: Path) -> None:
    """A second process opens the store, reads, and closes it (as `signals` does)."""
    code = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
            "c.execute('SELECT count(*) FROM care_case').fetchone(); c.close()")
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, timeout=60)


def _wal(path: Path) -> Path:
    return Path(f"{path}-wal")


@pytest.mark.parametrize("reads_header", [
    lambda path: cipher.header(path),
    lambda path: cipher.is_encrypted(path),
    lambda path: db.open_file(path).close(),
    lambda path: db.prepare_file(path),
    lambda path: backups.integrity(path),
], ids=["header", "is_encrypted", "open_file", "prepare_file", "integrity"])
def test_a_process_with_an_open_connection_keeps_its_lock(store, make_case, reads_header):
    """The mechanism: after this process looked at the file outside its open
    connection, another process closing the store must not take the WAL away."""
    case_id, version = make_case()
    commands.record_meeting(store, case_id, version, kind=vocab.HOME_VISIT,
                            held_on=TODAY, note="eerste")  # the engine's connection stays open
    assert _wal(store.path).exists()
    reads_header(store.path)
    _close_from_another_process(store.path)
    assert _wal(store.path).exists(), "the other process deleted the WAL under this one"


def test_writers_beside_short_lived_cli_processes_lose_nothing(tmp_path):
    """Two app-like writers, `signals --all` and `import` as real processes: every
    acknowledged write and import is there, the file and the audit chain are sound."""
    result = crashkit.run_mixed_trial(tmp_path / "mixed", workers=2, seed=1, rounds=2)
    assert result.acknowledged > 0, "the writers wrote nothing"
    assert result.cli_runs == 4
    assert result.worker_errors == []
    assert result.cli_failures == []
    assert result.lost == []
    assert result.imports_lost == []
    assert result.integrity == "ok"
    assert result.chain_ok
    assert result.audit_verify == "ok"

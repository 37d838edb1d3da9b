"""Backups: consistent copies, daily rotation, checked restore that keeps the old file."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3

import pytest

from regie_tui.base.errors import StoreError
from regie_tui.data import backups, commands
from regie_tui.rules import vocab
from tests.conftest import TODAY, table_counts
from tests.trustkit import damage_index, meetings, mode

NOW = dt.datetime(2026, 11, 16, 9, 30)



def _add_meeting(store, case_id, version):
    return commands.record_meeting(store, case_id, version, kind=vocab.HOME_VISIT,
                                   held_on=TODAY).version


def test_backup_is_a_private_sound_copy(store, make_case, tmp_path):
    case_id, version = make_case()
    _add_meeting(store, case_id, version)
    target = backups.make_backup(store.path, tmp_path / "out" / "copy.sqlite")
    assert mode(target) == 0o600
    assert backups.integrity(target) == "ok"
    assert meetings(target) == 1
    assert not (tmp_path / "out" / "copy.sqlite.partial").exists()


def test_daily_backup_runs_once_a_day(store):
    first = backups.daily_backup(store.path, TODAY)
    assert first == backups.daily_path(store.path, TODAY)
    assert mode(first) == 0o600 and mode(first.parent) == 0o700
    stamp = first.stat().st_mtime_ns
    assert backups.daily_backup(store.path, TODAY) is None
    assert first.stat().st_mtime_ns == stamp
    assert backups.daily_backup(store.path, TODAY + dt.timedelta(days=1)) is not None


def test_rotation_keeps_seven_days_and_four_weeks():
    days = [TODAY - dt.timedelta(days=n) for n in range(60)]
    keep = backups.to_keep(days)
    dailies = {TODAY - dt.timedelta(days=n) for n in range(7)}  # 10..16 November
    # TODAY is a Monday: the dailies cover ISO weeks 46 and 47; then the newest
    # backup of each of weeks 45, 44, 43 and 42 (their Sundays).
    weeklies = {dt.date(2026, 11, 8), dt.date(2026, 11, 1), dt.date(2026, 10, 25),
                dt.date(2026, 10, 18)}
    assert keep == dailies | weeklies


def test_rotation_with_gaps_keeps_what_there_is():
    days = [TODAY, TODAY - dt.timedelta(days=30)]
    assert backups.to_keep(days) == set(days)


def test_prune_removes_only_rotated_daily_backups(store):
    for n in range(40):
        backups.daily_backup(store.path, TODAY - dt.timedelta(days=39 - n))
    folder = backups.backup_dir(store.path)
    manual = backups.make_backup(store.path, folder / "cases-manual-20261101-101010.sqlite")
    upgrade = backups.make_backup(store.path, folder / "cases-before-upgrade-0001-2026-01-01.sqlite")
    kept = backups.daily_backups(store.path)
    assert set(kept) == backups.to_keep(TODAY - dt.timedelta(days=n) for n in range(40))
    assert len(kept) == 11
    assert manual.exists() and upgrade.exists()


def test_restore_brings_back_the_backup_and_keeps_the_current_file(store, make_case, tmp_path):
    case_id, version = make_case()
    version = _add_meeting(store, case_id, version)
    backup = backups.make_backup(store.path, tmp_path / "b.sqlite")
    _add_meeting(store, case_id, version)
    assert meetings(store.path) == 2
    store.close()
    aside = backups.restore(store.path, backup, NOW)
    assert meetings(store.path) == 1
    assert aside.name == "cases-replaced-20261116-093000.sqlite"
    assert meetings(aside) == 2
    assert mode(store.path) == 0o600 and mode(aside) == 0o600
    assert backups.integrity(store.path) == "ok"


def test_restore_refuses_a_damaged_backup_and_changes_nothing(store, make_case, tmp_path):
    make_case()
    backup = backups.make_backup(store.path, tmp_path / "b.sqlite")
    damage_index(backup)
    before = table_counts(store)
    with pytest.raises(StoreError, match="failed its check"):
        backups.restore(store.path, backup, NOW)
    assert table_counts(store) == before
    assert list(tmp_path.glob("*replaced*")) == []


def test_restore_refuses_a_file_that_is_not_a_regie_store(store, tmp_path):
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    with pytest.raises(StoreError, match="not a Regie store"):
        backups.restore(store.path, other, NOW)
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError, match="failed its check"):
        backups.restore(store.path, garbage, NOW)
    with pytest.raises(StoreError, match="no backup file"):
        backups.restore(store.path, tmp_path / "missing.sqlite", NOW)


def test_newest_good_backup_skips_a_damaged_one(store):
    older = backups.daily_backup(store.path, TODAY - dt.timedelta(days=1))
    newer = backups.daily_backup(store.path, TODAY)
    os.utime(older, (1, 1))  # make the order by time unambiguous
    assert backups.newest_good_backup(store.path) == newer
    damage_index(newer)
    assert backups.newest_good_backup(store.path) == older


def test_checking_a_backup_leaves_no_files_behind(store, tmp_path):
    backup = backups.make_backup(store.path, tmp_path / "b.sqlite")
    assert backups.integrity(backup) == "ok"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("b.")) == ["b.sqlite"]


def test_restoring_leaves_the_backup_folder_as_it_was(store, tmp_path):
    backup = backups.make_backup(store.path, tmp_path / "b.sqlite")
    store.close()
    backups.restore(store.path, backup, NOW)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("b.")) == ["b.sqlite"]

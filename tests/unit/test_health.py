"""Opening a store: refused on a network drive, read-only when it fails its check."""

from __future__ import annotations

import datetime as dt

import pytest

from regie_tui.base.errors import StoreError
from regie_tui.data import backups, commands, health
from regie_tui.rules import vocab
from tests.conftest import TODAY
from tests.trustkit import damage_index

MOUNTS = """\
sysfs /sys sysfs rw,nosuid 0 0
/dev/nvme0n1p2 / ext4 rw,relatime 0 0
/dev/nvme0n1p3 /home ext4 rw,relatime 0 0
server:/export/home /home/sanne/netwerk nfs4 rw,relatime 0 0
//nas/team /mnt/team\\040share cifs rw,relatime 0 0
tmpfs /tmp tmpfs rw 0 0
"""


def _counts(store):
    # Not the audit log: its damaged index is what makes this store fail the check.
    with store.read() as conn:
        return [conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("consultant", "care_case", "meeting")]


def test_parse_mounts_decodes_escaped_spaces():
    assert ("/mnt/team share", "cifs") in health.parse_mounts(MOUNTS)


@pytest.mark.parametrize(("folder", "fstype"), [
    ("/home/sanne/netwerk/regie", "nfs4"),
    ("/home/sanne/netwerkje", "ext4"),  # a prefix of the name is not the mount
    ("/mnt/team share/regie", "cifs"),
    ("/home/sanne", "ext4"),
    ("/var/lib", "ext4"),
])
def test_filesystem_type_takes_the_longest_mount_point(folder, fstype):
    assert health.filesystem_type(folder, MOUNTS) == fstype


@pytest.mark.parametrize("folder", ["/home/sanne/netwerk", "/mnt/team share"])
def test_a_store_on_a_network_drive_is_refused(folder, tmp_path):
    with pytest.raises(StoreError, match="network drive") as info:
        health.open_store(f"{folder}/regie.sqlite", mounts=MOUNTS)
    assert "locking" in str(info.value)


def test_a_store_on_a_local_disk_opens(tmp_path, clock):
    mounts = f"/dev/sda1 / ext4 rw 0 0\n/dev/sdb1 {tmp_path} xfs rw 0 0\n"
    store = health.open_store(tmp_path / "new.sqlite", clock, mounts=mounts)
    assert store.blocked is None
    commands.create_consultant(store, "Iemand")
    store.close()


def test_a_damaged_store_opens_read_only_and_names_the_good_backup(store, make_case, clock):
    case_id, version = make_case()
    good = backups.daily_backup(store.path, TODAY - dt.timedelta(days=1))
    store.close()
    damage_index(store.path)
    opened = health.open_store(store.path, clock, actor="Tester")
    assert opened.blocked is not None
    assert "read-only" in opened.blocked and str(good) in opened.blocked
    assert opened.load_case(case_id).code == "T-001"  # reading still works
    before = _counts(opened)
    with pytest.raises(StoreError, match="read-only"):
        commands.record_meeting(opened, case_id, version, kind=vocab.HOME_VISIT, held_on=TODAY)
    with pytest.raises(StoreError, match="read-only"):
        commands.create_consultant(opened, "Nieuw")
    assert _counts(opened) == before


def test_a_damaged_store_without_backups_says_so(store, clock):
    store.close()
    damage_index(store.path)
    opened = health.open_store(store.path, clock)
    assert "No good backup was found" in opened.blocked


def test_a_file_that_is_no_database_is_refused(tmp_path, clock):
    path = tmp_path / "regie.sqlite"
    path.write_bytes(b"\x00garbage" * 1000)
    with pytest.raises(StoreError, match="not a Regie store"):
        health.open_store(path, clock)

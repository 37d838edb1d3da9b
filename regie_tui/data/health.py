"""Opening a store safely: never on a network drive, never writing to a damaged file.

``open_store`` is what the CLI and the app use instead of ``Store.open``:

* a store on NFS or SMB/CIFS is refused, because SQLite's file locking is not
  reliable there and two writers could damage the file;
* an existing file gets ``PRAGMA quick_check`` first. When it fails, the store
  is opened read-only (``Store.blocked`` holds the reason; every command
  refuses with it) and the message names the newest good backup. No schema
  upgrade and no daily backup are run on a damaged file: a backup of it could
  push a good one out of the rotation.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from regie_tui.base.clock import Clock
from regie_tui.base.errors import StoreError
from regie_tui.base.i18n import _
from regie_tui.data import backups, db
from regie_tui.data.store import Store

MOUNTS = Path("/proc/mounts")
NETWORK_FILESYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "afs", "ncpfs", "9p",
    "ceph", "glusterfs", "lustre", "gpfs", "davfs", "fuse.sshfs", "fuse.davfs2",
    "fuse.glusterfs", "fuse.smbnetfs", "fuse.rclone",
})


def _unescape(field: str) -> str:
    # /proc/mounts writes a space in a mount point as \040 (octal escapes).
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def parse_mounts(text: str) -> list[tuple[str, str]]:
    """(mount point, filesystem type) per line of a /proc/mounts table."""
    mounts = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            mounts.append((_unescape(fields[1]), fields[2]))
    return mounts


def filesystem_type(folder: Path, mounts: str | None = None) -> str | None:
    """The type of the filesystem holding ``folder``; None when unknown (no /proc)."""
    if mounts is None:
        try:
            mounts = MOUNTS.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    target = os.path.realpath(folder)
    best, kind = -1, None
    for point, fstype in parse_mounts(mounts):
        prefix = point.rstrip("/") + "/"
        if (target == point or target.startswith(prefix)) and len(point) > best:
            best, kind = len(point), fstype
    return kind


def is_network(fstype: str | None) -> bool:
    return fstype is not None and (fstype in NETWORK_FILESYSTEMS or fstype.startswith("nfs"))


def refuse_network_store(path: Path, mounts: str | None = None) -> None:
    fstype = filesystem_type(Path(path).parent, mounts)
    if is_network(fstype):
        raise StoreError(_(
            "The case store {path} is on a network drive ({fstype}). Regie cannot keep "
            "records safe there: SQLite's file locking does not work reliably on network "
            "drives, so records could be lost or the file damaged. Keep the store on this "
            "computer's own disk (the default location) and use backups to copy it.").format(
                path=path, fstype=fstype))


def quick_check(path: Path) -> str:
    """``ok`` or SQLite's first complaint; raises sqlite3.DatabaseError for a file that
    is not a database at all (or whose first page is destroyed)."""
    conn = db.open_file(path, readonly=True, pragmas=False)
    try:
        return conn.execute("PRAGMA quick_check").fetchone()[0]
    except db.errors("DatabaseError") as exc:
        if getattr(exc, "sqlite_errorname", "") == "SQLITE_NOTADB":
            raise
        return str(exc)  # SQLITE_CORRUPT: damaged, but perhaps partly readable
    finally:
        conn.close()


def backup_offer(path: Path) -> str:
    good = backups.newest_good_backup(path)
    if good is None:
        return _("No good backup was found in {folder}.").format(folder=backups.backup_dir(path))
    return _("The newest good backup is {backup}. Close Regie and restore it with: "
             "regie-tui restore {backup}").format(backup=good)


def open_store(path: Path, clock: Clock | None = None, actor: str = "system", *,
               mounts: str | None = None) -> Store:
    path = Path(path)
    refuse_network_store(path, mounts)
    if path.exists() and path.stat().st_size > 0:
        try:
            result = quick_check(path)
        except db.errors("DatabaseError"):
            raise StoreError(_("The file {path} is not a Regie store, or it is damaged beyond "
                               "reading. {offer}").format(path=path, offer=backup_offer(path))
                             ) from None
        if result != "ok":
            store = Store(path, clock, actor)
            store.blocked = _(
                "The case store did not pass its check when it was opened, so Regie opened "
                "it read-only: you can look, but nothing can be saved. {offer}").format(
                    offer=backup_offer(path))
            return store
    return Store.open(path, clock, actor)

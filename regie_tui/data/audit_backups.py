"""The audit log held against its backups: entries taken off the end.

The hash chain shows an entry changed or removed in the middle of the log.
It cannot show the newest entries removed from the end (what is left is still
an unbroken chain), nor a log rewritten from some entry on with fresh hashes.
Every backup holds the chain as it was when it was made, so the store's chain
must still contain it. One look-up per backup suffices: an entry's hash covers
the one before it, so when the store holds a backup's newest entry with the
same hash (and its own chain is unbroken), it holds all the backup's entries.

The one honest exception is a restore: going back to an older backup drops
what came after it on purpose, and the restore's own entry marks the point
where the two histories part.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from regie_tui.base.errors import StoreError
from regie_tui.data import backups, db

RESTORE_ACTION = "restore"
MISSING = "missing"  # the store's log ends before the backup's
DIFFERENT = "different"  # the store holds the entry, with another hash
RESTORED = "restored"  # differs from a restore entry on: what a restore leaves


@dataclass(frozen=True)
class Gap:
    backup: Path
    first_id: int  # the backup's first entry the store lacks or holds otherwise
    last_id: int  # the backup's newest entry
    kind: str  # MISSING or DIFFERENT


@dataclass
class Comparison:
    compared: int = 0
    unreadable: list[Path] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    # Where the log parts from a backup at a restore entry. Accepted, but shown:
    # the chain cannot tell a real restore from a rewrite labelled as one.
    restores: list[Gap] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.gaps


def compare(store) -> Comparison:
    """Hold the store's audit log against every backup in its backups folder."""
    result = Comparison()
    with store.snapshot() as mine:
        for path in backups.all_backups(store.path):
            try:
                with backups.read_only(path) as theirs:
                    gap = _gap(path, theirs, mine)
            except db.errors() + (OSError, StoreError):  # damaged, or another passphrase
                result.unreadable.append(path)
                continue
            result.compared += 1
            if gap is not None:
                (result.restores if gap.kind == RESTORED else result.gaps).append(gap)
    return result


def _gap(path: Path, theirs, mine) -> Gap | None:
    newest = theirs.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    if newest is None:
        return None
    held = mine.execute("SELECT hash FROM audit_log WHERE id = ?", (newest[0],)).fetchone()
    if held is not None and held[0] == newest[1]:
        return None
    # Rare: walk the backup's chain to where the store's parts from it.
    ours = {entry_id: (digest, action) for entry_id, digest, action in mine.execute(
        "SELECT id, hash, action FROM audit_log WHERE id <= ?", (newest[0],))}
    for entry_id, digest in theirs.execute("SELECT id, hash FROM audit_log ORDER BY id"):
        held = ours.get(entry_id)
        if held is None:
            return Gap(path, entry_id, newest[0], MISSING)
        if held[0] != digest:
            if held[1] == RESTORE_ACTION:
                return Gap(path, entry_id, newest[0], RESTORED)
            return Gap(path, entry_id, newest[0], DIFFERENT)
    return None

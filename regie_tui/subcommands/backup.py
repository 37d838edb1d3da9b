"""regie-tui backup [--out FILE]: a consistent copy of the case store, now."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from regie_tui.base.i18n import _


def register(sub):
    parser = sub.add_parser("backup", help=_("make a backup of the case store now"))
    parser.add_argument("--out", type=Path, metavar="FILE",
                        help=_("file to write (default: a new file in the backups folder)"))
    return parser


def run(args) -> int:
    from regie_tui.cli import CliError, make_context
    from regie_tui.data import audit_log, backups

    context = make_context(args)
    store = context.store
    out = args.out or backups.backup_dir(store.path) / (
        f"{store.path.stem}-manual-{dt.datetime.now():%Y%m%d-%H%M%S}.sqlite")
    if out.exists():
        raise CliError(_("{path} already exists; nothing was written. Choose another file "
                         "name.").format(path=out))
    # A damaged store takes no new audit entries, but may still be copied to rescue it.
    if not store.blocked:
        audit_log.audit_export(store, "backup")
    backups.make_backup(store.path, out)
    print(_("Backup written to {path} (readable only by you).").format(path=out))
    return 0

"""regie-tui restore FILE: replace the case store by a checked backup."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from regie_tui.base.i18n import _


def register(sub):
    parser = sub.add_parser(
        "restore", help=_("replace the case store by a backup (the backup is checked first)"))
    parser.add_argument("file", type=Path, help=_("the backup file"))
    parser.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    return parser


def _confirmed(question: str) -> bool:
    answer = input(question).strip().casefold()
    return answer in {"y", "yes", "j", "ja"}


def run(args) -> int:
    from regie_tui.base import config
    from regie_tui.cli import CliError
    from regie_tui.data import backups, health
    from regie_tui.session.passphrase import ensure_unlocked

    if args.demo:
        raise CliError(_("The demo store is generated, not restored."))
    path = args.db or config.default_db_path()
    health.refuse_network_store(path)
    backups.require_file(args.file)  # before asking for its passphrase
    ensure_unlocked(args.file)  # an encrypted backup needs the store's passphrase
    problem = backups.integrity(args.file)
    if problem != "ok":
        raise CliError(_("The backup {path} failed its check ({problem}). Nothing was "
                         "changed.").format(path=args.file, problem=problem))
    if not args.yes:
        if not sys.stdin.isatty():
            raise CliError(_("Restoring replaces the case store; add --yes to confirm."))
        question = _("Replace {store} by {backup}? The current file is kept aside. "
                     "Close Regie first. [y/N] ").format(store=path, backup=args.file)
        if not _confirmed(question):
            print(_("Nothing was changed."))
            return 1
    from regie_tui.base.clock import Clock
    from regie_tui.cli import actor_of
    from regie_tui.data import audit

    # The restore's entry goes into the restored copy before it takes the store's
    # name (backups.restore): killed at any moment, no restore is in place unlogged.
    entry = dict(at=Clock(args.today).now().isoformat(timespec="seconds"),
                 actor=actor_of(args, config.load_settings()), device=audit.device_name())
    aside = backups.restore(path, args.file, dt.datetime.now(), entry=entry)
    print(_("Restored {store} from {backup}.").format(store=path, backup=args.file))
    if aside is not None:
        print(_("The previous file was kept as {path}.").format(path=aside))
    return 0

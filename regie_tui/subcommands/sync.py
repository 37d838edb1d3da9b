"""regie-tui sync: send what was done on a copy to the team store, bring its changes."""

from __future__ import annotations

from regie_tui.base.i18n import _


def register(sub):
    return sub.add_parser("sync", help=_("synchronise a copy taken along with the team store"))


def run(args) -> int:
    from regie_tui.base.clock import Clock
    from regie_tui.cli import CliError
    from regie_tui.data.store import Store
    from regie_tui.session.passphrase import ensure_unlocked
    from regie_tui.subcommands.take import copy_path
    from regie_tui.sync import push_pull

    path = copy_path(args)
    if not path.is_file():
        raise CliError(_("There is no copy at {path}: take cases along with regie-tui take "
                         "first.").format(path=path))
    ensure_unlocked(path)
    store = Store.open(path, Clock(args.today))
    try:
        report = push_pull.synchronise(store)
    finally:
        store.close()
    for line in report.lines():
        print(line)
    return 1 if report.conflicts or report.refused or report.waiting else 0

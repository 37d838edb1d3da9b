"""regie-tui take: copy your own and duo cases from the team store onto this laptop.

The copy is an encrypted store file (a passphrase is asked, twice for a new
copy); open it with ``regie-tui --db COPY`` and work without a network, then
``regie-tui sync`` sends what you did and brings the team's changes.
"""

from __future__ import annotations

import os

from regie_tui.base.i18n import _

COPY_NAME = "team-copy.sqlite"


def default_copy_path():
    from regie_tui.base import config

    return config.data_dir() / COPY_NAME


def register(sub):
    parser = sub.add_parser("take", help=_("take your cases along: an encrypted copy of your "
                                           "own and duo cases from the team store"))
    parser.add_argument("--from", dest="team", metavar="URL",
                        help=_("the team store: postgresql://login@host/database "
                               "(default: REGIE_DB when it names one)"))
    return parser


def copy_path(args):
    """--db names the copy (a file); REGIE_DB only when it names a file."""
    from regie_tui.base import config
    from regie_tui.cli import CliError, is_team_url

    target = getattr(args, "db", None)
    if target is None:
        env = os.environ.get(config.DB_ENV)
        target = env if env and not is_team_url(env) else None
    if is_team_url(target):
        raise CliError(_("--db names the copy on this laptop (a file), not the team store."))
    from pathlib import Path

    return Path(target) if target else default_copy_path()


def run(args) -> int:
    from regie_tui.base import config
    from regie_tui.base.clock import Clock
    from regie_tui.cli import CliError, is_team_url
    from regie_tui.data import cipher
    from regie_tui.session.passphrase import ask, ask_new
    from regie_tui.sync import take

    url = args.team or os.environ.get(config.DB_ENV)
    if not is_team_url(url):
        raise CliError(_("Name the team store with --from postgresql://login@host/database."))
    path = copy_path(args)
    cipher.module()  # the encrypted extra first: before any passphrase is asked
    if cipher.is_encrypted(path):
        passphrase = ask(_("Passphrase for {name}: ").format(name=path.name))
    else:
        passphrase = ask_new()
    report = take.take(url, path, Clock(args.today), passphrase)
    for line in report.lines():
        print(line)
    print(_("Open it with: regie-tui --db {path}. Afterwards: regie-tui sync --db {path}")
          .format(path=path))
    return 0

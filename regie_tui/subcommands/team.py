"""regie-tui team init | add: set up a team store on PostgreSQL (run by its administrator).

The store is named like any other: ``--db postgresql://host/db``, ``REGIE_DB``, a
libpq service (``postgresql:///?service=regie``); ``.pgpass`` and the
municipality's LDAP/Kerberos work as libpq arranges. Regie never asks for or
stores a password here: libpq does.
"""

from __future__ import annotations

import argparse
import os

from regie_tui.base.i18n import _


def store_arg(text: str):
    from regie_tui.cli import store_arg as parse

    return parse(text)


def register(sub):
    parser = sub.add_parser("team", help=_("set up a team store on PostgreSQL (administrator)"))
    actions = parser.add_subparsers(dest="team_action", required=True)
    init = actions.add_parser("init", help=_("create the tables, roles and access rules"))
    add = actions.add_parser("add", help=_("add a member: their database login and role"))
    for action in (init, add):  # `team init --db URL` reads as naturally as `--db URL team init`
        action.add_argument("--db", type=store_arg, default=argparse.SUPPRESS,
                            help=_("the team store: postgresql://host/database"))
    add.add_argument("name", help=_("the member's name as colleagues know it"))
    add.add_argument("--login", required=True, help=_("their PostgreSQL login"))
    add.add_argument("--role", required=True,
                     choices=("consultant", "behavioural_scientist", "manager",
                              "privacy_officer"),
                     help=_("what they may see and change"))
    return parser


def run(args) -> int:
    import psycopg

    from regie_tui.base import config
    from regie_tui.cli import CliError, is_team_url
    from regie_tui.data.team import admin

    url = getattr(args, "db", None) or os.environ.get(config.DB_ENV)
    if not is_team_url(url):
        raise CliError(_("Name the team store with --db postgresql://host/database "
                         "(or REGIE_DB)."))
    try:
        if args.team_action == "init":
            admin.init(url)
            print(_("The team store is ready: tables, roles and access rules are in place. "
                    "Add members with: regie-tui team add NAME --login LOGIN --role ROLE"))
        else:
            admin.add(url, args.name, args.login, args.role)
            print(_("{name} can now log in as {login} ({role}). Give the login a way to "
                    "authenticate in pg_hba.conf (password, LDAP or Kerberos).").format(
                        name=args.name, login=args.login, role=args.role))
    except psycopg.Error as exc:
        # The server's own words (no case data passes through here).
        raise CliError(_("The team store refused: {reason}").format(
            reason=(exc.diag.message_primary or type(exc).__name__))) from None
    return 0

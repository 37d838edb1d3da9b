"""regie-tui export calendar: upcoming MDOs and deadlines as an iCalendar (.ics) file."""

from __future__ import annotations

from pathlib import Path

from regie_tui.base.i18n import _


def register(kinds):
    parser = kinds.add_parser("calendar", help=_("upcoming MDOs and deadlines (.ics, for "
                                                 "Outlook and other calendars)"))
    parser.add_argument("--all", action="store_true",
                        help=_("the deadlines of every active case, not only your own"))
    parser.add_argument("--out", type=Path, required=True, help=_("file to write (.ics)"))
    return parser


def run(args) -> int:
    from regie_tui.cli import CliError, make_context
    from regie_tui.exchange import exports
    from regie_tui.exchange.files import personal_data_notice

    if args.user and args.all:
        raise CliError(_("Give either --as NAME or --all, not both."))
    context = make_context(args)
    if not args.all and context.user is None:
        raise CliError(_("Say whose deadlines to export: --as NAME, or --all for the team."))
    user_id = None if args.all else context.user_id()
    _path, count = exports.calendar(context, args.out, user_id)
    print(_("Wrote {n} calendar event(s) to {path}.").format(n=count, path=args.out))
    print(personal_data_notice())
    return 0

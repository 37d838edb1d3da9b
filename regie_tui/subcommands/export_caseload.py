"""regie-tui export caseload: the caseload table with its signals (CSV or XLSX)."""

from __future__ import annotations

from pathlib import Path

from regie_tui.base.i18n import _


def register(kinds):
    parser = kinds.add_parser("caseload", help=_("the caseload table with its signals "
                                                 "(CSV or Excel)"))
    parser.add_argument("--format", choices=("csv", "xlsx"), default=None,
                        help=_("file format (default: from the file name)"))
    parser.add_argument("--all", action="store_true",
                        help=_("all active cases of the team, not only your own"))
    parser.add_argument("--out", type=Path, required=True, help=_("file to write"))
    return parser


def run(args) -> int:
    from regie_tui.cli import CliError, make_context
    from regie_tui.exchange import exports
    from regie_tui.exchange.files import personal_data_notice

    fmt = args.format or ("xlsx" if args.out.suffix.lower() == ".xlsx" else "csv")
    if args.user and args.all:
        raise CliError(_("Give either --as NAME or --all, not both."))
    context = make_context(args)
    if not args.all and context.user is None:
        raise CliError(_("Say whose cases to export: --as NAME, or --all for the team."))
    _path, count = exports.caseload(context, args.out, fmt, None if args.all else
                                    context.user_id())
    print(_("Wrote {n} case(s) to {path}.").format(n=count, path=args.out))
    print(personal_data_notice())
    return 0

"""regie-tui export cases: whole cases with their history as a JSON case file."""

from __future__ import annotations

from pathlib import Path

from regie_tui.base.i18n import _


def register(kinds):
    parser = kinds.add_parser("cases", help=_("whole cases with their history (JSON case file)"))
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--case", metavar="CODE", action="append",
                       help=_("the case to export (may be given more than once)"))
    which.add_argument("--all", action="store_true", help=_("every case in the store"))
    parser.add_argument("--out", type=Path, required=True, help=_("file to write (.json)"))
    return parser


def run(args) -> int:
    from regie_tui.cli import make_context
    from regie_tui.exchange import exports
    from regie_tui.exchange.files import personal_data_notice

    context = make_context(args)
    _path, count = exports.cases(context, args.out, None if args.all else args.case)
    print(_("Wrote {n} case(s) to {path}.").format(n=count, path=args.out))
    print(personal_data_notice())
    return 0

"""regie-tui export plan CODE [--version N] [--out FILE]: a plan version as Markdown."""

from __future__ import annotations

from pathlib import Path

from regie_tui.base.i18n import _


def register(kinds):
    parser = kinds.add_parser("plan", help=_("a plan of approach as Markdown, for the MDO"))
    parser.add_argument("code", metavar="CODE", help=_("the case code"))
    parser.add_argument("--version", type=int, dest="plan_version", metavar="N",
                        help=_("the plan version (default: the current one)"))
    parser.add_argument("--out", type=Path, metavar="FILE",
                        help=_("file to write (default: a file in Regie's export folder)"))
    parser.add_argument("--pdf", action="store_true", default=None,
                        help=_("write a PDF (the same text), whatever the file name"))
    return parser


def run(args) -> int:
    from regie_tui.cli import CliError, make_context
    from regie_tui.exchange.plan_file import export_plan

    context = make_context(args)
    if args.plan_version is not None and args.plan_version < 1:
        raise CliError(_("A plan version is a number from 1."))
    case_id = context.store.case_id_for_code(args.code)
    path = export_plan(context.store, case_id, args.plan_version, args.out, pdf=args.pdf)
    print(_("Wrote the plan of {code} to {path} (0600). It contains personal data: keep it "
            "safe.").format(code=args.code, path=path))
    return 0

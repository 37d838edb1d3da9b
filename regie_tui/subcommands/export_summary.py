"""regie-tui export summary CODE: a case summary (Markdown) for an MDO or a hand-over."""

from __future__ import annotations

from pathlib import Path

from regie_tui.base.i18n import _


def register(kinds):
    parser = kinds.add_parser("summary", help=_("a case summary for an MDO or a hand-over "
                                                "(Markdown or PDF)"))
    parser.add_argument("code", metavar="CODE", help=_("the case"))
    parser.add_argument("--out", type=Path, required=True,
                        help=_("file to write (.md, or .pdf for a PDF)"))
    parser.add_argument("--pdf", action="store_true", default=None,
                        help=_("write a PDF (the same text), whatever the file name"))
    return parser


def run(args) -> int:
    from regie_tui.cli import make_context
    from regie_tui.exchange import exports
    from regie_tui.exchange.files import personal_data_notice

    context = make_context(args)
    exports.summary(context, args.out, args.code, pdf=args.pdf)
    print(_("Wrote the summary of {code} to {path}.").format(code=args.code, path=args.out))
    print(personal_data_notice())
    return 0

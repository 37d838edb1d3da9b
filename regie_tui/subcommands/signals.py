"""regie-tui signals: the signals as a digest for a morning e-mail (table, JSON or CSV)."""

from __future__ import annotations

import sys

from regie_tui.base.i18n import _


def register(sub):
    parser = sub.add_parser("signals", help=_("print the signals (table, JSON or CSV)"))
    parser.add_argument("--all", action="store_true",
                        help=_("all active cases of the team, not only your own"))
    parser.add_argument("--case", metavar="CODE", help=_("only this case"))
    parser.add_argument("--format", choices=("table", "json", "csv"), default="table",
                        help=_("output format"))
    parser.add_argument("--include-muted", action="store_true",
                        help=_("also list acknowledged signals"))
    return parser


def select(caseload, signals, *, user_id, everyone: bool, case_code: str | None):
    """The signals of one case, of the user's cases (and the user), or of everyone."""
    if case_code is not None:
        return [s for s in signals if s.case_code == case_code]
    if everyone:
        return signals
    mine = {c.id for c in caseload.cases if c.process_director_id == user_id}
    return [s for s in signals if s.case_id in mine or s.consultant_id == user_id]


def run(args) -> int:
    from regie_tui.cli import CliError, make_context
    from regie_tui.rules.engine import evaluate
    from regie_tui.rules.signals import sort_signals
    from regie_tui.views import digest

    if args.user and args.all:
        raise CliError(_("Give either --as NAME or --all, not both."))
    context = make_context(args)
    if not args.all and args.case is None and context.user is None:
        raise CliError(_("Say whose signals to print: --as NAME, or --all for the team."))
    caseload = context.store.load_caseload()
    if args.case is not None and not any(c.code == args.case for c in caseload.cases):
        raise CliError(_("There is no case with code {code}.").format(code=args.case))
    signals = evaluate(caseload, context.today, context.intervals)
    chosen = sort_signals(select(caseload, signals, user_id=context.user_id(),
                                 everyone=args.all, case_code=args.case))
    names = {cid: c.name for cid, c in caseload.consultants.items()}
    if args.format == "table":
        text = digest.render_table(chosen, names, today=context.today,
                                   include_muted=args.include_muted)
    else:
        render = digest.render_json if args.format == "json" else digest.render_csv
        text = render(chosen, names, include_muted=args.include_muted)
    if not context.store.blocked:  # a damaged store takes no entries, but may be read
        from regie_tui.data import audit_log

        # Signals name cases and what is wrong in them: who printed them is logged.
        case_id = context.store.case_id_for_code(args.case) if args.case else None
        audit_log.audit_export(context.store, "signals", case_id)
    sys.stdout.write(text)
    return 0

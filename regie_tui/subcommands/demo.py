"""regie-tui demo: generate a fictional caseload of any size."""

from __future__ import annotations

from pathlib import Path

from regie_tui.base.i18n import _


def register(sub):
    parser = sub.add_parser("demo", help=_("generate a fictional caseload of any size"))
    parser.add_argument("--cases", type=int, default=150, help=_("number of cases"))
    parser.add_argument("--out", type=Path, required=True, help=_("file to write"))
    parser.add_argument("--seed", type=int, default=None, help=_("random seed"))
    return parser


def run(args) -> int:
    from regie_tui.base.clock import Clock
    from regie_tui.cli import CliError
    from regie_tui.data import demo

    if args.cases < 0:
        raise CliError(_("The number of cases cannot be negative."))
    today = Clock(args.today).today()
    demo.generate(args.out, args.cases, today, seed=args.seed or demo.SEED)
    print(_("Wrote {n} fictional cases to {path} (anchored on {day}).").format(
        n=args.cases, path=args.out, day=today.isoformat()))
    return 0

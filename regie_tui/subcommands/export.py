"""regie-tui export KIND ...: files for outside Regie (one module per kind)."""

from __future__ import annotations

import importlib

from regie_tui.base.i18n import _

# One module per kind, regie_tui.subcommands.export_<kind>, each with
# ``register(subparsers) -> parser`` and ``run(args) -> exit code``.
KINDS: tuple[str, ...] = ("cases", "summary", "calendar", "caseload", "plan")


def register(sub):
    parser = sub.add_parser("export", help=_("write case data to a file"))
    kinds = parser.add_subparsers(dest="kind", required=True)
    from regie_tui.cli import _common

    for kind in KINDS:
        module = importlib.import_module(f"regie_tui.subcommands.export_{kind}")
        command = module.register(kinds)
        # --db, --demo, --as ... also after the kind: `export plan CODE --demo`.
        _common(command, suppress=True)
        command.set_defaults(export_handler=module.run)
    return parser


def run(args) -> int:
    return args.export_handler(args)

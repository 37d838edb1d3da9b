"""regie-tui import FILE: cases from a JSON case file, or a caseload from CSV/XLSX."""

from __future__ import annotations

import sys
from pathlib import Path

from regie_tui.base.i18n import _

# More lines than this and the report lists the first ones and a count.
SHOWN = 50


def register(sub):
    parser = sub.add_parser("import", help=_("import cases from a case file (.json) or a "
                                             "caseload spreadsheet (.csv, .xlsx)"))
    parser.add_argument("file", type=Path, nargs="?", help=_("the file to import"))
    parser.add_argument("--update", action="store_true",
                        help=_("for cases the store already has: add the history it does "
                               "not have yet"))
    parser.add_argument("--skip-invalid", action="store_true",
                        help=_("import the valid cases and list the rejected ones (default: "
                               "import nothing when anything is wrong)"))
    parser.add_argument("--template", type=Path, metavar="FILE",
                        help=_("write an empty caseload spreadsheet to fill in (.csv or .xlsx)"))
    return parser


def run(args) -> int:
    from regie_tui.cli import CliError

    if args.template is not None:
        return _template(args.template)
    if args.file is None:
        raise CliError(_("Give the file to import, or --template FILE for an empty "
                         "spreadsheet."))
    from regie_tui.cli import make_context
    from regie_tui.exchange import sources

    context = make_context(args)
    parsed = sources.parse(args.file)
    from regie_tui.exchange.importer import import_cases

    report = import_cases(context.store, parsed, update=args.update,
                          skip_invalid=args.skip_invalid)
    print_report(report)
    return 0 if report.ok else 1


def _lines(items, out) -> None:
    for item in items[:SHOWN]:
        print(f"  {item}", file=out)
    if len(items) > SHOWN:
        print("  " + _("… and {n} more.").format(n=len(items) - SHOWN), file=out)


def print_report(report) -> None:
    err = sys.stderr
    if report.problems:
        print(_("Problems found:"), file=err)
        _lines(report.problems, err)
    if not report.written:
        print(_("Nothing was imported. Fix the problems above, or use --skip-invalid to "
                "import only the valid cases."), file=err)
        return
    print(_("Imported: {created} new case(s), {updated} updated, {unchanged} unchanged.")
          .format(created=len(report.created), updated=len(report.updated),
                  unchanged=len(report.unchanged)))
    if report.updated:
        print(_("History entries added: {n}.").format(n=sum(report.updated.values())))
    if report.consultants_created:
        print(_("Consultants added: {names}.").format(
            names=", ".join(report.consultants_created)))
    if report.notes:
        print(_("Kept as in the store (the file differs):"))
        _lines(report.notes, sys.stdout)
    if report.skipped:
        print(_("Not imported ({n}):").format(n=len(report.skipped)), file=err)
        _lines(report.skipped, err)


def _template(path: Path) -> int:
    from regie_tui.cli import CliError
    from regie_tui.exchange import spreadsheet

    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise CliError(_("A template is a .csv or .xlsx file."))
    spreadsheet.write_template(path)
    print(_("Wrote an empty caseload spreadsheet to {path}. Fill in one case per row and "
            "import it with: regie-tui import {path}").format(path=path))
    return 0

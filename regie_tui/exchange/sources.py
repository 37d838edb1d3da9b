"""Which reader a file to import goes to, by its extension."""

from __future__ import annotations

from pathlib import Path

from regie_tui.base.i18n import _


def parse(path: Path):
    from regie_tui.exchange.importer import Parsed, Problem

    if not path.is_file():
        return Parsed(problems=[Problem(str(path), _("there is no such file."))])
    suffix = path.suffix.lower()
    if suffix == ".json":
        from regie_tui.exchange import casefile

        return casefile.parse(path)
    if suffix in (".csv", ".xlsx"):
        from regie_tui.exchange import spreadsheet

        return spreadsheet.parse(path)
    return Parsed(problems=[Problem(str(path), _(
        "Regie imports .json case files and .csv or .xlsx caseload spreadsheets."))])

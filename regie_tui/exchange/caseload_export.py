"""The caseload table with its signals, as CSV or XLSX.

One row per active case, worst signal first, the columns of the caseload
screen plus every open signal, so a team lead can sort and filter in a
spreadsheet.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from regie_tui.base.i18n import N_, _, format_date
from regie_tui.rules.signals import SEVERITY_LABELS, sort_signals, worst

HEADERS = (N_("Code"), N_("Family"), N_("Regime"), N_("Process director"), N_("Duo partner"),
           N_("Started on"), N_("Worst signal"), N_("Severity"), N_("Due"),
           N_("Open signals"), N_("Signal codes"))


def rows(caseload, today: dt.date, intervals, *, user_id: int | None) -> list[list]:
    """Table rows (dates as ``date``), the worst cases first; one user's or everyone's."""
    from regie_tui.rules.engine import evaluate_cases

    cases = [c for c in caseload.cases if c.is_active and
             (user_id is None or c.process_director_id == user_id)]
    names = {cid: c.name for cid, c in caseload.consultants.items()}
    by_case = evaluate_cases(cases, today, intervals)
    table = []
    for case in cases:
        signals = sort_signals([s for s in by_case[case.id] if not s.muted])
        top = worst(signals)
        table.append((top.sort_key if top else (1, dt.date.max, "", ""), case.code, [
            case.code, case.alias,
            case.regime or "",
            names.get(case.process_director_id, ""), names.get(case.duo_partner_id, ""),
            case.opened_on, top.title() if top else "",
            _(SEVERITY_LABELS[top.severity]) if top else "", top.due if top else None,
            len(signals), ", ".join(s.code for s in signals),
        ]))
    table.sort(key=lambda r: (r[0], r[1]))
    return [r[2] for r in table]


def to_csv(table: list[list]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow([_(h) for h in HEADERS])
    for row in table:
        writer.writerow([format_date(v, "short") if isinstance(v, dt.date) else
                         ("" if v is None else v) for v in row])
    # With a BOM, Excel reads the accents right.
    return buf.getvalue().encode("utf-8-sig")


def to_xlsx(table: list[list]) -> bytes:
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = _("Caseload")[:31]
    sheet.append([_(h) for h in HEADERS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table:
        sheet.append(row)
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD-MM-YYYY"
    for cell in sheet[1]:
        sheet.column_dimensions[cell.column_letter].width = max(12, len(str(cell.value)) + 4)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()

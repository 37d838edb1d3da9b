"""A caseload spreadsheet (CSV or XLSX) in: one case per row.

Teams start from a spreadsheet: this reads one (the column set is in
``COLUMNS`` and docs/exchange-format.md; headers in Dutch or English), turns
every row into a case document of the case-file format and hands it to the
importer, with the row and column of every field so a problem points at the
cell. Dates may be ``dd-mm-jjjj`` (also with / or .), ``jjjj-mm-dd``, or
real Excel date cells.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from regie_tui.base.i18n import _, current_language


@dataclass(frozen=True)
class Column:
    key: str
    english: str
    dutch: str
    kind: str = "text"  # text, date, bool, regime
    required: bool = False


COLUMNS = (
    Column("code", "code", "code", required=True),
    Column("alias", "alias", "alias", required=True),
    Column("regime", "regime", "regime", "regime", required=True),
    Column("start", "start date", "startdatum", "date", required=True),
    Column("ovv", "OVV decision date", "datum OVV-besluit", "date"),
    Column("process_director", "process director", "procesregisseur", required=True),
    Column("duo_partner", "duo partner", "duopartner"),
    Column("case_director", "case director", "casusregisseur"),
    Column("case_director_org", "case director organisation", "organisatie casusregisseur"),
    Column("case_director_since", "case director named on", "casusregisseur sinds", "date"),
    Column("role_agreement", "role agreement on", "rolverdeling vastgelegd op", "date"),
    Column("marking_letter", "marking letter sent on", "markeringsbrief verstuurd op", "date"),
    Column("last_mdo", "last MDO", "laatste MDO", "date"),
    Column("next_mdo", "next MDO", "volgende MDO", "date"),
    Column("last_youth_contact", "last youth contact", "laatste contact jeugdige", "date"),
    Column("cross_region", "cross-region", "regio-overstijgend", "bool"),
    Column("lead_organisation", "lead organisation", "organisatie in de lead"),
    Column("waiting_for", "waiting for", "wacht op"),
    Column("waiting_since", "waiting since", "wacht sinds", "date"),
)
# Where each case-file field of a row comes from (for the place of a problem).
FIELD_COLUMN = {
    "code": "code", "alias": "alias", "opened_on": "start",
    "process_director": "process_director", "duo_partner": "duo_partner",
    "case_director_name": "case_director", "case_director_org": "case_director_org",
    "case_director_named_on": "case_director_since", "role_agreement_on": "role_agreement",
    "marking_letter_on": "marking_letter", "cross_region": "cross_region",
    "lead_organisation": "lead_organisation", "waiting_for": "waiting_for",
    "waiting_since": "waiting_since",
}
_YES = {"ja", "j", "yes", "y", "true", "waar", "x", "1"}
_NO = {"nee", "n", "no", "false", "onwaar", "0", ""}
_REGIMES = {"pr": "PR", "procesregie": "PR", "vpr": "VPR", "versterkte procesregie": "VPR"}
_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def _norm(header: str) -> str:
    return " ".join(re.sub(r"[-_.]", " ", str(header)).lower().split())


_BY_HEADER = {_norm(name): c for c in COLUMNS for name in (c.english, c.dutch, c.key)}


def headers(language: str | None = None) -> list[str]:
    dutch = (language or current_language()) == "nl"
    return [c.dutch if dutch else c.english for c in COLUMNS]


class _CellError(Exception):
    def __init__(self, message: str):
        self.message = message


# -- cell values ---------------------------------------------------------------------

def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        value = value.strftime("%d-%m-%Y")
    text = str(value)
    return text if text.strip() else None


def _date(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if not text:
        return None
    match = _DMY.fullmatch(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _YMD.fullmatch(text)
        if not match:
            raise _CellError(_("{value!r} is not a date; write it as dd-mm-yyyy, for example "
                               "16-11-2026.").format(value=text[:40]))
        year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        raise _CellError(_("{value} is not a date that exists.").format(value=text)) from None


def _bool(value) -> bool:
    if isinstance(value, bool):
        return value
    text = "" if value is None else str(value).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise _CellError(_("write ja or nee."))


def _regime(value) -> str | None:
    text = _text(value)
    if text is None:
        return None
    return _REGIMES.get(_norm(text), text.strip())


# -- rows to cases ---------------------------------------------------------------------

@dataclass
class _Sheet:
    """The header row, read: column index -> Column, with each column's header text."""

    columns: dict[int, Column]
    header_text: dict[str, str]  # column key -> header as written in the file


def _read_header(cells: list, where: str) -> tuple[_Sheet | None, list[tuple[str, str]]]:
    problems, columns, header_text = [], {}, {}
    for i, cell in enumerate(cells):
        text = _text(cell)
        if text is None:
            continue
        column = _BY_HEADER.get(_norm(text))
        if column is None:
            problems.append((where, _("the column {header!r} is not one Regie knows. The "
                                      "columns are: {known}.").format(
                header=text.strip()[:60], known=", ".join(headers()))))
        elif column.key in header_text:
            problems.append((where, _("the column {header!r} appears twice.").format(
                header=text.strip()[:60])))
        else:
            columns[i] = column
            header_text[column.key] = text.strip()
    for column in COLUMNS:
        if column.required and column.key not in header_text:
            problems.append((where, _("the required column {header!r} is missing.").format(
                header=headers()[COLUMNS.index(column)])))
    return (None if problems else _Sheet(columns, header_text)), problems


def _row_case(sheet: _Sheet, cells: list, place):
    """(case document, path -> column key, cell problems) for one row.

    ``place(column_key)`` names the cell of a column in this row.
    """
    values, problems = {}, []
    for i, column in sheet.columns.items():
        raw = cells[i] if i < len(cells) else None
        try:
            if column.kind == "date":
                values[column.key] = _date(raw)
            elif column.kind == "bool":
                values[column.key] = _bool(raw)
            elif column.kind == "regime":
                values[column.key] = _regime(raw)
            else:
                values[column.key] = _text(raw)
        except _CellError as exc:
            problems.append((column.key, exc.message))
            values[column.key] = None
    get = values.get
    where = dict(FIELD_COLUMN)
    regime, start, ovv = get("regime"), get("start"), get("ovv")
    if regime == "VPR" and ovv and start and ovv > start:
        # PR until the OVV decision, VPR from then on.
        regimes = [dict(regime="PR", start_on=start), dict(regime="VPR", start_on=ovv,
                                                            ovv_decision_on=ovv)]
        where.update({"regimes[0]": "start", "regimes[1].regime": "regime",
                      "regimes[1]": "ovv"})
    else:
        regimes = [dict(regime=regime, start_on=start, ovv_decision_on=ovv)]
        where.update({"regimes[0].regime": "regime", "regimes[0].ovv_decision_on": "ovv",
                      "regimes[0]": "start"})
    meetings = []
    for key, kind, when, youth in (("last_mdo", "mdo", "held_on", False),
                                   ("next_mdo", "mdo", "planned_on", False),
                                   ("last_youth_contact", "youth_contact", "held_on", True)):
        if get(key):
            where[f"meetings[{len(meetings)}]"] = key
            meetings.append({"kind": kind, when: get(key), "youth_present": youth})
    case = {
        "code": get("code"), "alias": get("alias"), "status": "active", "opened_on": start,
        "process_director": get("process_director"), "duo_partner": get("duo_partner"),
        "case_director_name": get("case_director"),
        "case_director_org": get("case_director_org"),
        "case_director_named_on": get("case_director_since"),
        "role_agreement_on": get("role_agreement"), "marking_letter_on": get("marking_letter"),
        "cross_region": bool(get("cross_region")),
        "lead_organisation": get("lead_organisation"), "waiting_for": get("waiting_for"),
        "waiting_since": get("waiting_since"), "regimes": regimes, "meetings": meetings,
    }
    return case, where, problems


def _column_of(where: dict[str, str], path: str) -> str | None:
    """The column a field path came from: the longest mapped prefix."""
    while path:
        if path in where:
            return where[path]
        cut = max(path.rfind("."), path.rfind("["))
        if cut <= 0:
            return None
        path = path[:cut]
    return None


# -- files -----------------------------------------------------------------------------

def _rows_csv(path: Path):
    """(line number, cells) per row, or raises _CellError for an unreadable file."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in the Windows code page.
        text = data.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for cells in reader:
            yield reader.line_num, cells
    except csv.Error as exc:
        raise _CellError(_("line {line}: {reason}").format(line=reader.line_num,
                                                           reason=exc)) from None


def _rows_xlsx(path: Path):
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise _CellError(_("not an Excel workbook (.xlsx) that Regie can read.")) from None
    try:
        sheet = book.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(cells)
    finally:
        book.close()


def parse(path: Path):
    from openpyxl.utils import get_column_letter

    from regie_tui.exchange.importer import Incoming, Parsed, Problem

    parsed = Parsed()
    is_xlsx = path.suffix.lower() == ".xlsx"
    rows = _rows_xlsx(path) if is_xlsx else _rows_csv(path)
    sheet = None
    try:
        for number, cells in rows:
            if sheet is None:
                sheet, problems = _read_header(cells, f"{path}, " + (
                    _("row {n}").format(n=number) if is_xlsx else
                    _("line {n}").format(n=number)))
                if sheet is None:
                    parsed.problems.extend(Problem(w, m) for w, m in problems)
                    return parsed
                index = {c.key: i for i, c in sheet.columns.items()}
                continue
            if all(_text(c) is None for c in cells):
                continue  # empty rows (Excel keeps a few at the end)
            parsed.cases.append(_incoming(path, sheet, index, number, cells, is_xlsx,
                                          get_column_letter, Incoming, Problem))
    except OSError as exc:
        parsed.problems.append(Problem(str(path), _("cannot be read ({reason}).").format(
            reason=exc.strerror or exc.__class__.__name__)))
    except _CellError as exc:
        parsed.problems.append(Problem(str(path), exc.message))
    if sheet is None and not parsed.problems:
        parsed.problems.append(Problem(str(path), _("the file is empty: the first row must "
                                                    "name the columns.")))
    return parsed


def _standard_header(key: str) -> str:
    return headers()[[c.key for c in COLUMNS].index(key)]


def _incoming(path, sheet, index, number, cells, is_xlsx, letter, Incoming, Problem):  # noqa: N803
    def place(key: str | None) -> str:
        if key is None:
            return f"{path}, " + (_("row {n}").format(n=number) if is_xlsx else
                                  _("line {n}").format(n=number))
        header = sheet.header_text.get(key)
        if header is None:  # a column the file does not have, e.g. the OVV date for VPR
            return f"{path}, " + _("line {n}, column {header!r} (not in the file)").format(
                n=number, header=_standard_header(key))
        if is_xlsx:
            return f"{path}, " + _("cell {cell} ({header})").format(
                cell=f"{letter(index[key] + 1)}{number}", header=header)
        return f"{path}, " + _("line {n}, column {header!r}").format(n=number, header=header)

    case, where, cell_problems = _row_case(sheet, cells, place)
    bad_columns = {key for key, _m in cell_problems}

    def locate(field_path: str) -> str:
        return place(_column_of(where, field_path) if field_path else None)

    def label(parent: str, name: str) -> str:
        full = f"{parent}.{name}" if parent else name
        key = _column_of(where, full)
        return sheet.header_text.get(key) or _standard_header(key) if key else name

    code = case["code"]
    name = (_("row {n}").format(n=number) if is_xlsx else _("line {n}").format(n=number))
    if code:
        name += f" ({code.strip()[:40]})"
    return Incoming(case, locate, name, label=label,
                    problems=[Problem(place(key), message) for key, message in cell_problems],
                    ignore=lambda field_path: _column_of(where, field_path) in bad_columns)


# -- the template ------------------------------------------------------------------------

def template_csv(language: str | None = None) -> str:
    """The header row, ";"-separated: what Excel in Dutch opens as columns."""
    buf = io.StringIO()
    csv.writer(buf, delimiter=";", lineterminator="\r\n").writerow(headers(language))
    return buf.getvalue()


def template_xlsx(language: str | None = None) -> bytes:
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Caseload"
    sheet.append(headers(language))
    for cell, column in zip(sheet[1], COLUMNS, strict=True):
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = max(12, len(cell.value) + 2)
        if column.kind == "date":
            # Dates typed into these columns become real date cells, shown dd-mm-jjjj.
            for row in range(2, 502):
                sheet.cell(row=row, column=cell.column).number_format = "DD-MM-YYYY"
    sheet.freeze_panes = "A2"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def write_template(path: Path) -> None:
    """An empty caseload spreadsheet in the current language (it holds no personal data)."""
    data = (template_xlsx() if path.suffix.lower() == ".xlsx"
            else template_csv().encode("utf-8-sig"))
    from regie_tui.base.config import write_private_bytes

    write_private_bytes(path, data)

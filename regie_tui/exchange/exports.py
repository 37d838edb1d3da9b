"""The exports, one function each, shared by the command line and the app.

Each writes its file 0600, appends one audit entry and returns the path and
a count; callers add the personal-data notice.
"""

from __future__ import annotations

from pathlib import Path

from regie_tui.exchange.files import write_export


def cases(context, path: Path, codes: list[str] | None) -> tuple[Path, int]:
    from regie_tui.exchange import casefile

    store = context.store
    text, count = casefile.export_text(store, codes)
    single = (store.case_id_for_code(codes[0]), codes[0]) if codes and len(codes) == 1 \
        else (None, None)
    write_export(store, path, text, kind="cases", cases=count, case_id=single[0],
                 case_code=single[1])
    return path, count


def summary(context, path: Path, code: str, pdf: bool | None = None) -> tuple[Path, int]:
    """The case summary as Markdown, or as a PDF of the same text (``pdf``; by
    default when ``path`` ends in .pdf)."""
    from regie_tui.base.i18n import _
    from regie_tui.exchange import summary as summary_

    text, case_id = summary_.summary_text(context.store, code, context.intervals)
    data: str | bytes = text
    if is_pdf(path, pdf):
        from regie_tui.exchange import pdf as pdf_

        data = pdf_.render(text, _("Case summary {code}").format(code=code), context.today)
    write_export(context.store, path, data, kind="summary", cases=1, case_id=case_id,
                 case_code=code)
    return path, 1


def is_pdf(path: Path, pdf: bool | None) -> bool:
    return pdf if pdf is not None else Path(path).suffix.lower() == ".pdf"


def calendar(context, path: Path, user_id: int | None) -> tuple[Path, int]:
    from regie_tui.exchange import calendar_ics

    caseload = context.store.load_caseload()
    items = calendar_ics.deadlines(caseload, context.today, context.intervals, user_id=user_id)
    data = calendar_ics.render(items, context.clock.now())
    write_export(context.store, path, data, kind="calendar",
                 cases=len({i.case_code for i in items}))
    return path, len(items)


def caseload(context, path: Path, fmt: str, user_id: int | None) -> tuple[Path, int]:
    from regie_tui.exchange import caseload_export

    table = caseload_export.rows(context.store.load_caseload(), context.today,
                                 context.intervals, user_id=user_id)
    data = caseload_export.to_xlsx(table) if fmt == "xlsx" else caseload_export.to_csv(table)
    write_export(context.store, path, data, kind="caseload", cases=len(table))
    return path, len(table)

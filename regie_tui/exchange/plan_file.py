"""Export a plan version as a Markdown file (for the MDO): 0600, audit-logged.

Shared by the plan screen and ``regie-tui export plan``.
"""

from __future__ import annotations

from pathlib import Path

from regie_tui.base import config
from regie_tui.base.errors import NotFoundError, StoreError
from regie_tui.base.i18n import _
from regie_tui.data import audit, plan_view
from regie_tui.exchange import plan_markdown


def exports_dir() -> Path:
    """Where exports go when no file is named: a folder only the user can open."""
    return config.private_dir(config.data_dir() / "exports")


def default_name(case_code: str, number: int, suffix: str = ".md") -> str:
    return f"plan-{case_code}-v{number}{suffix}"


def export_plan(store, case_id: int, number: int | None = None,
                out: Path | None = None, pdf: bool | None = None) -> Path:
    """Write version ``number`` (default: the current one, else the draft); the path.

    As Markdown, or as a PDF of the same text (``pdf``; by default when ``out``
    ends in .pdf)."""
    history = plan_view.load_plan(store, case_id)
    if number is not None:
        version = history.version(number)
    else:
        version = history.current or history.draft
        if version is None:
            raise NotFoundError(_("This case has no plan of approach yet."))
    text = plan_markdown.render(history, version, store.clock.today())
    as_pdf = pdf if pdf is not None else out is not None and Path(out).suffix.lower() == ".pdf"
    path = Path(out) if out is not None else exports_dir() / default_name(
        history.case_code, version.number, ".pdf" if as_pdf else ".md")
    data = text.encode("utf-8")
    if as_pdf:
        from regie_tui.exchange import pdf as pdf_

        data = pdf_.render(text, _("Plan of approach — {code} ({alias})").format(
            code=history.case_code, alias=history.case_alias), store.clock.today())
    try:
        config.write_private_bytes(path, data)
    except OSError as exc:
        raise StoreError(_("Could not write {path}: {reason}").format(
            path=path, reason=exc.strerror or exc)) from None
    # Who took which personal data out of Regie, when (NEN 7513).
    with store.session() as session:
        audit.append(session, at=store.clock.now().isoformat(timespec="seconds"),
                     actor=store.actor, action="export_plan",
                     object=f"plan_version:{version.id}", device=store.device,
                     case_id=case_id, case_code=history.case_code)
    return path

"""Reading checklist templates and runs for the checklist screens.

Templates come from the package (``data/checklists``) and then from the
team's config folder (``<config>/checklists``): a team file overrides the
shipped template with the same key. Runs are read with plain SQL on a short
DB-API connection; each run's template comes from its own snapshot.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from regie_tui.base import config
from regie_tui.base.errors import NotFoundError
from regie_tui.base.i18n import _
from regie_tui.rules import checklists as CL

SHIPPED = Path(__file__).parent / "checklists"


def template_folders() -> list[Path]:
    return [SHIPPED, config.config_dir() / "checklists"]


def available_templates() -> CL.TemplateSet:
    return CL.load_folders(template_folders())


_TITLES: dict[str, CL.Template] = {}


def template_label(key: str) -> str:
    """A template's title in the current language ("MDO-evaluatie (VPR)"), for a key
    such as ``mdo_evaluatie_vpr``; the key itself when no template has it.

    The templates are read once per run (three small files) and kept."""
    if not _TITLES:
        _TITLES.update(available_templates().templates)
    template = _TITLES.get(key)
    return template.label() if template is not None else key


@dataclass
class RunView:
    id: int
    case_id: int
    template: CL.Template
    started_on: dt.date
    completed_on: dt.date | None
    consultant: str | None
    answers: dict[str, CL.Answer] = field(default_factory=dict)

    @property
    def completed(self) -> bool:
        return self.completed_on is not None

    def progress(self) -> tuple[int, int]:
        return CL.progress(self.template, self.answers)


@dataclass
class CaseHeader:
    id: int
    code: str
    alias: str
    version: int


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


_RUN_COLS = ("r.id, r.case_id, r.template_snapshot, r.started_on, r.completed_on, c.name "
             "FROM checklistrun r LEFT JOIN consultant c ON c.id = r.consultant_id")


def _runs(conn, where: str, params: tuple) -> list[RunView]:
    rows = list(conn.execute(f"SELECT {_RUN_COLS} WHERE {where} ORDER BY r.id", params))
    if not rows:
        return []
    ids = ",".join(str(int(r[0])) for r in rows)
    answers: dict[int, dict[str, CL.Answer]] = {}
    for run_id, key, answer, note, value_date in conn.execute(
            "SELECT run_id, item_key, answer, note, value_date FROM checklistanswer "
            f"WHERE run_id IN ({ids})"):
        answers.setdefault(run_id, {})[key] = CL.Answer(answer, note, _date(value_date))
    templates: dict[str, CL.Template] = {}  # one parse per distinct snapshot
    runs = []
    for run_id, case_id, snapshot, started, completed, name in rows:
        template = templates.get(snapshot)
        if template is None:
            template = templates[snapshot] = CL.from_snapshot(snapshot)
        runs.append(RunView(run_id, case_id, template, _date(started), _date(completed), name,
                            answers.get(run_id, {})))
    return runs


def case_header(store, case_id: int) -> CaseHeader:
    with store.read() as conn:
        row = conn.execute("SELECT id, code, alias, version FROM care_case WHERE id = ?",
                           (case_id,)).fetchone()
    if row is None:
        raise NotFoundError(_("This case no longer exists."))
    return CaseHeader(*row)


def runs_of_case(store, case_id: int) -> list[RunView]:
    """Every run of the case, oldest first."""
    with store.snapshot() as conn:
        return _runs(conn, "r.case_id = ?", (case_id,))


def load_run(store, run_id: int) -> RunView:
    with store.snapshot() as conn:
        runs = _runs(conn, "r.id = ?", (run_id,))
    if not runs:
        raise NotFoundError(_("This checklist no longer exists."))
    return runs[0]


def open_run_id(store, case_id: int, template_key: str) -> int | None:
    """The run of this template on the case that was started but not completed."""
    with store.read() as conn:
        row = conn.execute(
            "SELECT id FROM checklistrun WHERE case_id = ? AND template_key = ? "
            "AND completed_on IS NULL ORDER BY id DESC LIMIT 1", (case_id, template_key)
        ).fetchone()
    return row[0] if row else None


def previous_run(store, run: RunView) -> RunView | None:
    """The completed run of the same template on the same case just before ``run``."""
    with store.snapshot() as conn:
        runs = _runs(conn, "r.case_id = ? AND r.template_key = ? AND r.id < ? "
                     "AND r.completed_on IS NOT NULL", (run.case_id, run.template.key, run.id))
    return runs[-1] if runs else None

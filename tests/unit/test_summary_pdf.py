"""Issue 15.5: the summary speaks the template's words, and the summary and the plan
come as a PDF too (same text, 0600, audited), from the CLI and the app."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import zlib

from regie_tui.exchange import casefile
from regie_tui.exchange.importer import import_cases
from regie_tui.rules.intervals import Intervals
from tests.conftest import TODAY
from tests.unit.exchange_helpers import document, rich, write


def _labelled_case(tmp_path, store):
    """RICH-1 from a case file, and an open case T-LAB with a completed MDO checklist
    whose answers include a choice ("safe") and a date."""
    from regie_tui.data import checklist_commands as CC
    from regie_tui.data import commands
    from regie_tui.rules import checklists as CL
    from regie_tui.rules import vocab
    from tests.unit.exchange_helpers import MDO

    assert import_cases(store, casefile.parse(write(tmp_path / "f.json", document(rich())))).ok
    opened = TODAY - dt.timedelta(days=100)
    saved = commands.create_case(store, code="T-LAB", alias="Gezin Label", opened_on=opened,
                                 regime=vocab.VPR, ovv_decision_on=opened,
                                 process_director_id=store.consultant_id("Tester"))
    run = CC.start_run(store, saved.case_id, saved.version, MDO)
    answers = {i.key: CL.Answer("yes") for i in MDO.items if i.type == CL.ANSWER}
    answers.update(
        safety_view=CL.Answer("safe"), youth_spoken=CL.Answer("no", "niet bereikt"),
        next_mdo=CL.Answer("yes", None, TODAY + dt.timedelta(days=30)),
        lead_organisation=CL.Answer("na"))
    CC.complete_run(store, saved.case_id, run.version, run.object_id, answers,
                    completed_on=TODAY)


def test_the_summary_uses_the_templates_own_labels(store, tmp_path):
    from regie_tui.exchange.summary import summary_text

    _labelled_case(tmp_path, store)
    text, _id = summary_text(store, "T-LAB", Intervals())
    assert "MDO evaluation (VPR) completed on 16 November 2026:" in text
    assert "- Goals and intended results evaluated, each with a status: yes" in text
    # A choice answer keeps its option's words (it said "safety_view: —").
    assert "- View on safety recorded: safe" in text
    assert ("- The youth was spoken with directly since the last evaluation: no — "
            "niet bereikt") in text
    assert "- Next MDO date set: yes — 16 December 2026" in text
    for key in ("goals_evaluated", "safety_view", "youth_spoken", "next_mdo",
                "mdo_evaluatie_vpr"):
        assert key not in text


def test_the_summary_labels_in_dutch(store, tmp_path):
    from regie_tui.base import i18n
    from regie_tui.exchange.summary import summary_text

    _labelled_case(tmp_path, store)
    i18n.set_language("nl")
    try:
        text, _id = summary_text(store, "T-LAB", Intervals())
    finally:
        i18n.set_language("en")
    assert "- Zicht op veiligheid vastgelegd: veilig" in text
    assert "MDO-evaluatie (VPR) afgerond op" in text


def _pdf_text(data: bytes) -> str:
    """The text of a PDF Regie wrote: its content streams, inflated, strings joined."""
    assert data.startswith(b"%PDF-")
    chunks = []
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        raw = m.group(1)
        with contextlib.suppress(zlib.error):  # compressed (Regie's) or not
            raw = zlib.decompress(raw)
        chunks += [s.replace(rb"\(", b"(").replace(rb"\)", b")").replace(b"\\\\", b"\\")
                   for s in re.findall(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", raw)]
    return b" ".join(chunks).decode("latin-1")


def test_pdf_of_markdown_keeps_every_line_and_table_cell():
    from regie_tui.exchange import pdf

    md = ("# Case summary X-1\n\nGezin Şahin · made on 3 December 2026.\n\n## Facts\n\n"
          "- **Status:** active\n\n| Goal | Deadline |\n|---|---|\n| Naar school \\| elke dag "
          "| 01-02-2027 |\n\n> een notitie (lang)\n")
    text = _pdf_text(pdf.render(md, "X-1", dt.date(2026, 12, 3)))
    for part in ("Case summary X-1", "Gezin Sahin", "Facts", "Status: active",
                 "Naar school | elke dag", "01-02-2027", "een notitie (lang)", "page 1"):
        assert part in text, part


def test_export_summary_as_pdf_from_the_cli(store, tmp_path, capsys):
    from regie_tui.cli import main

    _labelled_case(tmp_path, store)
    out = tmp_path / "samenvatting.pdf"
    code = main(["--db", str(store.path), "--today", TODAY.isoformat(), "--as", "Tester",
                 "export", "summary", "T-LAB", "--out", str(out)])
    assert code == 0
    assert os.stat(out).st_mode & 0o777 == 0o600
    text = _pdf_text(out.read_bytes())
    assert "View on safety recorded: safe" in text and "Case summary T-LAB" in text
    with store.read() as conn:
        last = conn.execute("SELECT action, case_code FROM audit_log ORDER BY id DESC "
                            "LIMIT 1").fetchone()
    assert last == ("export_summary", "T-LAB")
    # --pdf writes a PDF whatever the name.
    other = tmp_path / "samenvatting.txt"
    assert main(["--db", str(store.path), "--today", TODAY.isoformat(), "--as", "Tester",
                 "export", "summary", "T-LAB", "--out", str(other), "--pdf"]) == 0
    assert other.read_bytes().startswith(b"%PDF-")


def test_export_plan_as_pdf_from_the_cli(store, tmp_path):
    from regie_tui.cli import main

    _labelled_case(tmp_path, store)
    out = tmp_path / "plan.pdf"
    assert main(["--db", str(store.path), "--today", TODAY.isoformat(), "--as", "Tester",
                 "export", "plan", "RICH-1", "--version", "1", "--out", str(out)]) == 0
    assert os.stat(out).st_mode & 0o777 == 0o600
    text = _pdf_text(out.read_bytes())
    assert "Plan of approach" in text and "RICH-1" in text and "Naar school" in text
    with store.read() as conn:
        assert conn.execute("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1"
                            ).fetchone() == ("export_plan",)


def test_the_timeline_names_a_checklist_by_its_title_not_its_key():
    from regie_tui.data import case_view as CV
    from regie_tui.widgets.case_text import describe

    entry = CV.TimelineEntry(TODAY, CV.CHECKLIST, "completed", None,
                             (("template", "mdo_evaluatie_vpr"), ("by", "Tester")), 1)
    assert describe(entry) == "Checklist completed (MDO evaluation (VPR))"
    unknown = CV.TimelineEntry(TODAY, CV.CHECKLIST, "started", None,
                               (("template", "eigen_lijst"), ("by", None)), 2)
    assert "eigen_lijst" in describe(unknown)  # a team's template that is gone: its key

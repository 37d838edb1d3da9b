"""A plan version as Markdown, for the MDO. Pure: text in, text out."""

from __future__ import annotations

import datetime as dt

from regie_tui.base.i18n import _, format_date
from regie_tui.data.plan_view import PlanHistory, VersionView
from regie_tui.views.plan_text import agreed_text, event_text, field_label, value_text


def _cell(text: str) -> str:
    # A table cell is one line; a pipe would end the cell.
    return " ".join(text.split()).replace("|", "\\|")


def _lines(items: tuple[str, ...]) -> list[str]:
    return [f"- {' '.join(t.split())}" for t in items] or ["- " + _("none recorded")]


def render(history: PlanHistory, version: VersionView, today: dt.date) -> str:
    out = [
        "# " + _("Plan of approach — {code} ({alias})").format(
            code=history.case_code, alias=history.case_alias),
        "",
        _("Version {n}, {agreed}.").format(n=version.number, agreed=agreed_text(version)),
        "",
        f"- {field_label('origin')}: {value_text('origin', version.origin)}",
        "- " + (_("Recorded on {date} by {name}") if version.created_by else
                _("Recorded on {date}")).format(date=format_date(version.created_on),
                                                  name=version.created_by),
    ]
    if version.reason:
        out.append("- " + _("Reason for the adjustment: {reason}").format(
            reason=" ".join(version.reason.split())))
    if version.decision and version.decision.answers:
        out.append("- " + _("Answers the events:"))
        out += [f"  - {event_text(e)}" for e in version.decision.answers]
    out += ["", "## " + _("Goals"), ""]
    if version.goals:
        headers = [field_label(f) for f in
                   ("description", "intended_result", "deadline", "owner", "status", "note")]
        out.append("| # | " + " | ".join(headers) + " |")
        out.append("|---" * (len(headers) + 1) + "|")
        for i, g in enumerate(version.goals, 1):
            cells = [g.description, value_text("intended_result", g.intended_result),
                     value_text("deadline", g.deadline), value_text("owner", g.owner),
                     value_text("status", g.status), value_text("note", g.note)]
            out.append(f"| {i} | " + " | ".join(_cell(c) for c in cells) + " |")
    else:
        out.append(_("No goals recorded."))
    out += ["", "## " + _("Protective factors"), "", *_lines(version.protective)]
    out += ["", "## " + _("Threatening factors"), "", *_lines(version.threatening)]
    out += ["", f"## {field_label('safety')}", "", value_text("safety", version.safety)]
    if version.safety_note:
        out += ["", " ".join(version.safety_note.split())]
    out += ["", "---", "",
            _("Exported from Regie on {date}. This file contains personal data: keep it "
              "safe and delete it when the MDO is over.").format(date=format_date(today)), ""]
    return "\n".join(out)

"""Signals as JSON, CSV or a plain-text table (the morning e-mail).

Pure: takes signals and the consultants' names, returns text; no SQL, no
clock. The JSON record shape is a stable contract, documented in
``docs/signals-json.md``; CSV uses the same fields as columns.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Mapping

from regie_tui.base.i18n import _, format_date
from regie_tui.rules.signals import (
    ATTENTION,
    DUE_SOON,
    OVERDUE,
    SEVERITY_LABELS,
    Signal,
    sort_signals,
)

# The record's keys, in order; also the CSV header.
FIELDS = (
    "code",
    "severity",
    "case_code",
    "consultant",
    "due",
    "title",
    "explanation",
    "source",
    "action",
    "acknowledged",
    "acknowledged_until",
    "acknowledgement_reason",
)

Consultants = Mapping[int, object]


def _consultant_name(consultant_id: int | None, consultants_by_id: Consultants | None) -> str | None:
    if consultant_id is None or not consultants_by_id:
        return None
    found = consultants_by_id.get(consultant_id)
    if found is None:
        return None
    return found if isinstance(found, str) else getattr(found, "name", None)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def signal_record(signal: Signal, consultants_by_id: Consultants | None = None) -> dict:
    """One signal as the stable JSON record (texts in the current language).

    ``consultants_by_id`` maps consultant ids to a ``ConsultantFacts`` (or
    anything with a ``name``) or to a name; the record names the signal's
    consultant: the case's process director, or the consultant a
    consultant signal is about.
    """
    ack = signal.acknowledgement
    return {
        "code": signal.code,
        "severity": signal.severity,
        "case_code": signal.case_code,
        "consultant": _consultant_name(signal.consultant_id, consultants_by_id),
        "due": _iso(signal.due),
        "title": signal.title(),
        "explanation": signal.explanation(),
        "source": signal.source(),
        "action": signal.action(),
        "acknowledged": ack is not None,
        "acknowledged_until": _iso(ack.until) if ack is not None else None,
        "acknowledgement_reason": ack.reason if ack is not None else None,
    }


def _selected(signals: Iterable[Signal], include_muted: bool) -> list[Signal]:
    return sort_signals([s for s in signals if include_muted or not s.muted])


def records(
    signals: Iterable[Signal],
    consultants_by_id: Consultants | None = None,
    *,
    include_muted: bool = True,
) -> list[dict]:
    """The records of ``signals``, worst first."""
    return [signal_record(s, consultants_by_id) for s in _selected(signals, include_muted)]


def render_json(
    signals: Iterable[Signal],
    consultants_by_id: Consultants | None = None,
    *,
    include_muted: bool = True,
) -> str:
    """A JSON array of records, worst first."""
    data = records(signals, consultants_by_id, include_muted=include_muted)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_csv(
    signals: Iterable[Signal],
    consultants_by_id: Consultants | None = None,
    *,
    include_muted: bool = True,
) -> str:
    """CSV with a header row of :data:`FIELDS`; booleans as ``true``/``false``."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for record in records(signals, consultants_by_id, include_muted=include_muted):
        record["acknowledged"] = "true" if record["acknowledged"] else "false"
        writer.writerow({k: "" if v is None else v for k, v in record.items()})
    return buf.getvalue()


def render_table(
    signals: Iterable[Signal],
    consultants_by_id: Consultants | None = None,
    *,
    today: dt.date | None = None,
    include_muted: bool = True,
) -> str:
    """Plain text for a morning e-mail: a summary line, then one block per signal."""
    selected = _selected(signals, include_muted)
    counts = {OVERDUE: 0, DUE_SOON: 0, ATTENTION: 0}
    for s in selected:
        counts[s.severity] = counts.get(s.severity, 0) + 1
    heading = (
        _("Signals on {date}").format(date=format_date(today)) if today else _("Signals")
    )
    lines = [
        heading,
        _("{total} in total: {overdue} overdue, {due_soon} due soon, {attention} attention").format(
            total=len(selected),
            overdue=counts[OVERDUE],
            due_soon=counts[DUE_SOON],
            attention=counts[ATTENTION],
        ),
        "",
    ]
    if not selected:
        lines.append(_("No signals."))
        return "\n".join(lines) + "\n"

    rows = []
    for s in selected:
        who = s.case_code or _consultant_name(s.consultant_id, consultants_by_id) or "—"
        rows.append((_(SEVERITY_LABELS[s.severity]), who,
                     format_date(s.due, "short") if s.due else "—", s))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    indent = " " * (sum(widths) + 6)
    for severity, who, due, s in rows:
        lines.append(
            f"{severity:<{widths[0]}}  {who:<{widths[1]}}  {due:<{widths[2]}}  {s.title()}"
        )
        lines.append(f"{indent}{s.explanation()}")
        consultant = _consultant_name(s.consultant_id, consultants_by_id)
        if consultant and s.case_code:
            lines.append(indent + _("Process director: {name}").format(name=consultant))
        lines.append(indent + _("Action: {action}").format(action=s.action()))
        if s.acknowledgement is not None:
            lines.append(indent + _("Acknowledged until {until}: {reason}").format(
                until=format_date(s.acknowledgement.until), reason=s.acknowledgement.reason))
        lines.append("")
    return "\n".join(lines)
